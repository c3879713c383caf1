//! The Leptos app shell: the navigation frame, the pages behind it and the reactive state
//! they share. Views read domain values through signals; they never hold domain logic.
//!
//! - [`shell`]: the [`App`] root: header, navigation, the current page.
//! - [`route`]: the pages of the navigation frame and their `#/…` addresses.
//! - [`act`]: [`Act`](act::Act), one form's command with its busy, saved and refused states.
//! - [`desk`]: [`Desk`](desk::Desk), the release book in this tab and the one way to change it.
//! - [`state`]: [`AppState`], the one context every page reads.
//! - [`components`]: pieces shared by pages (the navigation bar).
//! - [`kit`]: the form kit ([`Field`](kit::Field), [`RecordForm`](kit::RecordForm), [`When`](kit::When) …).
//! - [`pages`]: one page a file.
//! - [`published`]: the published, read-only view (`?book=<url>`).

pub mod act;
pub mod components;
pub mod desk;
pub mod kit;
pub mod pages;
pub mod published;
pub mod route;
pub mod shell;
pub mod state;

pub use shell::App;
pub use state::AppState;
