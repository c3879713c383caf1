//! In-browser tests of the device keystore (headless Chromium, real WebCrypto and
//! IndexedDB): private halves are non-extractable, keys survive a reload, signatures are
//! checked honestly and in bulk, a seed gives the key RFC 8032 gives, and a key can be
//! forgotten.
#![cfg(target_arch = "wasm32")]

use release_desk::domain::trust::{KeyId, PublicKey, Signature, SignatureJob};
use release_desk::domain::{EventId, PersonId};
use release_desk::storage::idb::{request, transaction};
use release_desk::storage::keys::{self, HeldKey, DATABASE, STORE};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CryptoKey, IdbDatabase, IdbTransactionMode};

wasm_bindgen_test_configure!(run_in_browser);

/// The public key of seed `[7; 32]`, from ed25519-dalek natively:
/// `SigningKey::from_bytes(&[7u8; 32]).verifying_key().to_bytes()`.
const SEED7_PUBLIC: [u8; 32] = [
    234, 74, 108, 99, 226, 156, 82, 10, 190, 245, 80, 123, 19, 46, 197, 249, 149, 71, 118, 174,
    190, 190, 123, 146, 66, 30, 234, 105, 20, 70, 210, 44,
];

/// The signature of seed `[7; 32]` over the digest `[0, 1, …, 31]`, from ed25519-dalek
/// natively: `SigningKey::from_bytes(&[7u8; 32]).sign(&digest).to_bytes()`.
const SEED7_SIGNATURE: [u8; 64] = [
    65, 192, 216, 144, 17, 24, 34, 24, 95, 30, 8, 218, 37, 11, 181, 29, 40, 20, 169, 7, 217, 120,
    226, 9, 59, 235, 90, 88, 248, 155, 161, 11, 172, 129, 33, 10, 6, 99, 18, 122, 26, 251, 185, 94,
    44, 89, 211, 217, 138, 167, 37, 18, 192, 65, 161, 252, 238, 87, 109, 188, 203, 221, 98, 15,
];

/// The digest `[0, 1, …, 31]`.
fn counting_digest() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

fn rita() -> PersonId {
    PersonId::from("rita")
}

fn job(key: &HeldKey, digest: [u8; 32], signature: Signature) -> SignatureJob {
    SignatureJob {
        event: EventId::from("e1"),
        public: key.public,
        digest,
        signature,
    }
}

/// The `private` field of a key's stored record, read straight from IndexedDB.
async fn stored_private(id: &KeyId) -> CryptoKey {
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let open = factory.open(DATABASE).expect("opens");
    let db: IdbDatabase = request("open", &open)
        .await
        .expect("opens")
        .unchecked_into();
    let tx = transaction(&db, &[STORE], IdbTransactionMode::Readonly, "read").expect("tx");
    let get = tx
        .object_store(STORE)
        .expect("store")
        .get(&JsValue::from_str(&id.0))
        .expect("get");
    let record = request("read", &get).await.expect("reads");
    db.close();
    assert!(!record.is_undefined(), "the key {id} is stored");
    js_sys::Reflect::get(&record, &"private".into())
        .expect("private")
        .dyn_into::<CryptoKey>()
        .expect("the private half is stored as a CryptoKey")
}

