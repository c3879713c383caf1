//! The remote layout: three kinds of small JSON file under the book's base address, all in
//! one folder so that no server has to create folders (WebDAV refuses a PUT into a missing
//! one with 409):
//!
//! - `manifest.json`: the book's name and the devices that share it ([`Manifest`]). Every
//!   device may write it; every sync re-checks and repairs it.
//! - `index.<device>.json`: the segments one device wrote, in the order written
//!   ([`DeviceIndex`]). Only that device writes it.
//! - `segment.<device>.<hash>.json`: events one device pushed at once ([`Segment`]), named
//!   by the hash of its bytes and never changed once written.
//!
//! Every file is checked in full before anything in it is used.

use super::remote::SyncError;
use crate::domain::{Event, Hash};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The manifest's path.
pub const MANIFEST: &str = "manifest.json";
/// The format version of the three files this code writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// The manifest's `format` tag.
pub const MANIFEST_FORMAT: &str = "release-desk/manifest";
/// A device index's `format` tag.
pub const INDEX_FORMAT: &str = "release-desk/index";
/// A segment's `format` tag.
pub const SEGMENT_FORMAT: &str = "release-desk/segment";

/// The most devices a manifest may list (and an index may name as `seen`): far more than a
/// team shares a book with, and a manifest of that many stays under 70 KB.
pub const MAX_DEVICES: usize = 1_000;
/// The most segments one device's index may list. A segment is one push (of up to 5,000
/// events), so this is years of syncing after every change; the index is then 6.7 MB.
pub const MAX_SEGMENTS: usize = 100_000;
/// The largest segment read, in bytes: 5,000 events are a few MB.
pub const MAX_SEGMENT_BYTES: u64 = 64 << 20;
/// The largest manifest read, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 1 << 20;
/// The largest index read, in bytes: [`MAX_SEGMENTS`] hashes, with room.
pub const MAX_INDEX_BYTES: u64 = 8 << 20;

/// The most bytes read of the file at `path`: a transport stops reading there.
pub fn cap_of(path: &str) -> u64 {
    if path.starts_with("segment.") {
        MAX_SEGMENT_BYTES
    } else if path.starts_with("index.") {
        MAX_INDEX_BYTES
    } else {
        MAX_MANIFEST_BYTES
    }
}

/// Refuse a body of `len` bytes at `path` when it is over [`cap_of`] it.
#[inline(never)]
pub fn check_size(path: &str, len: u64) -> Result<(), SyncError> {
    let cap = cap_of(path);
    if len > cap {
        return Err(SyncError::TooLarge {
            path: path.to_owned(),
            cap,
        });
    }
    Ok(())
}

/// Refuse a list of `count` `what` in `path` when it is over `cap`.
#[inline(never)]
fn check_count(path: &str, count: usize, cap: usize, what: &str) -> Result<(), SyncError> {
    if count > cap {
        return Err(SyncError::TooMany {
            path: path.to_owned(),
            what: what.to_owned(),
            cap,
        });
    }
    Ok(())
}

/// The path of `device`'s index.
pub fn index_path(device: &str) -> String {
    format!("index.{device}.json")
}

/// The path of the segment `device` wrote whose bytes hash to `hash`.
pub fn segment_path(device: &str, hash: &Hash) -> String {
    format!("segment.{device}.{hash}.json")
}

/// Check that a device id can name files: 1 to 64 ASCII letters, digits, `-` or `_`, so it
/// never holds a `.` or `/` and every path above reads back unambiguously.
pub fn check_device(device: &str) -> Result<(), SyncError> {
    let fits = (1..=64).contains(&device.len())
        && device
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        Ok(())
    } else {
        Err(SyncError::BadDevice(device.to_owned()))
    }
}

/// The shared list of devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The book's name.
    #[serde(default)]
    pub name: String,
    /// Every device that shares the book, sorted.
    pub devices: BTreeSet<String>,
}

