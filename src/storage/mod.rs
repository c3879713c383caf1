//! Keeping the release book in the browser: the event log in IndexedDB, small preferences
//! in localStorage (through gloo-storage). This module owns the stored schema version and
//! every migration.

pub mod prefs;
