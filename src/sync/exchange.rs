//! The exchange: [`pull`] brings the other devices' new segments down and merges them
//! through the domain ([`pull_setting_aside`] sets aside one device's that do not fit); [`push`] writes this device's new events as one segment, lists it in
//! this device's index and makes sure the manifest lists the device; [`sync`] does both.
//!
//! Both steps work on a copy of the [`SyncState`] and return it with what they did, so the
//! caller stores the merged events (one storage transaction) before it takes the new state:
//! a failure anywhere leaves the book and the state as they were.

use super::layout::{
    check_device, index_path, segment_path, DeviceIndex, Manifest, Publication, Segment, MANIFEST,
};
use super::remote::{Got, Precondition, Put, Remote, SyncError};
use crate::domain::{limits, order};
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
    /// The manifest was not found although it was read or written before (removed, or a
    /// cache's old 404): the next push writes it again without a condition.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    manifest_vanished: bool,
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

    /// Whether the host's last answers carried weak ETags (`W/"…"`), so that its files are
    /// written without `If-Match`.
    pub fn weak_etags(&self) -> bool {
        let weak = |etag: &Option<String>| etag.as_deref().is_some_and(is_weak);
        weak(&self.manifest_etag) || self.devices.values().any(|d| weak(&d.etag))
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
    /// What the sync status should say besides the counts: a device set aside, an older
    /// copy served by the host.
    pub notes: Vec<String>,
    /// The newest publication among the indexes read (see [`push_as`]), if any says one.
    pub published: Option<Publication>,
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
    /// What the sync status should say besides the counts (weak ETags, an older copy).
    pub notes: Vec<String>,
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
    /// What the sync status says besides the counts: [`Pulled::notes`], [`Pushed::notes`].
    pub notes: Vec<String>,
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
    let pulled = pull_setting_aside(engine, device, state, remote).await?;
    if let Some(incoming) = pulled.incoming {
        report.pulled = incoming.report.added;
        report.new_conflicts = incoming.report.new_conflicts;
        *engine = incoming.engine;
    }
    report.segments_read = pulled.segments;
    report.notes = pulled.notes;
    *state = pulled.state;
    let pushed = push(engine, device, state, remote).await?;
    report.pushed = pushed.events;
    report.manifest_written = pushed.manifest_written;
    report.notes.extend(pushed.notes);
    *state = pushed.state;
    Ok(report)
}

/// Read the manifest and every known device's index (each with `If-None-Match`), read the
/// segments not seen yet, check each in full, and merge their events into a copy of the
/// book, whose whole chain must verify. Nothing changes until the caller takes the result.
///
/// Refuses the whole pull when any file does not read or any event does not fit: what a
/// published view, which must show a book whole or not at all, needs. A sync uses
/// [`pull_setting_aside`].
pub async fn pull<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
) -> Result<Pulled, SyncError> {
    pull_with(engine, device, state, remote, false).await
}

/// [`pull`], except that a device's segment that does not read, or whose events do not fit
/// this book (an id clash, a broken chain), is set aside with a note naming that device
/// (and so is another device's index that does not read): its remaining segments are left
/// on the host, everyone else's are taken in, and the next pull tries them again.
pub async fn pull_setting_aside<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
) -> Result<Pulled, SyncError> {
    pull_with(engine, device, state, remote, true).await
}

