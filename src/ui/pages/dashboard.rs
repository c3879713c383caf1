//! The home page. For now a placeholder that greets the person and says what is coming.

use leptos::prelude::*;

use crate::ui::route::Page;
use crate::ui::state::AppState;

/// The dashboard: the first page a release manager sees.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = AppState::expect();
    let greeting = move || match state.display_name.get() {
        Some(name) => format!("Welcome, {name}."),
        None => "Welcome.".to_owned(),
    };
    view! {
        <section class="page dashboard">
            <h1 class="page__title">"Dashboard"</h1>
            <p class="dashboard__greeting">{greeting}</p>
            <p>
                "Release Desk keeps your releases, their change authorizations and their "
                "deployment waves in this browser. Releases that need attention will be listed here."
            </p>
            <Show when=move || state.display_name.get().is_none()>
                <p class="dashboard__hint">
                    "Start by "
                    <a href=Page::Settings.href()>"setting your name"</a>
                    ": it is recorded as the actor of every change you make."
                </p>
            </Show>
        </section>
    }
}
