//! What a transport offers the exchange: GET with `If-None-Match`, PUT with a precondition,
//! and the technical [`SyncError`] that says what to do next.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The answer to a GET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Got {
    /// 200: the body and its ETag, when the server sends one.
    Ok {
        /// The document as text.
        body: String,
        /// The server's ETag, exactly as sent (quotes included).
        etag: Option<String>,
    },
    /// 304: unchanged since the ETag given.
    NotModified,
    /// 404 (or 410): there is no such file.
    NotFound,
}

/// The condition a PUT is made on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// Unconditional.
    None,
    /// `If-Match: <etag>`: only over the version last seen.
    IfMatch(String),
    /// `If-None-Match: *`: only if the file does not exist yet.
    IfNoneMatch,
}

/// The answer to a PUT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Put {
    /// 200, 201 or 204: written. The ETag when the server sends one.
    Done(Option<String>),
    /// 412: the precondition failed; someone else wrote the file.
    PreconditionFailed,
}

/// A static file host under one base address, as the exchange sees it. Paths are relative
/// to the base (`manifest.json`). A transport maps HTTP statuses onto [`Got`], [`Put`] and
/// [`SyncError`]; the exchange handles 304, 404 and 412 itself.
// `async fn` in a public trait cannot promise `Send` futures; none is wanted: the browser's
// fetch futures are single-threaded, and so is everything that drives them.
#[allow(async_fn_in_trait)]
pub trait Remote {
    /// GET `path`, with `If-None-Match: <etag>` when one is given.
    async fn get(&self, path: &str, if_none_match: Option<&str>) -> Result<Got, SyncError>;
    /// PUT `body` (JSON) at `path` on `precondition`.
    async fn put(
        &self,
        path: &str,
        body: &str,
        precondition: Precondition,
    ) -> Result<Put, SyncError>;
}

