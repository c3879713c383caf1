//! The engine: a log and the book it folds to, kept together. Executing a command decides,
//! appends the events to the log and applies them; merging takes in another device's log.

use super::apply::{apply, fold_with};
use super::book::Book;
use super::change::{Change, Context};
use super::decide::decide;
use super::error::LifecycleError;
use super::event::Event;
use super::ids::EventId;
use super::limits;
use super::log::{Hash, IdClash, Log};
use super::trust::{self, SignatureJob};
use crate::domain::order;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a merge brought in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Events that were new here.
    pub added: usize,
    /// Conflicts that appeared with them.
    pub new_conflicts: usize,
}

/// Another log merged into a copy of this engine, not yet stored: storage writes
/// `new_events` in one transaction, and only then does the copy replace the engine.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// The engine after the merge.
    pub engine: Engine,
    /// The events that were not here before, in log order.
    pub new_events: Vec<Event>,
    /// Counts for the person.
    pub report: MergeReport,
    /// Releases that were not here before.
    pub new_releases: usize,
}

/// A log and its folded state.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    log: Log,
    book: Book,
}

impl Engine {
    /// An empty book.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fold a log (read from storage or a document).
    pub fn from_log(log: Log) -> Self {
        Self::from_log_with(log, &BTreeMap::new())
    }

    /// Fold a log with the events refused where they arrived (kept with the snapshot).
    pub fn from_log_with(log: Log, refused: &BTreeMap<EventId, String>) -> Self {
        let book = fold_with(log.events(), refused);
        Engine { log, book }
    }

    /// Say where the rejected ones among `events` came from (kept with the rejection).
    pub fn note_source(&mut self, events: &[EventId], source: &str) {
        let rejected: HashSet<&EventId> = self.book.rejected.iter().map(|r| &r.event).collect();
        let found: Vec<EventId> = events
            .iter()
            .filter(|id| rejected.contains(id))
            .cloned()
            .collect();
        for id in found {
            self.book.signing.sources.insert(id, source.to_owned());
        }
    }

    /// The signatures to check before `events` are taken in (see [`trust::signature_jobs`]).
    pub fn signature_jobs(&self, events: &[Event]) -> Vec<SignatureJob> {
        trust::signature_jobs(&self.book, events)
    }

    /// Resume from a stored snapshot of the book folded up to `log.len() - tail.len()`
    /// events, plus the events after it. The caller checks the snapshot's checksum.
    pub fn from_snapshot(book: Book, log: Log) -> Self {
        let mut engine = Engine { log, book };
        let done = usize::try_from(engine.book.applied).unwrap_or(usize::MAX);
        for event in engine.log.events().iter().skip(done) {
            apply(&mut engine.book, event);
        }
        engine
    }

    /// A provisional engine for a fast first screen: a stored snapshot's book with the events
    /// stored after it applied. Its log holds only those events, so until
    /// [`Engine::attach_log`] gives it the whole log it is for reading the book only (no
    /// commands, merges or exports).
    pub fn resume(book: Book, tail: Vec<Event>) -> Self {
        let mut engine = Engine {
            log: Log::from_parts(tail, Vec::new()),
            book,
        };
        for event in engine.log.events() {
            apply(&mut engine.book, event);
        }
        engine
    }

    /// Give a provisional engine its whole log. The log must be the one the book was folded
    /// from (as many events as the book has applied); otherwise it is handed back.
    pub fn attach_log(&mut self, log: Log) -> Result<(), Log> {
        if log.len() as u64 == self.book.applied {
            self.log = log;
            Ok(())
        } else {
            Err(log)
        }
    }

    /// The state.
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// The log.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// Decide a command, record its events and apply them. Returns the recorded events.
    pub fn execute(&mut self, command: Change, ctx: &Context) -> Result<&[Event], LifecycleError> {
        let events = self.prepare(command, ctx)?;
        Ok(self.commit(events))
    }

    /// Decide a command and place its events at the end of the log, changing nothing: the
    /// caller stores them durably first, then hands them to [`Engine::commit`].
    pub fn prepare(&self, command: Change, ctx: &Context) -> Result<Vec<Event>, LifecycleError> {
        let events = decide(&self.book, command, ctx)?;
        let placed = self.log.place(events);
        // A change the fold would refuse is refused here, with the reason, instead.
        if let Some((event, why)) = placed.iter().find_map(|e| Some((e, limits::beyond(e)?))) {
            return Err(if event.seq > limits::MAX_SEQ {
                LifecycleError::WrongState(format!(
                    "This book's log is full: {why}. Export the book and start a new one from it."
                ))
            } else {
                LifecycleError::Invalid {
                    // Under the field that holds the date: a policy's freezes, or a window.
                    field: match event.what {
                        Change::Policy(_) => "freeze_windows",
                        _ => "window",
                    },
                    message: format!("This change cannot be recorded: {why}. Choose a date between the years 1 and 9999."),
                }
            });
        }
        Ok(placed)
    }

    /// Add and apply events from [`Engine::prepare`]. Returns them as recorded.
    pub fn commit(&mut self, events: Vec<Event>) -> &[Event] {
        let start = self.log.len();
        self.log.extend_placed(events);
        for event in &self.log.events()[start..] {
            apply(&mut self.book, event);
        }
        &self.log.events()[start..]
    }