impl Manifest {
    /// A manifest listing `devices`.
    pub fn new(name: &str, devices: BTreeSet<String>) -> Self {
        Manifest {
            format: MANIFEST_FORMAT.to_owned(),
            version: VERSION,
            name: name.to_owned(),
            devices,
        }
    }

    /// Read and check a manifest: its tag, its version and every device id.
    pub fn decode(body: &str) -> Result<Manifest, SyncError> {
        check_size(MANIFEST, body.len() as u64)?;
        let manifest: Manifest = read(MANIFEST, body, MANIFEST_FORMAT)?;
        check_count(MANIFEST, manifest.devices.len(), MAX_DEVICES, "devices")?;
        for device in &manifest.devices {
            check_device(device).map_err(|_| malformed(MANIFEST, "a device id is not valid"))?;
        }
        Ok(manifest)
    }
}

/// One device's list of its segments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceIndex {
    /// Always [`INDEX_FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The device that writes it.
    pub device: String,
    /// The hashes of its segments, oldest first.
    pub segments: Vec<Hash>,
    /// The other devices whose events this device holds: a second way to find devices, so
    /// that a device dropped from the manifest by a lost update is still pulled.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub seen: BTreeSet<String>,
    /// Who published this device's newest segment, and when; absent in indexes written
    /// before it was recorded (their books still read, undated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Publication>,
}

/// Who published a book's changes to its host, and when: what the published view says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// The person's name, as the device that pushed knew it.
    pub by: String,
    /// When (milliseconds since 1970 in JSON).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: chrono::DateTime<chrono::Utc>,
}

impl DeviceIndex {
    /// An index.
    pub fn new(device: &str, segments: Vec<Hash>, seen: BTreeSet<String>) -> Self {
        DeviceIndex {
            format: INDEX_FORMAT.to_owned(),
            version: VERSION,
            device: device.to_owned(),
            segments,
            seen,
            published: None,
        }
    }

    /// Read and check `device`'s index, found at its path.
    pub fn decode(device: &str, body: &str) -> Result<DeviceIndex, SyncError> {
        let path = index_path(device);
        check_size(&path, body.len() as u64)?;
        let index: DeviceIndex = read(&path, body, INDEX_FORMAT)?;
        check_count(&path, index.segments.len(), MAX_SEGMENTS, "segments")?;
        check_count(&path, index.seen.len(), MAX_DEVICES, "devices")?;
        if index.device != device {
            return Err(tampered(&path, "it names another device"));
        }
        for other in &index.seen {
            check_device(other).map_err(|_| malformed(&path, "a device id is not valid"))?;
        }
        Ok(index)
    }
}

/// Events one device pushed at once, in log order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Always [`SEGMENT_FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The device that wrote it.
    pub device: String,
    /// The heads of the writer's log when it pushed: they anchor the chain's last events,
    /// so that a changed last event shows (as a document's `heads` do).
    pub heads: Vec<Hash>,
    /// The events, in log order (by `(seq, id)`).
    pub events: Vec<Event>,
}

impl Segment {
    /// A segment of `events`, which must be in log order, from a log whose heads are `heads`.
    pub fn new(device: &str, heads: Vec<Hash>, events: Vec<Event>) -> Self {
        Segment {
            format: SEGMENT_FORMAT.to_owned(),
            version: VERSION,
            device: device.to_owned(),
            heads,
            events,
        }
    }

    /// The compact JSON written, and the hash of those bytes that names the file.
    pub fn encode(&self) -> (String, Hash) {
        // Plain structs and vectors always serialize.
        let body = serde_json::to_string(self).unwrap_or_default();
        let hash = Hash::of_bytes(body.as_bytes());
        (body, hash)
    }

    /// Read and check the segment `device` wrote under `hash`: the bytes hash to its name
    /// (so a cut-short or edited file is refused), it reads, it names its device, and its
    /// events are in strict log order. Their chain is checked once merged (see `exchange`).
    pub fn decode(device: &str, hash: &Hash, body: &str) -> Result<Segment, SyncError> {
        Segment::decode_hashed(device, hash, body).map(|(segment, _)| segment)
    }

