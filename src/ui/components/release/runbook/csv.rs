//! The runbook's files: import it from CSV (a file or pasted text; every bad row is listed
//! with its line and the domain's message), export it as a CSV download, or start from the
//! template of the release's category. Runbooks live in spreadsheets; these are the bridge.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::super::common::on;
use super::super::gated::Gated;
use super::super::opener::opener;
use super::ReleaseCtx;
use crate::domain::{
    export_csv, import_csv, runbook_template, ReleaseChange, RowError, CSV_HEADER,
};
use crate::storage::transfer::{download, read_file};
use crate::ui::act::Act;
use crate::ui::kit::{dy, FieldSpec, FormOptions, RecordForm};

/// Download the runbook as it is now (exported only when asked: a runbook of thousands of
/// tasks is not exported on every change).
fn download_csv(ctx: ReleaseCtx, act: Act) {
    let file = ctx.with(|r| {
        (
            [r.details.name.as_str(), " runbook.csv"].concat(),
            export_csv(&r.runbook),
        )
    });
    if let Some((name, csv)) = file {
        if download(&name, "text/csv", &csv).is_err() {
            act.refuse("csv", "The browser refused the download.");
        }
    }
}

/// Export, the template, and the import behind its button.
#[component]
pub fn RunbookFiles() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    view! {
            {dy(move || {
                let Some((blank, category)) = ctx.with(|r| (r.runbook.is_blank(), r.category)) else {
                    return ().into_any();
                };
                let template = runbook_template(category);
                let label = format!("Start from the {} template", category.label());
                view! {
                    {(!blank).then(|| view! { <button class="button button--secondary" type="button" on:click=move |_| download_csv(ctx, act)>"Download the runbook as CSV"</button> })}
                    {(blank && !template.tasks.is_empty()).then(|| {
                        let change = ReleaseChange::SetRunbook(template.clone());
                        let run = move |()| act.run(on(ctx, ReleaseChange::SetRunbook(template.clone())), |_| {});
                        view! { <div class="runbook__control"><Gated act change label key="runbook-template".to_owned() on_click=Callback::new(run) /></div> }
                    })}
                }.into_any()
            })}
            {opener(Signal::from(true), "Import from CSV", || view! { <ImportForm /> }.into_any())}
    }
}

/// Import the runbook from a CSV file or pasted text.
#[component]
fn ImportForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let text = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<RowError>::new());
    let on_file = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(async move {
                match read_file(&file).await {
                    Ok(read) => text.set(read),
                    Err(e) => act.refuse("csv", e.to_string()),
                }
            });
        }
    };
    let on_submit = Callback::new(move |()| match import_csv(&text.get_untracked()) {
        Err(bad) => {
            let n = bad.len();
            rows.set(bad);
            act.refuse(
                "csv",
                crate::domain::plural::count_of(n, "row is wrong", "rows are wrong")
                    + "; nothing was imported.",
            );
        }
        Ok(runbook) => {
            rows.set(Vec::new());
            act.run_saying(
                on(ctx, ReleaseChange::SetRunbook(runbook)),
                "Runbook imported.",
                |_| {},
            );
        }
    });
    let fields = vec![
        FieldSpec::area("csv", "CSV text", text).help_signal(Signal::derive(|| {
            [
                "One task a row under the header: ",
                &CSV_HEADER.join(","),
                ". “after” lists ids separated by “;”.",
            ]
            .concat()
        })),
    ];
    let extra = view! {
        <div class="field">
            <label class="field__label" for="runbook-csv-file">"Or read a CSV file"</label>
            <input class="field__input" id="runbook-csv-file" type="file" accept=".csv,text/csv" on:change=on_file />
        </div>
        {dy(move || {
            let bad = rows.get();
            (!bad.is_empty()).then(|| view! {
                <ul class="runbook__rows" aria-label="Rows of the CSV that are wrong">
                    {bad.into_iter().map(|r| view! { <li>{format!("Line {}: {}", r.line, r.message)}</li> }).collect_view()}
                </ul>
            }).into_any()
        })}
    }
    .into_any();
    let options = FormOptions::new(
        act,
        "runbook-csv",
        "Import the runbook from CSV",
        "Import the runbook",
    )
    .class("release__form")
    .release(ctx.id())
    .note(Signal::derive(|| {
        "The import replaces the whole runbook.".to_owned()
    }));
    view! { <RecordForm options fields on_submit extra /> }
}
