//! The release list: search, filter, sort; the filter lives in the address.

use leptos::prelude::*;

/// The release list: search, filter, sort; the filter lives in the address.
#[component]
pub fn ReleaseListPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"Releases"</h1>
        </section>
    }
}
