//! `StorageError`: what went wrong keeping the book in this browser, and what to do next.

use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// A failure of the browser's storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// IndexedDB is missing or refused (private browsing, storage disabled by policy).
    Unavailable(String),
    /// The browser's storage quota for this site is used up.
    QuotaExceeded,
    /// The stored book was written by a newer Release Desk.
    NewerVersion {
        /// The stored schema version.
        found: u32,
    },
    /// Another tab holds the book open with an older version and did not let go.
    Blocked,
    /// The connection was closed because another tab upgraded the book.
    Closed,
    /// A stored record could not be read.
    Corrupt(String),
    /// Any other failure of an operation.
    Failed {
        /// What was being done.
        operation: &'static str,
        /// The browser's error name, e.g. `AbortError`.
        name: String,
        /// The browser's message.
        message: String,
    },
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(f, "This browser does not let Release Desk store data ({why}). Private windows and some privacy settings block it: open the app in a normal window, or allow site data for it."),
            StorageError::QuotaExceeded => write!(f, "The browser's storage for this site is full, so the change was not saved. Export the book, free space (or allow more storage), then try again."),
            StorageError::NewerVersion { found } => write!(f, "This book was stored by a newer Release Desk (storage version {found}). This version will not touch it: update the app, or export what is stored."),
            StorageError::Blocked => write!(f, "Another Release Desk tab is still using the older stored book. Close or reload the other tabs to finish the upgrade."),
            StorageError::Closed => write!(f, "Another tab upgraded Release Desk, so this tab stopped saving. Reload this tab to continue."),
            StorageError::Corrupt(what) => write!(f, "A stored record could not be read ({what}). Export the book and report the problem."),
            StorageError::Failed { operation, name, message } => write!(f, "Could not {operation}: {name} {message}. Nothing was changed; try again."),
        }
    }
}

impl std::error::Error for StorageError {}

impl StorageError {
    /// Classify a browser error raised while doing `operation`.
    pub fn from_js(operation: &'static str, error: &JsValue) -> Self {
        let (name, message) = match error.dyn_ref::<web_sys::DomException>() {
            Some(e) => (e.name(), e.message()),
            None => match error.dyn_ref::<js_sys::Error>() {
                Some(e) => (String::from(e.name()), String::from(e.message())),
                None => ("Error".to_owned(), error.as_string().unwrap_or_default()),
            },
        };
        Self::from_name(operation, name, message)
    }

    /// Classify a browser error by its name.
    pub fn from_name(operation: &'static str, name: String, message: String) -> Self {
        match name.as_str() {
            "QuotaExceededError" => StorageError::QuotaExceeded,
            "InvalidStateError" if message.contains("closing") || message.contains("closed") => {
                StorageError::Closed
            }
            "SecurityError" => StorageError::Unavailable(message),
            _ => StorageError::Failed {
                operation,
                name,
                message,
            },
        }
    }
}
