//! The pages behind the navigation frame, one a file, and the switch between them.

pub mod approvals;
pub mod calendar;
pub mod catalogue;
pub mod dashboard;
pub mod my_tasks;
pub mod new_release;
pub mod release;
pub mod release_list;
pub mod reports;
pub mod search;
pub mod settings;

use leptos::prelude::*;

use crate::ui::route::Page;

/// The view of a page and the first segment after it. Pages read the rest of the address
/// (the query: filters, `as_of`, `section`) from [`AppState::route`](crate::ui::AppState)
/// themselves, so typing in a filter does not rebuild the page.
pub fn view_for(page: Page, segment: Option<&str>) -> AnyView {
    match (page, segment) {
        (Page::Dashboard, _) => view! { <dashboard::DashboardPage /> }.into_any(),
        (Page::Releases, None) => view! { <release_list::ReleaseListPage /> }.into_any(),
        (Page::Releases, Some("new")) => view! { <new_release::NewReleasePage /> }.into_any(),
        (Page::Releases, Some(id)) => {
            let id = id.to_owned();
            view! { <release::ReleasePage id=id /> }.into_any()
        }
        (Page::Approvals, _) => view! { <approvals::ApprovalsPage /> }.into_any(),
        (Page::MyTasks, _) => view! { <my_tasks::MyTasksPage /> }.into_any(),
        (Page::Calendar, _) => view! { <calendar::CalendarPage /> }.into_any(),
        (Page::Catalogue, _) => view! { <catalogue::CataloguePage /> }.into_any(),
        (Page::Reports, _) => view! { <reports::ReportsPage /> }.into_any(),
        (Page::Settings, _) => view! { <settings::SettingsPage /> }.into_any(),
        (Page::Search, _) => view! { <search::SearchPage /> }.into_any(),
    }
}
