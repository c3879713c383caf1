//! The browser's side of private books: [`WebCipher`], the [`Cipher`] over WebCrypto
//! (AES-256-GCM, PBKDF2-SHA-256, `crypto.getRandomValues`), and the book's keys kept on this
//! device ([`Privacy`], a record in the book database's `meta` store beside the sync state).
//!
//! A book key sits in the same browser database as the book it opens: whoever can read that
//! database reads the book itself anyway. It never goes into an exported file.

use super::meta;
use super::remote::SyncError;
use super::sealed::{BookKey, Cipher, Privacy, PBKDF2_ITERATIONS};
use crate::storage::error::StorageError;
use crate::storage::webcrypto::{self, aes_gcm, bytes, object, usages};
use js_sys::{Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, SubtleCrypto};

/// The key of the [`Privacy`] record in `meta`.
pub const PRIVACY_KEY: &str = "sync-privacy";

/// AES-256-GCM and PBKDF2 with WebCrypto. Each book key is imported once (not extractable)
/// and kept for the cipher's life.
#[derive(Default)]
pub struct WebCipher {
    imported: RefCell<Vec<(String, CryptoKey)>>,
}

impl WebCipher {
    /// A cipher with no key imported yet.
    pub fn new() -> WebCipher {
        WebCipher::default()
    }

    async fn aes_key(&self, key: &BookKey) -> Result<CryptoKey, SyncError> {
        let id = key.id();
        if let Some((_, k)) = self.imported.borrow().iter().find(|(i, _)| *i == id) {
            return Ok(k.clone());
        }
        let raw = Uint8Array::from(&key.bytes()[..]);
        let promise = subtle()?
            .import_key_with_str(
                "raw",
                &raw,
                "AES-GCM",
                false,
                &usages(&["encrypt", "decrypt"]),
            )
            .map_err(failed)?;
        let k: CryptoKey = JsFuture::from(promise)
            .await
            .map_err(failed)?
            .unchecked_into();
        self.imported.borrow_mut().push((id, k.clone()));
        Ok(k)
    }
}

impl Cipher for WebCipher {
    async fn seal(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        plain: &[u8],
    ) -> Result<Vec<u8>, SyncError> {
        let k = self.aes_key(key).await?;
        let promise = subtle()?
            .encrypt_with_object_and_u8_array(&aes_gcm(iv, aad), &k, plain)
            .map_err(failed)?;
        Ok(bytes(&JsFuture::from(promise).await.map_err(failed)?))
    }

    async fn open(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Option<Vec<u8>>, SyncError> {
        let k = self.aes_key(key).await?;
        let promise = subtle()?
            .decrypt_with_object_and_u8_array(&aes_gcm(iv, aad), &k, sealed)
            .map_err(failed)?;
        // WebCrypto rejects with an OperationError when the tag does not match.
        Ok(JsFuture::from(promise)
            .await
            .ok()
            .map(|plain| bytes(&plain)))
    }

    fn random(&self, n: usize) -> Result<Vec<u8>, SyncError> {
        let crypto = webcrypto::crypto().ok_or_else(|| SyncError::BadKey(NO_CRYPTO.into()))?;
        let mut out = vec![0u8; n];
        crypto
            .get_random_values_with_u8_array(&mut out)
            .map_err(failed)?;
        Ok(out)
    }

    async fn derive(&self, passphrase: &str, salt: &[u8]) -> Result<[u8; 32], SyncError> {
        let subtle = subtle()?;
        let raw = Uint8Array::from(passphrase.as_bytes());
        let promise = subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveBits"]))
            .map_err(failed)?;
        let base: CryptoKey = JsFuture::from(promise)
            .await
            .map_err(failed)?
            .unchecked_into();
        let params = object(&[
            ("name", "PBKDF2".into()),
            ("hash", "SHA-256".into()),
            ("salt", Uint8Array::from(salt).into()),
            ("iterations", PBKDF2_ITERATIONS.into()),
        ]);
        let promise = subtle
            .derive_bits_with_object(&params, &base, 256)
            .map_err(failed)?;
        bytes(&JsFuture::from(promise).await.map_err(failed)?)
            .try_into()
            .map_err(|_| SyncError::BadKey("the browser derived no 256-bit key".into()))
    }
}

const NO_CRYPTO: &str = "this page has no WebCrypto: open Release Desk over https (or localhost)";

fn subtle() -> Result<SubtleCrypto, SyncError> {
    webcrypto::subtle().ok_or_else(|| SyncError::BadKey(NO_CRYPTO.into()))
}

fn failed(error: JsValue) -> SyncError {
    let message = Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "WebCrypto failed".to_owned());
    SyncError::BadKey(message)
}

/// The kept [`Privacy`] record; the default when none was kept or it does not read.
pub async fn load(db: &IdbDatabase) -> Result<Privacy, StorageError> {
    let text = meta::load_text(db, PRIVACY_KEY, "read the book's keys").await?;
    Ok(text
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

/// Keep the [`Privacy`] record; resolves once its transaction completes.
pub async fn save(db: &IdbDatabase, record: &Privacy) -> Result<(), StorageError> {
    let text = serde_json::to_string(record).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    meta::save_text(db, PRIVACY_KEY, &text, "keep the book's keys").await
}
