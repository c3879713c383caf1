//! The exchange: [`pull`] brings the other devices' new segments down and merges them
//! through the domain; [`push`] writes this device's new events as one segment, lists it in
//! this device's index and makes sure the manifest lists the device; [`sync`] does both.
//!
//! Both steps work on a copy of the [`SyncState`] and return it with what they did, so the
//! caller stores the merged events (one storage transaction) before it takes the new state:
//! a failure anywhere leaves the book and the state as they were.

use super::layout::{
    check_device, index_path, segment_path, DeviceIndex, Manifest, Segment, MANIFEST,
};
use super::remote::{Got, Precondition, Put, Remote, SyncError};
use crate::domain::order;
use crate::domain::{Engine, Event, EventId, Hash, Incoming, Log};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// How often a write that lost a race (412) is tried again.
pub const ATTEMPTS: u32 = 5;
/// The most events one segment holds: a first push of a big book is several files, so a
/// pull can show progress and no single request is huge.
pub const SEGMENT_EVENTS: usize = 5_000;

/// What a device remembers between syncs. Serializable, so storage can keep it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The book's name, written into the manifest (taken from it when empty here).
    #[serde(default)]
    pub book_name: String,
    /// The manifest's ETag when last read.
    #[serde(default)]
    manifest_etag: Option<String>,
    /// The devices the manifest listed when last read.
    #[serde(default)]
    manifest_devices: BTreeSet<String>,
    /// Every device known, this one included, with what was read of its index.
    #[serde(default)]
    devices: BTreeMap<String, DeviceState>,
    /// The ids of the events known to be on the remote: read from it or written to it.
    #[serde(default)]
    on_remote: BTreeSet<EventId>,
    /// This device's index on the remote lost segments it listed (a lost update, or the
    /// file removed): the next push writes it again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    repair_index: bool,
}

/// What was read of one device's index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct DeviceState {
    /// The index's ETag, when every segment it lists has been read.
    #[serde(default)]
    etag: Option<String>,
    /// The segments read (or written), in the index's order.
    #[serde(default)]
    segments: Vec<Hash>,
}

impl SyncState {
    /// A device that has never synced this book.
    pub fn new(book_name: &str) -> Self {
        SyncState {
            book_name: book_name.to_owned(),
            ..SyncState::default()
        }
    }

    /// How many events of `log` are not on the remote yet.
    pub fn pending(&self, log: &Log) -> usize {
        log.events()
            .iter()
            .filter(|e| !self.on_remote.contains(&e.id))
            .count()
    }

    /// [`SyncState::pending`] for a log of `log_len` events, without reading the log: every
    /// id known to be on the remote is one of the log's (pulled events are stored before the
    /// state is kept, pushed ones came from the log), so it is a subtraction — cheap enough
    /// to show at every change of a 100,000-event book.
    pub fn pending_count(&self, log_len: usize) -> usize {
        log_len.saturating_sub(self.on_remote.len())
    }

    /// The devices known to share the book.
    pub fn devices(&self) -> impl Iterator<Item = &str> {
        self.devices.keys().map(String::as_str)
    }
}

/// What [`pull`] found.
#[derive(Debug)]
pub struct Pulled {
    /// The book with the remote's new events merged in, and those events for storage;
    /// `None` when nothing new came down.
    pub incoming: Option<Incoming>,
    /// The state to keep once the incoming events are stored.
    pub state: SyncState,
    /// How many segments were read.
    pub segments: usize,
    /// Each segment read (its path on the host) with the ids of its events: where an
    /// event came from, for the list of rejected changes.
    pub origins: Vec<(String, Vec<EventId>)>,
}

/// What [`push`] wrote.
#[derive(Debug)]
pub struct Pushed {
    /// The state to keep.
    pub state: SyncState,
    /// How many events went up (0 when the remote had them all).
    pub events: usize,
    /// Whether the manifest had to be written (a new book, a new device, or a repair).
    pub manifest_written: bool,
}

/// What one [`sync`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Events that came down and were new here.
    pub pulled: usize,
    /// Conflicts that appeared with them.
    pub new_conflicts: usize,
    /// Segments read.
    pub segments_read: usize,
    /// Events that went up.
    pub pushed: usize,
    /// Whether the manifest was written.
    pub manifest_written: bool,
}

/// Pull, take the merged book, then push. The in-memory form of what the app does with a
/// storage transaction between the steps. On an error, `engine` and `state` hold what the
/// steps before it completed.
pub async fn sync<R: Remote>(
    engine: &mut Engine,
    device: &str,
    state: &mut SyncState,
    remote: &R,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let pulled = pull(engine, device, state, remote).await?;
    if let Some(incoming) = pulled.incoming {
        report.pulled = incoming.report.added;
        report.new_conflicts = incoming.report.new_conflicts;
        *engine = incoming.engine;
    }
    report.segments_read = pulled.segments;
    *state = pulled.state;
    let pushed = push(engine, device, state, remote).await?;
    report.pushed = pushed.events;
    report.manifest_written = pushed.manifest_written;
    *state = pushed.state;
    Ok(report)
}

