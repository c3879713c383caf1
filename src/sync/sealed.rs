//! Private books: every file a book puts on its host is sealed (AES-256-GCM) under the
//! book's key, so the host sees ciphertext, sizes and opaque device ids only.
//!
//! [`Sealed`] wraps any [`Remote`] and is one itself: it seals what the exchange writes and
//! opens what it reads, so the exchange never knows. A sealed file is an [`Envelope`]:
//! `{"sealed":1,"key":"<key id>","salt":"…","iv":"…","data":"…"}` (`salt` only when the key
//! was derived from a team passphrase; `iv` and `data` base64url; the file's path is the
//! cipher's associated data, so a sealed file moved to another name does not open). The
//! cipher itself is a [`Cipher`]: WebCrypto in the browser (`crypt.rs`), a test double on
//! the host. Nothing here draws random numbers or names the browser.
//!
//! Segments keep their names: the hash of the *plain* text, which the exchange checks after
//! opening. Rotated keys stay readable through the key history, [`KEYS`], itself sealed under
//! the newest key. `docs/sync.md` has the format and `docs/trust.md` what the host can see.

use super::layout::{index_path, segment_path, DeviceIndex, Manifest, MANIFEST};
use super::remote::{Got, Precondition, Put, Remote, SyncError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

/// The envelope's version (`"sealed":1`).
pub const SEALED_VERSION: u32 = 1;
/// The key history's path: every key the book used, sealed under the newest.
pub const KEYS: &str = "keys.json";
/// The key history's `format` tag.
pub const KEYS_FORMAT: &str = "release-desk/keys";
/// PBKDF2-SHA-256 iterations for a team passphrase (OWASP's 2023 figure).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The shortest team passphrase taken.
pub const PASSPHRASE_MIN: usize = 12;

/// A book's 256-bit AES key, with the salt it was derived with when it came from a
/// passphrase. Its bytes never show in `Debug`; kept on a device as `{"key","salt"}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "KeyText", into = "KeyText")]
pub struct BookKey {
    bytes: [u8; 32],
    salt: Option<String>,
}

impl fmt::Debug for BookKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BookKey({})", self.id())
    }
}

impl BookKey {
    /// A key from its 32 bytes (random, or derived from a passphrase with `salt`).
    pub fn new(bytes: [u8; 32], salt: Option<String>) -> BookKey {
        BookKey { bytes, salt }
    }

    /// The raw key, for the cipher.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The salt (base64url) it was derived with from a passphrase, if it was.
    pub fn salt(&self) -> Option<&str> {
        self.salt.as_deref()
    }

    /// The key's id: 16 base64url characters of SHA-256 over a label and the key. Names the
    /// key in envelopes without revealing it.
    pub fn id(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(b"release-desk/book-key\0");
        hash.update(self.bytes);
        B64.encode(&hash.finalize()[..12])
    }

    /// The key as it travels in a link's fragment (`#key=<text>`): 43 base64url characters.
    pub fn to_text(&self) -> String {
        B64.encode(self.bytes)
    }

    /// Read a key written by [`BookKey::to_text`]; surrounding space is ignored.
    pub fn from_text(text: &str) -> Result<BookKey, SyncError> {
        let bytes = B64
            .decode(text.trim().as_bytes())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                SyncError::BadKey("it is not a book key (43 letters, digits, '-' or '_')".into())
            })?;
        Ok(BookKey::new(bytes, None))
    }
}

/// A [`BookKey`] as a device keeps it.
#[derive(Serialize, Deserialize)]
struct KeyText {
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    salt: Option<String>,
}

impl From<BookKey> for KeyText {
    fn from(key: BookKey) -> KeyText {
        KeyText {
            key: key.to_text(),
            salt: key.salt,
        }
    }
}

impl TryFrom<KeyText> for BookKey {
    type Error = SyncError;
    fn try_from(text: KeyText) -> Result<BookKey, SyncError> {
        Ok(BookKey {
            salt: text.salt,
            ..BookKey::from_text(&text.key)?
        })
    }
}

/// The key in an invitation or published link (`…key=<key>…`), or a bare key of 43
/// base64url characters; `None` for anything else (a passphrase).
pub fn key_in_link(entered: &str) -> Option<&str> {
    let entered = entered.trim();
    if let Some((_, after)) = entered.split_once("key=") {
        return Some(after.split(['&', '#', '/']).next().unwrap_or(after));
    }
    let bare = entered.len() == 43
        && entered
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    bare.then_some(entered)
}

