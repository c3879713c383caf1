//! The calendar of deployment windows and freeze periods.

use leptos::prelude::*;

/// The calendar of deployment windows and freeze periods.
#[component]
pub fn CalendarPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1 class="page__title">"Calendar"</h1>
        </section>
    }
}
