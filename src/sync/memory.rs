//! An in-memory static file host for tests: GET with `If-None-Match`, PUT with `If-Match`
//! or `If-None-Match: *` honoured (like Apache `mod_dav`) or ignored (like nginx's DAV
//! module), failures injected on demand, and files that a test may cut short or edit.
//!
//! Every request can yield once before it completes, so that a test polling several syncs
//! in turn interleaves their requests the way racing devices do.
//!
//! Two hosts as they are found in the wild: one that sends only weak ETags (`W/"…"`, as
//! nginx does when it compresses), which never satisfy `If-Match`; and one behind a cache
//! that keeps every GET's answer, a 404 included, for a while (counted in requests), and
//! serves it however the file changed meanwhile.

use super::remote::{Got, Precondition, Put, Remote, SyncError};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An in-memory host.
#[derive(Debug, Default)]
pub struct MemoryRemote {
    files: RefCell<BTreeMap<String, (String, String)>>,
    versions: Cell<u64>,
    ignores_if_match: bool,
    yields: bool,
    requests: Cell<usize>,
    failures: RefCell<BTreeMap<usize, SyncError>>,
    weak: bool,
    /// How many requests a cached answer is served for; 0: no cache.
    cache_for: usize,
    /// Per path: the answer kept (`None`: a 404) and the request count it expires at.
    cache: RefCell<BTreeMap<String, (Option<Stored>, usize)>>,
}

/// A file's body and ETag.
type Stored = (String, String);

impl MemoryRemote {
    /// A host that honours preconditions.
    pub fn honouring() -> Self {
        MemoryRemote::default()
    }

    /// A host that ignores `If-Match` and `If-None-Match` on PUT (GET's `If-None-Match`
    /// still gives 304).
    pub fn ignoring() -> Self {
        MemoryRemote {
            ignores_if_match: true,
            ..MemoryRemote::default()
        }
    }

    /// A host that honours preconditions but sends only weak ETags: `If-Match` then never
    /// holds (compared strongly), and `If-None-Match` on GET compares weakly.
    pub fn weak() -> Self {
        MemoryRemote {
            weak: true,
            ..MemoryRemote::default()
        }
    }

    /// Put a cache in front of this host that keeps each GET's answer (a 404 too) for
    /// `requests` requests after it.
    pub fn cached(mut self, requests: usize) -> Self {
        self.cache_for = requests;
        self
    }

    /// Let every cached answer expire: a minute later.
    pub fn expire_cache(&self) {
        self.cache.borrow_mut().clear();
    }

    /// Make every request yield once before it completes.
    pub fn yielding(mut self) -> Self {
        self.yields = true;
        self
    }

    /// The file at `path`.
    pub fn file(&self, path: &str) -> Option<String> {
        self.files.borrow().get(path).map(|(body, _)| body.clone())
    }

    /// Write a file behind the exchange's back (a tampering test, a truncated upload).
    pub fn set_file(&self, path: &str, body: &str) {
        let etag = self.next_etag();
        self.files
            .borrow_mut()
            .insert(path.to_owned(), (body.to_owned(), etag));
    }

    /// Remove a file.
    pub fn remove(&self, path: &str) {
        self.files.borrow_mut().remove(path);
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        self.files.borrow().keys().cloned().collect()
    }

    /// How many requests were made.
    pub fn requests(&self) -> usize {
        self.requests.get()
    }

    /// Make the next request fail with `error`, before it reaches the files.
    pub fn fail_next(&self, error: SyncError) {
        self.fail_after(0, error);
    }

    /// Let `requests` more requests through, then fail the one after with `error`.
    pub fn fail_after(&self, requests: usize, error: SyncError) {
        let at = self.requests.get() + requests + 1;
        self.failures.borrow_mut().insert(at, error);
    }

    fn next_etag(&self) -> String {
        self.versions.set(self.versions.get() + 1);
        let weak = if self.weak { "W/" } else { "" };
        format!("{weak}\"v{}\"", self.versions.get())
    }

    /// The file at `path` as the cache in front of the host has it, if it does.
    fn through_cache(&self, path: &str) -> Option<Stored> {
        let now = self.requests.get();
        let mut cache = self.cache.borrow_mut();
        if let Some((kept, expires)) = cache.get(path) {
            if *expires > now {
                return kept.clone();
            }
        }
        let fresh = self.files.borrow().get(path).cloned();
        if self.cache_for > 0 {
            cache.insert(path.to_owned(), (fresh.clone(), now + self.cache_for));
        }
        fresh
    }

    async fn begin(&self) -> Result<(), SyncError> {
        if self.yields {
            YieldOnce(false).await;
        }
        self.requests.set(self.requests.get() + 1);
        match self.failures.borrow_mut().remove(&self.requests.get()) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl Remote for MemoryRemote {
    async fn get(&self, path: &str, if_none_match: Option<&str>) -> Result<Got, SyncError> {
        self.begin().await?;
        let opaque = |etag: &str| etag.trim_start_matches("W/").to_owned();
        Ok(match self.through_cache(path) {
            None => Got::NotFound,
            Some((_, etag)) if Some(opaque(&etag)) == if_none_match.map(opaque) => Got::NotModified,
            Some((body, etag)) => Got::Ok {
                body,
                etag: Some(etag),
            },
        })
    }

    async fn put(
        &self,
        path: &str,
        body: &str,
        precondition: Precondition,
    ) -> Result<Put, SyncError> {
        self.begin().await?;
        let current = self.files.borrow().get(path).map(|(_, etag)| etag.clone());
        let holds = self.ignores_if_match
            || match &precondition {
                Precondition::None => true,
                Precondition::IfMatch(etag) => {
                    current.as_ref() == Some(etag) && !etag.starts_with("W/")
                }
                Precondition::IfNoneMatch => current.is_none(),
            };
        if !holds {
            return Ok(Put::PreconditionFailed);
        }
        let etag = self.next_etag();
        self.files
            .borrow_mut()
            .insert(path.to_owned(), (body.to_owned(), etag.clone()));
        Ok(Put::Done(Some(etag)))
    }
}

/// Pending once, then ready; wakes itself so that any executor polls again.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
