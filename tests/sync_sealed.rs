//! Private books on the host side: given devices syncing through [`Sealed`] over the
//! in-memory host, when they sync, rotate the key, make a public book private or meet a
//! hostile host, then what each device holds, what it is told, and what the host can read.
//!
//! The cipher here is a stand-in (a SHA-256 keystream and tag, deterministic nonces), not
//! encryption: these tests check the envelope, the key ids, the history and the refusals.
//! The real AES-GCM and PBKDF2 are WebCrypto's, checked in the browser (`tests/web_crypt.rs`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use release_desk::demo::{self, Script, RELEASE_MANAGER};
use release_desk::domain::{Change, Engine, Person, Role};
use release_desk::sync::layout::{index_path, MANIFEST};
use release_desk::sync::memory::MemoryRemote;
use release_desk::sync::sealed::{
    envelope, is_sealed, key_from_passphrase, probe, rekey, BookKey, Cipher, Found, KeyRing,
    Privacy, Sealed, KEYS,
};
use release_desk::sync::{sync, SyncError, SyncReport, SyncState};
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// A stand-in for AES-GCM: XOR with a SHA-256 keystream, and a 16-byte SHA-256 tag over
/// key, nonce, associated data and ciphertext. Test scaffolding only.
#[derive(Default)]
struct TestCipher {
    counter: Cell<u64>,
}

