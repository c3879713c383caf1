//! Storage health: whether the browser keeps the book for good, how much room it uses, a
//! reminder to export where it may not, and a check of the stored book against itself.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::health::bytes;
use crate::ui::desk::Desk;
use crate::ui::kit::When;

/// Persistence, usage and quota, and the stored-book check.
#[component]
pub fn StoragePanel() -> impl IntoView {
    let desk = Desk::expect();
    let check = RwSignal::new(None::<String>);
    let persisted = move || match desk.health.get().persisted {
        Some(true) => "Yes: the browser will keep this book even when space runs low.",
        Some(false) => "No: the browser may clear this book when space runs low.",
        None => "Unknown: this browser does not say.",
    };
    let usage = move || {
        let health = desk.health.get();
        match (health.usage, health.quota, health.percent_used()) {
            (Some(used), Some(quota), Some(percent)) => {
                // Tenths by integer arithmetic: float formatting costs the bundle 10 KB.
                let tenths = (percent * 10.0).round() as u64;
                format!(
                    "{} of {} ({}.{}%)",
                    bytes(used),
                    bytes(quota),
                    tenths / 10,
                    tenths % 10
                )
            }
            _ => "Unknown".to_owned(),
        }
    };
    let events = move || desk.engine.with(|e| e.book().applied);
    let run_check = move |_| {
        check.set(Some("Checking…".into()));
        spawn_local(async move {
            let text = match desk.check_store().await {
                Ok(found) => {
                    let chain = match &found.chain {
                        Ok(()) => "the audit chain verifies".to_owned(),
                        Err(link) => format!("the audit chain is broken at {link}"),
                    };
                    let snapshot = match (found.snapshot_used, found.snapshot_matches) {
                        (true, true) => "the snapshot matches the log",
                        (true, false) => "the snapshot does NOT match the log",
                        (false, _) => "no snapshot yet (start-up folds the log)",
                    };
                    let screen = if found.same_as_screen {
                        ""
                    } else {
                        "; this tab is behind the store: reload"
                    };
                    format!(
                        "{} events stored; {snapshot}; {chain}{screen}.",
                        found.events
                    )
                }
                Err(error) => error.to_string(),
            };
            check.set(Some(text));
        });
    };
    view! {
        <section class="panel" aria-labelledby="storage-title">
            <h2 class="panel__title" id="storage-title">"Storage in this browser"</h2>
            <dl class="facts">
                <dt>"Kept for good"</dt><dd class="storage__persisted">{persisted}</dd>
                <dt>"Space used"</dt><dd>{usage}</dd>
                <dt>"Events in the book"</dt><dd class="storage__events">{events}</dd>
            </dl>
            <When cond=move || desk.health.get().should_remind_to_export()>
                <p class="panel__warning" role="note">
                    "This browser has not promised to keep the book. Export it now and then, so a cleared browser loses nothing."
                </p>
            </When>
            <button class="button button--secondary" type="button" on:click=run_check>"Check the stored book"</button>
            <p class="storage__check" role="status">{move || check.get()}</p>
        </section>
    }
}
