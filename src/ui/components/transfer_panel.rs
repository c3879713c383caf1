//! Export the whole book as a file, and import one: checked in full first, then merged.

use crate::domain::order;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::storage::transfer::{download, read_file, ImportError};
use crate::ui::components::other_book::OtherBook;
use crate::ui::desk::Desk;

/// Titles suggested for the release to export, at most.
const MATCHES: usize = 20;

/// Export and import buttons with what happened.
#[component]
pub fn TransferPanel() -> impl IntoView {
    let desk = Desk::expect();
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    // A file refused because it is another book, to look at read-only.
    let other = RwSignal::new(None::<(crate::domain::Log, String)>);
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
    // The release is typed, not picked from a list of every release: a book of 10,000
    // releases would put 10,000 options on this page and rebuild them at every change.
    let typed = RwSignal::new(String::new());
    let matches = Memo::new(move |_| {
        let query = typed.with(|t| t.trim().to_lowercase());
        if query.chars().count() < 2 {
            return Vec::new();
        }
        desk.engine.with(|e| {
            let mut found: Vec<String> = e
                .book()
                .releases
                .values()
                .map(|r| r.title())
                .filter(|title| title.to_lowercase().contains(&query))
                .take(MATCHES)
                .collect();
            order::sort(&mut found);
            found
        })
    });
    let export_release = move |_| {
        let wanted = typed.with_untracked(|t| t.trim().to_lowercase());
        let id = desk.engine.with_untracked(|e| {
            e.book()
                .releases
                .values()
                .find(|r| r.title().to_lowercase() == wanted || r.id.0.to_lowercase() == wanted)
                .map(|r| r.id.clone())
        });
        let exported = id.and_then(|id| desk.export_release(&id));
        let Some((title, text)) = exported else {
            let why = if wanted.is_empty() {
                "Type the title of the release to export.".to_owned()
            } else {
                format!("No release is titled \"{}\". Type part of its title and choose it from the suggestions.", typed.get_untracked().trim())
            };
            return message.set(Some((false, why)));
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
        other.set(None);
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
                        "Imported {}, {}; {} to resolve.",
                        crate::domain::plural::count(summary.events, "new event"),
                        crate::domain::plural::count(summary.releases, "new release"),
                        crate::domain::plural::count(summary.conflicts, "conflict")
                    ),
                ),
                Err(error) => {
                    if let ImportError::OtherBook { file, log, .. } = &error {
                        other.set(Some((
                            (**log).clone(),
                            format!("The file: the book {file}."),
                        )));
                    }
                    (false, error.to_string())
                }
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
            <input class="field__input" id="export-release" type="search" list="export-release-titles" autocomplete="off" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
            <datalist id="export-release-titles">
                {move || matches.get().into_iter().map(|title| view! { <option value=title></option> }).collect_view()}
            </datalist>
            <button class="button button--secondary" type="button" on:click=export_release>"Export this release"</button>
            <label class="field__label" for="import-file">"Import a book file"</label>
            <input class="field__input" id="import-file" type="file" accept="application/json,.json" on:change=on_file prop:disabled=move || busy.get() />
            <p class="transfer__message" role="status" class:panel__log--error=move || matches!(message.get(), Some((false, _)))>
                {move || message.get().map(|(_, text)| text)}
            </p>
            <OtherBook file=other />
        </section>
    }
}
