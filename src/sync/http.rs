//! The plain-HTTP rules of a transport, apart from the browser so the host tests check them:
//! which addresses are accepted, how statuses map onto [`Got`], [`Put`] and [`SyncError`],
//! when a busy host is retried, and how a failed request is named.
//!
//! The browser transport (`fetch`, wasm only) does the requests and asks
//! these functions what they mean.

use super::remote::{Got, Put, SyncError};

/// Retries of a request answered 503 or 429 with a short `Retry-After`.
pub const MAX_RETRIES: u32 = 2;
/// The longest `Retry-After` (seconds) waited for; a longer one is reported as [`SyncError::Busy`].
pub const MAX_WAIT_SECS: u32 = 5;

/// Check a book folder's address and give it with its trailing `/`. Only `http://` and
/// `https://` addresses are taken, without `user:password@` (credentials never go into a
/// URL), a query or a fragment.
pub fn check_base(base: &str) -> Result<String, SyncError> {
    let base = base.trim();
    let bad = |why: &str| Err(SyncError::BadAddress(why.to_owned()));
    let lower = base.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &base[8..]
    } else if lower.starts_with("http://") {
        &base[7..]
    } else {
        return bad("it must start with http:// or https://");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return bad("it must not hold a user name or password (give them as the sign-in instead)");
    }
    if authority.is_empty() {
        return bad("it names no host");
    }
    if base.contains('?') || base.contains('#') {
        return bad("it must not have a query (?…) or a fragment (#…)");
    }
    if base.chars().any(char::is_whitespace) {
        return bad("it must not contain spaces");
    }
    let mut out = base.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// The host (with its port, if any) of a checked address: `books.example.org:8080`.
pub fn host_of(base: &str) -> &str {
    let rest = base.split_once("://").map(|(_, rest)| rest).unwrap_or(base);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// The origin of an address (`https://books.example.org:8080`), lower-cased: the scheme
/// and host of what [`check_base`] takes. An address without a scheme is its own origin.
#[inline(never)]
pub fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://{}", host_of(url)).to_ascii_lowercase(),
        None => url.to_ascii_lowercase(),
    }
}

/// The seconds of a `Retry-After` header, when it gives seconds (an HTTP date gives none).
pub fn retry_after(header: Option<&str>) -> Option<u32> {
    header?.trim().parse().ok()
}

/// How long to wait before trying a request again, or `None` not to: a 503 or 429 whose
/// `Retry-After` is at most [`MAX_WAIT_SECS`], for at most [`MAX_RETRIES`] retries
/// (`retries_done` so far).
pub fn retry_wait(status: u16, retry_after: Option<u32>, retries_done: u32) -> Option<u32> {
    let busy = matches!(status, 429 | 503);
    match retry_after {
        Some(secs) if busy && secs <= MAX_WAIT_SECS && retries_done < MAX_RETRIES => Some(secs),
        _ => None,
    }
}

/// The error of a status that is neither success nor one the exchange handles itself.
fn failure(status: u16, retry_after: Option<u32>) -> SyncError {
    match status {
        401 | 403 => SyncError::Credentials(status),
        429 | 503 => SyncError::Busy { retry_after },
        500..=599 => SyncError::Server(status),
        _ => SyncError::Status(status),
    }
}

/// What a GET's answer means: 2xx the body (and its ETag), 304 unchanged, 404 or 410 no such
/// file, 401/403 credentials, 503/429 busy, other 5xx a failed host.
pub fn map_get(
    status: u16,
    etag: Option<String>,
    body: String,
    retry_after: Option<u32>,
) -> Result<Got, SyncError> {
    match status {
        200..=299 => Ok(Got::Ok { body, etag }),
        304 => Ok(Got::NotModified),
        404 | 410 => Ok(Got::NotFound),
        _ => Err(failure(status, retry_after)),
    }
}

/// What a PUT's answer means: 2xx written, 412 someone else wrote, 404 or 409 the folder
/// `path` goes in is missing, 401/403 credentials, 503/429 busy, other 5xx a failed host.
pub fn map_put(
    status: u16,
    etag: Option<String>,
    path: &str,
    retry_after: Option<u32>,
) -> Result<Put, SyncError> {
    match status {
        200..=299 => Ok(Put::Done(etag)),
        412 => Ok(Put::PreconditionFailed),
        404 | 409 => Err(SyncError::NotFound(path.to_owned())),
        _ => Err(failure(status, retry_after)),
    }
}

/// Why a request got no answer: the device is offline; or the host answers a plain
/// (`no-cors`) request but not this app's (`host_answers`): CORS refused `origin`; or
/// nothing answers at all.
pub fn network_failure(online: bool, host_answers: bool, origin: &str, url: &str) -> SyncError {
    if !online {
        SyncError::Offline
    } else if host_answers {
        SyncError::Cors {
            origin: origin.to_owned(),
        }
    } else {
        SyncError::Unreachable(format!("no answer from {}", host_of(url)))
    }
}
