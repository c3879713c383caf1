//! The event log: ordered by `(seq, id)`, hash-chained, and mergeable.
//!
//! Every event names the hashes of the log's heads when it was added (`after`), so the log
//! forms a chain (a graph with a few joins once devices merge). The log is the audit trail,
//! the time machine and the unit of sync. Two logs merge by taking the union of their events
//! by id and sorting by `(seq, id)`: the result is the same on every device, whichever side
//! merges, and merging again changes nothing.

use super::event::Event;
use super::ids::EventId;
use crate::domain::order;
use chrono::DateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// The first 128 bits of the SHA-256 of an event's JSON, written as 32 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash(pub [u8; 16]);

impl Hash {
    /// The hash of an event in the chain: the first half of its [`Event::digest`], which
    /// covers everything but the signature (the signature signs the digest).
    pub fn of(event: &Event) -> Hash {
        let digest = event.digest();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Hash(out)
    }

    /// The hash of an event from its JSON text as this app writes it (`serde_json`, compact,
    /// the signature last): the text without its `"sig"` field is the digested form, so the
    /// event need not be serialized again. For text written any other way the result is
    /// simply wrong, so a caller checks with it and falls back to [`Hash::of`].
    pub fn of_event_text(text: &str) -> Hash {
        // `,"sig":"` + 86 base64url characters (64 bytes, unpadded) + `"}`.
        const SIG: usize = 8 + 86 + 2;
        let bytes = text.as_bytes();
        let digest = match bytes.len().checked_sub(SIG) {
            Some(cut) if bytes[cut..].starts_with(b",\"sig\":\"") => {
                let mut hasher = Sha256::new();
                hasher.update(&bytes[..cut]);
                hasher.update(b"}");
                hasher.finalize()
            }
            _ => Sha256::digest(bytes),
        };
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Hash(out)
    }

    /// The hash of any bytes (storage uses it as a snapshot checksum).
    pub fn of_bytes(bytes: &[u8]) -> Hash {
        let digest = Sha256::digest(bytes);
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Hash(out)
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return Err(serde::de::Error::custom("a hash has 32 hex digits"));
        }
        let mut out = [0u8; 16];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let digits = std::str::from_utf8(pair).map_err(serde::de::Error::custom)?;
            out[i] = u8::from_str_radix(digits, 16)
                .map_err(|_| serde::de::Error::custom("a hash has 32 hex digits"))?;
        }
        Ok(Hash(out))
    }
}

/// Hashing for maps keyed by [`Hash`]: the key is already a cryptographic digest, so its
/// first eight bytes are a good hash as they are.
#[derive(Clone, Copy, Default)]
struct HashHasher;

impl std::hash::BuildHasher for HashHasher {
    type Hasher = DigestHasher;
    fn build_hasher(&self) -> DigestHasher {
        DigestHasher(0)
    }
}

/// See [`HashHasher`].
#[derive(Default)]
struct DigestHasher(u64);

impl std::hash::Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for (i, b) in bytes.iter().take(8).enumerate() {
            self.0 ^= u64::from(*b) << (8 * i);
        }
    }
}

/// Where the hash chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// Position in the log (0-based).
    pub index: usize,
    /// The event there.
    pub event: EventId,
    /// What is wrong, in words.
    pub problem: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event {} (number {}): {}",
            super::limits::quoted(&self.event.0),
            self.index + 1,
            self.problem
        )
    }
}

/// Two logs hold different events under the same id, so they cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdClash(pub EventId);

impl fmt::Display for IdClash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "both books hold an event {} but with different contents; one of them was altered",
            super::limits::quoted(&self.0 .0)
        )
    }
}

