//! What this browser keeps about sharing its book: its device id (made once, never
//! changed), and for the sync address in use the exchange's [`SyncState`], the time of the
//! last good sync, its outcome and the last error. All of it lives in the `meta` object
//! store beside the heads, under its own keys; none of it is release data, none of it goes
//! into an exported file, and credentials are never stored here (see
//! [`prefs`](crate::storage::prefs) for the settings).

use super::layout::check_device;
use super::SyncState;
use crate::storage::error::StorageError;
use crate::storage::idb::{completion, js_err, request, transaction};
use crate::storage::schema::META;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransactionMode};

/// The key of this browser's device id in `meta`.
pub const DEVICE_KEY: &str = "sync-device";
/// The key of the [`SyncMeta`] record in `meta`.
pub const SYNC_KEY: &str = "sync-state";

/// What is kept between syncs, for one sync address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeta {
    /// The address the state belongs to: another address starts afresh.
    #[serde(default)]
    pub address: String,
    /// The exchange's state (ETags, segments read, events known to be on the host).
    #[serde(default)]
    pub state: SyncState,
    /// When the last sync completed (RFC 3339, UTC).
    #[serde(default)]
    pub last_synced: Option<String>,
    /// What the last completed sync did, as the status line says it.
    #[serde(default)]
    pub last_outcome: Option<String>,
    /// The last sync's error, when it failed (cleared by the next good sync).
    #[serde(default)]
    pub last_error: Option<String>,
}

impl SyncMeta {
    /// The state to sync `address` with: the stored one when it belongs to that address,
    /// else a fresh one for a book named `book_name`.
    pub fn state_for(&self, address: &str, book_name: &str) -> SyncState {
        if self.address == address {
            self.state.clone()
        } else {
            SyncState::new(book_name)
        }
    }
}

/// A new device id: the time in base 36 and a random part (letters, digits and '-').
fn fresh_device() -> String {
    format!("d{}", fresh(8))
}

/// A new id, unique across devices: the time in base 36, '-', and `digits` random base-36
/// digits. Event ids and device ids are made this way.
pub fn fresh(digits: i32) -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * 36f64.powi(digits)) as u64;
    format!("{}-{}", base36(now), base36(random))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// This browser's device id for the book in `db`: read, or made and stored the first time.
/// Read and made in one transaction, so two tabs opening at once agree on one id.
pub async fn device_id(db: &IdbDatabase) -> Result<String, StorageError> {
    const OP: &str = "keep this device's sync id";
    let tx = transaction(db, &[META], IdbTransactionMode::Readwrite, OP)?;
    let done = completion(OP, &tx);
    let meta = tx.object_store(META).map_err(js_err(OP))?;
    let key = JsValue::from_str(DEVICE_KEY);
    let stored = request(OP, &meta.get(&key).map_err(js_err(OP))?)
        .await?
        .as_string()
        .filter(|id| check_device(id).is_ok());
    let id = match stored {
        Some(id) => id,
        None => {
            let id = fresh_device();
            meta.put_with_key(&JsValue::from_str(&id), &key)
                .map_err(js_err(OP))?;
            id
        }
    };
    done.await?;
    Ok(id)
}

/// The kept sync record; the default when none was kept or it does not read (a damaged
/// record costs a full pull, never an error page).
pub async fn load(db: &IdbDatabase) -> Result<SyncMeta, StorageError> {
    let text = load_text(db, SYNC_KEY, "read the sync state").await?;
    Ok(text
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

/// Keep the sync record; resolves once its transaction completes.
pub async fn save(db: &IdbDatabase, record: &SyncMeta) -> Result<(), StorageError> {
    let text = serde_json::to_string(record).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    save_text(db, SYNC_KEY, &text, "save the sync state").await
}

/// The text kept under `key` in the book's `meta` store (`op` names the operation in
/// errors), if any: the JSON of a record kept beside the book.
pub async fn load_text(
    db: &IdbDatabase,
    key: &str,
    op: &'static str,
) -> Result<Option<String>, StorageError> {
    let tx = transaction(db, &[META], IdbTransactionMode::Readonly, op)?;
    let meta = tx.object_store(META).map_err(js_err(op))?;
    let value = request(op, &meta.get(&JsValue::from_str(key)).map_err(js_err(op))?).await?;
    Ok(value.as_string())
}

/// Keep `text` under `key` in the book's `meta` store; resolves once its transaction
/// completes.
pub async fn save_text(
    db: &IdbDatabase,
    key: &str,
    text: &str,
    op: &'static str,
) -> Result<(), StorageError> {
    let tx = transaction(db, &[META], IdbTransactionMode::Readwrite, op)?;
    let done = completion(op, &tx);
    tx.object_store(META)
        .map_err(js_err(op))?
        .put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))
        .map_err(js_err(op))?;
    done.await
}
