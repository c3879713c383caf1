//! Trust: who may change a book, proven. Every event carries the id of the key that signed it
//! and an Ed25519 signature over its digest. Keys enter the book only through events
//! (enrolment by a keeper, revocation by a keeper), and an event counts only if:
//!
//! - its signature verifies (checked at the edge with WebCrypto: the domain is told which
//!   events failed, see [`Engine::signature_jobs`](super::Engine::signature_jobs));
//! - its key is enrolled for the person it names and not revoked, as the book stood when it
//!   was folded (log order, the same order on every device), and it is among the events the
//!   keeper had seen when revoking a key;
//! - the person held the role the change needs then (the same [`may`](super::may) rule
//!   `decide` uses, and the approval chain's next step for an approval decision);
//! - a wave it starts may start then, at the event's own time: inside its window and
//!   outside freezes, or under an emergency override someone else authorized (the same
//!   rule `decide` uses; starts from before that rule count as they did);
//! - its place is honest: its `seq` above its parents', its time not before theirs by more
//!   than [`CLOCK_SKEW_MINUTES`] (checked where events arrive, see [`misplaced`]).
//!
//! Everything else is kept in the log but never folded in: it is listed in
//! [`Book::rejected`](super::Book) with the reason. Books written before signing are adopted
//! by their first keeper: unsigned events the founding event follows count, later unsigned
//! ones do not.

use super::book::Book;
use super::catalogue::{Person, Role};
use super::change::{Change, ReleaseChange};
use super::error::LifecycleError;
use super::event::Event;
use super::ids::{EventId, PersonId};
use super::log::Hash;
use super::permissions::may_decide;
use super::release::{RoundOutcome, Stamp};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// How far an event's time may be before the time of an event it follows: devices' clocks
/// differ, but not by more than this.
pub const CLOCK_SKEW_MINUTES: i64 = 10;

/// The id of a device key: the first 8 bytes of the SHA-256 of its public key, 16 hex digits.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyId(pub String);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Ed25519 public key (32 bytes; base64url in JSON).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicKey(pub [u8; 32]);

/// An Ed25519 signature (64 bytes; base64url in JSON).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

impl PublicKey {
    /// The key's id.
    pub fn id(&self) -> KeyId {
        let digest = Sha256::digest(self.0);
        KeyId(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The code two people compare when a device joins: eight letters and digits from the
    /// key's digest, in two groups ("K7Q2-9XPA"). Crockford's alphabet, no look-alikes.
    pub fn fingerprint(&self) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let digest = Sha256::digest(self.0);
        let bits = digest[..5]
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let code: String = (0..8)
            .map(|i| char::from(ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize]))
            .collect();
        format!("{}-{}", &code[..4], &code[4..])
    }
}

macro_rules! bytes_serde {
    ($name:ident, $len:literal, $what:literal) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&B64.encode(self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                let bytes = B64
                    .decode(text.as_bytes())
                    .map_err(|_| serde::de::Error::custom(concat!($what, " is not base64url")))?;
                let array: [u8; $len] = bytes.try_into().map_err(|_| {
                    serde::de::Error::custom(concat!($what, " has ", $len, " bytes"))
                })?;
                Ok($name(array))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), B64.encode(self.0))
            }
        }
    };
}
bytes_serde!(PublicKey, 32, "a public key");
bytes_serde!(Signature, 64, "a signature");

/// A key enrolled in the book: one person's key on one device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    /// Its id.
    pub id: KeyId,
    /// Whose it is.
    pub person: PersonId,
    /// The public half.
    pub public: PublicKey,
    /// The device, as its owner named it ("Rita's laptop").
    pub device: String,
    /// Enrolled by, when.
    pub enrolled: Stamp,
    /// Revoked by, when, why; and the event that did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
}

/// How a key was revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// By, when.
    pub stamp: Stamp,
    /// Why ("laptop lost").
    pub reason: String,
    /// The revoking event.
    pub event: EventId,
}

/// Enrolling a device key for a person (a keeper's act; or the founder's own, first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The person, registered by this event when new (name and roles as given); an existing
    /// person keeps their roles.
    pub person: Person,
    /// The public key.
    pub public: PublicKey,
    /// The device's name.
    pub device: String,
}

/// An event kept in the log but not folded in, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// The event.
    pub event: EventId,
    /// Who it claims to be from.
    pub by: PersonId,
    /// The key it names, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyId>,
    /// When it claims to have happened.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// Why it does not count, in words.
    pub reason: String,
}