/// Read the manifest and every known device's index (each with `If-None-Match`), read the
/// segments not seen yet, check each in full, and merge their events into a copy of the
/// book, whose whole chain must verify. Nothing changes until the caller takes the result.
pub async fn pull<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
) -> Result<Pulled, SyncError> {
    check_device(device)?;
    let mut next = state.clone();
    read_manifest(&mut next, remote).await?;
    let mut queue: BTreeSet<String> = order::set(
        next.manifest_devices
            .iter()
            .chain(next.devices.keys())
            .cloned(),
    );
    queue.insert(device.to_owned());
    let mut done = BTreeSet::new();
    let mut events: Vec<(Event, Hash)> = Vec::new();
    let mut anchors: BTreeSet<Hash> = BTreeSet::new();
    let mut segments = 0;
    let mut origins = Vec::new();
    while let Some(owner) = queue.pop_first() {
        done.insert(owner.clone());
        let path = index_path(&owner);
        let known = next.devices.entry(owner.clone()).or_default();
        let (body, etag) = match remote.get(&path, known.etag.as_deref()).await? {
            Got::Ok { body, etag } => (body, etag),
            Got::NotModified => continue,
            // Not written yet (a device listed before its first push), or this device's own
            // index is gone: then the next push writes it again.
            Got::NotFound => {
                if owner == device && !known.segments.is_empty() {
                    known.etag = None;
                    next.repair_index = true;
                }
                continue;
            }
        };
        let index = DeviceIndex::decode(&owner, &body)?;
        if owner == device && known.segments.iter().any(|h| !index.segments.contains(h)) {
            // An update of this device's index was lost: list everything again.
            next.repair_index = true;
        }
        for hash in &index.segments {
            if known.segments.contains(hash) {
                continue;
            }
            let path = segment_path(&owner, hash);
            let body = match remote.get(&path, None).await? {
                Got::Ok { body, .. } => body,
                Got::NotModified | Got::NotFound => {
                    return Err(SyncError::Tampered {
                        path,
                        detail: "it is listed but missing".into(),
                    })
                }
            };
            let (segment, segment_hashes) = Segment::decode_hashed(&owner, hash, &body)?;
            origins.push((path, segment.events.iter().map(|e| e.id.clone()).collect()));
            anchors.extend(segment.heads);
            events.extend(segment.events.into_iter().zip(segment_hashes));
            known.segments.push(*hash);
            segments += 1;
        }
        known.etag = etag;
        queue.extend(index.seen.into_iter().filter(|d| !done.contains(d)));
    }
    next.on_remote
        .extend(events.iter().map(|(e, _)| e.id.clone()));
    let incoming = if events.is_empty() {
        None
    } else {
        Some(merge(engine, events, anchors)?)
    };
    Ok(Pulled {
        incoming,
        state: next,
        segments,
        origins,
    })
}

/// Merge events read from segments (each with the hash of its bytes) into a copy of the
/// book, once their chain is checked against themselves and the book.
///
/// The book's own log was checked when it was stored, so only the new events are: each
/// follows events that are new or in the book, each is followed by a new event or is one
/// of the segments' recorded heads (so a changed event shows: nothing names its new hash),
/// and every recorded head is there. The book's events are hashed newest first, only as
/// far as the new events reach back — a pull into a book of 100,000 events does not hash
/// them all again.
fn merge(
    engine: &Engine,
    mut events: Vec<(Event, Hash)>,
    anchors: BTreeSet<Hash>,
) -> Result<Incoming, SyncError> {
    let tampered = |detail: String| SyncError::Tampered {
        path: "the shared segments".into(),
        detail,
    };
    order::sort_by(&mut events, |(a, _), (b, _)| {
        (a.seq, &a.id).cmp(&(b.seq, &b.id))
    });
    // The same event may come in two segments (a push repeated after a crash).
    events.dedup_by(|(a, _), (b, _)| a.id == b.id && a == b);
    if let Err(first) = check_chain(engine.log(), &events, &anchors) {
        // Hashes from bytes hold only for segments as this app writes them: before refusing,
        // hash the events the long way, as a reformatted segment needs.
        for (event, hash) in &mut events {
            *hash = Hash::of(event);
        }
        check_chain(engine.log(), &events, &anchors).map_err(|_| first)?;
    }
    let (events, _): (Vec<Event>, Vec<Hash>) = events.into_iter().unzip();
    engine
        .incoming(&Log::from_parts(events, anchors.into_iter().collect()))
        .map_err(|clash| tampered(clash.to_string()))
}

