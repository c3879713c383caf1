//! In-browser tests of the update notice (wasm-bindgen-test in headless Chromium): it says
//! nothing on a first visit or a repeat start of the same version, tells the person once
//! when the version stamped into the page differs from the one that last started, can be
//! dismissed, and ignores an unstamped (`dev`) page. Run by `make test`, or alone with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_update_notice`.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use leptos::mount::mount_to;
use leptos::task::tick;
use release_desk::ui::components::update_notice::{UpdateNotice, VERSION_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Stamps the page as the build does: `<meta name="release-desk-version" content=…>`.
fn stamp(version: &str) {
    let meta = match document()
        .query_selector(r#"meta[name="release-desk-version"]"#)
        .expect("a valid selector")
    {
        Some(meta) => meta,
        None => {
            let meta = document().create_element("meta").expect("a meta");
            meta.set_attribute("name", "release-desk-version")
                .expect("named");
            document()
                .head()
                .expect("a head")
                .append_child(&meta)
                .expect("appended");
            meta
        }
    };
    meta.set_attribute("content", version).expect("stamped");
}

/// Mounts a notice in a fresh element, as one start of the app; returns the element and
/// the handle that keeps the notice alive.
fn start() -> (HtmlElement, impl Drop) {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    let handle = mount_to(root.clone(), UpdateNotice);
    (root, handle)
}

fn card_text(root: &HtmlElement) -> Option<String> {
    root.query_selector(".update-notice__text")
        .expect("a valid selector")
        .and_then(|text| text.text_content())
}

fn recorded() -> Option<String> {
    LocalStorage::get::<String>(VERSION_KEY).ok()
}

/// One scenario rather than several tests: tests of one file share the page (its meta tag and
/// localStorage) and may interleave at each `tick().await`.
#[wasm_bindgen_test]
async fn a_new_version_is_announced_once_and_can_be_dismissed() {
    LocalStorage::delete(VERSION_KEY);

    stamp("1111aaaa1111aaaa");
    let (first, _first) = start();
    tick().await;
    assert_eq!(card_text(&first), None, "nothing to say on a first visit");
    assert_eq!(recorded().as_deref(), Some("1111aaaa1111aaaa"));

    let (again, _again) = start();
    tick().await;
    assert_eq!(
        card_text(&again),
        None,
        "nothing to say when the version is the same"
    );

    stamp("2222bbbb2222bbbb");
    let (updated, _updated) = start();
    tick().await;
    assert_eq!(
        card_text(&updated).as_deref(),
        Some("Release Desk was updated to the new version.")
    );
    assert_eq!(recorded().as_deref(), Some("2222bbbb2222bbbb"));
    let dismiss: HtmlElement = updated
        .query_selector(".update-notice__dismiss")
        .expect("a valid selector")
        .expect("a Dismiss button")
        .unchecked_into();
    dismiss.click();
    tick().await;
    assert_eq!(card_text(&updated), None, "dismissed");

    let (next, _next) = start();
    tick().await;
    assert_eq!(card_text(&next), None, "told once only");

    // A page the build did not stamp (`dev`) says nothing and records nothing.
    stamp("dev");
    let (unstamped, _unstamped) = start();
    tick().await;
    assert_eq!(card_text(&unstamped), None);
    assert_eq!(recorded().as_deref(), Some("2222bbbb2222bbbb"));
}
