//! Sharing the release book through a static file host: the remote layout and the exchange.
//!
//! Each device writes only its own immutable, content-addressed event segments and its own
//! index of them; a small shared manifest lists the devices, and every sync re-checks and
//! repairs it. So no device can erase another's events, even on a server that ignores
//! `If-Match`. The design and its failure analysis are in `docs/sync.md`.
//!
//! - [`layout`]: the remote files (manifest, device index, segment), their paths, and how each
//!   is written and checked before anything in it is used.
//! - [`remote`]: the [`Remote`] a transport implements (GET and conditional PUT) and
//!   [`SyncError`].
//! - [`exchange`]: [`pull`], [`push`] and [`sync`], with the [`SyncState`] a device keeps.
//! - [`http`]: what HTTP statuses and addresses mean to a transport; `fetch` (browser
//!   only): `FetchRemote`, the transport over `fetch`.
//! - `meta` (browser only): this device's sync id and what it keeps between syncs, in
//!   IndexedDB through storage.
//! - [`sealed`]: private books — [`sealed::Sealed`], a [`Remote`] that seals what it writes
//!   and opens what it reads under the book's key; `crypt` (browser only): its WebCrypto
//!   cipher (AES-256-GCM, PBKDF2) and the keys kept on this device.
//! - [`memory`]: an in-memory server (honouring or ignoring `If-Match`, sending weak ETags,
//!   or behind a cache that serves older copies) for tests.
//!
//! Merging logs is the domain's job ([`crate::domain::Engine::incoming`]); apart from the
//! browser-only `fetch` and `meta`, nothing here reads the clock, draws random numbers or
//! names the browser.

#[cfg(target_arch = "wasm32")]
pub mod crypt;
pub mod exchange;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod http;
pub mod layout;
pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod meta;
pub mod remote;
pub mod sealed;

pub use exchange::{
    pull, pull_setting_aside, push, push_as, sync, Pulled, Pushed, SyncReport, SyncState,
};
pub use layout::Publication;
pub use remote::{Credentials, Got, Precondition, Put, Remote, SyncError};