/// The book's signing history: who founded it and which unsigned events were adopted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signing {
    /// The founding event: the first keeper enrolling their own key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founding: Option<(EventId, Stamp)>,
    /// Unsigned events adopted by the founding (written before the book was signed).
    #[serde(default)]
    pub adopted: u64,
    /// Events refused where they arrived (a signature that does not verify, a dishonest
    /// place in the log), with the reason; a fold refuses them again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refused: BTreeMap<EventId, String>,
    /// Events a later revocation or the founding refuses (worked out by the fold).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub late: BTreeMap<EventId, String>,
    /// Where each rejected event came from ("the sync with dav.example.org", "an imported
    /// file"), as the edge that took it in said.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<EventId, String>,
}

/// One signature for the edge to check: the event, the key it names and the digest signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureJob {
    /// The event.
    pub event: EventId,
    /// The public key enrolled under the event's key id.
    pub public: PublicKey,
    /// The digest the signature covers.
    pub digest: [u8; 32],
    /// The signature.
    pub signature: Signature,
}

/// The signatures of `events` to check, with keys from `book` or enrolled among `events`.
/// An event whose key is not known gets no job: the fold rejects it for that.
pub fn signature_jobs(book: &Book, events: &[Event]) -> Vec<SignatureJob> {
    let mut keys: HashMap<KeyId, PublicKey> = book
        .keys
        .iter()
        .map(|(id, k)| (id.clone(), k.public))
        .collect();
    for event in events {
        if let Change::Enrol(enrolment) = &event.what {
            keys.insert(enrolment.public.id(), enrolment.public);
        }
    }
    events
        .iter()
        .filter_map(|event| {
            let (Some(key), Some(signature)) = (&event.key, event.sig) else {
                return None;
            };
            Some(SignatureJob {
                event: event.id.clone(),
                public: *keys.get(key)?,
                digest: event.digest(),
                signature,
            })
        })
        .collect()
}

/// Events of `events` whose place in the log is not honest: a `seq` not above every parent's,
/// or a time before a parent's by more than the clock skew. `known` resolves parents that
/// are not among `events` (the log they join). Only signed events are held to this: an
/// unsigned one counts only when a founding adopts it.
pub fn misplaced<'a>(
    events: &'a [Event],
    known: impl Fn(&Hash) -> Option<&'a Event>,
) -> Vec<(EventId, String)> {
    let own: HashMap<Hash, &Event> = events.iter().map(|e| (Hash::of(e), e)).collect();
    let skew = chrono::Duration::minutes(CLOCK_SKEW_MINUTES);
    events
        .iter()
        .filter(|e| e.sig.is_some())
        .filter_map(|event| {
            let parents = event
                .after
                .iter()
                .filter_map(|h| own.get(h).copied().or_else(|| known(h)));
            for parent in parents {
                if event.seq <= parent.seq {
                    return Some((
                        event.id.clone(),
                        format!(
                            "it claims a place ({}) before an event it follows ({})",
                            event.seq, parent.seq
                        ),
                    ));
                }
                if event.at + skew < parent.at {
                    return Some((
                        event.id.clone(),
                        format!(
                            "it is dated {} before an event it follows, more than clocks differ",
                            human_gap(parent.at - event.at)
                        ),
                    ));
                }
            }
            None
        })
        .collect()
}

fn human_gap(gap: chrono::Duration) -> String {
    if gap.num_days() >= 1 {
        crate::domain::plural::count(gap.num_days().unsigned_abs() as usize, "day")
    } else if gap.num_hours() >= 1 {
        crate::domain::plural::count(gap.num_hours().unsigned_abs() as usize, "hour")
    } else {
        crate::domain::plural::count(gap.num_minutes().unsigned_abs() as usize, "minute")
    }
}