    /// Take in events written elsewhere (another tab, a sync pull) whose predecessors this
    /// log already holds or that come with them.
    pub fn receive(&mut self, mut events: Vec<Event>) -> Result<MergeReport, IdClash> {
        order::sort_by(&mut events, |a, b| (a.seq, &a.id).cmp(&(b.seq, &b.id)));
        self.merge(&Log::from_events(events))
    }

    /// Whether `other` is another book: it holds a first event (one that follows nothing)
    /// this book does not hold, so the two began apart. An empty book takes any book.
    pub fn began_apart(&self, other: &Log) -> bool {
        if self.log.is_empty() {
            return false;
        }
        let held: HashSet<&EventId> = self.log.events().iter().map(|e| &e.id).collect();
        other
            .events()
            .iter()
            .any(|e| e.after.is_empty() && !held.contains(&e.id))
    }

    /// Merge `other` into a copy of this engine and list what it adds; none of its
    /// signatures is known to be bad (the caller checked them, or they were made here).
    pub fn incoming(&self, other: &Log) -> Result<Incoming, IdClash> {
        self.incoming_checked(other, BTreeMap::new())
    }

    /// Merge `other` into a copy of this engine, refusing the events whose signatures the
    /// edge found bad (`forged`, with the reason) and those whose place is dishonest.
    pub fn incoming_checked(
        &self,
        other: &Log,
        forged: BTreeMap<EventId, String>,
    ) -> Result<Incoming, IdClash> {
        let mut engine = self.clone();
        let report = engine.merge_checked(other, forged)?;
        let known: std::collections::HashSet<&super::ids::EventId> =
            self.log.events().iter().map(|e| &e.id).collect();
        let new_events: Vec<Event> = engine
            .log
            .events()
            .iter()
            .filter(|e| !known.contains(&e.id))
            .cloned()
            .collect();
        let new_releases = engine
            .book
            .releases
            .len()
            .saturating_sub(self.book.releases.len());
        Ok(Incoming {
            engine,
            new_events,
            report,
            new_releases,
        })
    }

    /// Take in another log. Events already here are skipped; the book is folded again
    /// when new events land before ours in log order.
    pub fn merge(&mut self, other: &Log) -> Result<MergeReport, IdClash> {
        self.merge_checked(other, BTreeMap::new())
    }

    /// [`Engine::merge`], refusing `forged` events and those whose place is dishonest.
    pub fn merge_checked(
        &mut self,
        other: &Log,
        mut forged: BTreeMap<EventId, String>,
    ) -> Result<MergeReport, IdClash> {
        let merged = self.log.merge(other)?;
        let added = merged.len() - self.log.len();
        if added == 0 {
            return Ok(MergeReport::default());
        }
        let before = self.book.open_conflicts().count();
        let known: HashSet<&EventId> = self.log.events().iter().map(|e| &e.id).collect();
        let new: Vec<&Event> = merged
            .events()
            .iter()
            .filter(|e| !known.contains(&e.id))
            .collect();
        forged.extend(misplaced_new(&new, &merged));
        forged.retain(|id, _| !self.book.signing.refused.contains_key(id));
        // A revocation, or an unsigned event in a signed book, can refuse events before it.
        let reaches_back = new.iter().any(|e| {
            matches!(e.what, super::change::Change::Revoke { .. })
                || (e.sig.is_none() && self.book.signing.founding.is_some())
        });
        let prefix = self.log.len();
        let sources = self.book.signing.sources.clone();
        if !forged.is_empty() || reaches_back {
            let mut refused = self.book.signing.refused.clone();
            refused.extend(forged);
            self.book = fold_with(merged.events(), &refused);
            self.book.signing.sources = sources;
        } else if merged.events()[..prefix] == *self.log.events() {
            // Fast path: everything new comes after what we have.
            for event in &merged.events()[prefix..] {
                apply(&mut self.book, event);
            }
        } else {
            self.book = fold_with(merged.events(), &self.book.signing.refused);
            self.book.signing.sources = sources;
        }
        self.log = merged;
        let new_conflicts = self.book.open_conflicts().count().saturating_sub(before);
        Ok(MergeReport {
            added,
            new_conflicts,
        })
    }
}

/// The events new in `merged` (not in `log`) whose place is dishonest. Their parents are
/// found among the new events or, hashing `merged` from its end, among the latest others.
fn misplaced_new(new: &[&Event], merged: &Log) -> BTreeMap<EventId, String> {
    let new: Vec<Event> = new
        .iter()
        .filter(|e| e.sig.is_some())
        .map(|e| (*e).clone())
        .collect();
    if new.is_empty() {
        return BTreeMap::new();
    }
    let mut wanted: HashSet<Hash> = new.iter().flat_map(|e| e.after.iter().copied()).collect();
    let mut found: HashMap<Hash, &Event> = HashMap::new();
    for event in merged.events().iter().rev() {
        if wanted.is_empty() {
            break;
        }
        let hash = Hash::of(event);
        if wanted.remove(&hash) {
            found.insert(hash, event);
        }
    }
    let mut misplaced = BTreeMap::new();
    for (id, reason) in trust::misplaced(&new, |h| found.get(h).copied()) {
        misplaced.insert(id, reason);
    }
    misplaced
}
