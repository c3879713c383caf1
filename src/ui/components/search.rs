//! The search box of the header: Enter opens the search page (`#/search?q=…`) with what
//! was typed. The search itself runs on that page (`pages/search.rs`).

use leptos::prelude::*;

use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// One search box for the whole book.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = AppState::expect();
    let value = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.go(&Route::to(Page::Search).with_param("q", value.get_untracked().trim()));
    };
    view! {
        <form class="search-box" role="search" aria-label="Search the book" on:submit=submit>
            <label class="visually-hidden" for="search-box">"Search releases, risks, people and comments"</label>
            <input class="search-box__input" id="search-box" type="search" autocomplete="off"
                placeholder="Search" enterkeyhint="search"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </form>
    }
}
