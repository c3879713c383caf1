//! The desk: the release book held in this tab, and the one way to change it.
//!
//! Every change goes the same way: the domain decides (nothing changes yet), the events are
//! committed to IndexedDB in one transaction, and only when the transaction completes are
//! they applied to the book the views read and announced to the other tabs. A write that
//! fails leaves the book and the store as they were, and says why.

use crate::demo;
use crate::domain::{Change, Context, Engine, Event, EventId, LifecycleError, PersonId};
use crate::storage::health::{self, Health};
use crate::storage::store::record_keys;
use crate::storage::sync_meta::{self, SyncMeta};
use crate::storage::tabs::{Tabs, Written};
use crate::storage::transfer::{self, ImportError};
use crate::storage::{prefs, timing, Snapshot, StorageError, Store};
use crate::sync::fetch::{FetchRemote, Progress};
use crate::sync::layout::{Manifest, MANIFEST};
use crate::sync::{self, Credentials, Got, Remote, SyncError, SyncReport};
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The IndexedDB database that holds the book.
pub const DATABASE: &str = "release-desk";
/// A snapshot is stored after this many new events.
const SNAPSHOT_EVERY: usize = 200;
/// Built by `make run` with `RELEASE_DESK_DEMO=1`: an empty store gets the demo book at once.
const PRELOAD_DEMO: bool = option_env!("RELEASE_DESK_DEMO").is_some();

/// Where the stored book stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeskStatus {
    /// Opening and reading the store.
    Opening,
    /// Ready; the book may still be empty.
    Ready,
    /// The store could not be opened: why, in words.
    Failed(String),
    /// Another tab upgraded the store; this tab stopped saving.
    Closed(String),
}

/// Why a change was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeskError {
    /// The domain refused it.
    Refused(LifecycleError),
    /// The store failed; nothing changed.
    Storage(StorageError),
    /// The store is not open.
    NotReady(String),
}

impl fmt::Display for DeskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeskError::Refused(error) => error.fmt(f),
            DeskError::Storage(error) => error.fmt(f),
            DeskError::NotReady(why) => f.write_str(why),
        }
    }
}

impl DeskError {
    /// The form field the error belongs next to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            DeskError::Refused(error) => error.field(),
            _ => None,
        }
    }
}

/// What an import brought in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// New events.
    pub events: usize,
    /// New releases.
    pub releases: usize,
    /// New conflicts found by the merge.
    pub conflicts: usize,
}

struct Inner {
    store: RefCell<Option<Store>>,
    tabs: RefCell<Option<Tabs>>,
    /// One change at a time: the next is decided on the book the previous one left.
    lock: Mutex<()>,
    tab: String,
    snapshot_at: Cell<usize>,
    /// The whole log is in memory (not only the snapshot's tail).
    complete: Cell<bool>,
    /// A snapshot is waiting to be written.
    snapshot_due: Cell<bool>,
}

/// The book in this tab. Cheap to copy: signal handles only.
#[derive(Clone, Copy)]
pub struct Desk {
    /// The book and its log, as the views read it.
    pub engine: RwSignal<Engine>,
    /// Where the store stands.
    pub status: RwSignal<DeskStatus>,
    /// Persistence, usage and quota.
    pub health: RwSignal<Health>,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
    /// The shell's state, for the person's name once the demo book chooses one.
    app: Option<crate::ui::AppState>,
}

impl Desk {
    /// Create the desk, provide it as context and open the store in the background.
    pub fn provide() -> Desk {
        let inner = Rc::new(Inner {
            store: RefCell::new(None),
            tabs: RefCell::new(None),
            lock: Mutex::new(()),
            tab: fresh_id(),
            snapshot_at: Cell::new(0),
            complete: Cell::new(false),
            snapshot_due: Cell::new(false),
        });
        let desk = Desk {
            engine: RwSignal::new(Engine::new()),
            status: RwSignal::new(DeskStatus::Opening),
            health: RwSignal::new(Health::default()),
            inner: StoredValue::new_local(inner),
            app: use_context::<crate::ui::AppState>(),
        };
        provide_context(desk);
        SyncView::fresh();
        spawn_local(desk.open());
        desk.start_auto_sync();
        desk
    }

