//! The desk: the release book held in this tab, and the one way to change it.
//!
//! Every change goes the same way: the domain decides (nothing changes yet), the events are
//! committed to IndexedDB in one transaction, and only when the transaction completes are
//! they applied to the book the views read and announced to the other tabs. A write that
//! fails leaves the book and the store as they were, and says why.
//!
//! The desk's jobs, one a file: opening the book and keeping snapshots (`open`), the other
//! tabs' writes (`tabs`), import and export (`transfer`), syncing with a file host (`sync`,
//! `sync_view`, `auto_sync`) and the Web Lock that lets one tab sync at a time (`lock`).

mod auto_sync;
mod lock;
mod open;
mod signing;
mod sync;
mod sync_view;
mod tabs;
mod transfer;

pub use open::StoreCheck;
pub use signing::{checked, Verification, FORGED};
pub use sync::PrivacyStep;
pub use sync_view::{progress_text, synced_text, SyncView, SYNC_ELSEWHERE};
pub use transfer::ImportSummary;

use crate::domain::{check_new, Change, Context, Engine, Event, EventId, LifecycleError, PersonId};
use crate::storage::health::Health;
use crate::storage::tabs::Tabs;
use crate::storage::{prefs, timing, StorageError, Store};
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

/// The IndexedDB database that holds the book.
pub const DATABASE: &str = "release-desk";

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
    /// The signing keys this browser holds.
    keys: RefCell<Vec<crate::storage::keys::HeldKey>>,
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
    /// The people this browser holds signing keys for, and the keys' ids.
    pub held: RwSignal<Vec<(PersonId, crate::domain::trust::KeyId)>>,
    /// The app's one minute clock: flips each minute, so what depends on the time (a
    /// window that opens, a near window to tell about) is asked again while the page stays.
    pub minute: RwSignal<bool>,
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
            keys: RefCell::new(Vec::new()),
        });
        let desk = Desk {
            engine: RwSignal::new(Engine::new()),
            status: RwSignal::new(DeskStatus::Opening),
            health: RwSignal::new(Health::default()),
            held: RwSignal::new(Vec::new()),
            minute: RwSignal::new(false),
            inner: StoredValue::new_local(inner),
            app: use_context::<crate::ui::AppState>(),
        };
        provide_context(desk);
        SyncView::fresh();
        spawn_local(desk.open());
        desk.start_clock(true);
        desk
    }

    /// Create a desk for a published book and provide it as context: an empty book in
    /// memory that the caller fills (see [`crate::ui::published`]), status `Opening` until
    /// then. It never opens IndexedDB nor listens to other tabs, so every change is refused
    /// and nothing is ever stored; its minute clock runs, so times read relative stay true.
    pub fn provide_published() -> Desk {
        let desk = Desk {
            engine: RwSignal::new(Engine::new()),
            status: RwSignal::new(DeskStatus::Opening),
            health: RwSignal::new(Health::default()),
            held: RwSignal::new(Vec::new()),
            minute: RwSignal::new(false),
            inner: StoredValue::new_local(Rc::new(Inner {
                store: RefCell::new(None),
                tabs: RefCell::new(None),
                lock: Mutex::new(()),
                tab: fresh_id(),
                snapshot_at: Cell::new(0),
                complete: Cell::new(true),
                snapshot_due: Cell::new(false),
                keys: RefCell::new(Vec::new()),
            })),
            app: None,
        };
        provide_context(desk);
        desk.start_clock(false);
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
    /// The person at this browser, as the book knows them.
    pub fn actor(&self) -> PersonId {
        PersonId(prefs::person().unwrap_or_default())
    }

    /// Make a change as the person at this browser. Resolves once it is stored.
    pub async fn execute(self, change: Change) -> Result<Vec<Event>, DeskError> {
        self.execute_as(self.actor(), change).await
    }

    /// Add a catalogue entry (a person, service, environment or configuration item) as the
    /// person at this browser: as [`execute`](Self::execute), but an id the book already
    /// has is refused (the domain's `decide_new`), where `execute` would take it as an edit.
    pub async fn execute_new(self, change: Change) -> Result<Vec<Event>, DeskError> {
        self.commit(self.actor(), change, true).await
    }

    /// Make a change as `actor` (registering oneself acts as the person being registered).
    pub async fn execute_as(
        self,
        actor: PersonId,
        change: Change,
    ) -> Result<Vec<Event>, DeskError> {
        self.commit(actor, change, false).await
    }

    /// Decide `change` (a new entry's id checked first when `new`), store and apply it.
    async fn commit(
        self,
        actor: PersonId,
        change: Change,
        new: bool,
    ) -> Result<Vec<Event>, DeskError> {
        let key = self.signing_key(&actor)?;
        self.decide_and_store(actor, change, new, key).await
    }

    /// Make a change signed with `key` (the founding, before the book knows the key).
    pub(super) async fn commit_signed(
        self,
        actor: PersonId,
        change: Change,
        key: Option<crate::storage::keys::HeldKey>,
    ) -> Result<Vec<Event>, DeskError> {
        self.decide_and_store(actor, change, false, key).await
    }

    /// Type-erased: two callers, one copy of the state machine in the bundle.
    fn decide_and_store(
        self,
        actor: PersonId,
        change: Change,
        new: bool,
        key: Option<crate::storage::keys::HeldKey>,
    ) -> futures::future::LocalBoxFuture<'static, Result<Vec<Event>, DeskError>> {
        Box::pin(self.decide_and_store_now(actor, change, new, key))
    }

    async fn decide_and_store_now(
        self,
        actor: PersonId,
        change: Change,
        new: bool,
        key: Option<crate::storage::keys::HeldKey>,
    ) -> Result<Vec<Event>, DeskError> {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let started = timing::now();
        let store = self.ready_store()?;
        let ctx = Context {
            now: chrono::Utc::now(),
            actor,
            id: EventId(fresh_id()),
            key: key.as_ref().map(|k| k.id.clone()),
        };
        let mut events = self
            .engine
            .with_untracked(|e| {
                if new {
                    check_new(e.book(), &change)?;
                }
                e.prepare(change, &ctx)
            })
            .map_err(DeskError::Refused)?;
        if let Some(key) = &key {
            let signing = timing::now();
            Self::sign(&mut events, key).await?;
            timing::measure("release-desk:commit:sign", signing);
        }
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

/// A new id, unique across devices: the time in base 36 and a random part.
pub fn fresh_id() -> String {
    crate::sync::meta::fresh(6)
}