/// A sealed file as the host holds it.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<'a> {
    /// [`SEALED_VERSION`].
    pub sealed: u32,
    /// The id of the key it is sealed under.
    pub key: &'a str,
    /// The passphrase salt of that key, when it was derived from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<&'a str>,
    /// The 96-bit nonce, base64url.
    pub iv: &'a str,
    /// The ciphertext with its 128-bit tag, base64url.
    pub data: &'a str,
}

/// Whether `body` is a sealed file: it opens with `{"sealed"`. Plain files this app writes
/// open with `{"format"`, so the check never reads a big plain file through.
pub fn is_sealed(body: &str) -> bool {
    body.trim_start()
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"sealed\""))
}

/// Read the envelope of the sealed file at `path`.
pub fn envelope<'a>(path: &str, body: &'a str) -> Result<Envelope<'a>, SyncError> {
    let malformed = |detail: &str| SyncError::Malformed {
        path: path.to_owned(),
        detail: detail.to_owned(),
    };
    let envelope: Envelope = serde_json::from_str(body)
        .map_err(|_| malformed("its encrypted envelope does not read"))?;
    if envelope.sealed > SEALED_VERSION {
        return Err(SyncError::TooNew {
            path: path.to_owned(),
            version: envelope.sealed,
        });
    }
    Ok(envelope)
}

/// What seals and opens, and derives keys: WebCrypto in the browser. `open` fails with
/// `Ok(None)` when the tag does not match (wrong key, or altered bytes).
#[allow(async_fn_in_trait)]
pub trait Cipher {
    /// AES-256-GCM of `plain` under `key` with nonce `iv` and associated data `aad`.
    async fn seal(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        plain: &[u8],
    ) -> Result<Vec<u8>, SyncError>;
    /// The plain bytes, or `None` when authentication fails.
    async fn open(
        &self,
        key: &BookKey,
        iv: &[u8; 12],
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Option<Vec<u8>>, SyncError>;
    /// `n` random bytes (nonces, new keys, salts).
    fn random(&self, n: usize) -> Result<Vec<u8>, SyncError>;
    /// PBKDF2-SHA-256 of `passphrase` with `salt`, [`PBKDF2_ITERATIONS`] rounds, 256 bits.
    async fn derive(&self, passphrase: &str, salt: &[u8]) -> Result<[u8; 32], SyncError>;
}

/// Seal `plain`, to be stored at `path`, under `key`.
pub async fn seal<C: Cipher>(
    cipher: &C,
    key: &BookKey,
    path: &str,
    plain: &str,
) -> Result<String, SyncError> {
    let iv: [u8; 12] = cipher
        .random(12)?
        .try_into()
        .map_err(|_| SyncError::BadKey("the browser gave no random nonce".into()))?;
    let data = cipher
        .seal(key, &iv, path.as_bytes(), plain.as_bytes())
        .await?;
    let id = key.id();
    let iv_text = B64.encode(iv);
    let data_text = B64.encode(data);
    let envelope = Envelope {
        sealed: SEALED_VERSION,
        key: &id,
        salt: key.salt(),
        iv: &iv_text,
        data: &data_text,
    };
    serde_json::to_string(&envelope).map_err(|e| SyncError::BadKey(e.to_string()))
}

/// Open the sealed file `body` read at `path` with `key` (whose id the envelope names).
/// Fails `Tampered` when the tag does not match: the key is the one named, so the bytes
/// (or the file's name) were changed.
pub async fn open<C: Cipher>(
    cipher: &C,
    key: &BookKey,
    path: &str,
    envelope: &Envelope<'_>,
) -> Result<String, SyncError> {
    let tampered = |detail: &str| SyncError::Tampered {
        path: path.to_owned(),
        detail: detail.to_owned(),
    };
    let iv: [u8; 12] = B64
        .decode(envelope.iv.as_bytes())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| tampered("its nonce does not read"))?;
    let data = B64
        .decode(envelope.data.as_bytes())
        .map_err(|_| tampered("its encrypted data does not read"))?;
    let plain = cipher
        .open(key, &iv, path.as_bytes(), &data)
        .await?
        .ok_or_else(|| tampered("it does not decrypt under the book's key"))?;
    String::from_utf8(plain).map_err(|_| tampered("it decrypts to no text"))
}

