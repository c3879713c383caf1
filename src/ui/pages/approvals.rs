//! The approvals inbox: everything waiting for my decision.

use leptos::prelude::*;

/// The approvals inbox: everything waiting for my decision.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"Approvals"</h1>
        </section>
    }
}