async fn pull_with<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
    lenient: bool,
) -> Result<Pulled, SyncError> {
    check_device(device)?;
    let mut next = state.clone();
    let mut notes = Vec::new();
    read_manifest(&mut next, remote).await?;
    let mut queue: BTreeSet<String> = order::set(
        next.manifest_devices
            .iter()
            .chain(next.devices.keys())
            .cloned(),
    );
    queue.insert(device.to_owned());
    let mut done = BTreeSet::new();
    let mut batches: Vec<Batch> = Vec::new();
    let mut published = None;
    while let Some(owner) = queue.pop_first() {
        done.insert(owner.clone());
        let own = owner == device;
        let path = index_path(&owner);
        let known = next.devices.entry(owner.clone()).or_default();
        let (body, etag) = match remote.get(&path, known.etag.as_deref()).await? {
            Got::Ok { body, etag } => (body, etag),
            Got::NotModified => continue,
            // Not written yet (a device listed before its first push), or this device's own
            // index is gone (removed, or a cache's 404): then the next push writes it again.
            Got::NotFound => {
                if own && !known.segments.is_empty() {
                    known.etag = None;
                    next.repair_index = true;
                    notes.push(own_index_note(&path));
                }
                continue;
            }
        };
        let index = match DeviceIndex::decode(&owner, &body) {
            Ok(index) => index,
            Err(error) if lenient && !own && sets_aside(&error) => {
                notes.push(set_aside_note(&owner, &error));
                continue;
            }
            Err(error) => return Err(error),
        };
        if let Some(p) = &index.published {
            if published.as_ref().is_none_or(|q: &Publication| p.at > q.at) {
                published = Some(p.clone());
            }
        }
        let mut batch = Batch::new(&owner, etag);
        if own && known.segments.iter().any(|h| !index.segments.contains(h)) {
            // An older copy of this device's index (a cache's, or an update lost): list
            // everything again, without a condition on the copy just read.
            next.repair_index = true;
            batch.etag = None;
            notes.push(own_index_note(&path));
        }
        for hash in index
            .segments
            .iter()
            .filter(|h| !known.segments.contains(h))
        {
            let path = segment_path(&owner, hash);
            let read = match remote.get(&path, None).await? {
                Got::Ok { body, .. } => Segment::decode_hashed(&owner, hash, &body),
                Got::NotModified | Got::NotFound => Err(SyncError::Tampered {
                    path: path.clone(),
                    detail: "it is listed but missing".into(),
                }),
            };
            match read {
                Ok((segment, hashes)) => batch.take(path, *hash, segment, hashes),
                Err(error) if lenient && sets_aside(&error) => {
                    notes.push(set_aside_note(&owner, &error));
                    batch.cut = true;
                    break;
                }
                Err(error) => return Err(error),
            }
        }
        queue.extend(index.seen.into_iter().filter(|d| !done.contains(d)));
        batches.push(batch);
    }
    let incoming = if lenient {
        merge_batches(engine, device, &mut batches, &mut notes)?
    } else {
        let (events, anchors) = gather(&batches, None);
        (!events.is_empty())
            .then(|| merge(engine, events, anchors))
            .transpose()?
    };
    let mut segments = 0;
    let mut origins = Vec::new();
    for batch in batches {
        // A segment under this device's name that is not its own: list only its own again.
        next.repair_index |= batch.cut && batch.owner == device;
        let known = next.devices.entry(batch.owner).or_default();
        segments += batch.segments.len();
        known.segments.extend(batch.segments);
        if !batch.cut {
            known.etag = batch.etag;
        }
        for (_, ids) in &batch.origins {
            next.on_remote.extend(ids.iter().cloned());
        }
        origins.extend(batch.origins);
    }
    Ok(Pulled {
        incoming,
        state: next,
        segments,
        origins,
        notes,
        published,
    })
}

/// What was read of one device's index in a pull, taken into the state only once its
/// events merge.
struct Batch {
    owner: String,
    /// The index's ETag.
    etag: Option<String>,
    /// The segments read, in the index's order.
    segments: Vec<Hash>,
    events: Vec<(Event, Hash)>,
    anchors: BTreeSet<Hash>,
    origins: Vec<(String, Vec<EventId>)>,
    /// Whether segments the index lists were set aside (so it is read again next time).
    cut: bool,
}

impl Batch {
    fn new(owner: &str, etag: Option<String>) -> Self {
        Batch {
            owner: owner.to_owned(),
            etag,
            segments: Vec::new(),
            events: Vec::new(),
            anchors: BTreeSet::new(),
            origins: Vec::new(),
            cut: false,
        }
    }

