//! The new-release wizard, applying the service's release policy.

use leptos::prelude::*;

/// The new-release wizard, applying the service's release policy.
#[component]
pub fn NewReleasePage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"New release"</h1>
        </section>
    }
}
