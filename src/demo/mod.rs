//! Demo and test books, built only through the domain's commands.
//!
//! [`Script`] drives an [`Engine`] with a moving clock; [`catalogue`] lays out a realistic
//! retail IT organisation; the `walk` helpers take a release through each phase exactly as
//! a release manager would. The demo book the app offers on first start, the tests and the
//! benchmarks all use these, so they exercise the same rules people meet.

mod book;
mod catalogue;
#[cfg(not(target_arch = "wasm32"))]
pub mod keys;
mod runbook;
pub mod synthetic;
mod walk;

pub use book::{demo_book, DEMO_DEVICE, DEMO_PEOPLE, DEMO_SEED, NAME};
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
    /// When set, every command's events are signed with the actor's key.
    #[cfg(not(target_arch = "wasm32"))]
    pub keys: Option<keys::Keyring>,
}

impl Script {
    /// A script over an empty book; event ids are `prefix` plus a counter.
    pub fn new(prefix: &str, start: DateTime<Utc>) -> Self {
        Script {
            engine: Engine::new(),
            now: start,
            prefix: prefix.to_owned(),
            counter: 0,
            #[cfg(not(target_arch = "wasm32"))]
            keys: None,
        }
    }

    /// A script over an existing engine.
    pub fn resume(engine: Engine, prefix: &str, start: DateTime<Utc>) -> Self {
        Script {
            engine,
            now: start,
            prefix: prefix.to_owned(),
            counter: 0,
            #[cfg(not(target_arch = "wasm32"))]
            keys: None,
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
            key: self.key_of(actor),
        }
    }

    /// Run a command as `actor`.
    pub fn run(&mut self, actor: &str, change: Change) -> Result<Vec<Event>, LifecycleError> {
        let ctx = self.context(actor);
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(keys) = &self.keys {
            let mut events = self.engine.prepare(change, &ctx)?;
            for event in &mut events {
                keys.sign(event);
            }
            return Ok(self.engine.commit(events).to_vec());
        }
        self.engine.execute(change, &ctx).map(<[Event]>::to_vec)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn key_of(&self, actor: &str) -> Option<crate::domain::trust::KeyId> {
        self.keys.as_ref()?.key_id(&PersonId::from(actor))
    }

    #[cfg(target_arch = "wasm32")]
    fn key_of(&self, _actor: &str) -> Option<crate::domain::trust::KeyId> {
        None
    }

    /// Run a command; returns the id of its first event (the id of what it created).
    pub fn ok(&mut self, actor: &str, change: Change) -> Result<EventId, LifecycleError> {
        let events = self.run(actor, change)?;
        Ok(events.first().map(|e| e.id.clone()).unwrap_or_default())
    }

    /// Sign from now on with keys made from `seed` plus each person's id, for `people`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn sign_with(&mut self, seed: &str, people: &[&str]) {
        let keys = self.keys.get_or_insert_with(keys::Keyring::new);
        for person in people {
            keys.add(person, &format!("{seed}{person}"));
        }
    }

    /// Found signing: `founder` enrols their own key (registering them when new).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn found(
        &mut self,
        founder: crate::domain::Person,
        device: &str,
    ) -> Result<EventId, LifecycleError> {
        let id = founder.id.clone();
        self.enrol(id.as_str(), founder, device)
    }

    /// `keeper` enrols `person`'s key from the keyring (registering them when new).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn enrol(
        &mut self,
        keeper: &str,
        person: crate::domain::Person,
        device: &str,
    ) -> Result<EventId, LifecycleError> {
        let public = self
            .keys
            .as_ref()
            .and_then(|k| k.public(&person.id))
            .ok_or_else(|| LifecycleError::NotFound(format!("A key for {}", person.id)))?;
        let change = Change::Enrol(Box::new(crate::domain::trust::Enrolment {
            person,
            public,
            device: device.to_owned(),
        }));
        self.ok(keeper, change)
    }

    /// Move the clock.
    pub fn advance(&mut self, by: Duration) {
        self.now += by;
    }
}
