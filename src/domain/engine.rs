//! The engine: a log and the book it folds to, kept together. Executing a command decides,
//! appends the events to the log and applies them; merging takes in another device's log.

use super::apply::{apply, fold};
use super::book::Book;
use super::change::{Change, Context};
use super::decide::decide;
use super::error::LifecycleError;
use super::event::Event;
use super::log::{IdClash, Log};
use crate::domain::order;

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
        let book = fold(log.events());
        Engine { log, book }
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
        Ok(self.log.place(events))
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

    /// Merge `other` into a copy of this engine and list what it adds.
    pub fn incoming(&self, other: &Log) -> Result<Incoming, IdClash> {
        let mut engine = self.clone();
        let report = engine.merge(other)?;
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
        let merged = self.log.merge(other)?;
        let added = merged.len() - self.log.len();
        if added == 0 {
            return Ok(MergeReport::default());
        }
        let before = self.book.open_conflicts().count();
        // Fast path: everything new comes after what we have.
        let prefix = self.log.len();
        if merged.events()[..prefix] == *self.log.events() {
            for event in &merged.events()[prefix..] {
                apply(&mut self.book, event);
            }
        } else {
            self.book = fold(merged.events());
        }
        self.log = merged;
        let new_conflicts = self.book.open_conflicts().count().saturating_sub(before);
        Ok(MergeReport {
            added,
            new_conflicts,
        })
    }
}
