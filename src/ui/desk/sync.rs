//! Sync with a file host (docs/sync.md): the exchange runs under a Web Lock, so one tab
//! syncs at a time, and stores what came down under the desk's one-change-at-a-time lock.

use crate::demo;
use crate::storage::timing;
use crate::sync::crypt::{self, WebCipher};
use crate::sync::fetch::{FetchRemote, Progress};
use crate::sync::layout::{Manifest, MANIFEST};
use crate::sync::meta;
use crate::sync::sealed::{self, BookKey, Found, Privacy, Sealed};
use crate::sync::{self, Got, Remote, SyncError, SyncReport};
use leptos::prelude::*;

use super::lock::{wait_for_web_lock, with_web_lock};
use super::{progress_text, synced_text, Desk, SyncView, SYNC_ELSEWHERE};

/// What [`Desk::privacy`] does before it says what this device keeps.
pub enum PrivacyStep {
    /// Nothing: read it.
    Read,
    /// Take the book's key from what the person entered: an invitation or published link
    /// (`…key=<key>`), a bare key, or the team passphrase (derived with the salt the book's
    /// files name, or a new salt for a book not shared yet).
    UseKey(String),
    /// Share the book at the saved address unencrypted: the explicit choice of a public book.
    SharePublic,
    /// A keeper changes the book's key (or makes a public book private): see
    /// [`sealed::rekey`].
    ChangeKey,
}

impl Desk {
    /// Sync now: pull, store what came down, push. One tab at a time: when another tab
    /// holds the sync lock, say so and show its result when it is done (an automatic sync
    /// just skips its turn). The outcome goes to [`SyncView`].
    pub async fn sync(self, automatic: bool) {
        let view = SyncView::get();
        if view.running.get_untracked().is_some() {
            return;
        }
        let remote = match view.remote().await {
            Ok(remote) => remote,
            Err(error) => {
                if !automatic {
                    view.status.set(None);
                    view.error.set(Some(error.to_string()));
                }
                return;
            }
        };
        let address = remote.base().to_owned();
        let asked = timing::now();
        let done = with_web_lock(async {
            timing::measure("release-desk:sync:lock", asked);
            view.running.set(Some(Progress::default()));
            view.status.set(Some(progress_text(Progress::default())));
            let result = self.sync_steps(&remote, &address, view).await;
            view.running.set(None);
            self.record_outcome(view, result).await;
            timing::measure("release-desk:sync:total", asked);
        })
        .await;
        if done.is_none() && !automatic {
            view.error.set(None);
            view.status.set(Some(SYNC_ELSEWHERE.into()));
            wait_for_web_lock().await;
            self.reload_sync_meta().await;
        }
    }