    fn take(&mut self, path: String, hash: Hash, segment: Segment, hashes: Vec<Hash>) {
        self.origins
            .push((path, segment.events.iter().map(|e| e.id.clone()).collect()));
        self.anchors.extend(segment.heads);
        self.events.extend(segment.events.into_iter().zip(hashes));
        self.segments.push(hash);
    }

    /// Set all of it aside.
    fn set_aside(&mut self) {
        *self = Batch {
            cut: true,
            ..Batch::new(&self.owner, None)
        };
    }
}

/// Whether an error in another device's files sets that device aside rather than stop the
/// sync: the file does not read, is too big, or its events do not fit.
fn sets_aside(error: &SyncError) -> bool {
    matches!(
        error,
        SyncError::Tampered { .. }
            | SyncError::Malformed { .. }
            | SyncError::TooLarge { .. }
            | SyncError::TooMany { .. }
    )
}

/// What the sync status says of a device set aside.
#[inline(never)] // Called from several places: one copy keeps the bundle small.
fn set_aside_note(owner: &str, error: &SyncError) -> String {
    let why = match error {
        SyncError::Tampered { path, detail } | SyncError::Malformed { path, detail } => {
            format!("{path}: {detail}")
        }
        other => other.to_string(),
    };
    format!("Device {owner}'s changes on the host do not fit this book ({why}); they were set aside. Everyone else's changes synced.")
}

/// What the sync status says when this device's own index came back older than it wrote.
fn own_index_note(path: &str) -> String {
    format!("The host or a cache in front of it served an older copy of {path}; this device lists its changes there again. If this repeats, sync again in a minute.")
}

/// The events and recorded heads of every batch but `skip`.
#[inline(never)] // Called from several places: one copy keeps the bundle small.
fn gather(batches: &[Batch], skip: Option<usize>) -> (Vec<(Event, Hash)>, BTreeSet<Hash>) {
    let mut events = Vec::new();
    let mut anchors = BTreeSet::new();
    for (i, batch) in batches.iter().enumerate() {
        if Some(i) != skip {
            events.extend(batch.events.iter().cloned());
            anchors.extend(batch.anchors.iter().copied());
        }
    }
    (events, anchors)
}

/// Merge every batch's events; when they do not fit together, find the one device whose
/// events are the cause, set it aside and merge the rest. Two books begun apart are
/// refused as a whole: which one is the shared book is not this device's to decide.
fn merge_batches(
    engine: &Engine,
    device: &str,
    batches: &mut [Batch],
    notes: &mut Vec<String>,
) -> Result<Option<Incoming>, SyncError> {
    let (events, anchors) = gather(batches, None);
    if events.is_empty() {
        return Ok(None);
    }
    let first = match merge(engine, events, anchors) {
        Ok(incoming) => return Ok(Some(incoming)),
        Err(SyncError::DifferentBook) => return Err(SyncError::DifferentBook),
        Err(error) => error,
    };
    // Other devices first: this device's own segments (another tab's) are suspected last.
    let suspect = |i: &usize, own: bool| {
        !batches[*i].events.is_empty() && (batches[*i].owner == device) == own
    };
    let suspects: Vec<usize> = (0..batches.len())
        .filter(|i| suspect(i, false))
        .chain((0..batches.len()).filter(|i| suspect(i, true)))
        .collect();
    for i in suspects {
        let (events, anchors) = gather(batches, Some(i));
        let merged = if events.is_empty() {
            Ok(None)
        } else {
            merge(engine, events, anchors).map(Some)
        };
        if let Ok(incoming) = merged {
            notes.push(set_aside_note(&batches[i].owner, &first));
            batches[i].set_aside();
            return Ok(incoming);
        }
    }
    Err(first)
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
#[inline(never)] // Called from several places: one copy keeps the bundle small.
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
    // Nothing could be placed after an event beyond the last place: refused here, so a
    // sync sets its device aside instead of this device's own changes being refused after.
    if let Some(why) = events
        .iter()
        .find(|(e, _)| e.seq > limits::MAX_SEQ)
        .and_then(|(e, _)| Some(format!("event {}: {}", e.id, limits::beyond(e)?)))
    {
        return Err(tampered(why));
    }
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
    push_as(engine, device, state, remote, None).await
}

