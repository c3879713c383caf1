//! The event store: the book's log in IndexedDB, committed one transaction per change, with
//! a snapshot of the folded book so start-up reads the snapshot and the events after it.

use super::error::StorageError;
use super::idb::{completion, event_key, js_err, request, transaction};
use super::schema::{self, HEADS, LOG, META, SNAPSHOT};
use crate::domain::order;
use crate::domain::{Book, Engine, Event, Hash, Log};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbTransactionMode};

/// Where a snapshot stands in the log, and the checksum of its book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct SnapshotInfo {
    /// Events folded into it.
    applied: u64,
    /// The hash of the last of them.
    last: Hash,
    /// The hash of the book's JSON.
    checksum: Hash,
    /// The log key of the last folded event (`[seq, id]`), where the tail starts.
    #[serde(default)]
    last_seq: u64,
    /// See `last_seq`; empty in snapshots from before the key was kept.
    #[serde(default)]
    last_id: String,
    /// A fast checksum of the book's JSON ([`fast_sum`]), checked instead of `checksum` at
    /// start-up (SHA-256 of a 10,000-release book is a large part of opening it). `checksum`
    /// is still written for older versions of the app.
    #[serde(default)]
    sum: Option<u64>,
}

/// A snapshot ready to store: taken synchronously from the engine, written later.
#[derive(Clone, Debug)]
pub struct Snapshot {
    info: String,
    book: String,
}

impl Snapshot {
    /// The engine's book as a snapshot; `None` for an empty book.
    pub fn of(engine: &Engine) -> Option<Snapshot> {
        let last = engine.log().events().last()?;
        let book = serde_json::to_string(engine.book()).ok()?;
        let info = SnapshotInfo {
            applied: engine.book().applied,
            last: Hash::of(last),
            checksum: Hash::of_bytes(book.as_bytes()),
            last_seq: last.seq,
            last_id: last.id.0.clone(),
            sum: Some(fast_sum(book.as_bytes())),
        };
        Some(Snapshot {
            info: serde_json::to_string(&info).ok()?,
            book,
        })
    }
}

/// What loading found.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The book and its log.
    pub engine: Engine,
    /// Start-up used the stored snapshot.
    pub from_snapshot: bool,
    /// A stored snapshot did not match its log and was rebuilt from the log.
    pub snapshot_rebuilt: bool,
}

/// The book's store in this browser.
#[derive(Clone, Debug)]
pub struct Store {
    db: IdbDatabase,
    /// The heads as stored, as this tab last read or wrote them (`None`: not known).
    heads: Rc<RefCell<Option<Vec<Hash>>>>,
    /// No other tab writes to this book (see [`Store::trust_heads`]): a commit writes the
    /// heads it knows instead of reading them first.
    alone: Rc<Cell<bool>>,
}

impl Store {
    /// Open (creating or migrating) the store named `name`.
    pub async fn open(name: &str) -> Result<Store, StorageError> {
        Ok(Store {
            db: schema::open(name).await?,
            heads: Rc::default(),
            alone: Rc::default(),
        })
    }

    /// Whether this tab alone writes the book. When it does, a commit writes the heads this
    /// store last read or wrote without reading them again in the transaction (a round trip
    /// to IndexedDB and back to the main thread, most of a commit's time). The desk says so
    /// only when no other tab answered its greeting, and says otherwise as soon as one
    /// speaks: another tab's heads must never be overwritten by a stale copy.
    pub fn trust_heads(&self, alone: bool) {
        self.alone.set(alone);
    }

    /// The underlying database, to watch for `versionchange`.
    pub fn database(&self) -> &IdbDatabase {
        &self.db
    }