    /// The exchange itself, holding the desk's lock: changes made meanwhile wait for it.
    async fn sync_steps(
        self,
        remote: &FetchRemote,
        address: &str,
        view: SyncView,
    ) -> Result<SyncReport, String> {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let store = self.ready_store().map_err(|e| e.to_string())?;
        let db = store.database().clone();
        let device = meta::device_id(&db).await.map_err(|e| e.to_string())?;
        view.device.set(Some(device.clone()));
        let mut record = meta::load(&db).await.map_err(|e| e.to_string())?;
        let state = record.state_for(address, demo::NAME);
        // Private by default: a book first shared here gets a new key; a plain book found
        // here stays public until a keeper makes it private (docs/sync.md, Private books).
        let cipher = WebCipher::new();
        let mut privacy = crypt::load(&db)
            .await
            .map_err(|e| e.to_string())?
            .for_address(address);
        if privacy.ring.current().is_none() && !privacy.public {
            match sealed::probe(remote).await.map_err(|e| e.to_string())? {
                Found::Nothing => privacy
                    .ring
                    .rotate(sealed::fresh_key(&cipher).map_err(|e| e.to_string())?),
                Found::Public => privacy.public = true,
                Found::Private => return Err(SyncError::Private.to_string()),
            }
            crypt::save(&db, &privacy)
                .await
                .map_err(|e| e.to_string())?;
        }
        let remote = &Sealed::new(remote, &cipher, privacy.ring.clone());
        let mut report = SyncReport::default();
        let started = timing::now();
        let pulled = {
            let engine = self.engine.read_untracked();
            sync::pull_setting_aside(&engine, &device, &state, remote).await
        }
        .map_err(|e| e.to_string())?;
        timing::measure("release-desk:sync:pull", started);
        let storing = timing::now();
        report.segments_read = pulled.segments;
        report.notes = pulled.notes;
        let engine = self.engine;
        let source = format!("the sync with {address}");
        let checked = match pulled.incoming {
            Some(incoming) => Some(
                super::signing::checked(&move || engine.get_untracked(), incoming, &source).await,
            ),
            None => None,
        };
        if let Some(mut incoming) = checked {
            // Name the very file each rejected event came in.
            let host = crate::sync::http::host_of(address);
            for (path, ids) in &pulled.origins {
                incoming
                    .engine
                    .note_source(ids, &format!("{path} on {host}"));
            }
            self.store_merged(&store, &incoming)
                .await
                .map_err(|e| e.to_string())?;
            timing::measure("release-desk:sync:store:events", storing);
            report.pulled = incoming.new_events.len();
            report.new_conflicts = incoming.report.new_conflicts;
            let applying = timing::now();
            self.engine.set(incoming.engine);
            timing::measure("release-desk:sync:store:apply", applying);
            let announcing = timing::now();
            // Announced now; a snapshot follows a moment later, outside the sync (writing
            // one of a big book takes seconds, and start-up is all it speeds up).
            self.after_write(&store, &incoming.new_events, false).await;
            timing::measure("release-desk:sync:store:announce", announcing);
        }
        let keeping = timing::now();
        if remote.ring() != privacy.ring {
            // Older keys learnt from the book's key history.
            privacy.ring = remote.ring();
            crypt::save(&db, &privacy)
                .await
                .map_err(|e| e.to_string())?;
        }
        if record.address != address || record.state != pulled.state {
            record.address = address.to_owned();
            record.state = pulled.state;
            meta::save(&db, &record).await.map_err(|e| e.to_string())?;
            view.meta.set(record.clone());
        }
        timing::measure("release-desk:sync:store:state", keeping);
        timing::measure("release-desk:sync:store", storing);
        let pushing = timing::now();
        let pushed = {
            let engine = self.engine.read_untracked();
            // Who publishes, by the name the book knows them by (the published view says it).
            let by = engine.book().person_name(&self.actor()).to_owned();
            let published = sync::Publication {
                by,
                at: chrono::Utc::now(),
            };
            sync::push_as(&engine, &device, &record.state, remote, Some(published)).await
        };
        let pushed = match pushed {
            Ok(pushed) => pushed,
            Err(error) => {
                view.meta.set(record);
                return Err(error.to_string());
            }
        };
        timing::measure("release-desk:sync:push", pushing);
        report.pushed = pushed.events;
        report.manifest_written = pushed.manifest_written;
        report.notes.extend(pushed.notes);
        record.state = pushed.state;
        record.last_synced = Some(chrono::Utc::now().to_rfc3339());
        record.last_outcome = Some(synced_text(&report));
        record.last_error = None;
        meta::save(&db, &record).await.map_err(|e| e.to_string())?;
        view.meta.set(record);
        timing::measure("release-desk:sync", started);
        Ok(report)
    }

    /// Show how a sync ended, and keep a failure for the other tabs and the next visit.
    async fn record_outcome(self, view: SyncView, result: Result<SyncReport, String>) {
        match result {
            Ok(report) => {
                view.error.set(None);
                view.status.set(Some(synced_text(&report)));
            }
            Err(message) => {
                view.status.set(None);
                view.error.set(Some(message.clone()));
                let Ok(store) = self.ready_store() else {
                    return;
                };
                let db = store.database().clone();
                if let Ok(mut record) = meta::load(&db).await {
                    record.last_error = Some(message);
                    if meta::save(&db, &record).await.is_ok() {
                        view.meta.set(record);
                    }
                }
            }
        }
    }