/// Check the chain of `events` (new or not) against themselves and `log`; see [`merge`].
fn check_chain(
    log: &Log,
    events: &[(Event, Hash)],
    anchors: &BTreeSet<Hash>,
) -> Result<(), SyncError> {
    let tampered = |detail: String| SyncError::Tampered {
        path: "the shared segments".into(),
        detail,
    };
    let held: HashSet<&EventId> = log.events().iter().map(|e| &e.id).collect();
    let fresh: Vec<&(Event, Hash)> = events
        .iter()
        .filter(|(e, _)| !held.contains(&e.id))
        .collect();
    let known: HashSet<Hash> = events.iter().map(|(_, h)| *h).collect();
    // Only the book's first event follows nothing; another such event means another book.
    let roots = fresh.iter().filter(|(e, _)| e.after.is_empty()).count();
    if roots > usize::from(log.is_empty()) {
        return Err(SyncError::DifferentBook);
    }
    // What the new events and the recorded heads name outside themselves must be in the
    // book: hash its events newest first until all are found.
    let mut wanted: HashSet<Hash> = fresh
        .iter()
        .flat_map(|(e, _)| e.after.iter().copied())
        .chain(anchors.iter().copied())
        .filter(|h| !known.contains(h))
        .collect();
    for event in log.events().iter().rev() {
        if wanted.is_empty() {
            break;
        }
        wanted.remove(&Hash::of(event));
    }
    if let Some(missing) = wanted.iter().next() {
        return Err(tampered(format!(
            "an event follows, or a segment ends at, an event ({missing}) that is in neither book: it was changed or removed"
        )));
    }
    let followed: HashSet<&Hash> = events.iter().flat_map(|(e, _)| &e.after).collect();
    if let Some((event, _)) = fresh
        .iter()
        .find(|(_, h)| !followed.contains(h) && !anchors.contains(h))
    {
        return Err(tampered(format!(
            "event {} was changed after it was recorded",
            event.id
        )));
    }
    Ok(())
}

/// Write the events of `engine` that are not on the remote as new segments (at most
/// [`SEGMENT_EVENTS`] each), then list them in this device's index (`If-Match` on its last
/// ETag), and write the manifest only when the last one read lacks a known device. Pull
/// first: the segments follow what is there, and the manifest read is the pull's.
///
/// A push of a few events is two requests: the segment, then the index. Nothing is read
/// back: a host that acknowledged a PUT keeps it, and the one thing a host that ignores
/// `If-Match` can lose — an update of the index or the manifest — is seen by the next pull,
/// which has this device write it again (see `docs/sync.md`).
pub async fn push<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
) -> Result<Pushed, SyncError> {
    check_device(device)?;
    let mut next = state.clone();
    let pending: Vec<Event> = engine
        .log()
        .events()
        .iter()
        .filter(|e| !next.on_remote.contains(&e.id))
        .cloned()
        .collect();
    let count = pending.len();
    let mut written = Vec::new();
    if count > 0 {
        let heads = engine.log().heads().to_vec();
        for chunk in pending.chunks(SEGMENT_EVENTS) {
            written.push(write_segment(device, heads.clone(), chunk.to_vec(), remote).await?);
        }
    }
    if !written.is_empty() || next.repair_index {
        write_index(device, &written, &mut next, remote).await?;
        next.on_remote.extend(pending.into_iter().map(|e| e.id));
    }
    next.devices.entry(device.to_owned()).or_default();
    let manifest_written = repair_manifest(&mut next, remote).await?;
    Ok(Pushed {
        state: next,
        events: count,
        manifest_written,
    })
}

/// Write a segment under its hash (`If-None-Match: *`). A 412 means a file of this name is
/// there: normally the same bytes, written by an earlier push that stopped before its index;
/// only then is it read back, to be sure.
async fn write_segment<R: Remote>(
    device: &str,
    heads: Vec<Hash>,
    events: Vec<Event>,
    remote: &R,
) -> Result<Hash, SyncError> {
    let (body, hash) = Segment::new(device, heads, events).encode();
    let path = segment_path(device, &hash);
    if remote.put(&path, &body, Precondition::IfNoneMatch).await? == Put::PreconditionFailed {
        match remote.get(&path, None).await? {
            Got::Ok { body: stored, .. } if stored == body => {}
            // Not what this name must hold: write the true bytes over it.
            _ => {
                remote.put(&path, &body, Precondition::None).await?;
            }
        }
    }
    Ok(hash)
}