fn stream(key: &BookKey, iv: &[u8; 12], data: &[u8]) -> Vec<u8> {
    data.chunks(32)
        .enumerate()
        .flat_map(|(block, chunk)| {
            let pad = Sha256::new()
                .chain_update(key.bytes())
                .chain_update(iv)
                .chain_update((block as u64).to_le_bytes())
                .finalize();
            chunk
                .iter()
                .zip(pad)
                .map(|(b, p)| b ^ p)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn tag(key: &BookKey, iv: &[u8; 12], aad: &[u8], data: &[u8]) -> Vec<u8> {
    Sha256::new()
        .chain_update(b"tag")
        .chain_update(key.bytes())
        .chain_update(iv)
        .chain_update((aad.len() as u64).to_le_bytes())
        .chain_update(aad)
        .chain_update(data)
        .finalize()[..16]
        .to_vec()
}

impl Cipher for TestCipher {
    async fn seal(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        plain: &[u8],
    ) -> Result<Vec<u8>, SyncError> {
        let mut out = stream(key, iv, plain);
        let t = tag(key, iv, aad, &out);
        out.extend(t);
        Ok(out)
    }

    async fn open(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Option<Vec<u8>>, SyncError> {
        let Some(split) = sealed.len().checked_sub(16) else {
            return Ok(None);
        };
        let (data, t) = sealed.split_at(split);
        Ok((tag(key, iv, aad, data) == t).then(|| stream(key, iv, data)))
    }

    fn random(&self, n: usize) -> Result<Vec<u8>, SyncError> {
        self.counter.set(self.counter.get() + 1);
        let seed = Sha256::digest(self.counter.get().to_le_bytes());
        Ok(seed.iter().cycle().take(n).copied().collect())
    }

    async fn derive(&self, passphrase: &str, salt: &[u8]) -> Result<[u8; 32], SyncError> {
        Ok(Sha256::new()
            .chain_update(passphrase)
            .chain_update(salt)
            .finalize()
            .into())
    }
}

fn key(n: u8) -> BookKey {
    BookKey::new([n; 32], None)
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single().unwrap()
}

/// One laptop with its book, sync state and key ring.
struct Device {
    name: &'static str,
    script: Script,
    state: SyncState,
    ring: KeyRing,
}

impl Device {
    fn new(name: &'static str, ring: KeyRing) -> Self {
        Device {
            name,
            script: Script::new(&format!("{name}-"), start()),
            state: SyncState::new("Retail IT release book"),
            ring,
        }
    }

    fn with_catalogue(name: &'static str, ring: KeyRing) -> Self {
        let mut device = Device::new(name, ring);
        for (actor, change) in demo::catalogue(2026) {
            device.script.ok(actor, change).unwrap();
        }
        device
    }

    fn add_person(&mut self, id: &str, name: &str) {
        let change = Change::Person(Person {
            email: String::new(),
            id: id.into(),
            name: name.into(),
            roles: vec![Role::Tester],
        });
        self.script.ok(RELEASE_MANAGER, change).unwrap();
    }

    fn sync(&mut self, remote: &MemoryRemote) -> Result<SyncReport, SyncError> {
        let cipher = TestCipher::default();
        let sealed = Sealed::new(remote, &cipher, self.ring.clone());
        let result = block_on(sync(
            &mut self.script.engine,
            self.name,
            &mut self.state,
            &sealed,
        ));
        self.ring = sealed.ring();
        result
    }

    fn engine(&self) -> &Engine {
        &self.script.engine
    }
}

fn ring(keys: &[BookKey]) -> KeyRing {
    KeyRing::new(keys.to_vec())
}

/// Every file on the host, with its text.
fn host_files(remote: &MemoryRemote) -> Vec<(String, String)> {
    remote
        .paths()
        .into_iter()
        .map(|p| {
            let body = remote.file(&p).unwrap();
            (p, body)
        })
        .collect()
}

#[test]
fn two_devices_share_a_private_book_and_the_host_reads_none_of_it() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", ring(&[key(1)]));
    a.add_person("zed", "Zelda Quartermaine");
    a.sync(&remote).unwrap();
    let mut b = Device::new("b", ring(&[key(1)]));
    b.sync(&remote).unwrap();
    b.add_person("yan", "Yannick Oberholzer");
    b.sync(&remote).unwrap();
    a.sync(&remote).unwrap();

    assert_eq!(a.engine().log(), b.engine().log());
    a.engine().log().verify().unwrap();
    let files = host_files(&remote);
    assert!(files.len() >= 5, "{files:?}");
    for (path, body) in &files {
        assert!(is_sealed(body), "{path} is not sealed: {body}");
        for secret in [
            "Zelda",
            "Quartermaine",
            "Oberholzer",
            "Retail IT",
            "release-desk/",
        ] {
            assert!(!body.contains(secret), "{path} shows {secret}");
        }
        assert_eq!(envelope(path, body).unwrap().key, key(1).id());
    }
}

#[test]
fn a_device_without_the_key_is_told_the_book_is_private_and_keeps_its_book() {
    let remote = MemoryRemote::honouring();
    Device::with_catalogue("a", ring(&[key(1)]))
        .sync(&remote)
        .unwrap();
    let mut c = Device::new("c", KeyRing::default());

    assert_eq!(c.sync(&remote), Err(SyncError::Private));
    assert!(c.engine().log().is_empty());
    assert!(SyncError::Private
        .to_string()
        .starts_with("This book is private"));
    assert_eq!(block_on(probe(&remote)), Ok(Found::Private));
}

#[test]
fn a_wrong_key_is_refused_with_its_message_and_nothing_is_written() {
    let remote = MemoryRemote::honouring();
    Device::with_catalogue("a", ring(&[key(1)]))
        .sync(&remote)
        .unwrap();
    let before = host_files(&remote);
    let mut c = Device::new("c", ring(&[key(2)]));

    assert_eq!(c.sync(&remote), Err(SyncError::WrongKey));
    assert!(c.engine().log().is_empty());
    assert_eq!(host_files(&remote), before);
    assert!(SyncError::WrongKey
        .to_string()
        .starts_with("The key does not open this book"));
}

#[test]
fn a_plain_file_in_a_private_book_is_refused_as_a_downgrade() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", ring(&[key(1)]));
    a.sync(&remote).unwrap();
    remote.set_file(
        MANIFEST,
        r#"{"format":"release-desk/manifest","version":1,"name":"x","devices":["a","evil"]}"#,
    );

    let mut b = Device::new("b", ring(&[key(1)]));
    assert_eq!(b.sync(&remote), Err(SyncError::NotSealed(MANIFEST.into())));
    assert!(b.engine().log().is_empty());
}

#[test]
fn a_sealed_file_moved_to_another_name_or_altered_does_not_open() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", ring(&[key(1)]));
    a.sync(&remote).unwrap();
    let mut b = Device::with_catalogue("b", ring(&[key(1)]));
    b.add_person("bo", "Bo");
    // b's own index, sealed for its own name, is copied over a's: it does not open there.
    let b_remote = MemoryRemote::honouring();
    b.sync(&b_remote).unwrap();
    remote.set_file(&index_path("a"), &b_remote.file(&index_path("b")).unwrap());
    let mut c = Device::new("c", ring(&[key(1)]));
    assert!(matches!(
        c.sync(&remote),
        Err(SyncError::Tampered { path, .. }) if path == index_path("a")
    ));

    // One character of the ciphertext changed.
    let remote = MemoryRemote::honouring();
    a.state = SyncState::new("Retail IT release book");
    a.sync(&remote).unwrap();
    let manifest = remote.file(MANIFEST).unwrap();
    let at = manifest.find("\"data\":\"").unwrap() + 10;
    let mut altered = manifest.into_bytes();
    altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
    remote.set_file(MANIFEST, &String::from_utf8(altered).unwrap());
    let mut c = Device::new("c", ring(&[key(1)]));
    let error = c.sync(&remote).unwrap_err();
    assert!(
        matches!(&error, SyncError::Tampered { path, detail } if path == MANIFEST && detail.contains("does not decrypt")),
        "{error:?}"
    );
}

#[test]
fn a_rotated_key_writes_new_files_and_keeps_old_ones_readable_through_the_history() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", ring(&[key(1)]));
    a.sync(&remote).unwrap();
    let mut b = Device::new("b", ring(&[key(1)]));
    b.sync(&remote).unwrap();

    // The keeper on a changes the key; a's next change goes up under the new key.
    let cipher = TestCipher::default();
    a.ring = block_on(rekey(&remote, &cipher, a.ring.clone(), key(2))).unwrap();
    assert_eq!(a.ring.current(), Some(&key(2)));
    a.add_person("new", "Newcomer");
    a.sync(&remote).unwrap();
    let keys = remote.file(KEYS).unwrap();
    assert_eq!(envelope(KEYS, &keys).unwrap().key, key(2).id());
    assert_eq!(
        envelope(MANIFEST, &remote.file(MANIFEST).unwrap())
            .unwrap()
            .key,
        key(2).id()
    );

    // A newcomer with only the new key reads the old segments through the history.
    let mut n = Device::new("n", ring(&[key(2)]));
    n.sync(&remote).unwrap();
    assert_eq!(n.engine().log(), a.engine().log());
    assert_eq!(n.ring.keys(), &[key(1), key(2)]);

    // b, left with the old key only, is told its key does not open the book.
    assert_eq!(b.sync(&remote), Err(SyncError::WrongKey));
}

