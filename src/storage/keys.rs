//! The device signing keys this browser holds, and checking signatures, with WebCrypto.
//!
//! Each key is an Ed25519 pair whose private half is a *non-extractable* `CryptoKey`: the
//! page can sign with it but can never read its bytes, not even to export it. The pair is
//! kept in its own IndexedDB database, [`DATABASE`] (store [`STORE`], keyed by the key's
//! id), apart from the book's, so clearing or importing a book never touches keys. A record
//! is a JS object `{id, person, device, public, private}`: `public` the base64url public
//! key, `private` the `CryptoKey` itself (IndexedDB stores it by structured clone and it
//! stays non-extractable).

use super::error::StorageError;
use super::idb::{completion, open_keyed, request, transaction};
use super::webcrypto::{self, object, usages};
use crate::domain::trust::{KeyId, PublicKey, Signature, SignatureJob};
use crate::domain::PersonId;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair, IdbDatabase, IdbTransactionMode, SubtleCrypto};

/// The IndexedDB database that holds the keys.
pub const DATABASE: &str = "release-desk-keys";
/// Its version.
pub const VERSION: u32 = 1;
/// The object store of keys, keyed by `id`.
pub const STORE: &str = "keys";

/// The PKCS#8 wrapping of a bare Ed25519 seed (RFC 8410): these 16 bytes, then the 32.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// What a person reads when the browser has no Ed25519 in WebCrypto.
const UNSUPPORTED: &str = "This browser cannot make signing keys (Ed25519 in WebCrypto); use a current Chrome, Edge, Firefox or Safari";

/// A key this browser holds: one person's device key. The private half is a
/// non-extractable WebCrypto `CryptoKey`.
#[derive(Clone)]
pub struct HeldKey {
    /// Whose key it is.
    pub person: PersonId,
    /// The public half.
    pub public: PublicKey,
    /// The key's id (from its public half).
    pub id: KeyId,
    /// The device, as its owner named it.
    pub device: String,
    /// The private half: signs, never leaves WebCrypto.
    private: CryptoKey,
}

impl std::fmt::Debug for HeldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeldKey")
            .field("person", &self.person)
            .field("public", &self.public)
            .field("id", &self.id)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl HeldKey {
    /// Sign a 32-byte digest (an event's) with this key.
    pub async fn sign(&self, digest: &[u8; 32]) -> Result<Signature, StorageError> {
        const OPERATION: &str = "sign the change";
        let subtle = subtle()?;
        let data = Uint8Array::from(&digest[..]);
        let promise = subtle
            .sign_with_object_and_js_u8_array(&ed25519(), &self.private, &data)
            .map_err(|e| crypto_error(OPERATION, &e))?;
        let buffer = JsFuture::from(promise)
            .await
            .map_err(|e| crypto_error(OPERATION, &e))?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        let signature: [u8; 64] = bytes.try_into().map_err(|_| StorageError::Failed {
            operation: OPERATION,
            name: "DataError".into(),
            message: "the browser made a signature that is not 64 bytes".into(),
        })?;
        Ok(Signature(signature))
    }
}

/// Make a new Ed25519 key pair for `person` on this device (named `device`), its private
/// half non-extractable, store it and return it.
pub async fn generate(person: &PersonId, device: &str) -> Result<HeldKey, StorageError> {
    const OPERATION: &str = "make a signing key";
    let subtle = subtle()?;
    let promise = subtle
        .generate_key_with_object(&ed25519(), false, &usages(&["sign", "verify"]))
        .map_err(|e| crypto_error(OPERATION, &e))?;
    let pair: CryptoKeyPair = JsFuture::from(promise)
        .await
        .map_err(|e| crypto_error(OPERATION, &e))?
        .unchecked_into();
    // The public half of a pair is always extractable.
    let promise = subtle
        .export_key("raw", &pair.get_public_key())
        .map_err(|e| crypto_error(OPERATION, &e))?;
    let raw = JsFuture::from(promise)
        .await
        .map_err(|e| crypto_error(OPERATION, &e))?;
    let public = public_from_bytes(OPERATION, &Uint8Array::new(&raw).to_vec())?;
    let key = HeldKey {
        person: person.clone(),
        id: public.id(),
        public,
        device: device.to_owned(),
        private: pair.get_private_key(),
    };
    store(key).await
}