/// Every key a book used, sealed under the newest, at [`KEYS`].
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyHistory {
    /// Always [`KEYS_FORMAT`].
    pub format: String,
    /// 1.
    pub version: u32,
    /// Each key as [`BookKey::to_text`], oldest first.
    pub keys: Vec<String>,
}

impl KeyHistory {
    /// The history of `keys`, oldest first.
    pub fn new(keys: &[BookKey]) -> KeyHistory {
        KeyHistory {
            format: KEYS_FORMAT.to_owned(),
            version: 1,
            keys: keys.iter().map(BookKey::to_text).collect(),
        }
    }

    /// Read and check a history.
    pub fn decode(body: &str) -> Result<Vec<BookKey>, SyncError> {
        let malformed = |detail: &str| SyncError::Malformed {
            path: KEYS.into(),
            detail: detail.to_owned(),
        };
        let history: KeyHistory =
            serde_json::from_str(body).map_err(|_| malformed("it is not a key history"))?;
        if history.format != KEYS_FORMAT {
            return Err(malformed("it is not a key history"));
        }
        history
            .keys
            .iter()
            .map(|k| BookKey::from_text(k).map_err(|_| malformed("a key in it does not read")))
            .collect()
    }
}

/// The keys a device holds for one book: the newest seals what it writes, every one opens.
/// Empty: the book is public (or this device has no key yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRing {
    keys: Vec<BookKey>,
}

/// What a device keeps about the privacy of the book it syncs: for one sync address, its
/// keys, or that it was chosen (or found) public.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Privacy {
    /// The sync address it belongs to: another address starts afresh.
    #[serde(default)]
    pub address: String,
    /// The book's keys; empty for a public book, or before the first sync.
    #[serde(default)]
    pub ring: KeyRing,
    /// Whether the book is shared unencrypted, by choice or as it was found.
    #[serde(default)]
    pub public: bool,
}

impl Privacy {
    /// What is kept for `address`: this record when it is that address's, else nothing yet.
    pub fn for_address(&self, address: &str) -> Privacy {
        if self.address == address {
            self.clone()
        } else {
            Privacy {
                address: address.to_owned(),
                ..Privacy::default()
            }
        }
    }

    /// How the sync panel names it.
    pub fn describe(&self) -> String {
        match (self.ring.current(), self.public) {
            (Some(key), _) => format!(
                "Private: the book's files on the host are encrypted (AES-256-GCM) with its key {}. Only people with the invitation link, the published link or the team passphrase can read them.",
                key.id()
            ),
            (None, true) => "Public: anyone who can read the host can read this book.".to_owned(),
            (None, false) => "Private by default: the first sync encrypts the book with a new key, unless you share it as a public book.".to_owned(),
        }
    }
}

impl KeyRing {
    /// A ring of `keys`, oldest first.
    pub fn new(keys: Vec<BookKey>) -> KeyRing {
        KeyRing { keys }
    }

    /// The key new files are sealed under.
    pub fn current(&self) -> Option<&BookKey> {
        self.keys.last()
    }

    /// Every key, oldest first.
    pub fn keys(&self) -> &[BookKey] {
        &self.keys
    }

    /// The key of id `id`.
    pub fn find(&self, id: &str) -> Option<&BookKey> {
        self.keys.iter().rev().find(|k| k.id() == id)
    }

    /// Take in older keys (from the history); the current key stays current.
    pub fn learn(&mut self, older: Vec<BookKey>) {
        let Some(current) = self.keys.pop() else {
            return;
        };
        for key in older {
            if key != current && !self.keys.contains(&key) {
                self.keys.push(key);
            }
        }
        self.keys.push(current);
    }

    /// Make `key` the current key, keeping the others for reading.
    pub fn rotate(&mut self, key: BookKey) {
        self.keys.retain(|k| *k != key);
        self.keys.push(key);
    }
}

/// A [`Remote`] that seals every file it writes and opens every file it reads, with the
/// keys of a [`KeyRing`]. With an empty ring it passes plain files through and refuses
/// sealed ones ([`SyncError::Private`]); with keys it refuses plain ones
/// ([`SyncError::NotSealed`]: a host that downgrades a private book).
pub struct Sealed<'a, R, C> {
    remote: &'a R,
    cipher: &'a C,
    ring: RefCell<KeyRing>,
    history_read: std::cell::Cell<bool>,
}

