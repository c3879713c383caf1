//! The mentions waiting for the person at this browser: comments that name them, in
//! releases still open, until they reply in the thread or mark the mention seen.

use leptos::prelude::*;

use super::{lines, Line, Panel};
use crate::domain::schedule::minute;
use crate::domain::{open_mentions, thread_label, PersonId};
use crate::ui::components::release::comments::thread_href;
use crate::ui::desk::Desk;
use crate::ui::state::AppState;

/// "Mentions waiting for you": one line per comment, oldest first, linked to its thread.
#[component]
pub fn MentionsForMe() -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let mentions = move || -> Vec<Line> {
        let Some(me) = state.person.get() else {
            return Vec::new();
        };
        desk.engine.with(|e| {
            let book = e.book();
            open_mentions(book, &PersonId(me))
                .into_iter()
                .map(|m| {
                    let by = book.person_name(&m.comment.posted.by);
                    (
                        format!("{by} on {} of ", thread_label(m.comment.section)),
                        thread_href(&m.release.id, m.comment.section),
                        m.release.title(),
                        format!(", {} UTC", minute(m.since)),
                    )
                })
                .collect()
        })
    };
    view! {
        <Panel id="dashboard-mentions" title="Mentions waiting for you">
            {move || lines(Some("Mentions waiting for you"), "Nobody is waiting for your reply.", mentions())}
        </Panel>
    }
}
