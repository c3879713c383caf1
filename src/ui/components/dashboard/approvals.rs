//! Approvals waiting for the person at this browser: each release and gate whose chain of
//! approval now needs their decision, and a link to the approvals inbox.

use leptos::prelude::*;

use crate::domain::{gate_name, query, PersonId, Section};
use crate::storage::prefs;
use crate::ui::act::me;
use crate::ui::desk::Desk;
use crate::ui::route::{section_href, Page};
use crate::ui::state::AppState;

/// What waits for my decision.
#[component]
pub fn WaitingForMe() -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let me = me();
    let waiting = move || {
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
                        section_href(a.release.id.as_str(), Section::Approvals),
                        a.release.title(),
                        gate_name(book, &a.gate),
                        a.step,
                    )
                })
                .collect::<Vec<_>>()
        }))
    };
    view! {
        <section class="panel dashboard__panel" aria-labelledby="dashboard-approvals">
            <h2 class="panel__title" id="dashboard-approvals">"Approvals waiting for you"</h2>
            {move || match waiting() {
                None => view! {
                    <p>"Choose who you are in "<a href=Page::Settings.href()>"Settings"</a>" to see what waits for your decision."</p>
                }.into_any(),
                Some(rows) if rows.is_empty() => view! { <p>"Nothing waits for your decision."</p> }.into_any(),
                Some(rows) => view! {
                    <ul class="dashboard__list" aria-label="Waiting for your decision">
                        {rows.into_iter().map(|(href, title, gate, (step, of))| view! {
                            <li>
                                <a href=href>{title}</a>": "{gate}
                                <span class="dashboard__muted">{format!(" — approval {} of {of}", step + 1)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <p><a href=Page::Approvals.href()>"Open the approvals inbox"</a></p>
        </section>
    }
}