impl<'a, R: Remote, C: Cipher> Sealed<'a, R, C> {
    /// Wrap `remote`.
    pub fn new(remote: &'a R, cipher: &'a C, ring: KeyRing) -> Self {
        Sealed {
            remote,
            cipher,
            ring: RefCell::new(ring),
            history_read: std::cell::Cell::new(false),
        }
    }

    /// The ring as it is now: with the older keys learnt from the history.
    pub fn ring(&self) -> KeyRing {
        self.ring.borrow().clone()
    }

    /// The key of id `id`: held, or found in the book's key history (read once).
    async fn key(&self, id: &str) -> Result<BookKey, SyncError> {
        if self.ring.borrow().find(id).is_none() {
            self.read_history().await?;
        }
        self.ring
            .borrow()
            .find(id)
            .cloned()
            .ok_or(SyncError::WrongKey)
    }

    /// Learn the older keys from the book's key history, once. It is sealed under the
    /// newest key: a device without that key gets [`SyncError::WrongKey`].
    pub async fn read_history(&self) -> Result<(), SyncError> {
        if self.history_read.replace(true) {
            return Ok(());
        }
        if let Got::Ok { body, .. } = self.remote.get(KEYS, None).await? {
            let older = self.open_body(KEYS, &body).await?;
            self.ring.borrow_mut().learn(KeyHistory::decode(&older)?);
        }
        Ok(())
    }

    async fn open_body(&self, path: &str, body: &str) -> Result<String, SyncError> {
        if !is_sealed(body) {
            return Err(SyncError::NotSealed(path.to_owned()));
        }
        let envelope = envelope(path, body)?;
        let key = self.ring.borrow().find(envelope.key).cloned();
        open(
            self.cipher,
            &key.ok_or(SyncError::WrongKey)?,
            path,
            &envelope,
        )
        .await
    }
}

impl<R: Remote, C: Cipher> Remote for Sealed<'_, R, C> {
    async fn get(&self, path: &str, if_none_match: Option<&str>) -> Result<Got, SyncError> {
        let got = self.remote.get(path, if_none_match).await?;
        let Got::Ok { body, etag } = got else {
            return Ok(got);
        };
        let private = self.ring.borrow().current().is_some();
        let body = match (is_sealed(&body), private) {
            (false, false) => body,
            (false, true) => return Err(SyncError::NotSealed(path.to_owned())),
            (true, false) => return Err(SyncError::Private),
            (true, true) => {
                let envelope = envelope(path, &body)?;
                let key = self.key(envelope.key).await?;
                open(self.cipher, &key, path, &envelope).await?
            }
        };
        Ok(Got::Ok { body, etag })
    }

    async fn put(
        &self,
        path: &str,
        body: &str,
        precondition: Precondition,
    ) -> Result<Put, SyncError> {
        let current = self.ring.borrow().current().cloned();
        match current {
            Some(key) => {
                let sealed = seal(self.cipher, &key, path, body).await?;
                self.remote.put(path, &sealed, precondition).await
            }
            None => self.remote.put(path, body, precondition).await,
        }
    }
}

/// What the book at a host is, as a device with no key finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// No book there yet.
    Nothing,
    /// A public book: plain files.
    Public,
    /// A private book: sealed files.
    Private,
}

/// Look at the manifest without opening it: is there a book, and is it private?
pub async fn probe<R: Remote>(remote: &R) -> Result<Found, SyncError> {
    Ok(match remote.get(MANIFEST, None).await? {
        Got::Ok { body, .. } if is_sealed(&body) => Found::Private,
        Got::Ok { .. } => Found::Public,
        Got::NotFound | Got::NotModified => Found::Nothing,
    })
}

/// A new random book key.
pub fn fresh_key<C: Cipher>(cipher: &C) -> Result<BookKey, SyncError> {
    let bytes: [u8; 32] = cipher
        .random(32)?
        .try_into()
        .map_err(|_| SyncError::BadKey("the browser gave no random key".into()))?;
    Ok(BookKey::new(bytes, None))
}

