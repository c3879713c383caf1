//! Export the whole book as a file, and import one: checked in full first, then merged.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::storage::transfer::{download, read_file};
use crate::ui::desk::Desk;

/// Export and import buttons with what happened.
#[component]
pub fn TransferPanel() -> impl IntoView {
    let desk = Desk::expect();
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let export = move |_| {
        let today = crate::domain::schedule::date(chrono::Utc::now());
        let Some(text) = desk.export() else {
            return message.set(Some((
                false,
                "The book is still being read; export again in a moment.".into(),
            )));
        };
        match download(
            &format!("release-book-{today}.json"),
            "application/json",
            &text,
        ) {
            Ok(()) => message.set(Some((true, "The book was exported as a file.".into()))),
            Err(_) => message.set(Some((false, "The browser refused the download.".into()))),
        }
    };
    let chosen = RwSignal::new(String::new());
    // A memo: a change that leaves the list as it was (most changes) rebuilds no options.
    let releases = Memo::new(move |_| {
        desk.engine.with(|e| {
            let mut list: Vec<(String, String)> = e
                .book()
                .releases
                .values()
                .map(|r| (r.id.0.clone(), r.title()))
                .collect();
            list.sort_by(|a, b| a.1.cmp(&b.1));
            list
        })
    });
    let export_release = move |_| {
        let id = crate::domain::ReleaseId(chosen.get_untracked());
        let Some((title, text)) = desk.export_release(&id) else {
            return message.set(Some((false, "Choose a release to export.".into())));
        };
        let file: String = title
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        match download(&format!("release-{file}.json"), "application/json", &text) {
            Ok(()) => message.set(Some((
                true,
                format!("{title} was exported as a file, with the book up to its latest change."),
            ))),
            Err(_) => message.set(Some((false, "The browser refused the download.".into()))),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        busy.set(true);
        message.set(Some((true, format!("Importing {}…", file.name()))));
        spawn_local(async move {
            let result = match read_file(&file).await {
                Ok(text) => desk.import(text).await,
                Err(error) => Err(error),
            };
            message.set(Some(match result {
                Ok(summary) if summary.events == 0 => (
                    true,
                    "Imported: nothing new, the book already had every event.".into(),
                ),
                Ok(summary) => (
                    true,
                    format!(
                        "Imported {} new event(s), {} new release(s); {} conflict(s) to resolve.",
                        summary.events, summary.releases, summary.conflicts
                    ),
                ),
                Err(error) => (false, error.to_string()),
            }));
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="transfer-title">
            <h2 class="panel__title" id="transfer-title">"Export and import"</h2>
            <p class="panel__help">
                "An export is the whole book with its audit trail. An import is checked in full and merged into this book: nothing already here is overwritten."
            </p>
            <button class="button" type="button" on:click=export>"Export the book"</button>
            <label class="field__label" for="export-release">"Release to export on its own"</label>
            <select class="field__input" id="export-release" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">"Choose a release"</option>
                {move || releases.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
            </select>
            <button class="button button--secondary" type="button" on:click=export_release>"Export this release"</button>
            <label class="field__label" for="import-file">"Import a book file"</label>
            <input class="field__input" id="import-file" type="file" accept="application/json,.json" on:change=on_file prop:disabled=move || busy.get() />
            <p class="transfer__message" role="status" class:panel__log--error=move || matches!(message.get(), Some((false, _)))>
                {move || message.get().map(|(_, text)| text)}
            </p>
        </section>
    }
}
