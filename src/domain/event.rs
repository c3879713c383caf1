//! The event: one accepted change, with who made it, when, and its place in the log.

use super::change::Change;
use super::ids::{EventId, PersonId};
use super::log::Hash;
use super::trust::{KeyId, Signature};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One accepted change. The log orders events by `(seq, id)`; `after` names the hashes of
/// the log's last events when this one was added (one, or several after a merge), which
/// chains the log so that any edit, removal or reordering shows. `key` and `sig` prove who
/// made it (see `trust`); events written before signing have neither.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unique across every device.
    pub id: EventId,
    /// Lamport sequence: one more than the highest the device had seen. Set by the log.
    #[serde(default)]
    pub seq: u64,
    /// When it happened, as the actor's clock said (milliseconds since 1970 in JSON).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
    /// Who did it.
    pub by: PersonId,
    /// The hashes of the events it follows. Set by the log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<Hash>,
    /// What changed.
    pub what: Change,
    /// The device key that signed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyId>,
    /// The Ed25519 signature of [`Event::digest`] by that key. Always last in the JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<Signature>,
}

/// What the digest covers: the event without its signature, in the one canonical form (the
/// field order above, serde_json's escaping, no spaces). An event read from any JSON is
/// hashed in this form, so every device computes the same digest for it.
#[derive(Serialize)]
struct Body<'a> {
    id: &'a EventId,
    seq: u64,
    #[serde(with = "chrono::serde::ts_milliseconds")]
    at: DateTime<Utc>,
    by: &'a PersonId,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    after: &'a Vec<Hash>,
    what: &'a Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: &'a Option<KeyId>,
}

impl Event {
    /// The canonical bytes of the event without its signature.
    pub fn body(&self) -> Vec<u8> {
        // Serializing plain structs and vectors cannot fail; fall back to an empty input
        // rather than panic, which would only make verification report a broken link.
        serde_json::to_vec(&Body {
            id: &self.id,
            seq: self.seq,
            at: self.at,
            by: &self.by,
            after: &self.after,
            what: &self.what,
            key: &self.key,
        })
        .unwrap_or_default()
    }

    /// The SHA-256 of [`Event::body`]: what the signature signs; its first half is the
    /// event's [`Hash`] in the chain.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.body()).into()
    }
}
