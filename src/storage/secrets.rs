//! Secrets this browser remembers (the sync host's password or token), encrypted at rest.
//!
//! Each secret is kept in IndexedDB database [`DATABASE`], store [`STORE`], as a record
//! `{id, iv, data}`: the secret's text encrypted with AES-256-GCM (WebCrypto) under a fresh
//! 96-bit nonce, with the record's id as additional data, so a record cannot be passed off as
//! another. The key is the record `{id: "key", key}` of the same store: a *non-extractable*
//! `CryptoKey` that IndexedDB keeps by structured clone, so the page can encrypt and decrypt
//! with it but never read it, nor can anything that reads the database's files copy the
//! secret's clear text out of them. Nothing of a secret is ever written to localStorage; the
//! clear copy an older version left there ([`prefs::SYNC_SECRET_KEY`]) is moved in here and
//! deleted by [`sync_secret`].

use super::error::StorageError;
use super::idb::{completion, open_keyed, request, transaction};
use super::prefs;
use super::webcrypto::{self, aes_gcm, object, usages};
use gloo_storage::{LocalStorage, Storage};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, IdbDatabase, IdbTransactionMode, SubtleCrypto};

/// The IndexedDB database of remembered secrets, apart from the book's and the signing keys'.
pub const DATABASE: &str = "release-desk-secrets";
/// Its version.
pub const VERSION: u32 = 1;
/// The object store of secrets and of the key that encrypts them, keyed by `id`.
pub const STORE: &str = "secrets";
/// The id of the key's record.
pub const KEY_ID: &str = "key";
/// The id of the sync host's password or token.
pub const SYNC: &str = "sync";

/// The sync host's remembered password or token, if one is. A clear one left in
/// localStorage by an older version is first stored encrypted here, then deleted there.
pub async fn sync_secret() -> Result<Option<String>, StorageError> {
    if let Ok(clear) = LocalStorage::get::<String>(prefs::SYNC_SECRET_KEY) {
        if !clear.is_empty() {
            remember(SYNC, &clear).await?;
        }
        LocalStorage::delete(prefs::SYNC_SECRET_KEY);
        if !clear.is_empty() {
            return Ok(Some(clear));
        }
    }
    recall(SYNC).await
}

/// Keep the sync host's password or token when the person asked to remember it (and it is
/// not empty); otherwise forget any remembered one.
pub async fn keep_sync_secret(remember_it: bool, secret: &str) -> Result<(), StorageError> {
    if remember_it && !secret.is_empty() {
        remember(SYNC, secret).await
    } else {
        forget(SYNC).await
    }
}

/// Store `secret` under `id`, encrypted, in place of any earlier one.
pub async fn remember(id: &str, secret: &str) -> Result<(), StorageError> {
    const OPERATION: &str = "remember the password or token";
    let key = key(true)
        .await?
        .ok_or_else(|| failed(OPERATION, "no key"))?;
    let mut iv = [0u8; 12];
    crypto(OPERATION)?
        .get_random_values_with_u8_array(&mut iv)
        .map_err(|e| StorageError::from_js(OPERATION, &e))?;
    let promise = subtle(OPERATION)?
        .encrypt_with_object_and_u8_array(&aes_gcm(&iv, id.as_bytes()), &key, secret.as_bytes())
        .map_err(|e| StorageError::from_js(OPERATION, &e))?;
    let data = JsFuture::from(promise)
        .await
        .map_err(|e| StorageError::from_js(OPERATION, &e))?;
    let record = object(&[
        ("id", JsValue::from_str(id)),
        ("iv", Uint8Array::from(&iv[..]).into()),
        ("data", Uint8Array::new(&data).into()),
    ]);
    write(OPERATION, |store| store.put(&record)).await
}

/// The secret stored under `id`, decrypted; `None` when there is none.
pub async fn recall(id: &str) -> Result<Option<String>, StorageError> {
    const OPERATION: &str = "read the remembered password or token";
    let Some(record) = read(OPERATION, id).await? else {
        return Ok(None);
    };
    // A record that is damaged, or whose key is gone, is as good as none: the person is
    // asked for the secret again.
    let unreadable = || StorageError::Failed {
        operation: OPERATION,
        name: "DataError".into(),
        message: "it no longer decrypts on this device; enter the password or token again".into(),
    };
    let bytes = |name: &str| {
        Reflect::get(&record, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|a| a.to_vec())
            .ok_or_else(unreadable)
    };
    let (iv, data) = (bytes("iv")?, bytes("data")?);
    let key = key(false).await?.ok_or_else(unreadable)?;
    let promise = subtle(OPERATION)?
        .decrypt_with_object_and_u8_array(&aes_gcm(&iv, id.as_bytes()), &key, &data)
        .map_err(|e| StorageError::from_js(OPERATION, &e))?;
    let clear = JsFuture::from(promise).await.map_err(|_| unreadable())?;
    String::from_utf8(webcrypto::bytes(&clear))
        .map(Some)
        .map_err(|_| unreadable())
}