/// Import a key from its 32-byte Ed25519 seed (the demo book's keys, which are public
/// knowledge) as a non-extractable private key, and store it. A seed already held returns
/// the held key as it was stored (its person and device), without a second record.
pub async fn import_seed(
    person: &PersonId,
    device: &str,
    seed: &[u8; 32],
) -> Result<HeldKey, StorageError> {
    const OPERATION: &str = "import a signing key";
    let subtle = subtle()?;
    let mut der = Vec::with_capacity(PKCS8_PREFIX.len() + seed.len());
    der.extend_from_slice(&PKCS8_PREFIX);
    der.extend_from_slice(seed);
    let der = Uint8Array::from(&der[..]);
    // WebCrypto cannot derive the public half from a non-extractable private key: import
    // once extractable only to read the public half from its JWK, and throw that copy away.
    let readable = import_pkcs8(&subtle, &der, true).await?;
    let promise = subtle
        .export_key("jwk", &readable)
        .map_err(|e| crypto_error(OPERATION, &e))?;
    let jwk = JsFuture::from(promise)
        .await
        .map_err(|e| crypto_error(OPERATION, &e))?;
    let x = Reflect::get(&jwk, &"x".into())
        .ok()
        .and_then(|x| x.as_string())
        .unwrap_or_default();
    let bytes = B64.decode(x.trim_end_matches('=')).unwrap_or_default();
    let public = public_from_bytes(OPERATION, &bytes)?;
    let private = import_pkcs8(&subtle, &der, false).await?;
    let key = HeldKey {
        person: person.clone(),
        id: public.id(),
        public,
        device: device.to_owned(),
        private,
    };
    store(key).await
}

/// Every key this browser holds, in id order.
pub async fn held() -> Result<Vec<HeldKey>, StorageError> {
    const OPERATION: &str = "read this browser's signing keys";
    let db = open().await?;
    let result = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readonly, OPERATION)?;
        let keys = tx
            .object_store(STORE)
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let all = keys
            .get_all()
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let records: Array = request(OPERATION, &all).await?.unchecked_into();
        records.iter().map(|record| from_record(&record)).collect()
    }
    .await;
    db.close();
    result
}

/// Forget one key: its record is deleted from this browser (tests, and "sign out of this
/// device"). Forgetting a key that is not held does nothing.
pub async fn forget(id: &KeyId) -> Result<(), StorageError> {
    const OPERATION: &str = "forget the signing key";
    let db = open().await?;
    let result = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readwrite, OPERATION)?;
        let done = completion(OPERATION, &tx);
        tx.object_store(STORE)
            .and_then(|keys| keys.delete(&JsValue::from_str(&id.0)))
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        done.await
    }
    .await;
    db.close();
    result
}

/// Check many signatures at once with WebCrypto: each distinct public key is imported
/// once, then every job's check runs in parallel. One answer per job, in order; a job
/// whose key does not import, or that cannot be checked at all, is `false`.
pub async fn verify_all(jobs: &[SignatureJob]) -> Vec<bool> {
    let Ok(subtle) = subtle() else {
        return vec![false; jobs.len()];
    };
    let algorithm = ed25519();
    // A rejected promise would reject the whole `Promise.all`: each settles to `undefined`
    // instead, which reads as "no key" or "not valid".
    let settle = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});

    let mut index: HashMap<PublicKey, u32> = HashMap::new();
    let imports = Array::new();
    let verify_usage = usages(&["verify"]);
    for job in jobs {
        if index.contains_key(&job.public) {
            continue;
        }
        index.insert(job.public, imports.length());
        let raw = Uint8Array::from(&job.public.0[..]);
        let import = subtle
            .import_key_with_object("raw", &raw, &algorithm, true, &verify_usage)
            .map(|promise| promise.catch(&settle))
            .unwrap_or_else(|_| Promise::resolve(&JsValue::UNDEFINED));
        imports.push(&import);
    }
    let Ok(imported) = JsFuture::from(Promise::all(&imports)).await else {
        return vec![false; jobs.len()];
    };
    let imported: Array = imported.unchecked_into();
    let keys: Vec<Option<CryptoKey>> = imported
        .iter()
        .map(|key| key.dyn_into::<CryptoKey>().ok())
        .collect();

    let checks = Array::new_with_length(jobs.len() as u32);
    for (i, job) in jobs.iter().enumerate() {
        let key = index
            .get(&job.public)
            .and_then(|&k| keys.get(k as usize))
            .and_then(Option::as_ref);
        let check = match key {
            Some(key) => {
                let signature = Uint8Array::from(&job.signature.0[..]);
                let digest = Uint8Array::from(&job.digest[..]);
                subtle
                    .verify_with_object_and_js_u8_array_and_js_u8_array(
                        &algorithm, key, &signature, &digest,
                    )
                    .map(|promise| JsValue::from(promise.catch(&settle)))
                    .unwrap_or(JsValue::FALSE)
            }
            None => JsValue::FALSE,
        };
        checks.set(i as u32, check);
    }
    let answers = match JsFuture::from(Promise::all(&checks)).await {
        Ok(answers) => answers.unchecked_into::<Array>(),
        Err(_) => return vec![false; jobs.len()],
    };
    drop(settle);
    (0..jobs.len() as u32)
        .map(|i| answers.get(i).as_bool() == Some(true))
        .collect()
}