/// Whether `event` may be folded into `book` as it stands: signed by an enrolled key of its
/// author that is not revoked, by someone allowed to make the change. `Ok(true)` means it is
/// the founding event.
pub(crate) fn admit(book: &Book, event: &Event) -> Result<Admission, String> {
    if let Some(reason) = book
        .signing
        .refused
        .get(&event.id)
        .or_else(|| book.signing.late.get(&event.id))
    {
        return Err(reason.clone());
    }
    let (key, _) = match (&event.key, &event.sig) {
        (None, None) => {
            return match &book.signing.founding {
                None => Ok(Admission::Unsigned),
                Some(_) => Err("it is not signed, and this book is signed".into()),
            };
        }
        (Some(key), Some(sig)) => (key, sig),
        _ => return Err("its signature is missing".into()),
    };
    if book.signing.founding.is_none() {
        // The first signed event founds the book: its author enrols their own key and
        // becomes its first keeper.
        return match &event.what {
            Change::Enrol(e) if e.person.id == event.by && &e.public.id() == key => {
                may_found(book, &event.by)?;
                Ok(Admission::Founding)
            }
            _ => Err("it is signed, but nobody has founded signing in this book yet".into()),
        };
    }
    let enrolled = book.keys.get(key).ok_or_else(|| {
        format!("it is signed with key {key}, which is not enrolled in this book")
    })?;
    if enrolled.person != event.by {
        return Err(format!(
            "it claims to be from {} but is signed with a key of {}",
            book.person_name(&event.by),
            book.person_name(&enrolled.person)
        ));
    }
    if let Some(revoked) = &enrolled.revoked {
        return Err(format!(
            "it is signed with a key revoked by {} on {} UTC",
            book.person_name(&revoked.stamp.by),
            crate::domain::schedule::minute(revoked.stamp.at)
        ));
    }
    authorized(book, &event.by, &event.what)?;
    super::release::waves::admit_start(book, event)?;
    Ok(Admission::Signed)
}

/// Whether `person` may found signing in `book`: anyone in a new book; in a book written
/// before signing, someone who manages releases or changes in it.
fn may_found(book: &Book, person: &PersonId) -> Result<(), String> {
    if book.people.is_empty() {
        return Ok(());
    }
    match book.people.get(person) {
        Some(p) if super::permissions::MANAGERS.iter().any(|r| p.has(*r)) => Ok(()),
        _ => Err(format!(
            "{} may not begin signing this book: that needs a release manager or a change manager",
            book.person_name(person)
        )),
    }
}

/// Decide [`Change::Enrol`]: a key not already enrolled, for a valid person.
pub(crate) fn decide_enrol(book: &Book, e: &Enrolment) -> Result<(), LifecycleError> {
    super::catalogue::rules::decide_person(&e.person)?;
    super::release::text("device", &e.device, "the device's name")?;
    if let Some(existing) = book.keys.get(&e.public.id()) {
        return Err(LifecycleError::WrongState(format!(
            "that key is already enrolled for {}",
            book.person_name(&existing.person)
        )));
    }
    Ok(())
}

/// Decide [`Change::Revoke`]: a key that is enrolled and not revoked yet, with a reason;
/// a keeper's last key is not revoked by its own holder.
pub(crate) fn decide_revoke(book: &Book, key: &KeyId, reason: &str) -> Result<(), LifecycleError> {
    super::release::text("reason", reason, "why the key is revoked")?;
    let enrolled = book
        .keys
        .get(key)
        .ok_or_else(|| LifecycleError::NotFound(format!("The key {key}")))?;
    if enrolled.revoked.is_some() {
        return Err(LifecycleError::WrongState(
            "that key is already revoked".into(),
        ));
    }
    let keepers_left = book
        .keys
        .values()
        .filter(|k| &k.id != key && k.revoked.is_none())
        .any(|k| {
            book.people
                .get(&k.person)
                .is_some_and(|p| p.has(Role::Keeper))
        });
    if !keepers_left {
        return Err(LifecycleError::WrongState(
            "no keeper would have a key left to keep the book with".into(),
        ));
    }
    Ok(())
}

/// Apply [`Change::Enrol`]: the key, and the person when new (the founder becomes keeper).
pub(crate) fn apply_enrol(book: &mut Book, e: &Enrolment, stamp: Stamp) -> Result<(), String> {
    let id = e.public.id();
    if book.keys.contains_key(&id) {
        return Err("that key is already enrolled".into());
    }
    let founding = book.signing.founding.is_none();
    let person = book
        .people
        .entry(e.person.id.clone())
        .or_insert_with(|| e.person.clone());
    if founding && !person.has(Role::Keeper) {
        person.roles.push(Role::Keeper);
    }
    book.keys.insert(
        id.clone(),
        DeviceKey {
            id,
            person: e.person.id.clone(),
            public: e.public,
            device: e.device.clone(),
            enrolled: stamp,
            revoked: None,
        },
    );
    Ok(())
}

/// Apply [`Change::Revoke`].
pub(crate) fn apply_revoke(
    book: &mut Book,
    key: &KeyId,
    reason: &str,
    stamp: Stamp,
    event: &EventId,
) -> Result<(), String> {
    let enrolled = book.keys.get_mut(key).ok_or("no such key")?;
    if enrolled.revoked.is_some() {
        return Err("the key is already revoked".into());
    }
    enrolled.revoked = Some(Revocation {
        stamp,
        reason: reason.to_owned(),
        event: event.clone(),
    });
    Ok(())
}

