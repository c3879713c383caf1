//! Time travel over the log: the book or a release as of any past event, and the list of
//! what changed between two points.

use super::apply::fold_with;
use super::book::Book;
use super::change::Change;
use super::describe::describe;
use super::event::Event;
use super::ids::{EventId, PersonId, ReleaseId};
use super::log::Log;
use super::release::Release;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// The book just after the event at `index` (0-based); the whole book if past the end.
/// `refused` are the events refused where they arrived (see `Signing::refused`): the past
/// is folded with the same verdicts as the present.
pub fn book_as_of(log: &Log, refused: &BTreeMap<EventId, String>, index: usize) -> Book {
    let end = index.saturating_add(1).min(log.len());
    fold_with(&log.events()[..end], refused)
}

/// A release just after event `at`, or `None` if it did not exist yet.
pub fn release_as_of(
    log: &Log,
    refused: &BTreeMap<EventId, String>,
    release: &ReleaseId,
    at: &EventId,
) -> Option<Release> {
    let index = log.position(at)?;
    let mut book = book_as_of(log, refused, index);
    book.releases.remove(release)
}

/// Whether an event concerns a release (created or changed it).
pub fn concerns(event: &Event, release: &ReleaseId) -> bool {
    match &event.what {
        Change::Release { id, .. } => id == release,
        Change::CreateRelease(_) => event.id.as_str() == release.as_str(),
        _ => false,
    }
}

/// The log a one-release export carries: everything up to and including the release's
/// latest event. Only a prefix of the log verifies on its own, so the export holds the
/// release complete with what came before it (the catalogue, earlier releases).
pub fn release_export(log: &Log, release: &ReleaseId) -> Option<Log> {
    let last = log.events().iter().rposition(|e| concerns(e, release))?;
    Some(log.prefix(last + 1))
}

/// One line of an audit timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// Position in the log.
    pub index: usize,
    /// The event.
    pub event: EventId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: PersonId,
    /// What, in words.
    pub text: String,
}

/// What changed between two points of the log (events `from..to`), optionally for one
/// release only. Descriptions use names as the book knows them now.
pub fn changes_between(
    book: &Book,
    log: &Log,
    from: usize,
    to: usize,
    release: Option<&ReleaseId>,
) -> Vec<TimelineEntry> {
    let end = to.min(log.len());
    let start = from.min(end);
    log.events()[start..end]
        .iter()
        .enumerate()
        .filter(|(_, e)| release.is_none_or(|r| concerns(e, r)))
        .map(|(i, e)| TimelineEntry {
            index: start + i,
            event: e.id.clone(),
            at: e.at,
            by: e.by.clone(),
            text: format!("{}{}", describe(book, e), provenance(book, e)),
        })
        .collect()
}

/// The whole audit timeline of one release, oldest first.
pub fn timeline(book: &Book, log: &Log, release: &ReleaseId) -> Vec<TimelineEntry> {
    changes_between(book, log, 0, log.len(), Some(release))
}

/// What the audit line adds about an event's standing: rejected (and why), or written
/// before the book was signed and adopted by its founding.
fn provenance(book: &Book, event: &Event) -> String {
    if let Some(rejected) = book.rejected.iter().find(|r| r.event == event.id) {
        return format!(" — rejected: {}", rejected.reason);
    }
    match (&event.sig, &book.signing.founding) {
        (None, Some((_, stamp))) => format!(
            " — recorded before signing, adopted by {} on {}",
            book.person_name(&stamp.by),
            super::schedule::date(stamp.at)
        ),
        _ => String::new(),
    }
}
