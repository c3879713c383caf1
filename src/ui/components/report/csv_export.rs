//! The release list as a CSV file for spreadsheets, every release in the book.

use leptos::prelude::*;

use crate::ui::kit::dy;

use crate::domain::report::releases_csv;
use crate::domain::Release;
use crate::storage::transfer::download;
use crate::ui::desk::Desk;

/// "Download all releases as CSV" and what happened.
#[component]
pub fn CsvExport() -> impl IntoView {
    let desk = Desk::expect();
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        let (count, csv) = desk.engine.with_untracked(|e| {
            // In the book's order (by id); a spreadsheet sorts as its reader likes.
            let all: Vec<&Release> = e.book().releases.values().collect();
            (all.len(), releases_csv(e.book(), &all))
        });
        let today = crate::domain::schedule::date(chrono::Utc::now());
        // The byte order mark tells spreadsheets the file is UTF-8 (names with accents).
        let text = format!("\u{feff}{csv}");
        message.set(Some(
            match download(&format!("releases-{today}.csv"), "text/csv", &text) {
                Ok(()) => (
                    true,
                    format!(
                        "Downloaded {} as CSV.",
                        crate::domain::plural::count(count, "release")
                    ),
                ),
                Err(_) => (false, "The browser refused the download.".into()),
            },
        ));
    };
    view! {
        <section class="panel report-csv" aria-labelledby="report-csv-title">
            <h2 class="panel__title" id="report-csv-title">"Release list for spreadsheets"</h2>
            <p class="panel__help">
                "One row a release: service, version, category, status, owner, change requests, "
                "configuration items, first deployment window, open risks and known errors."
            </p>
            <button class="button" type="button" on:click=export>"Download all releases as CSV"</button>
            <p class="report__message" class:act__error=move || matches!(message.get(), Some((false, _))) role="status">
                {dy(move || (message.get().map(|(_, text)| text)).into_any())}
            </p>
        </section>
    }
}
