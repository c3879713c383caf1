//! In-browser tests of the app shell (wasm-bindgen-test in headless Chromium): the shell
//! shows the product name and the navigation frame, follows the address, and the settings
//! page saves the person's name to localStorage. Run by `make test`, or alone with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_shell`.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::task::tick;
use release_desk::storage::prefs;
use release_desk::ui::route::Page;
use release_desk::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// A fresh element to mount one app into, so tests do not see each other's DOM.
fn fresh_root() -> HtmlElement {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root.unchecked_into()
}

/// Sets the address fragment and tells listeners at once, as the browser would a moment later.
fn go_to(hash: &str) {
    let window = web_sys::window().expect("a window");
    window.location().set_hash(hash).expect("hash set");
    let event = Event::new("hashchange").expect("an event");
    window.dispatch_event(&event).expect("dispatched");
}

fn texts(root: &HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).expect("a valid selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|node| node.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn shell_shows_product_name_navigation_and_dashboard() {
    go_to("");
    let root = fresh_root();
    let _app = mount_to(root.clone(), App);
    tick().await;

    assert_eq!(texts(&root, ".shell__product"), ["Release Desk"]);
    assert_eq!(
        texts(&root, ".nav__link"),
        [
            "Dashboard",
            "Releases",
            "Approvals",
            "My tasks",
            "Calendar",
            "Catalogue",
            "Reports",
            "Settings"
        ]
    );
    assert_eq!(texts(&root, "[aria-current=page]"), ["Dashboard"]);
    assert_eq!(texts(&root, "main h1"), ["Dashboard"]);
}

#[wasm_bindgen_test]
async fn shell_follows_the_address() {
    go_to("");
    let root = fresh_root();
    let _app = mount_to(root.clone(), App);
    tick().await;

    go_to("#/approvals");
    tick().await;
    assert_eq!(texts(&root, "main h1"), ["Approvals"]);
    assert_eq!(texts(&root, "[aria-current=page]"), ["Approvals"]);

    go_to("#/no-such-page");
    tick().await;
    assert_eq!(texts(&root, "main h1"), ["Dashboard"]);
    go_to("");
}

#[wasm_bindgen_test]
async fn settings_saves_the_display_name() {
    prefs::set_display_name("").expect("forgotten");
    go_to(&Page::Settings.href());
    let root = fresh_root();
    let _app = mount_to(root.clone(), App);
    tick().await;
    assert_eq!(texts(&root, ".shell__person"), ["Name not set"]);

    let input: HtmlInputElement = find(&root, "#your-name");
    input.set_value("  Ada Lovelace ");
    input
        .dispatch_event(&Event::new("input").expect("an event"))
        .expect("dispatched");
    find::<HtmlElement>(&root, ".settings__form button[type=submit]").click();
    tick().await;

    assert_eq!(prefs::display_name().as_deref(), Some("Ada Lovelace"));
    assert_eq!(input.value(), "Ada Lovelace");
    assert_eq!(texts(&root, ".settings__status"), ["Saved."]);
    assert_eq!(texts(&root, ".shell__person"), ["Ada Lovelace"]);

    prefs::set_display_name("").expect("forgotten");
    go_to("");
}

#[wasm_bindgen_test]
fn addresses_name_pages() {
    assert_eq!(Page::from_hash("#/releases"), Page::Releases);
    assert_eq!(Page::from_hash("/calendar?week=48"), Page::Calendar);
    assert_eq!(Page::from_hash(""), Page::Dashboard);
    assert_eq!(Page::from_hash("#/unknown"), Page::Dashboard);
    for page in Page::ALL {
        assert_eq!(Page::from_hash(&page.href()), page);
    }
}

#[wasm_bindgen_test]
fn display_names_are_trimmed_and_bounded() {
    assert_eq!(prefs::normalise_display_name("   "), None);
    assert_eq!(
        prefs::normalise_display_name(" Grace Hopper ").as_deref(),
        Some("Grace Hopper")
    );
    let long = "x".repeat(prefs::DISPLAY_NAME_MAX_CHARS + 20);
    assert_eq!(
        prefs::normalise_display_name(&long).map(|name| name.chars().count()),
        Some(prefs::DISPLAY_NAME_MAX_CHARS)
    );
}