    /// The fast start: the snapshot's book with only the events stored after it, read by
    /// key range. `None` when there is no usable snapshot (none yet, an old one without its
    /// log key, or one that no longer matches the log): then [`Store::load`] folds the log.
    /// The engine it returns is provisional ([`Engine::resume`]): attach the whole log from
    /// [`Store::read_log`] before changing anything.
    pub async fn start(&self) -> Result<Option<Engine>, StorageError> {
        const OP: &str = "read the stored book";
        let started = super::timing::now();
        let tx = transaction(&self.db, &[LOG, SNAPSHOT], IdbTransactionMode::Readonly, OP)?;
        let log = tx.object_store(LOG).map_err(js_err(OP))?;
        let snapshot = tx.object_store(SNAPSHOT).map_err(js_err(OP))?;
        let get = |key: &str| snapshot.get(&JsValue::from_str(key)).map_err(js_err(OP));
        let info = request(OP, &get("info")?).await?;
        let Some(info) = info
            .as_string()
            .and_then(|i| serde_json::from_str::<SnapshotInfo>(&i).ok())
            .filter(|i| !i.last_id.is_empty())
        else {
            return Ok(None);
        };
        let key = event_key(info.last_seq, &info.last_id);
        // The record holding the snapshot's last event (the event itself, or a run of a
        // batch that ends at or after it) and everything after it, in one read.
        let range = web_sys::IdbKeyRange::lower_bound(&key).map_err(js_err(OP))?;
        let records = request(OP, &log.get_all_with_key(&range).map_err(js_err(OP))?).await?;
        let book = request(OP, &get("book")?).await?;
        super::timing::measure("release-desk:start:read", started);

        let parsing = super::timing::now();
        let records: js_sys::Array = records.unchecked_into();
        let from = (info.last_seq, info.last_id.as_str());
        let last = records
            .get(0)
            .as_string()
            .and_then(|text| hash_in_record(&text, from));
        let book = last
            .zip(book.as_string())
            .and_then(|(last, book)| snapshot_book(&info, last, &book));
        let Some(book) = book else {
            return Ok(None);
        };
        let mut tail = parse_events(records)?;
        tail.retain(|e| (e.seq, e.id.as_str()) > from);
        super::timing::measure("release-desk:start:parse", parsing);
        Ok(Some(Engine::resume(book, tail)))
    }

    /// The whole log, with its heads.
    pub async fn read_log(&self) -> Result<Log, StorageError> {
        const OP: &str = "read the stored book";
        let tx = transaction(&self.db, &[LOG, META], IdbTransactionMode::Readonly, OP)?;
        let values = request(
            OP,
            &tx.object_store(LOG)
                .map_err(js_err(OP))?
                .get_all()
                .map_err(js_err(OP))?,
        )
        .await?;
        let heads = request(
            OP,
            &tx.object_store(META)
                .map_err(js_err(OP))?
                .get(&JsValue::from_str(HEADS))
                .map_err(js_err(OP))?,
        )
        .await?;
        let events = parse_events(values.unchecked_into())?;
        let log = match heads
            .as_string()
            .and_then(|h| serde_json::from_str::<Vec<Hash>>(&h).ok())
        {
            Some(heads) => Log::from_parts(events, heads),
            None => Log::from_events(events),
        };
        self.heads.borrow_mut().replace(log.heads().to_vec());
        Ok(log)
    }

