//! The catalogue: services, environments, configuration items, release policies.

use leptos::prelude::*;

/// The catalogue: services, environments, configuration items, release policies.
#[component]
pub fn CataloguePage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"Catalogue"</h1>
        </section>
    }
}
