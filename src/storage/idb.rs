//! A thin bridge from IndexedDB's callbacks to futures.
//!
//! A transaction commits by itself as soon as the code awaiting it waits for anything that
//! is not one of its own requests, so callers await only these futures inside a transaction.
//! A write counts as saved when its transaction's `complete` fires, never on a request's
//! `success`.

use super::error::StorageError;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// Wait for a request's result.
pub async fn request(
    operation: &'static str,
    request: &IdbRequest,
) -> Result<JsValue, StorageError> {
    let req = request.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = req.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = req.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| StorageError::from_js(operation, &e))
}

/// A future that resolves when `tx` commits and fails when it aborts. Call it right after
/// creating the transaction, before its requests, so no event is missed.
pub fn completion(
    operation: &'static str,
    tx: &IdbTransaction,
) -> impl std::future::Future<Output = Result<(), StorageError>> {
    let t = tx.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let aborted = t.clone();
        let reject_abort = reject.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error = aborted.error().map(JsValue::from).unwrap_or_else(|| {
                web_sys::DomException::new_with_message_and_name(
                    "The write was cancelled",
                    "AbortError",
                )
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED)
            });
            let _ = reject_abort.call1(&JsValue::NULL, &error);
        });
        t.set_oncomplete(Some(on_complete.unchecked_ref()));
        t.set_onabort(Some(on_abort.unchecked_ref()));
    });
    let future = JsFuture::from(promise);
    async move {
        future
            .await
            .map(|_| ())
            .map_err(|e| StorageError::from_js(operation, &e))
    }
}

/// Open database `name` at `version`, creating its one object store `store` (records keyed
/// by their `id`) when new. The connection closes itself when a later version (another
/// tab's) asks to upgrade, instead of holding that tab up.
pub async fn open_keyed(
    operation: &'static str,
    name: &str,
    version: u32,
    store: &'static str,
) -> Result<IdbDatabase, StorageError> {
    let factory = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .ok()
        .and_then(|f| f.dyn_into::<web_sys::IdbFactory>().ok())
        .ok_or_else(|| StorageError::Unavailable("IndexedDB is missing".into()))?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| StorageError::from_js(operation, &e))?;
    let upgrading = req.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        let Ok(db) = upgrading.result() else { return };
        let db: IdbDatabase = db.unchecked_into();
        if db.object_store_names().contains(store) {
            return;
        }
        let parameters = IdbObjectStoreParameters::new();
        parameters.set_key_path(&JsValue::from_str("id"));
        if db
            .create_object_store_with_optional_parameters(store, &parameters)
            .is_err()
        {
            if let Some(tx) = upgrading.transaction() {
                let _ = tx.abort();
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = request(operation, &req).await?.unchecked_into();
    let closing = db.clone();
    let on_version_change = Closure::once_into_js(move |_: web_sys::Event| closing.close());
    db.set_onversionchange(Some(on_version_change.unchecked_ref()));
    Ok(db)
}

/// Open a transaction over `stores`.
pub fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
    operation: &'static str,
) -> Result<IdbTransaction, StorageError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|e| StorageError::from_js(operation, &e))
}

/// The key of an event in the log store: `[seq, id]`, so that IndexedDB's key order is the
/// log order.
pub fn event_key(seq: u64, id: &str) -> JsValue {
    // Sequence numbers stay far below 2^53, where f64 is exact.
    Array::of2(&JsValue::from_f64(seq as f64), &JsValue::from_str(id)).into()
}

/// Map any JS error into a `StorageError` for `operation`.
pub fn js_err(operation: &'static str) -> impl Fn(JsValue) -> StorageError {
    move |e| StorageError::from_js(operation, &e)
}