#[test]
fn a_public_book_made_private_is_sealed_throughout_and_keeps_its_names() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", KeyRing::default());
    a.add_person("pub", "Publius Plainview");
    a.sync(&remote).unwrap();
    let mut b = Device::new("b", KeyRing::default());
    b.sync(&remote).unwrap();
    b.add_person("bee", "Beatrix Plainview");
    b.sync(&remote).unwrap();
    assert_eq!(block_on(probe(&remote)), Ok(Found::Public));
    let names = remote.paths();
    assert!(host_files(&remote)
        .iter()
        .any(|(_, body)| body.contains("Plainview")));

    let cipher = TestCipher::default();
    a.ring = block_on(rekey(&remote, &cipher, KeyRing::default(), key(3))).unwrap();

    let mut with_keys = names.clone();
    with_keys.push(KEYS.into());
    with_keys.sort();
    assert_eq!(remote.paths(), with_keys);
    for (path, body) in host_files(&remote) {
        assert!(is_sealed(&body), "{path}");
        assert!(!body.contains("Plainview"), "{path}");
    }
    let mut n = Device::new("n", ring(&[key(3)]));
    n.sync(&remote).unwrap();
    assert_eq!(n.engine().log().len(), a.engine().log().len() + 1);
    assert_eq!(b.sync(&remote), Err(SyncError::Private));
    a.sync(&remote).unwrap();
    assert_eq!(a.engine().log(), n.engine().log());
}

#[test]
fn a_team_passphrase_gives_every_device_the_same_key_through_the_manifests_salt() {
    let remote = MemoryRemote::honouring();
    let cipher = TestCipher::default();
    let passphrase = "correct horse battery staple";
    let first = block_on(key_from_passphrase(&remote, &cipher, passphrase)).unwrap();
    assert!(first.salt().is_some());
    let mut a = Device::with_catalogue("a", ring(std::slice::from_ref(&first)));
    a.sync(&remote).unwrap();
    assert_eq!(
        envelope(MANIFEST, &remote.file(MANIFEST).unwrap())
            .unwrap()
            .salt,
        first.salt()
    );

    let again = block_on(key_from_passphrase(&remote, &cipher, passphrase)).unwrap();
    assert_eq!(again, first);
    let mut b = Device::new("b", ring(&[again]));
    b.sync(&remote).unwrap();
    assert_eq!(b.engine().log(), a.engine().log());

    let other = block_on(key_from_passphrase(
        &remote,
        &cipher,
        "incorrect horse battery",
    ))
    .unwrap();
    assert_eq!(
        Device::new("c", ring(&[other])).sync(&remote),
        Err(SyncError::WrongKey)
    );
    let short = block_on(key_from_passphrase(&remote, &cipher, "short")).unwrap_err();
    assert_eq!(
        short.to_string(),
        "The book key cannot be used: a team passphrase has at least 12 characters."
    );
}