    /// Read what is kept about syncing (another tab may have synced): the device id, the
    /// state and the last outcome; first, the remembered password or token
    /// ([`SyncView::load_secret`]).
    pub async fn reload_sync_meta(self) {
        SyncView::load_secret().await;
        let view = SyncView::get();
        let Some(store) = self.inner().store.borrow().clone() else {
            return;
        };
        let db = store.database().clone();
        if view.device.get_untracked().is_none() {
            if let Ok(device) = meta::device_id(&db).await {
                view.device.set(Some(device));
            }
        }
        if let Ok(record) = meta::load(&db).await {
            // The outcome line shows the kept outcome only when this tab shows none of its
            // own (a fresh tab), or waited for another tab's sync.
            let waited = view.status.get_untracked().as_deref() == Some(SYNC_ELSEWHERE);
            let blank = view.status.with_untracked(Option::is_none)
                && view.error.with_untracked(Option::is_none);
            if view.running.get_untracked().is_none() && (waited || blank) {
                if let Some(error) = &record.last_error {
                    view.error.set(Some(error.clone()));
                    view.status.set(None);
                } else if waited {
                    view.status.set(record.last_outcome.clone());
                }
            }
            view.meta.set(record);
        }
    }

    /// What this device keeps about the privacy of the book at the saved sync address, after
    /// taking `step` ([`PrivacyStep`]). One future for every step, so the bundle carries one.
    pub async fn privacy(self, step: PrivacyStep) -> Result<Privacy, String> {
        let remote = SyncView::get().remote().await.map_err(|e| e.to_string())?;
        let store = self.ready_store().map_err(|e| e.to_string())?;
        let mut privacy = crypt::load(store.database())
            .await
            .map_err(|e| e.to_string())?
            .for_address(remote.base());
        match step {
            PrivacyStep::Read => return Ok(privacy),
            PrivacyStep::UseKey(entered) => {
                privacy.ring.rotate(key_entered(&remote, &entered).await?);
                privacy.public = false;
            }
            PrivacyStep::SharePublic => privacy.public = true,
            PrivacyStep::ChangeKey => {
                // Under the sync lock, so no sync of this tab races it.
                let result = with_web_lock(async {
                    let cipher = WebCipher::new();
                    let key = sealed::fresh_key(&cipher)?;
                    sealed::rekey(&remote, &cipher, privacy.ring.clone(), key).await
                })
                .await;
                privacy.ring = match result {
                    Some(ring) => ring.map_err(|e| e.to_string())?,
                    None => return Err(SYNC_ELSEWHERE.into()),
                };
                privacy.public = false;
            }
        }
        let store = self.ready_store().map_err(|e| e.to_string())?;
        crypt::save(store.database(), &privacy)
            .await
            .map_err(|e| e.to_string())?;
        Ok(privacy)
    }

    /// Test connection: read the manifest at the address, and say what is there.
    pub async fn test_connection(self) {
        let view = SyncView::get();
        view.error.set(None);
        view.status.set(Some("Connecting…".into()));
        let result = async {
            let remote = view.remote().await?;
            match remote.get(MANIFEST, None).await? {
                Got::Ok { body, .. } if sealed::is_sealed(&body) => {
                    Ok("Connected: a private book (encrypted). Sync now opens it with this device's key.".to_owned())
                }
                Got::Ok { body, .. } => {
                    let manifest = Manifest::decode(&body)?;
                    Ok(format!(
                        "Connected: a book shared by {}.",
                        crate::domain::plural::count(manifest.devices.len(), "device")
                    ))
                }
                Got::NotFound | Got::NotModified => Ok(
                    "Connected: no book here yet. Sync now publishes this book here.".to_owned(),
                ),
            }
        };
        let result: Result<String, SyncError> = result.await;
        match result {
            Ok(text) => view.status.set(Some(text)),
            Err(error) => {
                view.status.set(None);
                view.error.set(Some(error.to_string()));
            }
        }
    }
}

/// The book's key from what the person entered ([`PrivacyStep::UseKey`]).
async fn key_entered(remote: &FetchRemote, entered: &str) -> Result<BookKey, String> {
    if sealed::probe(remote).await.map_err(|e| e.to_string())? == Found::Public {
        return Err("The book at this address is public (not encrypted), so it has no key to enter: a keeper can make it private in Book privacy.".into());
    }
    match sealed::key_in_link(entered) {
        Some(text) => BookKey::from_text(text),
        None => sealed::key_from_passphrase(remote, &WebCipher::new(), entered.trim()).await,
    }
    .map_err(|e| e.to_string())
}