/// [`push`], recording in this device's index who published the new segments and when
/// (`published`), which the published view shows.
pub async fn push_as<R: Remote>(
    engine: &Engine,
    device: &str,
    state: &SyncState,
    remote: &R,
    published: Option<Publication>,
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
        let published = published.filter(|_| !written.is_empty());
        write_index(device, &written, &mut next, remote, published).await?;
        next.on_remote.extend(pending.into_iter().map(|e| e.id));
    }
    next.devices.entry(device.to_owned()).or_default();
    let mut notes = Vec::new();
    let manifest_written = repair_manifest(&mut next, remote, &mut notes).await?;
    if next.weak_etags() {
        notes.push(WEAK_ETAGS.to_owned());
    }
    Ok(Pushed {
        state: next,
        events: count,
        manifest_written,
        notes,
    })
}

/// What the sync status says on a host that sends weak ETags.
pub const WEAK_ETAGS: &str =
    "This host sends weak ETags; writes go without conditions, which this layout allows.";

/// Whether an ETag is weak (`W/"…"`). A weak ETag never satisfies `If-Match` (RFC 9110
/// compares strongly), so a write on one would fail every time: the layout writes such
/// files without the condition instead. An index has one writer, and segments are named by
/// their contents; the shared manifest is read back after such a write (see
/// [`repair_manifest`]).
pub fn is_weak(etag: &str) -> bool {
    etag.starts_with("W/")
}

/// `If-Match` on `etag`, or no condition when it is weak.
fn if_match(etag: &str) -> Precondition {
    if is_weak(etag) {
        Precondition::None
    } else {
        Precondition::IfMatch(etag.to_owned())
    }
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
/// read what is there, keep all of it, and try again. When that read shows nothing this
/// device does not list (a cache's older copy, a 404 the cache kept, a host whose ETags
/// never match), the next write goes without a condition: nothing can be lost by it, and
/// this device's own index is never reported as changed by others.
async fn write_index<R: Remote>(
    device: &str,
    hashes: &[Hash],
    next: &mut SyncState,
    remote: &R,
    published: Option<Publication>,
) -> Result<(), SyncError> {
    let path = index_path(device);
    let seen: BTreeSet<String> = order::set(next.devices.keys().filter(|d| *d != device).cloned());
    // Segments the remote index lists that this device has not read (another tab wrote
    // them); they stay listed, and the next pull reads them.
    let mut unread: Vec<Hash> = Vec::new();
    let mut unconditional = false;
    for _ in 0..ATTEMPTS {
        let known = next.devices.entry(device.to_owned()).or_default();
        let mut listed = known.segments.clone();
        for hash in unread.iter().chain(hashes) {
            if !listed.contains(hash) {
                listed.push(*hash);
            }
        }
        let precondition = match &known.etag {
            _ if unconditional => Precondition::None,
            Some(etag) => if_match(etag),
            None if known.segments.is_empty() && !next.repair_index => Precondition::IfNoneMatch,
            // Listed before but no ETag: a host without ETags, or a repair.
            None => Precondition::None,
        };
        let index = DeviceIndex {
            published: published.clone(),
            ..DeviceIndex::new(device, listed.clone(), seen.clone())
        };
        let body = serde_json::to_string(&index).unwrap_or_default();
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
                    let before = unread.len();
                    unread.extend(stored.segments.iter().filter(|h| !listed.contains(h)));
                    unconditional = unread.len() == before;
                    known.etag = etag;
                }
                Got::NotModified | Got::NotFound => {
                    known.etag = None;
                    unconditional = true;
                }
            },
        }
    }
    // Only a host answering 412 to writes without a condition gets here: not others'
    // doing, since no one else writes this file.
    Err(SyncError::Status(412))
}