/// List `hashes` in this device's index, with every segment listed before. Only this device
/// writes it, so a 412 means another tab or an earlier, interrupted sync of this device:
/// read what is there, keep all of it, and try again.
async fn write_index<R: Remote>(
    device: &str,
    hashes: &[Hash],
    next: &mut SyncState,
    remote: &R,
) -> Result<(), SyncError> {
    let path = index_path(device);
    let seen: BTreeSet<String> = order::set(next.devices.keys().filter(|d| *d != device).cloned());
    // Segments the remote index lists that this device has not read (another tab wrote
    // them); they stay listed, and the next pull reads them.
    let mut unread: Vec<Hash> = Vec::new();
    for _ in 0..ATTEMPTS {
        let known = next.devices.entry(device.to_owned()).or_default();
        let mut listed = known.segments.clone();
        for hash in unread.iter().chain(hashes) {
            if !listed.contains(hash) {
                listed.push(*hash);
            }
        }
        let precondition = match &known.etag {
            Some(etag) => Precondition::IfMatch(etag.clone()),
            None if known.segments.is_empty() && !next.repair_index => Precondition::IfNoneMatch,
            // Listed before but no ETag: a host without ETags, or a repair.
            None => Precondition::None,
        };
        let body = serde_json::to_string(&DeviceIndex::new(device, listed.clone(), seen.clone()))
            .unwrap_or_default();
        match remote.put(&path, &body, precondition).await? {
            Put::Done(etag) => {
                // Keep the ETag only when every listed segment has been read; otherwise the
                // next pull must read the index again.
                known.etag = etag.filter(|_| unread.is_empty());
                known.segments = listed;
                known.segments.retain(|h| !unread.contains(h));
                next.repair_index = false;
                return Ok(());
            }
            Put::PreconditionFailed => match remote.get(&path, None).await? {
                Got::Ok { body, etag } => {
                    let stored = DeviceIndex::decode(device, &body)?;
                    unread.extend(stored.segments.iter().filter(|h| !listed.contains(h)));
                    known.etag = etag;
                }
                Got::NotModified | Got::NotFound => known.etag = None,
            },
        }
    }
    Err(SyncError::Conflict {
        path,
        attempts: ATTEMPTS,
    })
}

/// Read the manifest (`If-None-Match` on its last ETag) into the state. Devices it lists
/// become known. Returns whether it exists: a missing manifest means no book yet.
async fn read_manifest<R: Remote>(next: &mut SyncState, remote: &R) -> Result<bool, SyncError> {
    let exists = match remote.get(MANIFEST, next.manifest_etag.as_deref()).await? {
        Got::NotModified => true,
        Got::NotFound => {
            next.manifest_etag = None;
            next.manifest_devices.clear();
            false
        }
        Got::Ok { body, etag } => {
            let manifest = Manifest::decode(&body)?;
            if next.book_name.is_empty() {
                next.book_name = manifest.name;
            }
            next.manifest_etag = etag;
            next.manifest_devices = manifest.devices;
            true
        }
    };
    for device in next.manifest_devices.clone() {
        next.devices.entry(device).or_default();
    }
    Ok(exists)
}

/// Make the manifest list every known device. The pull just read it, so nothing is asked
/// when it does; when one is missing (a new device, or one a racing writer dropped on a host
/// that ignores `If-Match`) the union is written, on the version last read. Whether it held
/// is seen by the next pull, which writes it again if it did not. Returns whether it was
/// written.
async fn repair_manifest<R: Remote>(next: &mut SyncState, remote: &R) -> Result<bool, SyncError> {
    let mut exists = next.manifest_etag.is_some() || !next.manifest_devices.is_empty();
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            exists = read_manifest(next, remote).await?;
        }
        let missing = next
            .devices
            .keys()
            .any(|d| !next.manifest_devices.contains(d));
        if !missing {
            return Ok(attempt > 0);
        }
        let devices: BTreeSet<String> = order::set(next.devices.keys().cloned());
        let body = serde_json::to_string(&Manifest::new(&next.book_name, devices.clone()))
            .unwrap_or_default();
        let precondition = match (&next.manifest_etag, exists) {
            (Some(etag), _) => Precondition::IfMatch(etag.clone()),
            (None, false) => Precondition::IfNoneMatch,
            (None, true) => Precondition::None,
        };
        match remote.put(MANIFEST, &body, precondition).await? {
            Put::Done(etag) => {
                next.manifest_etag = etag;
                next.manifest_devices = devices;
                return Ok(true);
            }
            // Someone else wrote it: read theirs and write the union over it.
            Put::PreconditionFailed => next.manifest_etag = None,
        }
    }
    Err(SyncError::Conflict {
        path: MANIFEST.into(),
        attempts: ATTEMPTS,
    })
}
