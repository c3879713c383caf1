//! Keeping the release book in the browser: the event log in IndexedDB, small preferences
//! in localStorage (through gloo-storage). This module owns the stored schema version and
//! every migration.
//!
//! - [`store`]: the event store (commit, load with snapshot, read another tab's events).
//! - [`schema`]: the schema version, object stores and migrations.
//! - [`idb`]: IndexedDB requests and transactions as futures.
//! - [`tabs`]: several tabs on one book (BroadcastChannel).
//! - [`health`]: persistence, usage and quota.
//! - [`transfer`]: export and import of the versioned JSON document.
//! - [`prefs`]: small preferences in localStorage; never release data.
//! - [`error`]: [`StorageError`], what went wrong and what to do next.
//! - [`webcrypto`]: the WebCrypto glue the keys, the secrets and private books share.

pub mod error;
pub mod health;
pub mod idb;
pub mod keys;
pub mod prefs;
pub mod schema;
pub mod secrets;
pub mod store;
pub mod tabs;
pub mod timing;
pub mod transfer;
pub mod webcrypto;

pub use error::StorageError;
pub use store::{Loaded, Snapshot, Store};