/// How an event was admitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Written before the book was signed.
    Unsigned,
    /// The first keeper's founding enrolment.
    Founding,
    /// Signed by an enrolled key of someone allowed.
    Signed,
}

/// Whether `by` may make `change` in `book`: the rule `decide` applies to a command, applied
/// to an event that arrived from elsewhere.
pub fn authorized(book: &Book, by: &PersonId, change: &Change) -> Result<(), String> {
    let person = book.people.get(by);
    let Some(person) = person else {
        return Err(format!("{by} is nobody registered in this book"));
    };
    if !super::permissions::may_in(book, Some(person), change) {
        return Err(format!(
            "{} may not {}: that needs {}",
            person.name,
            super::describe::action(change),
            super::permissions::roles_text(super::permissions::roles_for(change))
        ));
    }
    if let Change::Release {
        id,
        change: ReleaseChange::DecideApproval { gate, .. },
    } = change
    {
        let next = book
            .releases
            .get(id)
            .and_then(|r| r.round(gate))
            .filter(|r| r.outcome == RoundOutcome::Pending)
            .and_then(|r| r.next().cloned());
        if let Some(next) = next {
            if !may_decide(person, &next) {
                return Err(format!(
                    "{} is not the approver this step of the chain waits for",
                    person.name
                ));
            }
        }
    }
    if let Change::Release {
        id,
        change: ReleaseChange::MarkTask { task, .. },
    } = change
    {
        super::release::runbook::admit_mark(book, person, id, task)?;
    }
    Ok(())
}

/// Whether the book keeps at least one keeper once `change` applies.
pub(crate) fn keeps_a_keeper(book: &Book, change: &Change) -> bool {
    let Change::Person(person) = change else {
        return true;
    };
    if person.has(Role::Keeper) {
        return true;
    }
    book.people
        .values()
        .any(|p| p.id != person.id && p.has(Role::Keeper))
        || book.signing.founding.is_none()
}

/// Events to refuse after a fold that the fold could not see in log order: signed with a key
/// revoked by a keeper who had not seen them, or unsigned and not adopted by the founding.
pub(crate) fn after_fold(book: &Book, events: &[Event]) -> BTreeMap<EventId, String> {
    let revocations: Vec<(&KeyId, &Revocation)> = book
        .keys
        .iter()
        .filter_map(|(id, k)| k.revoked.as_ref().map(|r| (id, r)))
        .collect();
    let unsigned_to_check = book.signing.founding.is_some()
        && events.iter().any(|e| e.sig.is_none() && e.key.is_none());
    if revocations.is_empty() && !unsigned_to_check {
        return BTreeMap::new();
    }
    let rejected: HashSet<&EventId> = book.rejected.iter().map(|r| &r.event).collect();
    let index: HashMap<Hash, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (Hash::of(e), i))
        .collect();
    let position: HashMap<&EventId, usize> =
        events.iter().enumerate().map(|(i, e)| (&e.id, i)).collect();
    let ancestors = |of: &EventId| -> Vec<bool> {
        let mut seen = vec![false; events.len()];
        let mut stack: Vec<usize> = position.get(of).copied().into_iter().collect();
        while let Some(i) = stack.pop() {
            for parent in &events[i].after {
                if let Some(&p) = index.get(parent) {
                    if !seen[p] {
                        seen[p] = true;
                        stack.push(p);
                    }
                }
            }
        }
        seen
    };
    let mut refuse = BTreeMap::new();
    if let (true, Some((founding, stamp))) = (unsigned_to_check, &book.signing.founding) {
        let adopted = ancestors(founding);
        for (i, event) in events.iter().enumerate() {
            if event.sig.is_none() && event.key.is_none() && !adopted[i] {
                refuse.insert(
                    event.id.clone(),
                    format!(
                        "it is not signed, and {} had not seen it when signing began on {}",
                        book.person_name(&stamp.by),
                        crate::domain::schedule::date(stamp.at)
                    ),
                );
            }
        }
    }
    for (key, revocation) in revocations {
        let seen = ancestors(&revocation.event);
        let Some(&at) = position.get(&revocation.event) else {
            continue;
        };
        for (i, event) in events[..at].iter().enumerate() {
            if event.key.as_ref() == Some(key) && !seen[i] && !rejected.contains(&event.id) {
                refuse.insert(
                    event.id.clone(),
                    format!(
                        "it is signed with a key revoked by {} on {} UTC, who had not seen it",
                        book.person_name(&revocation.stamp.by),
                        crate::domain::schedule::minute(revocation.stamp.at)
                    ),
                );
            }
        }
    }
    refuse
}