#[test]
fn a_public_book_stays_plain_and_readable() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a", KeyRing::default());
    a.sync(&remote).unwrap();
    let mut b = Device::new("b", KeyRing::default());
    b.sync(&remote).unwrap();
    assert_eq!(b.engine().log(), a.engine().log());
    assert!(host_files(&remote).iter().all(|(_, body)| !is_sealed(body)));
}

#[test]
fn a_key_reads_back_from_its_text_and_never_shows_itself() {
    let k = BookKey::new(*b"0123456789abcdef0123456789abcdef", None);
    let text = k.to_text();
    assert_eq!(text.len(), 43);
    assert_eq!(BookKey::from_text(&format!(" {text}\n")).unwrap(), k);
    assert_eq!(k.id().len(), 16);
    assert!(!text.contains(&k.id()) && !k.id().contains(&text[..8]));
    assert!(!format!("{k:?}").contains(&text));
    assert_ne!(key(1).id(), key(2).id());
    assert!(matches!(
        BookKey::from_text("not a key"),
        Err(SyncError::BadKey(_))
    ));
    assert!(BookKey::from_text(&text[..40]).is_err());

    // Kept on the device with its salt.
    let privacy = Privacy {
        address: "https://h/b/".into(),
        ring: ring(&[BookKey::new([7; 32], Some("c2FsdA".into())), key(1)]),
        public: false,
    };
    let kept = serde_json::to_string(&privacy).unwrap();
    assert_eq!(serde_json::from_str::<Privacy>(&kept).unwrap(), privacy);
    assert_eq!(
        privacy.for_address("https://other/"),
        Privacy {
            address: "https://other/".into(),
            ..Privacy::default()
        }
    );
    assert!(privacy.describe().starts_with("Private:"));
    assert!(Privacy {
        public: true,
        ..Privacy::default()
    }
    .describe()
    .starts_with("Public: anyone who can read the host can read this book"));
}

#[test]
fn envelopes_are_told_from_plain_files_and_a_newer_one_is_refused() {
    assert!(is_sealed(r#"{"sealed":1,"key":"k","iv":"i","data":"d"}"#));
    assert!(is_sealed(" { \"sealed\" : 1}"));
    assert!(!is_sealed(
        r#"{"format":"release-desk/manifest","version":1,"name":"sealed","devices":[]}"#
    ));
    assert!(!is_sealed("sealed"));
    assert_eq!(
        envelope(MANIFEST, r#"{"sealed":2,"key":"k","iv":"i","data":"d"}"#),
        Err(SyncError::TooNew {
            path: MANIFEST.into(),
            version: 2
        })
    );
    assert!(matches!(
        envelope(MANIFEST, r#"{"sealed":1,"key":"k"}"#),
        Err(SyncError::Malformed { .. })
    ));
}

#[test]
fn the_key_is_found_in_an_invitation_a_published_link_or_on_its_own() {
    let text = key(5).to_text();
    let invitation = format!(
        "https://app.example/#/settings?section=sync&join=https%3A%2F%2Fh%2Fb%2F&key={text}"
    );
    let published = format!("https://app.example/?book=https%3A%2F%2Fh%2Fb%2F#key={text}");
    assert_eq!(
        release_desk::sync::sealed::key_in_link(&invitation),
        Some(text.as_str())
    );
    assert_eq!(
        release_desk::sync::sealed::key_in_link(&published),
        Some(text.as_str())
    );
    assert_eq!(
        release_desk::sync::sealed::key_in_link(&format!(" {text} ")),
        Some(text.as_str())
    );
    assert_eq!(
        release_desk::sync::sealed::key_in_link("correct horse battery staple"),
        None
    );
    // A link whose key was cut short in an e-mail: found, and refused with what a key is.
    let cut = format!("https://app.example/?book=x#key={}", &text[..20]);
    let refused =
        BookKey::from_text(release_desk::sync::sealed::key_in_link(&cut).unwrap()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "The book key cannot be used: it is not a book key (43 letters, digits, '-' or '_')."
    );
}
