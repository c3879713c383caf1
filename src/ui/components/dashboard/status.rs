//! Releases by status: how many releases stand in each, each count a link to the release
//! list filtered by that status (`#/releases?phase=build_and_test`).

use leptos::prelude::*;

use super::{capital, count, Panel};
use crate::domain::overview;
use crate::ui::desk::Desk;
use crate::ui::route::{Page, Route};

/// The count of releases in every status, in lifecycle order.
#[component]
pub fn StatusCounts() -> impl IntoView {
    let desk = Desk::expect();
    let counts = move || desk.engine.with(|e| overview::status_counts(e.book()));
    view! {
        <Panel id="dashboard-status" title="Releases by status">
            <dl class="facts dashboard__counts">
                {move || counts().into_iter().map(|(status, n)| {
                    let label = capital(status.label());
                    let href = Route::to(Page::Releases)
                        .with_param("phase", overview::status_slug(status))
                        .href();
                    let name = format!("{label}: {}", count(n, "release"));
                    view! {
                        <dt>{label}</dt>
                        <dd><a href=href aria-label=name>{n}</a></dd>
                    }
                }).collect_view()}
            </dl>
        </Panel>
    }
}
