//! Reports (`#/reports`): release notes, the post-implementation review and the dossier of
//! one release (`#/reports/<notes|pir|dossier>/<release id>`), shown as a document to print
//! or download, and the whole release list as CSV.

use leptos::prelude::*;

use crate::ui::kit::dy;

use crate::domain::report::{self, Kind, Report};
use crate::domain::ReleaseId;
use crate::ui::components::report::csv_export::CsvExport;
use crate::ui::components::report::document::ReportDocument;
use crate::ui::components::report::picker::ReportPicker;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::When;
use crate::ui::route::release_href;
use crate::ui::state::AppState;

/// The reports page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    // The page is rebuilt only when the kind changes, so the release is read reactively.
    let chosen = Memo::new(move |_| {
        state.route.with(|r| {
            let kind = r.segment(0).and_then(Kind::from_slug)?;
            Some((kind, ReleaseId(r.segment(1)?.to_owned())))
        })
    });
    let shown = Memo::new(move |_| {
        let (kind, id) = chosen.get()?;
        desk.engine.with(|e| {
            let release = e.book().releases.get(&id)?;
            Some(report::report(kind, e.book(), e.log(), release))
        })
    });
    let report = Signal::derive(move || shown.get());
    let title = move || {
        shown.with(|r| {
            r.as_ref()
                .map_or_else(|| "Reports".to_owned(), |r: &Report| r.title.clone())
        })
    };
    let missing = move || {
        let (_, id) = chosen.get()?;
        (desk.status.get() == DeskStatus::Ready && shown.with(Option::is_none)).then_some(id)
    };
    view! {
        <section class="page reports">
            <h1 class="page__title">{title}</h1>
            <When cond=move || shown.with(Option::is_some)>
                <p class="report__back">
                    <a href=move || chosen.get().map(|(_, id)| release_href(id.as_str()))>"Open the release's page"</a>
                </p>
            </When>
            <ReportPicker />
            {dy(move || (missing().map(|id| view! {
                <p class="act__error" role="alert">{format!("There is no release {} in this book.", id.as_str())}</p>
            })).into_any())}
            <When cond=move || shown.with(Option::is_some)>
                <ReportDocument report />
            </When>
            <CsvExport />
        </section>
    }
}
