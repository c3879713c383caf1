//! The navigation frame: one link per page, the current one marked for sight and for
//! screen readers (`aria-current="page"`). On a phone the links fold behind a "Menu"
//! button (`aria-expanded`, `aria-controls`); choosing a page or pressing Escape folds
//! them again. On a wider screen the button is hidden by CSS and the links always show.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::published::published;
use crate::ui::route::Page;

/// The navigation bar listing every [`Page`].
#[component]
pub fn Nav(
    /// The page being shown, to mark its link.
    #[prop(into)]
    current: Signal<Page>,
) -> impl IntoView {
    // A published book's readers decide nothing and set nothing: no Approvals, no Settings.
    let reader = published();
    let open = RwSignal::new(false);
    let links = Page::ALL
        .into_iter()
        .filter(|page| {
            !(reader && matches!(page, Page::Approvals | Page::MyTasks | Page::Settings))
        })
        .map(|page| {
            let is_current = move || current.get() == page;
            view! {
                <li class="nav__item">
                    <a
                        class="nav__link"
                        class:nav__link--current=is_current
                        href=page.href()
                        aria-current=move || is_current().then_some("page")
                    >
                        {page.title()}
                    </a>
                </li>
            }
        })
        .collect_view();
    // Escape folds the menu and gives the focus back to its button.
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            let button = document().get_element_by_id("nav-toggle");
            if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = button.focus();
            }
        }
    };
    view! {
        <nav class="nav" aria-label="Main" on:keydown=on_key>
            <button class="nav__toggle" type="button" id="nav-toggle"
                aria-expanded=move || open.get().to_string() aria-controls="nav-links"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span class="nav__burger" aria-hidden="true"></span>
                "Menu"
            </button>
            // A click on a link (a page chosen) folds the menu.
            <ul class="nav__list" id="nav-links" class:nav__list--open=open
                on:click=move |_| open.set(false)>
                {links}
            </ul>
        </nav>
    }
}