    /// Read the book: the snapshot when it matches the log, else a fold of the whole log.
    pub async fn load(&self) -> Result<Loaded, StorageError> {
        const OP: &str = "read the stored book";
        let started = super::timing::now();
        let log = self.read_log().await?;
        let tx = transaction(&self.db, &[SNAPSHOT], IdbTransactionMode::Readonly, OP)?;
        let snapshot = tx.object_store(SNAPSHOT).map_err(js_err(OP))?;
        let info = request(
            OP,
            &snapshot
                .get(&JsValue::from_str("info"))
                .map_err(js_err(OP))?,
        )
        .await?;
        let book = request(
            OP,
            &snapshot
                .get(&JsValue::from_str("book"))
                .map_err(js_err(OP))?,
        )
        .await?;
        super::timing::measure("release-desk:load:read", started);
        let info = info
            .as_string()
            .and_then(|i| serde_json::from_str::<SnapshotInfo>(&i).ok());
        let book = book.as_string();
        let had_snapshot = info.is_some();
        if let (Some(info), Some(book)) = (info, book) {
            let snapshot_started = super::timing::now();
            let matching = matching_snapshot(&log, &info, &book);
            super::timing::measure("release-desk:load:snapshot", snapshot_started);
            if let Some(book) = matching {
                return Ok(Loaded {
                    engine: Engine::from_snapshot(book, log),
                    from_snapshot: true,
                    snapshot_rebuilt: false,
                });
            }
        }
        let engine = Engine::from_log(log);
        if had_snapshot {
            self.save_snapshot(&engine).await?;
        }
        Ok(Loaded {
            engine,
            from_snapshot: false,
            snapshot_rebuilt: had_snapshot,
        })
    }

    /// Commit events (one change, or a whole import or merge) in one transaction; the
    /// promise resolves only when the transaction completes.
    pub async fn append(&self, events: &[Event]) -> Result<(), StorageError> {
        self.write(events, None, false).await
    }

    /// Like [`Store::append`] for a batch whose new heads the caller knows (an import: the
    /// merged log's heads that were not heads before), which spares hashing every event.
    pub async fn append_with_heads(
        &self,
        events: &[Event],
        new_heads: &[Hash],
    ) -> Result<(), StorageError> {
        self.write(events, Some(new_heads), false).await
    }

    /// Like [`Store::append`], but aborts the transaction after writing: what a failed write
    /// (a full disk, a crash) does. Tests use it to show nothing is left behind.
    pub async fn append_then_fail(&self, events: &[Event]) -> Result<(), StorageError> {
        self.write(events, None, true).await
    }

    async fn write(
        &self,
        events: &[Event],
        new_heads: Option<&[Hash]>,
        fail: bool,
    ) -> Result<(), StorageError> {
        const OP: &str = "save the change";
        if events.is_empty() {
            return Ok(());
        }
        let tx = transaction(&self.db, &[LOG, META], IdbTransactionMode::Readwrite, OP)?;
        let done = completion(OP, &tx);
        let log = tx.object_store(LOG).map_err(js_err(OP))?;
        let meta = tx.object_store(META).map_err(js_err(OP))?;
        let known = if self.alone.get() {
            self.heads.borrow_mut().take()
        } else {
            None
        };
        let mut heads: BTreeSet<Hash> = match known {
            Some(known) => order::set(known),
            None => {
                let current = request(
                    OP,
                    &meta.get(&JsValue::from_str(HEADS)).map_err(js_err(OP))?,
                )
                .await?;
                order::set(
                    current
                        .as_string()
                        .and_then(|h| serde_json::from_str::<Vec<Hash>>(&h).ok())
                        .unwrap_or_default(),
                )
            }
        };
        match new_heads {
            // A batch: runs of events, one record each.
            Some(_) => {
                for ((seq, id), text) in runs(events)? {
                    log.put_with_key(&JsValue::from_str(&text), &event_key(seq, &id))
                        .map_err(js_err(OP))?;
                }
            }
            None => {
                for event in events {
                    let text = serde_json::to_string(event)
                        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                    log.put_with_key(
                        &JsValue::from_str(&text),
                        &event_key(event.seq, event.id.as_str()),
                    )
                    .map_err(js_err(OP))?;
                    // The stored text is the event's hashed form: hash it rather than write
                    // it again.
                    heads.insert(Hash::of_event_text(&text));
                }
            }
        }
        heads.extend(new_heads.unwrap_or_default().iter().cloned());
        for event in events {
            for parent in &event.after {
                heads.remove(parent);
            }
        }
        let heads: Vec<Hash> = heads.into_iter().collect();
        let text = serde_json::to_string(&heads).unwrap_or_default();
        meta.put_with_key(&JsValue::from_str(&text), &JsValue::from_str(HEADS))
            .map_err(js_err(OP))?;
        if fail {
            let _ = tx.abort();
        }
        // Known again only once stored: a failed write leaves them unknown (read next time).
        done.await?;
        self.heads.borrow_mut().replace(heads);
        Ok(())
    }

