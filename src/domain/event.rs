//! The event: one accepted change, with who made it, when, and its place in the log.

use super::change::Change;
use super::ids::{EventId, PersonId};
use super::log::Hash;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One accepted change. The log orders events by `(seq, id)`; `after` names the hashes of
/// the log's last events when this one was added (one, or several after a merge), which
/// chains the log so that any edit, removal or reordering shows.
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
}
