//! Signing and checking at the edge: the keys this browser holds (WebCrypto, in their own
//! IndexedDB database), signing each change before it is stored, and checking the
//! signatures of every event that arrives (import, sync, another tab, a published book)
//! before the domain folds it. The domain decides everything else (see `domain::trust`).

use crate::domain::trust::{Enrolment, KeyId, SignatureJob};
use crate::domain::{Change, Engine, Event, EventId, Incoming, LifecycleError, Log, PersonId};
use crate::storage::keys::{self, HeldKey};
use leptos::prelude::*;
use std::collections::BTreeMap;

use super::{Desk, DeskError};

/// The reason given for an event whose signature does not verify.
pub const FORGED: &str = "its signature does not verify: it was altered or forged";

/// The events among `jobs` whose signatures WebCrypto does not verify.
pub async fn forged(jobs: &[SignatureJob]) -> BTreeMap<EventId, String> {
    if jobs.is_empty() {
        return BTreeMap::new();
    }
    let started = crate::storage::timing::now();
    let verdicts = keys::verify_all(jobs).await;
    crate::storage::timing::measure("release-desk:verify", started);
    // Inserted one by one: collecting into a map would sort, and bring a sort routine.
    let mut forged = BTreeMap::new();
    for (job, ok) in jobs.iter().zip(verdicts) {
        if !ok {
            forged.insert(job.event.clone(), FORGED.to_owned());
        }
    }
    forged
}

/// Check the signatures of what a merge brings, and when any is forged, merge again into
/// `base` (the engine before the merge) refusing those.
/// Type-erased: three callers share one copy. `source` says where the events came from,
/// for the list of rejected changes.
pub fn checked<'a>(
    base: &'a dyn Fn() -> Engine,
    incoming: Incoming,
    source: &'a str,
) -> futures::future::LocalBoxFuture<'a, Incoming> {
    Box::pin(checked_now(base, incoming, source))
}

async fn checked_now(base: &dyn Fn() -> Engine, incoming: Incoming, source: &str) -> Incoming {
    let jobs = incoming.engine.signature_jobs(&incoming.new_events);
    let forged = forged(&jobs).await;
    let mut incoming = if forged.is_empty() {
        incoming
    } else {
        let log = Log::from_events(incoming.new_events.clone());
        match base().incoming_checked(&log, forged) {
            Ok(checked) => checked,
            Err(_) => incoming,
        }
    };
    let ids: Vec<EventId> = incoming.new_events.iter().map(|e| e.id.clone()).collect();
    incoming.engine.note_source(&ids, source);
    incoming
}

/// What a full check of every signature found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// Signed events checked.
    pub signed: usize,
    /// Events written before signing.
    pub unsigned: usize,
    /// Signatures that do not verify.
    pub forged: usize,
}

impl Desk {
    /// Load the keys this browser holds (at start, and after a key is made or imported).
    pub async fn load_keys(self) {
        if let Ok(held) = keys::held().await {
            self.held.set(
                held.iter()
                    .map(|k| (k.person.clone(), k.id.clone()))
                    .collect(),
            );
            *self.inner().keys.borrow_mut() = held;
        }
    }

    /// The key this browser holds for `person` that the book has enrolled and not revoked.
    pub fn key_for(&self, person: &PersonId) -> Option<HeldKey> {
        let enrolled = |id: &KeyId| {
            self.engine.with_untracked(|e| {
                e.book()
                    .keys
                    .get(id)
                    .is_some_and(|k| &k.person == person && k.revoked.is_none())
            })
        };
        self.inner()
            .keys
            .borrow()
            .iter()
            .find(|k| &k.person == person && enrolled(&k.id))
            .cloned()
    }

    /// Whether this browser may act as `person` in the book: any person in a book nobody
    /// has signed yet; in a signed book, only people whose enrolled keys it holds.
    pub fn can_act_as(&self, person: &PersonId) -> bool {
        let signed = self
            .engine
            .with_untracked(|e| e.book().signing.founding.is_some());
        !signed || self.key_for(person).is_some()
    }

    /// Sign placed events with `key`.
    pub(super) async fn sign(events: &mut [Event], key: &HeldKey) -> Result<(), DeskError> {
        for event in events {
            let signature = key
                .sign(&event.digest())
                .await
                .map_err(DeskError::Storage)?;
            event.sig = Some(signature);
        }
        Ok(())
    }