/// Why a sync did not complete. Technical, and each says what to do next. When a sync fails
/// the local book is as it was before the step that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// No answer: offline, a wrong address, or the host refused the connection (a browser
    /// also reports a CORS refusal this way).
    Unreachable(String),
    /// 401 or 403: the credentials are missing, wrong, or may not write here.
    Credentials(u16),
    /// 404 where a file must exist, or a PUT refused because the folder does not exist.
    NotFound(String),
    /// 409 or 412 on `path` still, after this many attempts: others keep writing.
    Conflict {
        /// The file.
        path: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// 5xx: the host failed.
    Server(u16),
    /// Any other unexpected status.
    Status(u16),
    /// The host did not answer in time.
    Timeout,
    /// A remote file does not read: cut short, not JSON, or not the expected kind.
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// A remote file reads but was altered: its hash, its events or their chain do not match.
    Tampered {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// A newer Release Desk wrote this remote file.
    TooNew {
        /// The file.
        path: String,
        /// Its format version.
        version: u32,
    },
    /// The shared book and this device's book began apart (each has its own first event),
    /// so they are two books, not two copies of one.
    DifferentBook,
    /// The device id cannot name remote files.
    BadDevice(String),
    /// 503 (or 429): the host is busy and asked to be tried again later, after this many
    /// seconds when it said.
    Busy {
        /// The `Retry-After` it sent, in seconds.
        retry_after: Option<u32>,
    },
    /// The host answers, but not to this app: it does not allow the app's origin (CORS).
    Cors {
        /// The app's origin, which the host must allow.
        origin: String,
    },
    /// This device is offline.
    Offline,
    /// The remote's address cannot be used.
    BadAddress(String),
    /// A remote file is larger than this app reads (`layout::cap_of`); it was not read.
    TooLarge {
        /// The file.
        path: String,
        /// The cap, in bytes.
        cap: u64,
    },
    /// A remote file lists more devices or segments than this app takes.
    TooMany {
        /// The file.
        path: String,
        /// What it lists: "devices" or "segments".
        what: String,
        /// The most this app takes.
        cap: usize,
    },
    /// The host redirected a request to another origin; nothing was sent there.
    Redirected {
        /// The other origin.
        to: String,
    },
    /// The host, or a cache in front of it, answered with an older copy of a file.
    Stale {
        /// The file.
        path: String,
    },
    /// Requests in a row went unanswered: the connection to the host is stuck.
    Stuck {
        /// How many timed out in a row.
        timeouts: u32,
    },
    /// The book is private (its files are sealed) and this device holds no key for it.
    Private,
    /// None of this device's keys opens the book: the key was changed by a keeper, or the
    /// link or passphrase is another book's.
    WrongKey,
    /// A private book's file came unsealed: the host, or someone who can write to it,
    /// replaced it (a downgrade).
    NotSealed(String),
    /// A book key or passphrase cannot be used: why.
    BadKey(String),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Unreachable(detail) => write!(f, "The sync host could not be reached ({detail}). Check the address and your connection, and that the host allows this app's origin (CORS); then sync again."),
            SyncError::Credentials(status) => write!(f, "The sync host refused the credentials ({status}). Check the user name, password or token, and that they may write to this address."),
            SyncError::NotFound(path) => write!(f, "The sync host has no {path}. Check the address; publish the book there if it is new."),
            SyncError::Conflict { path, attempts } => write!(f, "Others kept changing {path} on the sync host ({attempts} attempts). Nothing was lost; sync again in a moment."),
            SyncError::Server(status) => write!(f, "The sync host failed ({status}). Nothing was lost; sync again later, or tell whoever runs the host if it persists."),
            SyncError::Status(status) => write!(f, "The sync host answered with an unexpected status {status}. Check the address points at a plain file host."),
            SyncError::Timeout => write!(f, "The sync host did not answer in time. Nothing was lost; sync again when the connection is better."),
            SyncError::Malformed { path, detail } => write!(f, "The shared file {path} is damaged ({detail}). It was refused and nothing changed here; sync again, and if it persists ask the device that wrote it to sync."),
            SyncError::Tampered { path, detail } => write!(f, "The shared file {path} was altered ({detail}). It was refused and nothing changed here; the host's copy needs checking."),
            SyncError::TooNew { path, version } => write!(f, "The shared file {path} was written by a newer Release Desk (format version {version}). Update the app, then sync again."),
            SyncError::DifferentBook => write!(f, "The book on the sync host is a different book from the one on this device: they began apart and cannot be merged. Nothing changed here. Sync an empty book to take the shared one, or publish this one at another address."),
            SyncError::Busy { retry_after: Some(secs) } => write!(f, "The sync host is busy and asked to be tried again in {secs} s. Nothing was lost; sync again then."),
            SyncError::Busy { retry_after: None } => write!(f, "The sync host is busy (503). Nothing was lost; sync again in a moment."),
            SyncError::Cors { origin } => write!(f, "The sync host answers, but does not let this app ({origin}) read or write (CORS). Whoever runs the host must send, for this address: Access-Control-Allow-Origin: {origin}; Access-Control-Allow-Methods: GET, PUT, OPTIONS, HEAD; Access-Control-Allow-Headers: Authorization, Content-Type, If-Match, If-None-Match; Access-Control-Expose-Headers: ETag, Retry-After."),
            SyncError::Offline => write!(f, "This device is offline. Your changes are kept here and go up at the next sync."),
            SyncError::BadAddress(why) => write!(f, "The sync address cannot be used: {why}."),
            SyncError::BadDevice(device) => write!(f, "This device's id \"{device}\" cannot name files on the sync host: use 1 to 64 letters, digits, '-' or '_'."),
            SyncError::TooLarge { path, cap } => write!(f, "The shared file {path} is larger than {} MB, the most this app reads for it. It was not read and nothing changed here; the host's copy needs checking.", cap >> 20),
            SyncError::TooMany { path, what, cap } => write!(f, "The shared file {path} lists more than {cap} {what}, the most this app takes. It was refused and nothing changed here; the host's copy needs checking."),
            SyncError::Redirected { to } => write!(f, "The sync host redirected to another site ({to}); nothing was sent there. Check the sync address: if the book moved, enter its new address."),
            SyncError::Stale { path } => write!(f, "The host or a cache in front of it served an older copy of {path}. Nothing was lost; sync again in a minute."),
            SyncError::Stuck { timeouts } => write!(f, "The sync host stopped answering ({timeouts} requests in a row timed out). Nothing was lost. Reload the page, then sync again; if it persists, check the host (some WebDAV servers leave the browser's CORS check unanswered; see the hosting notes)."),
            SyncError::Private => write!(f, "This book is private: its files on the host are encrypted. Open the invitation link a teammate sent you, or enter the team passphrase, then sync again."),
            SyncError::WrongKey => write!(f, "The key does not open this book: its files are locked with another key (a keeper may have changed it, or the link or passphrase is another book's). Open the newest invitation link, or enter the team passphrase, then sync again. Nothing changed here."),
            SyncError::NotSealed(path) => write!(f, "The shared file {path} came unencrypted, but this book is private: no device of this book wrote it. It was refused and nothing changed here; the host's copy needs checking."),
            SyncError::BadKey(why) => write!(f, "The book key cannot be used: {why}."),
        }
    }
}

impl std::error::Error for SyncError {}

/// How a transport proves who is syncing. Sent in the `Authorization` header of each
/// request, never in a URL, and never written into an exported file.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credentials {
    /// No credentials: a host open to this network, or one that takes cookies.
    #[default]
    None,
    /// HTTP Basic: a user name and password.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (`Authorization: Bearer …`).
    Bearer {
        /// The token.
        token: String,
    },
}

impl Credentials {
    /// The `Authorization` header's value, if any.
    pub fn header(&self) -> Option<String> {
        match self {
            Credentials::None => None,
            Credentials::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Credentials::Bearer { token } => Some(format!("Bearer {}", token.trim())),
        }
    }
}

// Secrets stay out of logs and panic messages.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("Credentials::None"),
            Credentials::Basic { user, .. } => write!(f, "Credentials::Basic({user}, ***)"),
            Credentials::Bearer { .. } => f.write_str("Credentials::Bearer(***)"),
        }
    }
}