/// Store a new key and return it; when its id is already held, return the held key instead
/// (the lookup and the write are one transaction).
async fn store(key: HeldKey) -> Result<HeldKey, StorageError> {
    const OPERATION: &str = "store the signing key";
    let db = open().await?;
    let result = async {
        let tx = transaction(&db, &[STORE], IdbTransactionMode::Readwrite, OPERATION)?;
        let done = completion(OPERATION, &tx);
        let keys = tx
            .object_store(STORE)
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let existing = keys
            .get(&JsValue::from_str(&key.id.0))
            .map_err(|e| StorageError::from_js(OPERATION, &e))?;
        let existing = request(OPERATION, &existing).await?;
        let kept = if existing.is_undefined() {
            keys.add(&to_record(&key))
                .map_err(|e| StorageError::from_js(OPERATION, &e))?;
            key
        } else {
            from_record(&existing)?
        };
        done.await?;
        Ok(kept)
    }
    .await;
    db.close();
    result
}

/// The record of a key.
fn to_record(key: &HeldKey) -> Object {
    object(&[
        ("id", JsValue::from_str(&key.id.0)),
        ("person", JsValue::from_str(key.person.as_str())),
        ("device", JsValue::from_str(&key.device)),
        ("public", JsValue::from_str(&B64.encode(key.public.0))),
        ("private", key.private.clone().into()),
    ])
}

/// A key from its record.
fn from_record(record: &JsValue) -> Result<HeldKey, StorageError> {
    let text = |name: &str| {
        Reflect::get(record, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| StorageError::Corrupt(format!("a signing key without its {name}")))
    };
    let id = KeyId(text("id")?);
    let person = PersonId::from(text("person")?.as_str());
    let device = text("device")?;
    let bytes = B64
        .decode(text("public")?)
        .map_err(|_| StorageError::Corrupt(format!("the public half of key {id}")))?;
    let public = bytes
        .try_into()
        .map(PublicKey)
        .map_err(|_| StorageError::Corrupt(format!("the public half of key {id}")))?;
    let private = Reflect::get(record, &JsValue::from_str("private"))
        .ok()
        .and_then(|v| v.dyn_into::<CryptoKey>().ok())
        .ok_or_else(|| StorageError::Corrupt(format!("the private half of key {id}")))?;
    Ok(HeldKey {
        person,
        public,
        id,
        device,
        private,
    })
}

/// Open the keys' database, creating it when new.
async fn open() -> Result<IdbDatabase, StorageError> {
    open_keyed("open this browser's signing keys", DATABASE, VERSION, STORE).await
}

/// The page's (or worker's) `crypto.subtle`; missing outside a secure context.
fn subtle() -> Result<SubtleCrypto, StorageError> {
    webcrypto::subtle().ok_or_else(|| StorageError::Failed {
        operation: "use signing keys",
        name: "NotSupportedError".into(),
        message: "This page has no WebCrypto: open Release Desk over https (or localhost)".into(),
    })
}

/// Import a PKCS#8-wrapped seed as a signing key.
async fn import_pkcs8(
    subtle: &SubtleCrypto,
    der: &Uint8Array,
    extractable: bool,
) -> Result<CryptoKey, StorageError> {
    const OPERATION: &str = "import a signing key";
    let promise = subtle
        .import_key_with_object("pkcs8", der, &ed25519(), extractable, &usages(&["sign"]))
        .map_err(|e| crypto_error(OPERATION, &e))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| crypto_error(OPERATION, &e))?
        .dyn_into::<CryptoKey>()
        .map_err(|_| StorageError::Failed {
            operation: OPERATION,
            name: "DataError".into(),
            message: "the browser did not return a key".into(),
        })
}

/// A public key from the 32 bytes WebCrypto gave.
fn public_from_bytes(operation: &'static str, bytes: &[u8]) -> Result<PublicKey, StorageError> {
    <[u8; 32]>::try_from(bytes)
        .map(PublicKey)
        .map_err(|_| StorageError::Failed {
            operation,
            name: "DataError".into(),
            message: format!("the browser gave a public key of {} bytes", bytes.len()),
        })
}

/// `{name: "Ed25519"}`.
fn ed25519() -> Object {
    object(&[("name", "Ed25519".into())])
}

/// A WebCrypto failure, in words a person understands when the browser lacks Ed25519.
fn crypto_error(operation: &'static str, error: &JsValue) -> StorageError {
    match StorageError::from_js(operation, error) {
        StorageError::Failed { name, .. } if name == "NotSupportedError" => StorageError::Failed {
            operation,
            name,
            message: UNSUPPORTED.into(),
        },
        other => other,
    }
}