    /// Create a desk for a published book and provide it as context: an empty book in
    /// memory that the caller fills (see [`crate::ui::published`]), status `Opening` until
    /// then. It never opens IndexedDB nor listens to other tabs, so every change is refused
    /// and nothing is ever stored.
    pub fn provide_published() -> Desk {
        let desk = Desk {
            engine: RwSignal::new(Engine::new()),
            status: RwSignal::new(DeskStatus::Opening),
            health: RwSignal::new(Health::default()),
            inner: StoredValue::new_local(Rc::new(Inner {
                store: RefCell::new(None),
                tabs: RefCell::new(None),
                lock: Mutex::new(()),
                tab: fresh_id(),
                snapshot_at: Cell::new(0),
                complete: Cell::new(true),
                snapshot_due: Cell::new(false),
            })),
            app: None,
        };
        provide_context(desk);
        desk
    }

    /// The desk provided by the shell.
    ///
    /// # Panics
    /// Outside the app tree: a programming error, not something a person can cause.
    pub fn expect() -> Desk {
        expect_context::<Desk>()
    }

    fn inner(&self) -> Rc<Inner> {
        self.inner.get_value()
    }

    async fn open(self) {
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
        if let Some(provisional) = store.start().await? {
            self.engine.set(provisional);
            self.status.set(DeskStatus::Ready);
            timing::measure("release-desk:open", started);
            let log = store.read_log().await?;
            self.engine.update(|e| {
                if let Err(log) = e.attach_log(log) {
                    // Another tab wrote between the two reads: fold what is stored.
                    *e = Engine::from_log(log);
                }
            });
        } else {
            let loaded = store.load().await?;
            self.engine.set(loaded.engine);
            self.status.set(DeskStatus::Ready);
            timing::measure("release-desk:open", started);
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

    /// Listen to the other tabs' writes.
    ///
    /// A tab that knew it wrote alone could skip reading the stored heads before each
    /// commit ([`Store::trust_heads`]); that waits for a lock shared by the tabs (Web Locks),
    /// since no message can tell a tab for sure that no other tab has just opened.
    fn listen_to_tabs(self) {
        let inner = self.inner();
        let tabs = Tabs::listen(move |written| self.heard(written));
        *inner.tabs.borrow_mut() = tabs;
    }

    /// Another tab wrote: read and merge its events.
    fn heard(self, written: Written) {
        if written.tab == self.inner().tab {
            return;
        }
        if !written.keys.is_empty() {
            spawn_local(self.take_in(written));
        }
    }

    /// Read and merge what another tab wrote.
    async fn take_in(self, written: Written) {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let Some(store) = inner.store.borrow().clone() else {
            return;
        };
        match store.read(&written.keys).await {
            Ok(events) => self.engine.update(|e| {
                let _ = e.receive(events);
            }),
            Err(error) => self.status.set(DeskStatus::Failed(error.to_string())),
        }
    }

    /// The person at this browser, as the book knows them.
    pub fn actor(&self) -> PersonId {
        PersonId(prefs::person().unwrap_or_default())
    }

    /// Make a change as the person at this browser. Resolves once it is stored.
    pub async fn execute(self, change: Change) -> Result<Vec<Event>, DeskError> {
        self.execute_as(self.actor(), change).await
    }

    /// Make a change as `actor` (registering oneself acts as the person being registered).
    pub async fn execute_as(
        self,
        actor: PersonId,
        change: Change,
    ) -> Result<Vec<Event>, DeskError> {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let started = timing::now();
        let store = self.ready_store()?;
        let ctx = Context {
            now: chrono::Utc::now(),
            actor,
            id: EventId(fresh_id()),
        };
        let events = self
            .engine
            .with_untracked(|e| e.prepare(change, &ctx))
            .map_err(DeskError::Refused)?;
        timing::measure("release-desk:commit:decide", started);
        let writing = timing::now();
        store.append(&events).await.map_err(DeskError::Storage)?;
        timing::measure("release-desk:commit:store", writing);
        self.engine.update(|e| {
            e.commit(events.clone());
        });
        timing::measure("release-desk:commit", started);
        self.after_write(&store, &events, false).await;
        self.sync_soon();
        Ok(events)
    }

    fn ready_store(&self) -> Result<Store, DeskError> {
        match (
            self.status.get_untracked(),
            self.inner().store.borrow().clone(),
        ) {
            (DeskStatus::Ready, Some(store)) => Ok(store),
            (DeskStatus::Closed(why) | DeskStatus::Failed(why), _) => Err(DeskError::NotReady(why)),
            _ => Err(DeskError::NotReady(
                "The book is still being opened; try again in a moment.".into(),
            )),
        }
    }

    /// Announce, and now and then store a snapshot: after a batch (an import) at once, after
    /// a single change a moment later (see [`Desk::snapshot_later`]).
    async fn after_write(&self, store: &Store, events: &[Event], batch: bool) {
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

    /// Store the events a merge brings (an import, a sync pull) in one transaction, with
    /// the batch's heads: the merged log's heads that were not heads before.
    async fn store_merged(
        &self,
        store: &Store,
        incoming: &crate::domain::Incoming,
    ) -> Result<(), StorageError> {
        let new_heads: Vec<_> = self.engine.with_untracked(|e| {
            let before = e.log().heads();
            incoming
                .engine
                .log()
                .heads()
                .iter()
                .filter(|h| !before.contains(h))
                .cloned()
                .collect()
        });
        store
            .append_with_heads(&incoming.new_events, &new_heads)
            .await
    }

    /// Merge a document's text into the book; nothing changes unless all of it is good.
    pub async fn import(self, text: String) -> Result<ImportSummary, ImportError> {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let store = self
            .ready_store()
            .map_err(|e| ImportError::Unreadable(e.to_string()))?;
        let started = timing::now();
        let incoming = self
            .engine
            .with_untracked(|e| transfer::prepare_import(e, &text))?;
        timing::measure("release-desk:import:prepare", started);
        let writing = timing::now();
        self.store_merged(&store, &incoming)
            .await
            .map_err(ImportError::Storage)?;
        timing::measure("release-desk:import:store", writing);
        let summary = ImportSummary {
            events: incoming.new_events.len(),
            releases: incoming.new_releases,
            conflicts: incoming.report.new_conflicts,
        };
        let applying = timing::now();
        self.engine.set(incoming.engine);
        timing::measure("release-desk:import:apply", applying);
        self.after_write(&store, &incoming.new_events, true).await;
        timing::measure("release-desk:import", started);
        Ok(summary)
    }

    /// Fill an empty book with the demo book shipped beside the app (`demo-book.json`,
    /// written at build time by the domain's own commands), through the checked import.
    pub async fn load_demo(self) -> Result<(), DeskError> {
        if !self.engine.with_untracked(|e| e.book().applied == 0) {
            return Err(DeskError::NotReady(
                "The demo book only goes into an empty book.".into(),
            ));
        }
        let text = fetch_text("demo-book.json")
            .await
            .map_err(DeskError::NotReady)?;
        self.import(text)
            .await
            .map_err(|e| DeskError::NotReady(e.to_string()))?;
        // Nobody chose who they are yet: work as the demo's release manager until they do.
        if prefs::person().is_none() {
            let name = self.engine.with_untracked(|e| {
                e.book()
                    .people
                    .get(&PersonId::from(demo::RELEASE_MANAGER))
                    .map(|p| p.name.clone())
            });
            match (name, self.app) {
                (Some(name), Some(app)) => {
                    let _ = app.act_as(demo::RELEASE_MANAGER, &name);
                }
                _ => {
                    let _ = prefs::set_person(demo::RELEASE_MANAGER);
                }
            }
        }
        Ok(())
    }

    /// The whole book as the JSON document.
    pub fn export(&self) -> Option<String> {
        self.inner().complete.get().then(|| {
            self.engine
                .with_untracked(|e| transfer::export(demo::NAME, e))
        })
    }

    /// One release as a JSON document that verifies on its own (see
    /// [`history::release_export`](crate::domain::history::release_export)): the release
    /// with the book up to its latest change. Returns the release's title and the text.
    pub fn export_release(&self, id: &crate::domain::ReleaseId) -> Option<(String, String)> {
        if !self.inner().complete.get() {
            return None;
        }
        self.engine.with_untracked(|e| {
            let release = e.book().releases.get(id)?;
            let log = crate::domain::history::release_export(e.log(), id)?;
            let json = crate::domain::Document::new(release.title(), &log).to_json();
            Some((release.title(), json))
        })
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
        let folded = Engine::from_log(loaded.engine.log().clone());
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

/// Wait `ms` milliseconds without holding the main thread.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// GET a file beside the app as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |what: &str| format!("The demo book could not be loaded ({what}).");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed("the app's server did not answer"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable answer"))?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| failed("unreadable answer"))
}

/// A new id, unique across devices: the time in base 36 and a random part.
pub fn fresh_id() -> String {
    crate::storage::sync_meta::fresh(6)
}

// ---------------------------------------------------------------------------------------
// Sync with a file host (docs/sync.md): the exchange runs under a Web Lock, so one tab
// syncs at a time, and stores what came down under the desk's one-change-at-a-time lock.

/// The Web Lock held by the tab that syncs.
const SYNC_LOCK: &str = "release-desk-sync";
/// Automatic sync: how long after the last local change, and how often while online.
const SYNC_SETTLE_MS: i32 = 2_000;
const SYNC_EVERY_MS: i32 = 60_000;
/// What a tab says while another one syncs.
pub const SYNC_ELSEWHERE: &str =
    "Another tab is syncing this book; its result shows here when it is done.";

/// What syncing is doing and did, for the sync panel and the header. One per tab.
#[derive(Clone, Copy)]
pub struct SyncView {
    /// The saved settings (address, sign-in, options).
    pub settings: RwSignal<prefs::SyncSettings>,
    /// While a sync runs: what has been received so far.
    pub running: RwSignal<Option<Progress>>,
    /// The outcome line: a sync's or a connection test's.
    pub status: RwSignal<Option<String>>,
    /// The last failure, in the `SyncError`'s words.
    pub error: RwSignal<Option<String>>,
    /// What is kept between syncs (state, last sync), as last read or written.
    pub meta: RwSignal<SyncMeta>,
    /// This browser's device id, once read.
    pub device: RwSignal<Option<String>>,
}

thread_local! {
    static SYNC_VIEW: Cell<Option<SyncView>> = const { Cell::new(None) };
    /// The password or token for this tab: from the form, or remembered.
    static SYNC_SECRET: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Bumped by each local change; a settled change is one not followed by another.
    static SYNC_CHANGES: Cell<u64> = const { Cell::new(0) };
}

impl SyncView {
    /// This tab's sync view.
    pub fn get() -> SyncView {
        SYNC_VIEW.with(|cell| match cell.get() {
            Some(view) => view,
            None => SyncView::fresh(),
        })
    }

    /// A new sync view, owned by the app being mounted (the desk makes one as it is
    /// provided): its signals live as long as that app, and a second app in the same page
    /// (the in-browser tests mount one after another) gets its own.
    fn fresh() -> SyncView {
        let view = SyncView {
            settings: RwSignal::new(prefs::sync_settings()),
            running: RwSignal::new(None),
            status: RwSignal::new(None),
            error: RwSignal::new(None),
            meta: RwSignal::new(SyncMeta::default()),
            device: RwSignal::new(None),
        };
        SYNC_VIEW.with(|cell| cell.set(Some(view)));
        view
    }

    /// The password or token this tab uses: typed in this tab, or remembered.
    pub fn secret() -> String {
        SYNC_SECRET
            .with(|s| s.borrow().clone())
            .or_else(prefs::sync_secret)
            .unwrap_or_default()
    }

    /// Take new settings: saved in this browser (the secret only when remembered), and the
    /// secret kept in memory for this tab either way.
    pub fn apply(self, settings: prefs::SyncSettings, secret: String) -> Result<(), String> {
        prefs::set_sync_settings(&settings, &secret).map_err(|e| e.to_string())?;
        SYNC_SECRET.with(|s| *s.borrow_mut() = Some(secret));
        self.settings.set(settings);
        Ok(())
    }

    fn credentials(settings: &prefs::SyncSettings) -> Credentials {
        let secret = SyncView::secret();
        match settings.sign_in {
            prefs::SignIn::None => Credentials::None,
            prefs::SignIn::Password => Credentials::Basic {
                user: settings.user.trim().to_owned(),
                password: secret,
            },
            prefs::SignIn::Token => Credentials::Bearer { token: secret },
        }
    }

    /// The remote for the saved settings, reporting progress into [`SyncView::running`].
    fn remote(self) -> Result<FetchRemote, SyncError> {
        let settings = self.settings.get_untracked();
        if settings.address.trim().is_empty() {
            return Err(SyncError::BadAddress(
                "there is none yet; enter the address of the book's folder on the file host".into(),
            ));
        }
        let timeout = settings.timeout_s.clamp(1, 120) * 1000;
        let remote = FetchRemote::new(
            settings.address.trim(),
            SyncView::credentials(&settings),
            timeout,
        )?;
        let running = self.running;
        Ok(remote.on_progress(move |p| {
            if running.get_untracked().is_some() {
                running.set(Some(p));
            }
        }))
    }

    /// How many events of `log` are not known to be on the host of the saved address.
    pub fn pending(self, log: &crate::domain::Log) -> usize {
        let address = self
            .settings
            .with(|s| crate::sync::http::check_base(s.address.trim()).unwrap_or_default());
        self.meta.with(|m| {
            if m.address == address {
                m.state.pending_count(log.len())
            } else {
                log.len()
            }
        })
    }
}

/// `Syncing… 12 files, 3.4 MB received`.
pub fn progress_text(progress: Progress) -> String {
    if progress.requests == 0 {
        return "Syncing…".into();
    }
    format!("Syncing… {}", progress.received())
}

/// `Synced: N change(s) down, M up; K new conflict(s).`
pub fn synced_text(report: &SyncReport) -> String {
    format!(
        "Synced: {} change(s) down, {} up; {} new conflict(s).",
        report.pulled, report.pushed, report.new_conflicts
    )
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
        let remote = match view.remote() {
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
        let device = sync_meta::device_id(&db).await.map_err(|e| e.to_string())?;
        view.device.set(Some(device.clone()));
        let mut record = sync_meta::load(&db).await.map_err(|e| e.to_string())?;
        let state = record.state_for(address, demo::NAME);
        let mut report = SyncReport::default();
        let started = timing::now();
        let pulled = {
            let engine = self.engine.read_untracked();
            sync::pull(&engine, &device, &state, remote).await
        }
        .map_err(|e| e.to_string())?;
        timing::measure("release-desk:sync:pull", started);
        let storing = timing::now();
        report.segments_read = pulled.segments;
        if let Some(incoming) = pulled.incoming {
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
        if record.address != address || record.state != pulled.state {
            record.address = address.to_owned();
            record.state = pulled.state;
            sync_meta::save(&db, &record)
                .await
                .map_err(|e| e.to_string())?;
            view.meta.set(record.clone());
        }
        timing::measure("release-desk:sync:store:state", keeping);
        timing::measure("release-desk:sync:store", storing);
        let pushing = timing::now();
        let pushed = {
            let engine = self.engine.read_untracked();
            sync::push(&engine, &device, &record.state, remote).await
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
        record.state = pushed.state;
        record.last_synced = Some(chrono::Utc::now().to_rfc3339());
        record.last_outcome = Some(synced_text(&report));
        record.last_error = None;
        sync_meta::save(&db, &record)
            .await
            .map_err(|e| e.to_string())?;
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
                if let Ok(mut record) = sync_meta::load(&db).await {
                    record.last_error = Some(message);
                    if sync_meta::save(&db, &record).await.is_ok() {
                        view.meta.set(record);
                    }
                }
            }
        }
    }

    /// Read what is kept about syncing (another tab may have synced): the device id, the
    /// state and the last outcome.
    pub async fn reload_sync_meta(self) {
        let view = SyncView::get();
        let Some(store) = self.inner().store.borrow().clone() else {
            return;
        };
        let db = store.database().clone();
        if view.device.get_untracked().is_none() {
            if let Ok(device) = sync_meta::device_id(&db).await {
                view.device.set(Some(device));
            }
        }
        if let Ok(record) = sync_meta::load(&db).await {
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

    /// Test connection: read the manifest at the address, and say what is there.
    pub async fn test_connection(self) {
        let view = SyncView::get();
        view.error.set(None);
        view.status.set(Some("Connecting…".into()));
        let result = async {
            let remote = view.remote()?;
            match remote.get(MANIFEST, None).await? {
                Got::Ok { body, .. } => {
                    let manifest = Manifest::decode(&body)?;
                    Ok(format!(
                        "Connected: a book shared by {} device(s).",
                        manifest.devices.len()
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

    /// Sync by itself when asked to in the settings: when the browser comes online, every
    /// minute while online, and a moment after local changes settle (see
    /// [`Desk::sync_soon`]). Never while offline; one tab at a time.
    fn start_auto_sync(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_online = Closure::<dyn FnMut()>::new(move || self.auto_sync());
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget(); // For the tab's life.
        let every = Closure::<dyn FnMut()>::new(move || {
            // Another tab may have synced: show what it kept (only when sync is set up).
            if SyncView::get()
                .settings
                .with_untracked(|s| !s.address.trim().is_empty())
            {
                spawn_local(self.reload_sync_meta());
            }
            self.auto_sync();
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            every.as_ref().unchecked_ref(),
            SYNC_EVERY_MS,
        );
        every.forget(); // For the tab's life.
    }

    /// A sync now, if automatic sync is on, there is an address, the browser is online and
    /// the book is open.
    fn auto_sync(self) {
        let view = SyncView::get();
        let settings = view.settings.get_untracked();
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        if settings.auto
            && !settings.address.trim().is_empty()
            && online
            && self.status.get_untracked() == DeskStatus::Ready
            && view.running.get_untracked().is_none()
        {
            spawn_local(self.sync(true));
        }
    }

    /// After a local change: an automatic sync once no other change came for a moment.
    fn sync_soon(self) {
        if !SyncView::get().settings.with_untracked(|s| s.auto) {
            return;
        }
        let turn = SYNC_CHANGES.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        spawn_local(async move {
            pause(SYNC_SETTLE_MS).await;
            if SYNC_CHANGES.with(Cell::get) == turn {
                self.auto_sync();
            }
        });
    }
}

/// Run `work` holding the Web Lock [`SYNC_LOCK`] if no other tab holds it (`ifAvailable`);
/// `None` when another does. Without Web Locks (an old browser) the work just runs.
async fn with_web_lock<T>(work: impl std::future::Future<Output = T>) -> Option<T> {
    use js_sys::{Function, Object, Promise, Reflect};
    let Some((locks, request)) = lock_manager() else {
        return Some(work.await);
    };
    let (granted, on_grant) = futures::channel::oneshot::channel::<Option<Function>>();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() || lock.is_undefined() {
            let _ = granted.send(None);
            return JsValue::UNDEFINED;
        }
        // The lock is held until this promise resolves: when the work is done.
        let mut release = None;
        let held = Promise::new(&mut |resolve, _| release = Some(resolve));
        let _ = granted.send(release);
        held.into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let Ok(asked) = request.call3(&locks, &SYNC_LOCK.into(), &options, &callback) else {
        return Some(work.await);
    };
    // Its promise settles when the lock is let go; nothing to do then.
    spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(Promise::from(asked)).await;
    });
    let release = on_grant.await.ok().flatten()?;
    let out = work.await;
    let _ = release.call0(&JsValue::NULL);
    Some(out)
}

/// Wait until no tab holds the sync lock.
async fn wait_for_web_lock() {
    let Some((locks, request)) = lock_manager() else {
        return;
    };
    let callback = Closure::once_into_js(move |_: JsValue| JsValue::UNDEFINED);
    if let Ok(asked) = request.call2(&locks, &SYNC_LOCK.into(), &callback) {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(asked)).await;
    }
}

/// `navigator.locks` and its `request` (web-sys's bindings need unstable cfgs).
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((locks, request))
}
