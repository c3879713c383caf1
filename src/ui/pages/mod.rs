//! The pages behind the navigation frame, one a file, and the switch between them.

pub mod dashboard;
pub mod placeholder;
pub mod settings;

use leptos::prelude::*;

use crate::ui::route::Page;

/// The view of `page`.
pub fn view_for(page: Page) -> AnyView {
    match page {
        Page::Dashboard => view! { <dashboard::DashboardPage /> }.into_any(),
        Page::Settings => view! { <settings::SettingsPage /> }.into_any(),
        other => view! { <placeholder::PlaceholderPage page=other /> }.into_any(),
    }
}
