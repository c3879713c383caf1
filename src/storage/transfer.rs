//! Export and import of the whole book as the versioned JSON document.
//!
//! An import is checked completely before anything is written: its size, that it is JSON,
//! that it is a Release Desk book of a version this app reads, its structure and its hash
//! chain. It is then merged into the current book through the domain's merge (never a blind
//! overwrite) and the new events are written in one transaction. A refused file changes
//! nothing.

use super::error::StorageError;
use crate::domain::limits::quoted;
use crate::domain::schedule::date;
use crate::domain::{Document, DocumentError, Engine, IdClash, Incoming, Log};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The largest file an import reads.
pub const MAX_IMPORT_BYTES: f64 = 50_000_000.0;

/// Why an import was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file is over [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: u64,
    },
    /// The file could not be read.
    Unreadable(String),
    /// The document is not a valid book.
    Document(DocumentError),
    /// The file and this book disagree about an event.
    Clash(IdClash),
    /// An event of the file is beyond what a book can hold (see `domain::limits`).
    Beyond(String),
    /// The file is another book: it began with another first event.
    OtherBook {
        /// The file's book, described (its quoted name, when it began).
        file: String,
        /// This book, described.
        here: String,
        /// The file's log, checked, for a read-only look at it.
        log: Box<Log>,
    },
    /// Writing the merged events failed.
    Storage(StorageError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "This file is {} and the largest book Release Desk imports is {}. Nothing was imported.",
                super::health::bytes(*bytes as f64),
                super::health::bytes(MAX_IMPORT_BYTES)
            ),
            ImportError::Unreadable(why) => write!(f, "The file could not be read ({why}). Nothing was imported."),
            ImportError::Document(error) => write!(f, "{error} Nothing was imported."),
            ImportError::Clash(clash) => write!(f, "The file cannot be merged: {clash}. Nothing was imported."),
            ImportError::Beyond(why) => write!(f, "This file cannot be taken in: {why}. Nothing was imported."),
            ImportError::OtherBook { file, here, .. } => write!(f, "This file is the book {file}, not this one ({here}). Nothing was imported."),
            ImportError::Storage(error) => write!(f, "{error}"),
        }
    }
}

/// Check a document's text and merge it into a copy of `engine` (the book named `name`).
/// A file of another book (one that began with another first event) is refused: merged,
/// it would join two books that every other device could no longer sync.
pub fn prepare_import(engine: &Engine, name: &str, text: &str) -> Result<Incoming, ImportError> {
    if text.len() as f64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len() as u64,
        });
    }
    let (document, log) = Document::from_json(text).map_err(ImportError::Document)?;
    if engine.began_apart(&log) {
        return Err(ImportError::OtherBook {
            file: describe(&document.name, &log),
            here: describe(name, engine.log()),
            log: Box::new(log),
        });
    }
    if let Some(why) = crate::domain::limits::beyond_last_place(log.events()) {
        return Err(ImportError::Beyond(why));
    }
    engine.incoming(&log).map_err(ImportError::Clash)
}

/// “Name”, begun on 2027-01-04 (its first event).
fn describe(name: &str, log: &Log) -> String {
    let name = if name.trim().is_empty() {
        "without a name".to_owned()
    } else {
        quoted(name.trim())
    };
    match log.events().first() {
        Some(first) => format!("{name}, begun on {}", date(first.at)),
        None => name,
    }
}

/// Read a chosen file as text, refusing files over the size limit before reading them.
pub async fn read_file(file: &web_sys::File) -> Result<String, ImportError> {
    let size = file.size();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: size as u64 });
    }
    let text = JsFuture::from(file.text()).await.map_err(|e| {
        ImportError::Unreadable(
            e.as_string()
                .unwrap_or_else(|| "the browser refused".into()),
        )
    })?;
    text.as_string()
        .ok_or_else(|| ImportError::Unreadable("not text".into()))
}

/// Offer `text` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// The whole book as a document's JSON text.
pub fn export(name: &str, engine: &Engine) -> String {
    Document::new(name, engine.log()).to_json()
}
