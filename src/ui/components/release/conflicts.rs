//! The release page's conflicts: events that a merge of two copies of the book could not
//! apply (two incompatible decisions on this release). Each shows both sides — who did
//! what, when — and is settled by a new command choosing one side: keep what the book
//! shows, or make the other side's change again now. No event is ever dropped.

use leptos::prelude::*;

use super::common::{allowed, button, keyed, person_here};
use super::ReleaseCtx;
use crate::domain::describe::describe;
use crate::domain::schedule::minute;
use crate::domain::{history, Book, Change, Event, EventId, ItemId};
use crate::ui::act::{may, Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::Dyn;

fn line(book: &Book, event: &Event) -> String {
    format!(
        "{} — {}, {} UTC",
        describe(book, event),
        book.person_name(&event.by),
        minute(event.at)
    )
}

/// The open conflicts on this release; nothing when there are none.
#[component]
pub fn ConflictsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let open = Memo::new(move |_| {
        let id = ctx.id();
        desk.engine.with(|e| {
            e.book()
                .open_conflicts()
                .filter(|c| c.release.as_ref() == Some(&id))
                .map(|c| c.event.clone())
                .collect::<Vec<_>>()
        })
    });
    let body: Dyn = Box::new(move || {
        if open.with(Vec::is_empty) {
            return ().into_any();
        }
        view! {
                <section class="release__section ops ops--conflicts" id="section-conflicts" aria-labelledby="conflicts-title">
                    <h2 id="conflicts-title">"Conflicts to resolve"</h2>
                    <p class="ops__help">
                        "Two copies of this book recorded changes to this release that cannot both hold. "
                        "Both stay in the audit trail; choose which side the release keeps."
                    </p>
                    <ul class="ops__list">
                        {keyed(
                            Box::new(move || open.get().into_iter().map(|e| ItemId(e.0)).collect()),
                            |id| view! { <ConflictItem event=EventId(id.0) /> }.into_any(),
                        )}
                    </ul>
                </section>
        }
        .into_any()
    });
    body
}

#[component]
fn ConflictItem(event: EventId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let resolve = Act::new();
    let id = ctx.id();
    // The side not applied, the side the book kept (the last change to this release before
    // it), why, and the change to make again.
    let sides = desk.engine.with_untracked(|e| {
        let (book, log) = (e.book(), e.log());
        let conflict = book.conflicts.iter().find(|c| c.event == event)?;
        let at = log.position(&event)?;
        let events = log.events();
        let theirs = events.get(at)?;
        let kept = events[..at]
            .iter()
            .rev()
            .find(|x| history::concerns(x, &id) && !book.conflicts.iter().any(|c| c.event == x.id))
            .map(|x| line(book, x));
        Some((
            line(book, theirs),
            kept,
            conflict.reason.clone(),
            theirs.what.clone(),
        ))
    });
    let Some((theirs, kept, reason, change)) = sides else {
        return ().into_any();
    };
    let settle = {
        let event = event.clone();
        move |note: String| {
            resolve.run(
                Change::ResolveConflict {
                    event: event.clone(),
                    note,
                },
                |_| {},
            )
        }
    };
    let may_resolve = !ctx.read_only()
        && me.with_untracked(|p| {
            may(
                p.as_ref(),
                &Change::ResolveConflict {
                    event: EventId::default(),
                    note: String::new(),
                },
            )
        });
    let may_redo = may_resolve && matches!(&change, Change::Release { .. }) && allowed(me, &change);
    let kept_text = kept
        .clone()
        .unwrap_or_else(|| "the release as it stands".to_owned());
    let keep = {
        let (settle, note) = (
            settle.clone(),
            format!("Kept: {kept_text}. Not applied: {theirs}."),
        );
        move || settle(note.clone())
    };
    let redo = {
        let note = format!("Made again as a new change: {theirs}.");
        move || {
            let (settle, note) = (settle.clone(), note.clone());
            act.run(change.clone(), move |_| settle(note));
        }
    };
    view! {
        <li class="ops__item">
            <dl class="facts">
                <dt>"The book kept"</dt>
                <dd>{kept.unwrap_or_else(|| "No earlier change to this release".to_owned())}</dd>
                <dt>"Not applied"</dt>
                <dd>{theirs}</dd>
                <dt>"Why"</dt>
                <dd>{reason}</dd>
            </dl>
            {may_resolve.then(|| view! {
                <div class="ops__buttons">
                    {button(resolve, "Keep what the book shows".into(), "button", Box::new(keep))}
                    {may_redo.then(|| button(act, "Make the other side's change again now".into(),
                        "button button--secondary", Box::new(redo)))}
                </div>
            }.into_any())}
            <ActStatus act release=ctx.id() />
            <ActStatus act=resolve />
        </li>
    }
    .into_any()
}
