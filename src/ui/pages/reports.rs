//! Reports: release notes, PIR report, release list as CSV.

use leptos::prelude::*;

/// Reports: release notes, PIR report, release list as CSV.
#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"Reports"</h1>
        </section>
    }
}
