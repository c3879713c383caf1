//! Demo and test books, built only through the domain's commands.
//!
//! [`Script`] drives an [`Engine`] with a moving clock; [`catalogue`] lays out a realistic
//! retail IT organisation; the `walk` helpers take a release through each phase exactly as
//! a release manager would. The demo book the app offers on first start, the tests and the
//! benchmarks all use these, so they exercise the same rules people meet.

mod book;
mod catalogue;
pub mod synthetic;
mod walk;

pub use book::{demo_book, NAME};
pub use catalogue::{
    catalogue, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
pub use walk::{
    approve, build_and_test, deploy_all, deploy_wave, new_release, pass_gate, plan,
    review_and_close, write_plan, PlanShape,
};

use crate::domain::{Change, Context, Engine, Event, EventId, LifecycleError, PersonId};
use chrono::{DateTime, Duration, Utc};

/// Drives an engine with a clock that moves a minute per command.
#[derive(Clone, Debug)]
pub struct Script {
    /// The engine driven.
    pub engine: Engine,
    /// The clock.
    pub now: DateTime<Utc>,
    prefix: String,
    counter: u64,
}

impl Script {
    /// A script over an empty book; event ids are `prefix` plus a counter.
    pub fn new(prefix: &str, start: DateTime<Utc>) -> Self {
        Script {
            engine: Engine::new(),
            now: start,
            prefix: prefix.to_owned(),
            counter: 0,
        }
    }

    /// A script over an existing engine.
    pub fn resume(engine: Engine, prefix: &str, start: DateTime<Utc>) -> Self {
        Script {
            engine,
            now: start,
            prefix: prefix.to_owned(),
            counter: 0,
        }
    }

    /// The context for the next command by `actor`.
    pub fn context(&mut self, actor: &str) -> Context {
        self.counter += 1;
        self.now += Duration::minutes(1);
        Context {
            now: self.now,
            actor: PersonId::from(actor),
            id: EventId(format!("{}{:x}", self.prefix, self.counter)),
        }
    }

    /// Run a command as `actor`.
    pub fn run(&mut self, actor: &str, change: Change) -> Result<Vec<Event>, LifecycleError> {
        let ctx = self.context(actor);
        self.engine.execute(change, &ctx).map(<[Event]>::to_vec)
    }

    /// Run a command; returns the id of its first event (the id of what it created).
    pub fn ok(&mut self, actor: &str, change: Change) -> Result<EventId, LifecycleError> {
        let events = self.run(actor, change)?;
        Ok(events.first().map(|e| e.id.clone()).unwrap_or_default())
    }

    /// Move the clock.
    pub fn advance(&mut self, by: Duration) {
        self.now += by;
    }
}