    /// The key to sign `actor`'s change with, or why this browser may not make it.
    pub(super) fn signing_key(&self, actor: &PersonId) -> Result<Option<HeldKey>, DeskError> {
        let signed = self
            .engine
            .with_untracked(|e| e.book().signing.founding.is_some());
        if !signed {
            return Ok(None);
        }
        match self.key_for(actor) {
            Some(key) => Ok(Some(key)),
            None => {
                let name = self
                    .engine
                    .with_untracked(|e| e.book().person_name(actor).to_owned());
                Err(DeskError::Refused(LifecycleError::NotPermitted {
                    action: format!("act as {name} from this browser"),
                    needs: format!(
                        "a key for {name} enrolled in this book: ask a keeper to enrol this device (Settings, This device)"
                    ),
                }))
            }
        }
    }

    /// Begin signing this book: `founder` (a release or change manager, or anyone in an
    /// empty book) makes a key on this device and enrols it, becoming the first keeper.
    /// Everything recorded so far is adopted.
    pub async fn found(
        self,
        founder: PersonId,
        name: String,
        device: String,
    ) -> Result<(), DeskError> {
        let held = self
            .inner()
            .keys
            .borrow()
            .iter()
            .find(|k| k.person == founder)
            .cloned();
        let key = match held {
            Some(key) => key,
            None => keys::generate(&founder, &device)
                .await
                .map_err(DeskError::Storage)?,
        };
        self.load_keys().await;
        let person = self.engine.with_untracked(|e| {
            e.book()
                .people
                .get(&founder)
                .cloned()
                .unwrap_or(crate::domain::Person {
                    email: String::new(),
                    id: founder.clone(),
                    name,
                    roles: vec![crate::domain::Role::ReleaseManager],
                })
        });
        let enrol = Change::Enrol(Box::new(Enrolment {
            person,
            public: key.public,
            device,
        }));
        self.commit_signed(founder, enrol, Some(key))
            .await
            .map(|_| ())
    }

    /// Import the demo people's keys (`demo-keys.json`, shipped beside the demo book) so
    /// this browser can act as each of them in the demo.
    pub async fn import_demo_keys(self) -> Result<(), String> {
        let text = super::transfer::fetch_text("demo-keys.json")
            .await
            .map_err(|e| e.to_string())?;
        let file: DemoKeys = serde_json::from_str(&text)
            .map_err(|e| format!("The demo keys could not be read ({e})."))?;
        for key in file.keys {
            let seed = decode_seed(&key.seed)
                .ok_or_else(|| "The demo keys could not be read.".to_owned())?;
            keys::import_seed(&key.person, &file.device, &seed)
                .await
                .map_err(|e| e.to_string())?;
        }
        self.load_keys().await;
        Ok(())
    }

    /// Check every signature in the book again (on demand, and after a start that had to
    /// fold the whole log), refolding with any forged ones refused. `progress` is told the
    /// share done, 0 to 1.
    pub async fn verify_everything(self, progress: &dyn Fn(f64)) -> Verification {
        let (jobs, unsigned) = self.engine.with_untracked(|e| {
            let events = e.log().events();
            (
                e.signature_jobs(events),
                events.iter().filter(|e| e.sig.is_none()).count(),
            )
        });
        let mut forged_events = BTreeMap::new();
        const CHUNK: usize = 5_000;
        for (n, chunk) in jobs.chunks(CHUNK).enumerate() {
            forged_events.extend(forged(chunk).await);
            progress(((n + 1) * CHUNK).min(jobs.len()) as f64 / jobs.len().max(1) as f64);
        }
        let count = forged_events.len();
        let known = self.engine.with_untracked(|e| {
            forged_events
                .keys()
                .all(|id| e.book().signing.refused.contains_key(id))
        });
        if !known {
            self.engine.update(|e| {
                let mut refused = e.book().signing.refused.clone();
                refused.extend(forged_events);
                *e = Engine::from_log_with(e.log().clone(), &refused);
            });
        }
        Verification {
            signed: jobs.len(),
            unsigned,
            forged: count,
        }
    }
}

#[derive(serde::Deserialize)]
struct DemoKeys {
    device: String,
    keys: Vec<DemoKey>,
}

#[derive(serde::Deserialize)]
struct DemoKey {
    person: PersonId,
    seed: String,
}

fn decode_seed(text: &str) -> Option<[u8; 32]> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?
        .try_into()
        .ok()
}
