//! The JSON document format, version 1: a whole release book as one file, for export,
//! import and sync. Described with an example in `docs/format.md`.
//!
//! Reading never panics, whatever the input: every problem becomes a [`DocumentError`] that
//! says what is wrong in words a person understands.

use super::event::Event;
use super::log::{BrokenLink, Hash, Log};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// The `format` field every Release Desk book carries.
pub const FORMAT: &str = "release-desk/book";
/// The document version this code writes, and the newest it reads.
pub const VERSION: u32 = 4;

/// A book as written to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`FORMAT`].
    pub format: String,
    /// The document version, [`VERSION`] for this code.
    pub version: u32,
    /// The book's name, e.g. "Retail IT release book".
    #[serde(default)]
    pub name: String,
    /// The hashes of the log's last events, which anchor the chain.
    #[serde(default)]
    pub heads: Vec<Hash>,
    /// Every event, in log order.
    pub events: Vec<Event>,
}

/// Why a document cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// The text is not JSON at all (or is cut short).
    NotJson(String),
    /// It is JSON, but not a Release Desk book.
    NotABook,
    /// A newer Release Desk wrote it.
    TooNew(u32),
    /// It is a Release Desk book, but a part of it is malformed.
    Malformed(String),
    /// The hash chain is broken: the file was altered.
    Tampered(BrokenLink),
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::NotJson(detail) => write!(f, "This file is not a readable JSON document ({detail}). It may be cut short or not a Release Desk export."),
            DocumentError::NotABook => write!(f, "This JSON file is not a Release Desk book (it has no \"format\": \"{FORMAT}\")."),
            DocumentError::TooNew(version) => write!(f, "This book was written by a newer Release Desk (format version {version}); this app reads version {VERSION}. Update the app, then open it again."),
            DocumentError::Malformed(detail) => write!(f, "This Release Desk book is damaged: {detail}."),
            DocumentError::Tampered(link) => write!(f, "This book's audit chain is broken at {link}. It was altered after export, so it was not loaded."),
        }
    }
}

/// Only the fields needed to decide whether to read the rest.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
}

impl Document {
    /// A document holding `log`.
    pub fn new(name: impl Into<String>, log: &Log) -> Self {
        Document {
            format: FORMAT.to_owned(),
            version: VERSION,
            name: name.into(),
            heads: log.heads().to_vec(),
            events: log.events().to_vec(),
        }
    }

    /// Write as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read a document and check its hash chain. Each event is hashed from its bytes as
    /// they stand in the text, so verification does not write the events out again.
    pub fn from_json(text: &str) -> Result<(Document, Log), DocumentError> {
        let raw: RawDocument<'_> = serde_json::from_str(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                DocumentError::NotJson(detail(&e))
            } else {
                classify(text, e)
            }
        })?;
        if raw.format.as_deref() != Some(FORMAT) {
            return Err(DocumentError::NotABook);
        }
        match raw.version {
            // Version 1 is version 2 without signatures: the same events, the same hashes;
            // versions 3 and 4 add changes and optional fields that older versions never hold.
            Some(1..=3 | VERSION) => {}
            Some(newer) if newer > VERSION => return Err(DocumentError::TooNew(newer)),
            Some(other) => {
                return Err(DocumentError::Malformed(format!(
                    "unknown format version {other}"
                )))
            }
            None => return Err(DocumentError::Malformed("it has no format version".into())),
        }
        let raw_events = raw
            .events
            .ok_or_else(|| DocumentError::Malformed("it has no list of events".into()))?;
        let mut events = Vec::with_capacity(raw_events.len());
        let mut hashes = Vec::with_capacity(raw_events.len());
        for (index, event) in raw_events.iter().enumerate() {
            let parsed: Event = serde_json::from_str(event.get()).map_err(|e| {
                DocumentError::Malformed(format!(
                    "event number {} is not valid: {}",
                    index + 1,
                    detail(&e)
                ))
            })?;
            hashes.push(Hash::of_event_text(event.get()));
            events.push(parsed);
        }
        let log = Log::from_parts(events, raw.heads.clone());
        log.verify_hashed(&hashes)
            .map_err(DocumentError::Tampered)?;
        let document = Document {
            format: FORMAT.to_owned(),
            version: VERSION,
            name: raw.name,
            heads: raw.heads,
            events: Vec::new(),
        };
        Ok((document, log))
    }
}

/// A document with its events left as raw JSON, so each can be hashed as written.
#[derive(Deserialize)]
struct RawDocument<'a> {
    format: Option<String>,
    version: Option<u32>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    heads: Vec<Hash>,
    #[serde(borrow, default)]
    events: Option<Vec<&'a RawValue>>,
}

/// A JSON value that is not a book's shape: a book with a bad field, or no book at all.
fn classify(text: &str, error: serde_json::Error) -> DocumentError {
    match serde_json::from_str::<Header>(text) {
        Ok(header) if header.format.as_deref() == Some(FORMAT) => {
            DocumentError::Malformed(detail(&error))
        }
        _ => DocumentError::NotABook,
    }
}

/// A reader's error as a message says it: serde quotes the offending text, which comes
/// from the file, so at most a short excerpt of it is kept.
fn detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let limit = 3 * super::limits::QUOTE_CHARS;
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