    /// [`Segment::decode`], with the hash of each event taken from its bytes as written (what
    /// the chain names), so that checking the chain does not serialize every event again.
    pub fn decode_hashed(
        device: &str,
        hash: &Hash,
        body: &str,
    ) -> Result<(Segment, Vec<Hash>), SyncError> {
        let path = segment_path(device, hash);
        check_size(&path, body.len() as u64)?;
        if Hash::of_bytes(body.as_bytes()) != *hash {
            return Err(tampered(
                &path,
                "its contents do not match its name: it was cut short or changed",
            ));
        }
        let raw: RawSegment<'_> = read(&path, body, SEGMENT_FORMAT)?;
        if raw.device != device {
            return Err(tampered(&path, "it names another device"));
        }
        let mut events = Vec::with_capacity(raw.events.len());
        let mut hashes = Vec::with_capacity(raw.events.len());
        for event in &raw.events {
            let parsed: Event = serde_json::from_str(event.get())
                .map_err(|e| malformed(&path, &format!("an event does not read: {e}")))?;
            // Written by `encode`, an event's bytes are its hashed form. (A segment someone
            // reformatted fails the chain check with these; the check then hashes the long
            // way before it refuses anything.)
            hashes.push(Hash::of_event_text(event.get()));
            events.push(parsed);
        }
        let ordered = events
            .windows(2)
            .all(|pair| (pair[0].seq, &pair[0].id) < (pair[1].seq, &pair[1].id));
        if !ordered {
            return Err(tampered(&path, "its events are out of order"));
        }
        let segment = Segment {
            format: raw.format,
            version: raw.version,
            device: raw.device,
            heads: raw.heads,
            events,
        };
        Ok((segment, hashes))
    }
}

/// A segment with its events left as written, so each can be hashed as written.
#[derive(Deserialize)]
struct RawSegment<'a> {
    format: String,
    version: u32,
    device: String,
    heads: Vec<Hash>,
    #[serde(borrow)]
    events: Vec<&'a serde_json::value::RawValue>,
}

/// What every file starts with.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// What every file carries first: its kind and format version.
trait Tagged {
    fn tag(&self) -> (&str, u32);
}

impl Tagged for Manifest {
    fn tag(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Tagged for DeviceIndex {
    fn tag(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Tagged for RawSegment<'_> {
    fn tag(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

/// Read a file of kind `format` in one pass (a segment is megabytes), then check its tag
/// and version. When it does not read as this version's `format`, its header alone says
/// why: another kind of file, a newer app's, or damaged.
fn read<'a, T: Deserialize<'a> + Tagged>(
    path: &str,
    body: &'a str,
    format: &str,
) -> Result<T, SyncError> {
    let parsed = serde_json::from_str::<T>(body);
    if let Ok(value) = &parsed {
        if value.tag() == (format, VERSION) {
            return parsed.map_err(|e| malformed(path, &e.to_string()));
        }
    }
    let header: Header =
        serde_json::from_str(body).map_err(|e| malformed(path, &format!("not JSON: {e}")))?;
    if header.format.as_deref() != Some(format) {
        return Err(malformed(path, &format!("it is not a {format} file")));
    }
    match header.version {
        Some(newer) if newer > VERSION => Err(SyncError::TooNew {
            path: path.to_owned(),
            version: newer,
        }),
        Some(VERSION) => match parsed {
            Err(error) => Err(malformed(path, &error.to_string())),
            Ok(_) => Err(malformed(path, "it does not read")),
        },
        _ => Err(malformed(path, "it has no known format version")),
    }
}

fn malformed(path: &str, detail: &str) -> SyncError {
    SyncError::Malformed {
        path: path.to_owned(),
        detail: detail.to_owned(),
    }
}

fn tampered(path: &str, detail: &str) -> SyncError {
    SyncError::Tampered {
        path: path.to_owned(),
        detail: detail.to_owned(),
    }
}
