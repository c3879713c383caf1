//! In-browser tests of private books' cipher (headless Chromium, real WebCrypto): a file
//! sealed and opened again, AES-256-GCM as other implementations compute it, a wrong key
//! and altered bytes or name refused, PBKDF2 with the real iteration count giving the same
//! key twice (and Python's), and the book's keys kept on this device.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use release_desk::sync::crypt::{self, WebCipher};
use release_desk::sync::sealed::{
    envelope, is_sealed, open, seal, BookKey, Cipher, KeyRing, Privacy,
};
use release_desk::sync::SyncError;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// AES-256-GCM of "Release Desk" under key `[7; 32]`, nonce `[1; 12]`, associated data
/// "manifest.json", ciphertext then tag, from Node's OpenSSL:
/// `createCipheriv('aes-256-gcm', Buffer.alloc(32, 7), Buffer.alloc(12, 1))`.
const NODE_GCM: [u8; 28] = [
    36, 132, 229, 210, 241, 204, 137, 46, 149, 177, 175, 74, 145, 35, 17, 89, 205, 138, 74, 9, 0,
    11, 43, 0, 73, 142, 36, 40,
];

/// PBKDF2-HMAC-SHA-256 of "correct horse battery staple", salt `[0, 1, …, 15]`, 600,000
/// iterations (PBKDF2_ITERATIONS), 32 bytes, from Python: `hashlib.pbkdf2_hmac('sha256', …, 600000)`.
const PYTHON_PBKDF2: [u8; 32] = [
    239, 23, 113, 68, 238, 201, 66, 12, 188, 16, 147, 210, 168, 179, 68, 169, 43, 197, 6, 208, 212,
    236, 156, 2, 141, 209, 159, 131, 36, 216, 193, 230,
];

#[wasm_bindgen_test]
async fn aes_gcm_is_the_standard_one() {
    let cipher = WebCipher::new();
    let key = BookKey::new([7; 32], None);
    let sealed = cipher
        .seal(&key, &[1; 12], b"manifest.json", b"Release Desk")
        .await
        .unwrap();
    assert_eq!(sealed, NODE_GCM);
    let plain = cipher
        .open(&key, &[1; 12], b"manifest.json", &NODE_GCM)
        .await
        .unwrap();
    assert_eq!(plain.as_deref(), Some(&b"Release Desk"[..]));
}

#[wasm_bindgen_test]
async fn a_sealed_file_opens_with_its_key_and_hides_its_text() {
    let cipher = WebCipher::new();
    let key = BookKey::new([9; 32], None);
    let text = r#"{"format":"release-desk/segment","events":[{"title":"Payments 4.2"}]}"#;
    let body = seal(&cipher, &key, "segment.a.x.json", text).await.unwrap();
    assert!(is_sealed(&body));
    assert!(!body.contains("Payments"));
    let env = envelope("segment.a.x.json", &body).unwrap();
    assert_eq!(env.key, key.id());
    assert_eq!(
        open(&cipher, &key, "segment.a.x.json", &env).await.unwrap(),
        text
    );
    // Two seals of the same text differ: a fresh random nonce each time.
    let again = seal(&cipher, &key, "segment.a.x.json", text).await.unwrap();
    assert_ne!(again, body);
}

#[wasm_bindgen_test]
async fn a_wrong_key_altered_bytes_or_another_name_do_not_open() {
    let cipher = WebCipher::new();
    let key = BookKey::new([9; 32], None);
    let body = seal(&cipher, &key, "index.a.json", "{\"x\":1}")
        .await
        .unwrap();
    let env = envelope("index.a.json", &body).unwrap();
    let tampered = |r: Result<String, SyncError>| matches!(r, Err(SyncError::Tampered { detail, .. }) if detail.contains("does not decrypt"));
    let wrong = BookKey::new([8; 32], None);
    assert!(tampered(open(&cipher, &wrong, "index.a.json", &env).await));
    assert!(tampered(open(&cipher, &key, "index.b.json", &env).await));
    // One character of the ciphertext changed.
    let mut data = env.data.to_owned().into_bytes();
    data[3] = if data[3] == b'A' { b'B' } else { b'A' };
    let data = String::from_utf8(data).unwrap();
    let altered = release_desk::sync::sealed::Envelope { data: &data, ..env };
    assert!(tampered(
        open(&cipher, &key, "index.a.json", &altered).await
    ));
}

#[wasm_bindgen_test]
async fn pbkdf2_with_600000_iterations_gives_the_same_key_twice_and_pythons() {
    let cipher = WebCipher::new();
    let salt: Vec<u8> = (0..16).collect();
    let first = cipher
        .derive("correct horse battery staple", &salt)
        .await
        .unwrap();
    let second = cipher
        .derive("correct horse battery staple", &salt)
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(first, PYTHON_PBKDF2);
    let other = cipher
        .derive("correct horse battery stapler", &salt)
        .await
        .unwrap();
    assert_ne!(first, other);
}

#[wasm_bindgen_test]
async fn random_bytes_differ() {
    let cipher = WebCipher::new();
    let a = cipher.random(32).unwrap();
    let b = cipher.random(32).unwrap();
    assert_eq!(a.len(), 32);
    assert_ne!(a, b);
}

#[wasm_bindgen_test]
async fn the_books_keys_are_kept_on_this_device() {
    let name = format!("test-crypt-privacy-{}", js_sys::Math::random());
    let store = release_desk::storage::Store::open(&name).await.unwrap();
    let db = store.database().clone();
    assert_eq!(crypt::load(&db).await.unwrap(), Privacy::default());
    let record = Privacy {
        address: "https://files.example.org/book/".into(),
        ring: KeyRing::new(vec![
            BookKey::new([1; 32], None),
            BookKey::new([2; 32], Some("c2FsdA".into())),
        ]),
        public: false,
    };
    crypt::save(&db, &record).await.unwrap();
    assert_eq!(crypt::load(&db).await.unwrap(), record);
    store.close();
}
