//! In-browser tests of remembered secrets (headless Chromium, real WebCrypto and IndexedDB):
//! a password round-trips, nothing of it reaches localStorage, the stored record is not its
//! clear text, the key that encrypts it cannot be read out, forgetting deletes it, a record
//! moved under another name does not decrypt, and a clear one left in localStorage by an
//! older version is moved into the encrypted store and deleted there.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use js_sys::{Reflect, Uint8Array};
use release_desk::storage::idb::{request, transaction};
use release_desk::storage::prefs::SYNC_SECRET_KEY;
use release_desk::storage::secrets::{self, DATABASE, KEY_ID, STORE, SYNC};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CryptoKey, IdbDatabase, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

/// The record stored under `id`, read straight from IndexedDB (undefined when none).
async fn stored(id: &str) -> JsValue {
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let open = factory.open(DATABASE).expect("opens");
    let db: IdbDatabase = request("open", &open)
        .await
        .expect("opened")
        .unchecked_into();
    let tx = transaction(&db, &[STORE], IdbTransactionMode::Readonly, "read").expect("tx");
    let get = tx
        .object_store(STORE)
        .expect("store")
        .get(&JsValue::from_str(id))
        .expect("get");
    let record = request("read", &get).await.expect("read");
    db.close();
    record
}

/// Every key and value in localStorage, as one text.
fn local_storage_text() -> String {
    let storage = LocalStorage::raw();
    let mut text = String::new();
    for i in 0..storage.length().expect("length") {
        let key = storage.key(i).expect("key").unwrap_or_default();
        let value = storage.get_item(&key).expect("item").unwrap_or_default();
        text.push_str(&key);
        text.push('=');
        text.push_str(&value);
        text.push('\n');
    }
    text
}

/// Whether `haystack` holds `needle` as consecutive bytes.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[wasm_bindgen_test]
async fn a_secret_round_trips_encrypted_under_a_key_that_cannot_be_read() {
    let secret = "correct horse battery staple ✓";
    secrets::remember("round-trip", secret)
        .await
        .expect("remembered");
    assert_eq!(
        secrets::recall("round-trip").await.expect("recalled"),
        Some(secret.to_owned())
    );

    assert!(
        !local_storage_text().contains("horse"),
        "localStorage holds the secret: {}",
        local_storage_text()
    );

    let record = stored("round-trip").await;
    assert!(record.is_object(), "no record in IndexedDB");
    let data = Reflect::get(&record, &"data".into())
        .expect("data")
        .dyn_into::<Uint8Array>()
        .expect("bytes")
        .to_vec();
    // AES-GCM: the text's length plus a 16-byte tag, and none of the clear text.
    assert_eq!(data.len(), secret.len() + 16);
    assert!(
        !contains(&data, b"horse"),
        "the record holds the clear text"
    );
    assert!(!contains(&data, secret.as_bytes()));

    let key: CryptoKey = Reflect::get(&stored(KEY_ID).await, &"key".into())
        .expect("key")
        .dyn_into()
        .expect("a CryptoKey");
    assert!(!key.extractable(), "the key can be exported");
    let algorithm =
        Reflect::get(&key.algorithm().expect("algorithm"), &"name".into()).expect("name");
    assert_eq!(algorithm.as_string().as_deref(), Some("AES-GCM"));
    let subtle = web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle();
    let export = JsFuture::from(subtle.export_key("raw", &key).expect("a promise")).await;
    assert!(export.is_err(), "the browser exported the key");
}

#[wasm_bindgen_test]
async fn forgetting_deletes_the_secret() {
    secrets::remember("forgotten", "token-123")
        .await
        .expect("remembered");
    secrets::forget("forgotten").await.expect("forgotten");
    assert_eq!(secrets::recall("forgotten").await.expect("read"), None);
    assert!(stored("forgotten").await.is_undefined());
    // Forgetting what is not there is no failure.
    secrets::forget("forgotten").await.expect("forgotten again");
}

#[wasm_bindgen_test]
async fn a_record_moved_under_another_name_does_not_decrypt() {
    secrets::remember("original", "pa55word")
        .await
        .expect("remembered");
    secrets::remember("other", "something else")
        .await
        .expect("remembered");
    // Copy the original's iv and data under "other", as someone with the files could.
    let original = stored("original").await;
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let db: IdbDatabase = request("open", &factory.open(DATABASE).expect("opens"))
        .await
        .expect("opened")
        .unchecked_into();
    let tx = transaction(&db, &[STORE], IdbTransactionMode::Readwrite, "write").expect("tx");
    Reflect::set(&original, &"id".into(), &"other".into()).expect("id");
    let put = tx
        .object_store(STORE)
        .expect("store")
        .put(&original)
        .expect("put");
    request("write", &put).await.expect("written");
    db.close();
    let error = secrets::recall("other")
        .await
        .expect_err("decrypted under another name");
    assert!(
        error
            .to_string()
            .contains("enter the password or token again"),
        "{error}"
    );
    secrets::forget("other").await.expect("forgotten");
}

#[wasm_bindgen_test]
async fn the_sync_secret_is_kept_only_when_remembered_and_a_clear_one_is_moved_in() {
    // An older version left the token in clear in localStorage.
    LocalStorage::set(SYNC_SECRET_KEY, "legacy-token").expect("set");
    assert_eq!(
        secrets::sync_secret().await.expect("read"),
        Some("legacy-token".to_owned())
    );
    assert!(
        LocalStorage::raw()
            .get_item(SYNC_SECRET_KEY)
            .expect("read")
            .is_none(),
        "the clear copy is still in localStorage"
    );
    assert!(!local_storage_text().contains("legacy-token"));
    assert_eq!(
        secrets::recall(SYNC).await.expect("read"),
        Some("legacy-token".to_owned())
    );
    // And on the next start, from the encrypted store.
    assert_eq!(
        secrets::sync_secret().await.expect("read"),
        Some("legacy-token".to_owned())
    );

    secrets::keep_sync_secret(true, "new-token")
        .await
        .expect("kept");
    assert_eq!(
        secrets::sync_secret().await.expect("read"),
        Some("new-token".to_owned())
    );
    assert!(!local_storage_text().contains("new-token"));

    // Unticking "remember" forgets it.
    secrets::keep_sync_secret(false, "new-token")
        .await
        .expect("forgotten");
    assert_eq!(secrets::sync_secret().await.expect("read"), None);
    assert!(stored(SYNC).await.is_undefined());
}