/// Whether WebCrypto lets the page export `key` in `format`.
async fn exports(key: &CryptoKey, format: &str) -> bool {
    let subtle = web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle();
    match subtle.export_key(format, key) {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

async fn held_by_id(id: &KeyId) -> Vec<HeldKey> {
    keys::held()
        .await
        .expect("reads the keys")
        .into_iter()
        .filter(|k| &k.id == id)
        .collect()
}

#[wasm_bindgen_test]
async fn a_generated_private_key_cannot_leave_the_browser() {
    let key = keys::generate(&rita(), "Rita's laptop")
        .await
        .expect("generates");
    assert_eq!(key.id, key.public.id());
    let private = stored_private(&key.id).await;
    assert!(!private.extractable());
    assert_eq!(private.type_(), "private");
    for format in ["pkcs8", "jwk", "raw"] {
        assert!(!exports(&private, format).await, "exported as {format}");
    }
    // The key read back signs with that stored private half.
    let reread = held_by_id(&key.id).await;
    assert_eq!(reread.len(), 1);
    assert!(reread[0].sign(&[1; 32]).await.is_ok());
    keys::forget(&key.id).await.expect("forgets");
}

#[wasm_bindgen_test]
async fn a_key_survives_a_reload_and_its_signatures_verify() {
    let key = keys::generate(&rita(), "Rita's laptop")
        .await
        .expect("generates");
    let found = held_by_id(&key.id).await;
    assert_eq!(found.len(), 1);
    let reread = &found[0];
    assert_eq!(reread.public, key.public);
    assert_eq!(reread.person, rita());
    assert_eq!(reread.device, "Rita's laptop");
    let digest = [42u8; 32];
    let signature = reread.sign(&digest).await.expect("signs");
    assert_eq!(
        keys::verify_all(&[job(&key, digest, signature)]).await,
        vec![true]
    );
    // The key made in memory and the one read back sign alike (Ed25519 is deterministic).
    assert_eq!(key.sign(&digest).await.expect("signs"), signature);
    keys::forget(&key.id).await.expect("forgets");
}

#[wasm_bindgen_test]
async fn tampered_signatures_do_not_verify() {
    let key = keys::generate(&rita(), "Rita's laptop")
        .await
        .expect("generates");
    let other = keys::generate(&rita(), "Rita's phone")
        .await
        .expect("generates");
    let digest = counting_digest();
    let signature = key.sign(&digest).await.expect("signs");

    let mut flipped_digest = digest;
    flipped_digest[17] ^= 0x08;
    let mut flipped_signature = signature;
    flipped_signature.0[5] ^= 0x01;
    let mut late_flip = signature;
    late_flip.0[63] ^= 0x80;
    let wrong_key = job(&other, digest, signature);
    let mut not_a_key = job(&key, digest, signature);
    not_a_key.public = PublicKey([0xff; 32]);

    let jobs = vec![
        job(&key, digest, signature),
        job(&key, flipped_digest, signature),
        job(&key, digest, flipped_signature),
        job(&key, digest, late_flip),
        wrong_key,
        not_a_key,
        job(&key, digest, signature),
    ];
    assert_eq!(
        keys::verify_all(&jobs).await,
        vec![true, false, false, false, false, false, true]
    );
    assert!(keys::verify_all(&[]).await.is_empty());
    keys::forget(&key.id).await.expect("forgets");
    keys::forget(&other.id).await.expect("forgets");
}

#[wasm_bindgen_test]
async fn a_seed_gives_the_rfc8032_key_and_signatures() {
    let seed = [7u8; 32];
    let key = keys::import_seed(&rita(), "demo", &seed)
        .await
        .expect("imports");
    assert_eq!(key.public, PublicKey(SEED7_PUBLIC));
    assert_eq!(key.id, PublicKey(SEED7_PUBLIC).id());
    let digest = counting_digest();
    let signature = key.sign(&digest).await.expect("signs");
    assert_eq!(signature, Signature(SEED7_SIGNATURE));
    assert_eq!(
        keys::verify_all(&[job(&key, digest, signature)]).await,
        vec![true]
    );
    let private = stored_private(&key.id).await;
    assert!(!private.extractable());
    assert!(!exports(&private, "pkcs8").await);

    // Importing it again keeps the one record, as it was stored.
    let again = keys::import_seed(&PersonId::from("sam"), "other", &seed)
        .await
        .expect("imports again");
    assert_eq!(again.id, key.id);
    assert_eq!(again.person, rita());
    assert_eq!(again.device, "demo");
    assert_eq!(held_by_id(&key.id).await.len(), 1);
    assert_eq!(
        again.sign(&digest).await.expect("signs"),
        Signature(SEED7_SIGNATURE)
    );
    keys::forget(&key.id).await.expect("forgets");
}

#[wasm_bindgen_test]
async fn a_forgotten_key_is_no_longer_held() {
    let key = keys::generate(&rita(), "Rita's laptop")
        .await
        .expect("generates");
    let kept = keys::generate(&rita(), "Rita's phone")
        .await
        .expect("generates");
    assert_eq!(held_by_id(&key.id).await.len(), 1);
    keys::forget(&key.id).await.expect("forgets");
    assert!(held_by_id(&key.id).await.is_empty());
    assert_eq!(held_by_id(&kept.id).await.len(), 1);
    // Forgetting what is not held is no error.
    keys::forget(&key.id).await.expect("forgets again");
    keys::forget(&kept.id).await.expect("forgets");
}

#[wasm_bindgen_test]
async fn ten_thousand_signatures_verify_in_well_under_a_second() {
    let mut signers = Vec::new();
    for device in ["a", "b", "c", "d"] {
        signers.push(keys::generate(&rita(), device).await.expect("generates"));
    }
    let mut signed = Vec::new();
    for (n, key) in signers.iter().enumerate() {
        for i in 0..25u8 {
            let digest = [i.wrapping_mul(13).wrapping_add(n as u8); 32];
            signed.push(job(key, digest, key.sign(&digest).await.expect("signs")));
        }
    }
    let jobs: Vec<SignatureJob> = (0..10_000)
        .map(|i| {
            let mut job = signed[i % signed.len()].clone();
            if i % 7 == 3 {
                job.digest[i % 32] ^= 1;
            }
            job
        })
        .collect();
    // Speed is measured by `make bench`, not here: this checks every answer is right.
    let answers = keys::verify_all(&jobs).await;
    let expected: Vec<bool> = (0..10_000).map(|i| i % 7 != 3).collect();
    assert_eq!(answers, expected);
    for key in &signers {
        keys::forget(&key.id).await.expect("forgets");
    }
}
