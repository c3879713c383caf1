//! The app shell: the product name, who is acting, the navigation frame and the current
//! page. The saved colour theme is applied here, once, at start-up.

use leptos::prelude::*;

use crate::storage::prefs;
use crate::ui::components::identity::{apply_theme, ActingAs};
use crate::ui::components::nav::Nav;
use crate::ui::components::storage_banner::StorageBanner;
use crate::ui::components::update_notice::UpdateNotice;
use crate::ui::desk::Desk;
use crate::ui::pages;
use crate::ui::published::{self, PublishedBanner};
use crate::ui::route::Page;
use crate::ui::state::AppState;

/// The root of Release Desk: header, navigation and the page the address names.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::provide();
    // `?book=<url>`: a published book, read-only, instead of this browser's own.
    let published = match published::book_address() {
        Some(address) => {
            published::provide(address);
            true
        }
        None => {
            Desk::provide();
            false
        }
    };
    let refused = published::refused();
    apply_theme(prefs::theme());
    // The page is rebuilt only when the page or its first segment changes, not the query.
    let view_key = Memo::new(move |_| {
        state
            .route
            .with(|r| (r.page, r.segment(0).map(str::to_owned)))
    });
    view! {
        <div class="shell">
            <header class="shell__header">
                <a class="shell__brand" href=Page::Dashboard.href()>
                    <span class="shell__logo" aria-hidden="true">"RD"</span>
                    <span class="shell__product">"Release Desk"</span>
                </a>
                <crate::ui::components::search::SearchBox />
                {(!published).then(|| view! { <ActingAs /> })}
                {(!published).then(|| view! { <crate::ui::components::sync_indicator::SyncIndicator /> })}
                {(!published).then(|| view! { <crate::ui::components::waiting::WaitingBadge /> })}
            </header>
            <Nav current=state.page />
            {(!published).then(|| view! { <StorageBanner /> })}
            <main class="shell__main" id="main" tabindex="-1">
                {published.then(|| view! { <PublishedBanner /> })}
                {move || {
                    let (page, segment) = view_key.get();
                    (!refused.get()).then(|| pages::view_for(page, segment.as_deref()))
                }}
            </main>
            {(!published).then(|| view! { <UpdateNotice /> })}
        </div>
    }
}