    /// Store a snapshot of the engine's book.
    pub async fn save_snapshot(&self, engine: &Engine) -> Result<(), StorageError> {
        match Snapshot::of(engine) {
            Some(snapshot) => self.write_snapshot(snapshot).await,
            None => Ok(()),
        }
    }

    /// Store a snapshot taken with [`Snapshot::of`].
    pub async fn write_snapshot(&self, snapshot: Snapshot) -> Result<(), StorageError> {
        const OP: &str = "save a snapshot";
        let tx = transaction(&self.db, &[SNAPSHOT], IdbTransactionMode::Readwrite, OP)?;
        let done = completion(OP, &tx);
        let store = tx.object_store(SNAPSHOT).map_err(js_err(OP))?;
        store
            .put_with_key(
                &JsValue::from_str(&snapshot.info),
                &JsValue::from_str("info"),
            )
            .map_err(js_err(OP))?;
        store
            .put_with_key(
                &JsValue::from_str(&snapshot.book),
                &JsValue::from_str("book"),
            )
            .map_err(js_err(OP))?;
        done.await
    }

    /// Read the events at these log keys (written by another tab).
    pub async fn read(&self, keys: &[(u64, String)]) -> Result<Vec<Event>, StorageError> {
        const OP: &str = "read changes from another tab";
        let tx = transaction(&self.db, &[LOG], IdbTransactionMode::Readonly, OP)?;
        let log = tx.object_store(LOG).map_err(js_err(OP))?;
        let mut events = Vec::with_capacity(keys.len());
        for (seq, id) in keys {
            let value = request(OP, &log.get(&event_key(*seq, id)).map_err(js_err(OP))?).await?;
            if let Some(text) = value.as_string() {
                parse_record(&text, &mut events)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
            }
        }
        Ok(events)
    }

    /// How many events are stored (a run of a batch counts its events).
    pub async fn count(&self) -> Result<u32, StorageError> {
        const OP: &str = "count the stored events";
        let tx = transaction(&self.db, &[LOG], IdbTransactionMode::Readonly, OP)?;
        let log = tx.object_store(LOG).map_err(js_err(OP))?;
        let values = request(OP, &log.get_all().map_err(js_err(OP))?).await?;
        Ok(parse_events(values.unchecked_into())?.len() as u32)
    }

    /// How many records hold the events: one per event of a single change, one per run of
    /// a batch.
    pub async fn records(&self) -> Result<u32, StorageError> {
        const OP: &str = "count the stored records";
        let tx = transaction(&self.db, &[LOG], IdbTransactionMode::Readonly, OP)?;
        let log = tx.object_store(LOG).map_err(js_err(OP))?;
        let n = request(OP, &log.count().map_err(js_err(OP))?).await?;
        Ok(n.as_f64().unwrap_or(0.0) as u32)
    }

    /// Close the connection (another tab is upgrading, or the app is done).
    pub fn close(&self) {
        self.db.close();
    }
}

/// A log key, `[seq, id]`.
type LogKey = (u64, String);

/// The most events one record of a batch holds. A batch (an import, a merge, a sync) is
/// stored as runs of events rather than one record per event: each record is one request
/// to IndexedDB, and 10,000 of them cost most of a second.
pub const RUN: usize = 2_000;

/// The records a batch is stored as: its events in log order, cut into runs of at most
/// [`RUN`], each a JSON array keyed by the `[seq, id]` of its last event (so key order still
/// follows log order, and a key range from any event finds the run holding it).
fn runs(events: &[Event]) -> Result<Vec<(LogKey, String)>, StorageError> {
    let mut ordered: Vec<&Event> = events.iter().collect();
    order::sort_by(&mut ordered, |a, b| (a.seq, &a.id).cmp(&(b.seq, &b.id)));
    ordered
        .chunks(RUN)
        .map(|run| {
            let text =
                serde_json::to_string(run).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let last = run[run.len() - 1];
            Ok(((last.seq, last.id.0.clone()), text))
        })
        .collect()
}

