//! Approvals waiting for the person at this browser: each release and gate whose chain of
//! approval now needs their decision, and a link to the approvals inbox.

use leptos::prelude::*;

use super::{lines, Panel};
use crate::domain::{gate_name, query, PersonId, Section};
use crate::storage::prefs;
use crate::ui::act::me;
use crate::ui::desk::Desk;
use crate::ui::published::published;
use crate::ui::route::{section_href, Page};
use crate::ui::state::AppState;

/// What waits for my decision.
#[component]
pub fn WaitingForMe() -> impl IntoView {
    // Nobody decides anything in a published book (nor is the viewer's saved person read).
    if published() {
        return ().into_any();
    }
    let desk = Desk::expect();
    let state = AppState::expect();
    let me = me();
    let waiting = Memo::new(move |_| {
        // Right after the demo book is loaded the person is saved in preferences but not
        // yet in the app's state (until a reload): read the preference then. The display
        // name is saved just after it, so following it re-reads the preference in time.
        state.display_name.track();
        let person = me.get().or_else(|| {
            let id = prefs::person()?;
            desk.engine
                .with(|e| e.book().people.get(&PersonId(id)).cloned())
        })?;
        Some(desk.engine.with(|e| {
            let book = e.book();
            query::pending_approvals(book, Some(&person))
                .into_iter()
                .map(|a| {
                    (
                        String::new(),
                        section_href(a.release.id.as_str(), Section::Approvals),
                        a.release.title(),
                        format!(
                            ": {} — approval {} of {}",
                            gate_name(book, &a.gate),
                            a.step.0 + 1,
                            a.step.1
                        ),
                    )
                })
                .collect::<Vec<_>>()
        }))
    });
    view! {
        <Panel id="dashboard-approvals" title="Approvals waiting for you">
            {move || waiting.get().map(|rows| lines(Some("Waiting for your decision"), "Nothing waits for your decision.", rows))}
            <p>
                {move || waiting.with(Option::is_none).then_some("Choose who you are in Settings to see what waits for your decision. ")}
                <a href=Page::Approvals.href()>"Open the approvals inbox"</a>
            </p>
        </Panel>
    }
    .into_any()
}