/// Read the manifest (`If-None-Match` on its last ETag) into the state. Devices it lists
/// become known. Returns whether it exists: a missing manifest means no book yet.
async fn read_manifest<R: Remote>(next: &mut SyncState, remote: &R) -> Result<bool, SyncError> {
    let exists = match remote.get(MANIFEST, next.manifest_etag.as_deref()).await? {
        Got::NotModified => true,
        Got::NotFound => {
            // Gone although it was read or written before: removed, or a cache's old 404.
            // Either way it is there to be written again (without a condition).
            next.manifest_vanished |=
                next.manifest_etag.is_some() || !next.manifest_devices.is_empty();
            next.manifest_etag = None;
            next.manifest_devices.clear();
            false
        }
        Got::Ok { body, etag } => {
            next.manifest_vanished = false;
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
/// is seen by the next pull, which writes it again if it did not. A write without a
/// condition (weak ETags, no ETag) is read back at once, and the union written again until
/// the read shows every known device: a join is then not lost to a write that crossed it.
/// A 412 followed by a read of the very version refused is a cache's old copy: the union
/// is then written without a condition too (a device it drops is put back by that
/// device's next sync, as on a host that ignores `If-Match`). Returns whether it was
/// written.
async fn repair_manifest<R: Remote>(
    next: &mut SyncState,
    remote: &R,
    notes: &mut Vec<String>,
) -> Result<bool, SyncError> {
    let mut exists =
        next.manifest_etag.is_some() || !next.manifest_devices.is_empty() || next.manifest_vanished;
    let mut written = false;
    // The ETag a refused `If-Match` named; read back again, it shows a cache's old copy.
    let mut refused: Option<String> = None;
    let mut unconditional = false;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            exists = read_manifest(next, remote).await?;
            if written && next.manifest_vanished {
                // Not found right after this device wrote it: a cache's old 404.
                break;
            }
            exists |= next.manifest_vanished;
            unconditional |= refused.is_some() && refused == next.manifest_etag;
        }
        let missing = next
            .devices
            .keys()
            .any(|d| !next.manifest_devices.contains(d));
        if !missing {
            return Ok(written || attempt > 0);
        }
        let devices: BTreeSet<String> = order::set(next.devices.keys().cloned());
        let body = serde_json::to_string(&Manifest::new(&next.book_name, devices.clone()))
            .unwrap_or_default();
        let precondition = match (&next.manifest_etag, exists) {
            _ if unconditional => Precondition::None,
            (Some(etag), _) => if_match(etag),
            (None, false) => Precondition::IfNoneMatch,
            (None, true) => Precondition::None,
        };
        let checked = precondition != Precondition::None;
        let fresh = precondition == Precondition::IfNoneMatch;
        match remote.put(MANIFEST, &body, precondition).await? {
            // The pull found no manifest, yet there is one: a cache in front of the host
            // served an old 404, or a book was begun here a moment ago. Either way this
            // device has not read the shared book yet, so it must not join it now.
            Put::PreconditionFailed if fresh => {
                return Err(SyncError::Stale {
                    path: MANIFEST.into(),
                })
            }
            Put::Done(etag) => {
                next.manifest_etag = etag;
                next.manifest_devices = devices;
                written = true;
                if checked {
                    return Ok(true);
                }
            }
            // Someone else wrote it: read theirs and write the union over it.
            Put::PreconditionFailed => refused = next.manifest_etag.take(),
        }
    }
    if written {
        // Written, but every read back was an older copy: the next sync checks again.
        notes.push(format!("The host or a cache in front of it served an older copy of {MANIFEST} after this device wrote it; sync again in a minute."));
        return Ok(true);
    }
    Err(SyncError::Conflict {
        path: MANIFEST.into(),
        attempts: ATTEMPTS,
    })
}
