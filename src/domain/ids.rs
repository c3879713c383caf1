//! Identifiers: short strings chosen by whoever creates the thing, unique within a book.
//!
//! Releases and the records inside a release take the id of the event that created them, so
//! two laptops working offline never hand out the same id. Catalogue entries (services,
//! environments, configuration items, people) carry ids the person chose, such as `payments`.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

id_type! {
    /// One event in the log; unique across every device that shares the book.
    EventId,
    /// A release (release package); the id of the event that created it.
    ReleaseId,
    /// An IT service releases are made for.
    ServiceId,
    /// A target environment such as Test, Staging or Production.
    EnvironmentId,
    /// A configuration item in the catalogue.
    CiId,
    /// A person who uses the book.
    PersonId,
    /// A record inside a release: a risk, a wave, a criterion, a test run and so on.
    ItemId,
    /// A task of a runbook: stable across its revisions ("T12", the CSV id).
    TaskId,
}

impl EventId {
    /// The id of the `n`-th event produced by one command: the command's id for the first,
    /// then `id.1`, `id.2` and so on.
    pub fn nth(&self, n: usize) -> EventId {
        if n == 0 {
            self.clone()
        } else {
            EventId(format!("{}.{n}", self.0))
        }
    }
}

impl From<&EventId> for ReleaseId {
    fn from(id: &EventId) -> Self {
        ReleaseId(id.0.clone())
    }
}

impl From<&EventId> for ItemId {
    fn from(id: &EventId) -> Self {
        ItemId(id.0.clone())
    }
}
