//! Release Desk: an ITIL release and deployment manager that runs entirely in the browser.
//!
//! Crate map:
//! - [`domain`]: the release lifecycle as pure, event-sourced Rust. No browser, no clock, no IO:
//!   time, ids and the acting person come in as arguments, so it runs and is tested natively.
//! - `storage` (wasm only): IndexedDB for the event log, localStorage for small preferences.
//! - [`demo`]: demo and test books, built through the domain's commands.
//! - [`sync`]: sharing the release book through a static file host.
//! - `ui` (wasm only): the Leptos app shell, pages and components.

pub mod demo;
pub mod domain;
pub mod sync;

#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
