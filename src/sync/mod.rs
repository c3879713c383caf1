//! Sharing the release book through a static file host: remote documents over plain HTTP.
//!
//! The merge itself lives in [`crate::domain`]; this module will own the remote layout
//! (device segments and manifest) and the HTTP exchange.