/// Delete the secret stored under `id`; forgetting one that is not there does nothing.
pub async fn forget(id: &str) -> Result<(), StorageError> {
    write("forget the password or token", |store| {
        store.delete(&JsValue::from_str(id))
    })
    .await
}

/// The key that encrypts the secrets; with `create`, made (AES-256-GCM, non-extractable)
/// and stored when there is none yet. Two tabs making one at once keep the first stored.
async fn key(create: bool) -> Result<Option<CryptoKey>, StorageError> {
    const OPERATION: &str = "make the key that protects remembered secrets";
    if let Some(record) = read(OPERATION, KEY_ID).await? {
        return key_of(&record).map(Some);
    }
    if !create {
        return Ok(None);
    }
    let algorithm = object(&[
        ("name", JsValue::from_str("AES-GCM")),
        ("length", JsValue::from_f64(256.0)),
    ]);
    let promise = subtle(OPERATION)?
        .generate_key_with_object(&algorithm, false, &usages(&["encrypt", "decrypt"]))
        .map_err(|e| StorageError::from_js(OPERATION, &e))?;
    let made: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(|e| StorageError::from_js(OPERATION, &e))?
        .unchecked_into();
    // The lookup and the write are one transaction, so a key another tab stored meanwhile
    // wins and every secret stays under one key.
    let db = open().await?;
    let kept = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readwrite, OPERATION)?;
        let done = completion(OPERATION, &tx);
        let store = tx
            .object_store(STORE)
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let existing = store
            .get(&JsValue::from_str(KEY_ID))
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let existing = request(OPERATION, &existing).await?;
        let kept = if existing.is_undefined() {
            let entry = object(&[
                ("id", JsValue::from_str(KEY_ID)),
                ("key", made.clone().into()),
            ]);
            store
                .add(&entry)
                .map_err(|e| StorageError::from_js(OPERATION, &e))?;
            made
        } else {
            key_of(&existing)?
        };
        done.await?;
        Ok(kept)
    }
    .await;
    db.close();
    kept.map(Some)
}

/// The `CryptoKey` in the key's record.
fn key_of(record: &JsValue) -> Result<CryptoKey, StorageError> {
    Reflect::get(record, &JsValue::from_str("key"))
        .ok()
        .and_then(|k| k.dyn_into::<CryptoKey>().ok())
        .ok_or_else(|| StorageError::Corrupt("the key of the remembered secrets".into()))
}

/// The record under `id`, if there is one.
async fn read(operation: &'static str, id: &str) -> Result<Option<JsValue>, StorageError> {
    let db = open().await?;
    let result = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readonly, operation)?;
        let get = tx
            .object_store(STORE)
            .and_then(|store| store.get(&JsValue::from_str(id)))
            .map_err(|e| StorageError::from_js(operation, &e))?;
        let value = request(operation, &get).await?;
        Ok((!value.is_undefined()).then_some(value))
    }
    .await;
    db.close();
    result
}

/// One write to the store, saved once its transaction commits.
async fn write(
    operation: &'static str,
    change: impl FnOnce(&web_sys::IdbObjectStore) -> Result<web_sys::IdbRequest, JsValue>,
) -> Result<(), StorageError> {
    let db = open().await?;
    let result = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readwrite, operation)?;
        let done = completion(operation, &tx);
        tx.object_store(STORE)
            .and_then(|store| change(&store))
            .map_err(|e| StorageError::from_js(operation, &e))?;
        done.await
    }
    .await;
    db.close();
    result
}

/// Open the secrets' database, creating its store when new.
async fn open() -> Result<IdbDatabase, StorageError> {
    open_keyed(
        "open this browser's remembered secrets",
        DATABASE,
        VERSION,
        STORE,
    )
    .await
}

/// The page's `crypto`; missing outside a secure context.
fn crypto(operation: &'static str) -> Result<Crypto, StorageError> {
    webcrypto::crypto().ok_or_else(|| failed(operation, NO_WEBCRYPTO))
}

/// The page's `crypto.subtle`; missing outside a secure context.
fn subtle(operation: &'static str) -> Result<SubtleCrypto, StorageError> {
    webcrypto::subtle().ok_or_else(|| failed(operation, NO_WEBCRYPTO))
}

const NO_WEBCRYPTO: &str =
    "This page has no WebCrypto: open Release Desk over https (or localhost)";

/// A WebCrypto failure with our own words.
fn failed(operation: &'static str, message: &str) -> StorageError {
    StorageError::Failed {
        operation,
        name: "NotSupportedError".into(),
        message: message.into(),
    }
}