/// The key a team passphrase gives for the book at `remote`: with the salt its manifest's
/// envelope names, or a new salt when there is no book yet. A public book has no
/// passphrase: make it private first.
pub async fn key_from_passphrase<R: Remote, C: Cipher>(
    remote: &R,
    cipher: &C,
    passphrase: &str,
) -> Result<BookKey, SyncError> {
    if passphrase.chars().count() < PASSPHRASE_MIN {
        return Err(SyncError::BadKey(format!(
            "a team passphrase has at least {PASSPHRASE_MIN} characters"
        )));
    }
    let salt = match remote.get(MANIFEST, None).await? {
        Got::Ok { body, .. } if is_sealed(&body) => match envelope(MANIFEST, &body)?.salt {
            Some(salt) => salt.to_owned(),
            None => return Err(SyncError::BadKey(
                "this book is locked with a key from an invitation link, not a passphrase: open the invitation link".into(),
            )),
        },
        Got::Ok { .. } => B64.encode(cipher.random(16)?),
        Got::NotFound | Got::NotModified => B64.encode(cipher.random(16)?),
    };
    let salt_bytes = B64
        .decode(salt.as_bytes())
        .map_err(|_| SyncError::Malformed {
            path: MANIFEST.into(),
            detail: "its passphrase salt does not read".into(),
        })?;
    let bytes = cipher.derive(passphrase, &salt_bytes).await?;
    Ok(BookKey::new(bytes, Some(salt)))
}

/// Every file the book at `remote` lists: the manifest, each device's index (the
/// manifest's devices and those an index has seen) and each listed segment.
async fn book_files<R: Remote>(remote: &R) -> Result<Vec<String>, SyncError> {
    let manifest = match remote.get(MANIFEST, None).await? {
        Got::Ok { body, .. } => Manifest::decode(&body)?,
        Got::NotFound | Got::NotModified => return Ok(Vec::new()),
    };
    let mut files = vec![MANIFEST.to_owned()];
    let mut queue: BTreeSet<String> = manifest.devices;
    let mut done = BTreeSet::new();
    while let Some(device) = queue.pop_first() {
        done.insert(device.clone());
        let index = match remote.get(&index_path(&device), None).await? {
            Got::Ok { body, .. } => DeviceIndex::decode(&device, &body)?,
            Got::NotFound | Got::NotModified => continue,
        };
        files.push(index_path(&device));
        files.extend(index.segments.iter().map(|h| segment_path(&device, h)));
        queue.extend(index.seen.into_iter().filter(|d| !done.contains(d)));
    }
    Ok(files)
}

/// A keeper changes the book's key to `key`: the history of every key, the new one
/// included, is written sealed under the new key, then the manifest is written again under
/// it. Older indexes and segments stay as they are, readable through the history; what is
/// written from now on is sealed under the new key, and a device left with an older key only
/// is told its key does not open the book. A public book (`ring` empty) is made private the
/// same way, except that every file it lists is read plain and written again sealed (the
/// segments keep their names, the hash of their plain text), since a device with a key
/// refuses plain files. Returns the new ring.
pub async fn rekey<R: Remote, C: Cipher>(
    remote: &R,
    cipher: &C,
    ring: KeyRing,
    key: BookKey,
) -> Result<KeyRing, SyncError> {
    let old = Sealed::new(remote, cipher, ring);
    let public = old.ring.borrow().current().is_none();
    let files = if public {
        book_files(&old).await?
    } else {
        old.read_history().await?;
        vec![MANIFEST.to_owned()]
    };
    let mut next = old.ring();
    next.rotate(key);
    let new = Sealed::new(remote, cipher, next.clone());
    let history = serde_json::to_string(&KeyHistory::new(next.keys()))
        .map_err(|e| SyncError::BadKey(e.to_string()))?;
    new.put(KEYS, &history, Precondition::None).await?;
    for path in files {
        let (body, etag) = match old.get(&path, None).await? {
            Got::Ok { body, etag } => (body, etag),
            Got::NotFound | Got::NotModified => continue,
        };
        let precondition = etag.map_or(Precondition::None, Precondition::IfMatch);
        if new.put(&path, &body, precondition).await? == Put::PreconditionFailed {
            return Err(SyncError::Conflict { path, attempts: 1 });
        }
    }
    Ok(next)
}
