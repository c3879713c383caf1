//! Opening the book: the store, the snapshot and the log read at start-up, and snapshots
//! kept as the book grows.

use crate::domain::{Engine, Event};
use crate::storage::health;
use crate::storage::store::record_keys;
use crate::storage::tabs::Written;
use crate::storage::{timing, Snapshot, StorageError, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{pause, Desk, DeskStatus, DATABASE};

/// A snapshot is stored after this many new events.
const SNAPSHOT_EVERY: usize = 200;

/// Built by `make run` with `RELEASE_DESK_DEMO=1`: an empty store gets the demo book at once.
const PRELOAD_DEMO: bool = option_env!("RELEASE_DESK_DEMO").is_some();

impl Desk {
    pub(super) async fn open(self) {
        let started = timing::now();
        match Store::open(DATABASE).await {
            Ok(store) => {
                self.watch_upgrades(&store);
                if let Err(error) = self.read_book(store, started).await {
                    self.status.set(DeskStatus::Failed(error.to_string()));
                } else {
                    self.reload_sync_meta().await;
                    self.auto_sync();
                }
            }
            Err(error) => self.status.set(DeskStatus::Failed(error.to_string())),
        }
        let granted = health::request_persistence().await;
        let mut checked = health::check().await;
        checked.persisted = checked.persisted.or(granted);
        self.health.set(checked);
    }

    /// Show the book as soon as the snapshot and the events after it are read, then take in
    /// the whole log. Until then this tab holds the one-change-at-a-time lock, so changes,
    /// imports and other tabs' news wait for the whole log rather than act on a part of it.
    async fn read_book(self, store: Store, started: f64) -> Result<(), StorageError> {
        let inner = self.inner();
        let turn = inner.lock.lock().await;
        *inner.store.borrow_mut() = Some(store.clone());
        self.listen_to_tabs();
        self.load_keys().await;
        if let Some(provisional) = store.start().await? {
            self.engine.set(provisional);
            self.status.set(DeskStatus::Ready);
            timing::measure("release-desk:open", started);
            let log = store.read_log().await?;
            self.engine.update(|e| {
                if let Err(log) = e.attach_log(log) {
                    // Another tab wrote between the two reads: fold what is stored.
                    let refused = e.book().signing.refused.clone();
                    *e = Engine::from_log_with(log, &refused);
                }
            });
        } else {
            let loaded = store.load().await?;
            let whole_fold = !loaded.from_snapshot;
            self.engine.set(loaded.engine);
            self.status.set(DeskStatus::Ready);
            timing::measure("release-desk:open", started);
            if whole_fold {
                // No snapshot kept which signatures failed: check them all again.
                self.verify_everything(&|_| {}).await;
            }
        }
        inner
            .snapshot_at
            .set(self.engine.with_untracked(|e| e.log().len()));
        inner.complete.set(true);
        drop(turn);
        if PRELOAD_DEMO && self.engine.with_untracked(|e| e.log().is_empty()) {
            let _ = self.load_demo().await;
        }
        Ok(())
    }

    /// Close this tab's connection when another tab upgrades the store, and say so.
    fn watch_upgrades(self, store: &Store) {
        let db = store.database().clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            db.close();
            self.status
                .set(DeskStatus::Closed(StorageError::Closed.to_string()));
        });
        store
            .database()
            .set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget(); // Lives as long as the connection, which is the tab's life.
    }
    /// Announce, and now and then store a snapshot: after a batch (an import) at once, after
    /// a single change a moment later (see [`Desk::snapshot_later`]).
    pub(super) async fn after_write(&self, store: &Store, events: &[Event], batch: bool) {
        let inner = self.inner();
        if let Some(tabs) = inner.tabs.borrow().as_ref() {
            tabs.announce(&Written {
                tab: inner.tab.clone(),
                keys: record_keys(events, batch),
            });
        }
        if !batch {
            return self.snapshot_later(store);
        }
        let len = self.engine.with_untracked(|e| e.log().len());
        if len >= inner.snapshot_at.get() + SNAPSHOT_EVERY {
            let snapshot = self.engine.with_untracked(Snapshot::of);
            if let Some(snapshot) = snapshot {
                if store.write_snapshot(snapshot).await.is_ok() {
                    inner.snapshot_at.set(len);
                }
            }
        }
    }

    /// Store a snapshot when enough events came since the last one: half a second later,
    /// outside the change's turn, so the change is reported saved without waiting for a
    /// whole book to be serialized and written (200 ms for 10,000 releases). The snapshot is taken from the book as
    /// it is then (always a whole fold of the log), and only one waits at a time.
    fn snapshot_later(&self, store: &Store) {
        let inner = self.inner();
        let len = self.engine.with_untracked(|e| e.log().len());
        if len < inner.snapshot_at.get() + SNAPSHOT_EVERY || inner.snapshot_due.replace(true) {
            return;
        }
        let (desk, store) = (*self, store.clone());
        spawn_local(async move {
            pause(500).await;
            let inner = desk.inner();
            let taken = timing::now();
            let snapshot = desk
                .engine
                .with_untracked(|e| Snapshot::of(e).map(|s| (s, e.log().len())));
            timing::measure("release-desk:snapshot:take", taken);
            if let Some((snapshot, len)) = snapshot {
                if store.write_snapshot(snapshot).await.is_ok() {
                    inner.snapshot_at.set(len);
                }
            }
            inner.snapshot_due.set(false);
        });
    }
    /// Read the store again and compare: the fold of the whole log against the state
    /// start-up would use (snapshot plus the events after it), and the hash chain.
    pub async fn check_store(self) -> Result<StoreCheck, StorageError> {
        let store = self
            .inner()
            .store
            .borrow()
            .clone()
            .ok_or(StorageError::Closed)?;
        let loaded = store.load().await?;
        let folded = Engine::from_log_with(
            loaded.engine.log().clone(),
            &loaded.engine.book().signing.refused,
        );
        Ok(StoreCheck {
            events: loaded.engine.log().len(),
            snapshot_used: loaded.from_snapshot,
            snapshot_matches: folded.book() == loaded.engine.book(),
            chain: loaded.engine.log().verify().map_err(|b| b.to_string()),
            same_as_screen: self
                .engine
                .with_untracked(|e| e.log() == loaded.engine.log()),
        })
    }
}

/// The result of checking the stored book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreCheck {
    /// Events stored.
    pub events: usize,
    /// Start-up would use the snapshot.
    pub snapshot_used: bool,
    /// The snapshot-based state equals the fold of the whole log.
    pub snapshot_matches: bool,
    /// The hash chain verifies, or where it breaks.
    pub chain: Result<(), String>,
    /// The stored log is the one this tab shows.
    pub same_as_screen: bool,
}