/// An ordered, hash-chained event log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    events: Vec<Event>,
    heads: Vec<Hash>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// A log from events already in log order with their recorded heads, as read from a
    /// document or from storage. Check it with [`Log::verify`].
    pub fn from_parts(events: Vec<Event>, heads: Vec<Hash>) -> Self {
        Log { events, heads }
    }

    /// A log from events in log order, with heads worked out from the events themselves:
    /// those no other event follows. Used for events stored without their heads.
    pub fn from_events(events: Vec<Event>) -> Self {
        let followed: HashSet<&Hash> = events.iter().flat_map(|e| &e.after).collect();
        let heads: BTreeSet<Hash> = order::set(
            events
                .iter()
                .map(Hash::of)
                .filter(|h| !followed.contains(h)),
        );
        Log {
            heads: heads.into_iter().collect(),
            events,
        }
    }

    /// The events, in log order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The hashes of the events nothing follows yet (one, or several after a merge).
    pub fn heads(&self) -> &[Hash] {
        &self.heads
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// No events yet.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Give the events their place (sequence number and the hashes they follow) and add them.
    /// Returns the added events as recorded.
    pub fn append(&mut self, events: Vec<Event>) -> &[Event] {
        let start = self.events.len();
        let placed = self.place(events);
        self.extend_placed(placed);
        &self.events[start..]
    }

    /// Give the events the place they would take at the end of this log, without adding
    /// them: what storage writes before the log in memory changes.
    pub fn place(&self, events: Vec<Event>) -> Vec<Event> {
        let mut seq = self.events.last().map_or(0, |e| e.seq);
        let mut heads = self.heads.clone();
        events
            .into_iter()
            .map(|mut event| {
                // Never wraps to 0: past the last place a book holds, the fold refuses the
                // event and `Engine::prepare` refuses the change (see `limits`).
                seq = seq.saturating_add(1);
                event.seq = seq;
                // Documents keep time to the millisecond; keep no finer, so that an event
                // read back from a document or another device is the very event recorded.
                event.at = DateTime::from_timestamp_millis(event.at.timestamp_millis())
                    .unwrap_or(event.at);
                event.after = std::mem::take(&mut heads);
                heads = vec![Hash::of(&event)];
                event
            })
            .collect()
    }

    /// Add events that [`Log::place`] placed at the end of this log.
    pub fn extend_placed(&mut self, events: Vec<Event>) {
        if let Some(last) = events.last() {
            self.heads = vec![Hash::of(last)];
        }
        self.events.extend(events);
    }

    /// The union of two logs, in `(seq, id)` order. Commutative, associative and idempotent.
    pub fn merge(&self, other: &Log) -> Result<Log, IdClash> {
        let mut by_id: HashMap<&EventId, &Event> = HashMap::with_capacity(self.len() + other.len());
        for event in self.events.iter().chain(&other.events) {
            if let Some(existing) = by_id.insert(&event.id, event) {
                if existing != event {
                    return Err(IdClash(event.id.clone()));
                }
            }
        }
        let mut events: Vec<Event> = by_id.into_values().cloned().collect();
        order::sort_by(&mut events, |a, b| (a.seq, &a.id).cmp(&(b.seq, &b.id)));
        // A head of the union is a head of one side that no event of either side follows.
        let followed: HashSet<&Hash> = events.iter().flat_map(|e| &e.after).collect();
        let heads: BTreeSet<Hash> = order::set(
            self.heads
                .iter()
                .chain(&other.heads)
                .filter(|h| !followed.contains(h))
                .copied(),
        );
        Ok(Log {
            heads: heads.into_iter().collect(),
            events,
        })
    }

    /// Check the whole chain; name the first broken link.
    pub fn verify(&self) -> Result<(), BrokenLink> {
        self.verify_with(|_, event| Hash::of(event))
    }

    /// Check the chain with each event's hash already known (a reader that hashed the bytes
    /// as they came in). Falls back to [`Log::verify`] when a link does not match, so a
    /// document that was only reformatted still verifies.
    pub fn verify_hashed(&self, hashes: &[Hash]) -> Result<(), BrokenLink> {
        if hashes.len() == self.events.len() && self.verify_with(|i, _| hashes[i]).is_ok() {
            return Ok(());
        }
        self.verify()
    }

    fn verify_with(&self, hash: impl Fn(usize, &Event) -> Hash) -> Result<(), BrokenLink> {
        let n = self.events.len();
        let mut seen: HashMap<Hash, usize, HashHasher> =
            HashMap::with_capacity_and_hasher(n, HashHasher);
        let mut ids: HashSet<&EventId> = HashSet::with_capacity(n);
        let mut followed: HashSet<Hash, HashHasher> =
            HashSet::with_capacity_and_hasher(n, HashHasher);
        let broken = |index: usize, problem: String| BrokenLink {
            index,
            event: self.events[index].id.clone(),
            problem,
        };
        for (index, event) in self.events.iter().enumerate() {
            if let Some(previous) = index.checked_sub(1).map(|i| &self.events[i]) {
                if (previous.seq, &previous.id) >= (event.seq, &event.id) {
                    return Err(broken(index, "it is out of order".into()));
                }
            }
            if !ids.insert(&event.id) {
                return Err(broken(index, "its id appears twice".into()));
            }
            if index > 0 && event.after.is_empty() {
                return Err(broken(
                    index,
                    "it does not name the events it follows".into(),
                ));
            }
            for parent in &event.after {
                if !seen.contains_key(parent) {
                    return Err(broken(
                        index,
                        "it follows an event that is not in the log: an earlier event was changed or removed".into(),
                    ));
                }
                followed.insert(*parent);
            }
            seen.insert(hash(index, event), index);
        }
        if let Some(missing) = self.heads.iter().find(|h| !seen.contains_key(h)) {
            let index = self.events.len().saturating_sub(1);
            return Err(BrokenLink {
                index,
                event: self
                    .events
                    .get(index)
                    .map(|e| e.id.clone())
                    .unwrap_or_default(),
                problem: format!("the log's last event ({missing}) is missing or was changed"),
            });
        }
        // Every event is followed by a later one or is a recorded head; otherwise it changed.
        let heads: HashSet<&Hash> = self.heads.iter().collect();
        let loose = seen
            .iter()
            .filter(|(hash, _)| !followed.contains(*hash) && !heads.contains(hash))
            .map(|(_, index)| *index)
            .min();
        if let Some(index) = loose {
            return Err(broken(
                index,
                "its contents were changed after it was recorded".into(),
            ));
        }
        Ok(())
    }

    /// The first `len` events as a log of their own. A prefix is closed under `after` (an
    /// event only follows earlier ones), so its chain verifies by itself.
    pub fn prefix(&self, len: usize) -> Log {
        Log::from_events(self.events[..len.min(self.events.len())].to_vec())
    }

    /// The position of an event, by id.
    pub fn position(&self, id: &EventId) -> Option<usize> {
        self.events.iter().position(|e| &e.id == id)
    }
}
