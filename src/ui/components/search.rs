//! The search box of the header: Enter opens the search page (`#/search?q=…`) with what
//! was typed. The search itself runs on that page (`pages/search.rs`).

use leptos::prelude::*;

use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// One search box for the whole book.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = AppState::expect();
    // The box is read when Enter is pressed, not followed key by key.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = document()
            .get_element_by_id("search-box")
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el).ok())
            .map(|input| input.value())
            .unwrap_or_default();
        state.go(&Route::to(Page::Search).with_param("q", typed.trim()));
    };
    view! {
        <form class="search-box" role="search" aria-label="Search the book" on:submit=submit>
            <label class="visually-hidden" for="search-box">"Search releases, risks, people and comments"</label>
            <input class="search-box__input" id="search-box" type="search" autocomplete="off"
                placeholder="Search" enterkeyhint="search" />
        </form>
    }
}