/// The log keys of the records a write of `events` stores: one per event for a single
/// change, one per run for a batch. Another tab reads exactly these.
pub fn record_keys(events: &[Event], batch: bool) -> Vec<(u64, String)> {
    let mut keys: Vec<(u64, String)> = events.iter().map(|e| (e.seq, e.id.0.clone())).collect();
    if batch {
        order::sort(&mut keys);
        keys = keys
            .chunks(RUN)
            .filter_map(|run| run.last().cloned())
            .collect();
    }
    keys
}

/// Read one stored record: an event, or a run of a batch (a JSON array of events).
fn parse_record(text: &str, into: &mut Vec<Event>) -> Result<(), serde_json::Error> {
    if text.starts_with('[') {
        into.extend(serde_json::from_str::<Vec<Event>>(text)?);
    } else {
        into.push(serde_json::from_str(text)?);
    }
    Ok(())
}

/// The hash of the event keyed `key` in a stored record: the record's text itself when it is
/// that event (the stored text is the hashed form), or the event found in a run.
fn hash_in_record(text: &str, key: (u64, &str)) -> Option<Hash> {
    if !text.starts_with('[') {
        return Some(Hash::of_event_text(text));
    }
    let run: Vec<Event> = serde_json::from_str(text).ok()?;
    run.iter()
        .find(|e| (e.seq, e.id.as_str()) == key)
        .map(Hash::of)
}

/// Parse stored records into events in log order, naming the first that cannot be read.
fn parse_events(values: js_sys::Array) -> Result<Vec<Event>, StorageError> {
    let mut events = Vec::with_capacity(values.length() as usize);
    for (index, value) in values.iter().enumerate() {
        let text = value.as_string().unwrap_or_default();
        parse_record(&text, &mut events).map_err(|e| {
            StorageError::Corrupt(format!("record number {} of the log: {e}", index + 1))
        })?;
    }
    // Runs are keyed by their last event, so a run's earlier events may come after single
    // events that follow them in the log.
    if !events.is_sorted_by(|a, b| (a.seq, &a.id) < (b.seq, &b.id)) {
        order::sort_by(&mut events, |a, b| (a.seq, &a.id).cmp(&(b.seq, &b.id)));
    }
    Ok(events)
}

/// The snapshot's book, if the snapshot matches the start of `log` and its checksum.
fn matching_snapshot(log: &Log, info: &SnapshotInfo, book: &str) -> Option<Book> {
    let applied = usize::try_from(info.applied).ok()?;
    let last = log.events().get(applied.checked_sub(1)?)?;
    snapshot_book(info, Hash::of(last), book)
}

/// The snapshot's book, if `last` (the hash of the log's event at the snapshot's place) is
/// the one it was taken after and the book's text matches its checksum.
fn snapshot_book(info: &SnapshotInfo, last: Hash, book: &str) -> Option<Book> {
    let matches = match info.sum {
        Some(sum) => fast_sum(book.as_bytes()) == sum,
        None => Hash::of_bytes(book.as_bytes()) == info.checksum,
    };
    if last != info.last || !matches {
        return None;
    }
    let book: Book = serde_json::from_str(book).ok()?;
    (book.applied == info.applied).then_some(book)
}

/// A fast 64-bit checksum (eight bytes per step, multiply and rotate): it catches a snapshot
/// that was cut short or altered on disk, at a fraction of SHA-256's cost. Not a defence
/// against deliberate tampering; the log's hash chain is.
pub fn fast_sum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = K ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(31);
    }
    let mut word = [0u8; 8];
    word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
    h ^ (h >> 29)
}
