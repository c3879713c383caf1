//! The stored schema: its version, the object stores, and every migration.
//!
//! | version | layout |
//! |---|---|
//! | 1 | `events`: one record per event, keyed by event id, value the event's JSON. No heads, no snapshots. |
//! | 2 | `log`: keyed `[seq, id]` so key order is log order, value the event's JSON; `meta`: the log's heads and the book's name; `snapshot`: the folded book with its checksum. |
//! | 3 | As 2, and a `log` record may also be a *run*: a JSON array of up to 2,000 events of one batch (an import, a merge, a sync) in log order, keyed by its last event. |
//!
//! A version-2 database is a valid version-3 one: its upgrade only raises the number, so
//! that an older app, which cannot read runs, no longer opens it.
//! Opening a version-1 database moves every event into `log`, works out the heads and
//! drops `events`, all inside the one upgrade transaction: if anything fails, the upgrade
//! aborts and the database stays as it was. A database from a newer version is not touched.

use super::error::StorageError;
use super::idb::{event_key, request};
use crate::domain::order;
use crate::domain::{Event, Log};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbTransaction, IdbVersionChangeEvent};

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = 3;
/// Events, keyed `[seq, id]`.
pub const LOG: &str = "log";
/// Heads and book name.
pub const META: &str = "meta";
/// The folded book.
pub const SNAPSHOT: &str = "snapshot";
/// Version 1's event store.
pub const V1_EVENTS: &str = "events";
/// The key of the heads record in `meta`.
pub const HEADS: &str = "heads";

fn factory() -> Result<web_sys::IdbFactory, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match window.indexed_db() {
        Ok(Some(factory)) => Ok(factory),
        Ok(None) => Err(StorageError::Unavailable("IndexedDB is missing".into())),
        Err(e) => Err(StorageError::from_js("open the stored book", &e)).map_err(|e| match e {
            StorageError::Failed { message, .. } => StorageError::Unavailable(message),
            other => other,
        }),
    }
}

/// Open (creating or migrating) the database `name` at [`SCHEMA_VERSION`].
pub async fn open(name: &str) -> Result<IdbDatabase, StorageError> {
    open_at(name, SCHEMA_VERSION).await
}

/// Open the database at a given version; tests use it to create older layouts.
pub async fn open_at(name: &str, version: u32) -> Result<IdbDatabase, StorageError> {
    let factory = factory()?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| StorageError::from_js("open the stored book", &e))?;
    let failure: Rc<RefCell<Option<StorageError>>> = Rc::default();
    let (upgrading, failed) = (req.clone(), failure.clone());
    let on_upgrade = Closure::once_into_js(move |event: IdbVersionChangeEvent| {
        let old = event.old_version() as u32;
        if let Err(error) = upgrade(&upgrading, old, version) {
            failed.borrow_mut().replace(error);
            if let Some(tx) = upgrading.transaction() {
                let _ = tx.abort();
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let opened = request("open the stored book", &req).await;
    let upgrade_failure = failure.borrow_mut().take();
    match (opened, upgrade_failure) {
        (_, Some(error)) => Err(error),
        (Ok(db), None) => db
            .dyn_into::<IdbDatabase>()
            .map_err(|_| StorageError::Corrupt("not a database".into())),
        (Err(StorageError::Failed { name: error, .. }), None) if error == "VersionError" => {
            Err(StorageError::NewerVersion {
                found: stored_version(&factory, name).await,
            })
        }
        (Err(error), None) => Err(error),
    }
}

/// The version a database is stored at, opening it without asking for a version.
async fn stored_version(factory: &web_sys::IdbFactory, name: &str) -> u32 {
    let Ok(req) = factory.open(name) else {
        return SCHEMA_VERSION + 1;
    };
    match request("read the stored version", &req).await {
        Ok(db) => {
            let db: IdbDatabase = db.unchecked_into();
            let version = db.version() as u32;
            db.close();
            version
        }
        Err(_) => SCHEMA_VERSION + 1,
    }
}

/// Bring the database from `old` to `new` inside the upgrade transaction.
fn upgrade(req: &IdbOpenDbRequest, old: u32, new: u32) -> Result<(), StorageError> {
    let db: IdbDatabase = req
        .result()
        .map_err(|e| StorageError::from_js("upgrade the stored book", &e))?
        .unchecked_into();
    let tx = req
        .transaction()
        .ok_or_else(|| StorageError::Corrupt("no upgrade transaction".into()))?;
    let create = |name: &str| -> Result<(), StorageError> {
        if !db.object_store_names().contains(name) {
            db.create_object_store(name)
                .map_err(|e| StorageError::from_js("upgrade the stored book", &e))?;
        }
        Ok(())
    };
    if new == 1 {
        // Only tests ask for version 1, to lay out a database as the first version did.
        return create(V1_EVENTS);
    }
    create(LOG)?;
    create(META)?;
    create(SNAPSHOT)?;
    if old == 1 && db.object_store_names().contains(V1_EVENTS) {
        migrate_v1(db, tx);
    }
    Ok(())
}

/// Version 1 → 2: move the events into the ordered log and record its heads.
fn migrate_v1(db: IdbDatabase, tx: IdbTransaction) {
    let Ok(legacy) = tx.object_store(V1_EVENTS) else {
        return abort(&tx);
    };
    let Ok(all) = legacy.get_all() else {
        return abort(&tx);
    };
    let reader = all.clone();
    let on_success = Closure::once_into_js(move |_: web_sys::Event| {
        let values: js_sys::Array = reader
            .result()
            .map(JsValue::unchecked_into)
            .unwrap_or_default();
        let mut events: Vec<Event> = Vec::with_capacity(values.length() as usize);
        for value in values.iter() {
            match value
                .as_string()
                .and_then(|text| serde_json::from_str::<Event>(&text).ok())
            {
                Some(event) => events.push(event),
                None => return abort(&tx),
            }
        }
        order::sort_by(&mut events, |a, b| (a.seq, &a.id).cmp(&(b.seq, &b.id)));
        let (Ok(log_store), Ok(meta)) = (tx.object_store(LOG), tx.object_store(META)) else {
            return abort(&tx);
        };
        for event in &events {
            let text = serde_json::to_string(event).unwrap_or_default();
            if log_store
                .put_with_key(
                    &JsValue::from_str(&text),
                    &event_key(event.seq, event.id.as_str()),
                )
                .is_err()
            {
                return abort(&tx);
            }
        }
        let heads = Log::from_events(events).heads().to_vec();
        let heads = serde_json::to_string(&heads).unwrap_or_default();
        if meta
            .put_with_key(&JsValue::from_str(&heads), &JsValue::from_str(HEADS))
            .is_err()
            || db.delete_object_store(V1_EVENTS).is_err()
        {
            abort(&tx);
        }
    });
    all.set_onsuccess(Some(on_success.unchecked_ref()));
}

fn abort(tx: &IdbTransaction) {
    let _ = tx.abort();
}
