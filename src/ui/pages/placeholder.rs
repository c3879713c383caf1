//! A placeholder for pages that are not built yet, so the navigation frame is complete.

use leptos::prelude::*;

use crate::ui::route::Page;

/// A page that says what will be here.
#[component]
pub fn PlaceholderPage(
    /// The page this placeholder stands for.
    page: Page,
) -> impl IntoView {
    view! {
        <section class="page placeholder">
            <h1 class="page__title">{page.title()}</h1>
            <p class="placeholder__text">{purpose(page)}</p>
        </section>
    }
}

fn purpose(page: Page) -> &'static str {
    match page {
        Page::Dashboard => "What needs attention today.",
        Page::Releases => "Every release and where it stands in its lifecycle will be listed here.",
        Page::Approvals => "Change authorizations waiting for a decision will be listed here.",
        Page::Calendar => {
            "Deployment windows, deployment waves and freeze periods will be shown here."
        }
        Page::Catalogue => "Configuration items and release packages will be kept here.",
        Page::Reports => "Post-implementation reviews and release metrics will be shown here.",
        Page::Settings => "Preferences of the person at this browser.",
    }
}
