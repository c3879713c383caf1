//! Sync against the in-memory host: given devices and a host, when they pull, push or sync,
//! then what each device holds and what the host holds.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use release_desk::demo::{self, Script, RELEASE_MANAGER};
use release_desk::domain::{Change, Engine, Person, Role};
use release_desk::sync::exchange::WEAK_ETAGS;
use release_desk::sync::layout::{
    index_path, segment_path, Segment, MANIFEST, MAX_DEVICES, MAX_MANIFEST_BYTES, MAX_SEGMENTS,
};
use release_desk::sync::memory::MemoryRemote;
use release_desk::sync::{pull, push, sync, Got, Remote, SyncError, SyncReport, SyncState};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Run a future whose every wait ends by itself (the in-memory host is always ready).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single().unwrap()
}

/// One laptop: its book (through a script with its own event-id prefix) and sync state.
struct Device {
    name: &'static str,
    script: Script,
    state: SyncState,
}

impl Device {
    fn empty(name: &'static str) -> Self {
        Device {
            name,
            script: Script::new(&format!("{name}-"), start()),
            state: SyncState::new("Retail IT release book"),
        }
    }

    fn with_catalogue(name: &'static str) -> Self {
        let mut device = Device::empty(name);
        for (actor, change) in demo::catalogue(2026) {
            device.script.ok(actor, change).unwrap();
        }
        device
    }

    fn add_person(&mut self, id: &str) {
        let change = Change::Person(Person {
            email: String::new(),
            id: id.into(),
            name: id.to_uppercase(),
            roles: vec![Role::Tester],
        });
        self.script.ok(RELEASE_MANAGER, change).unwrap();
    }

    fn sync(&mut self, remote: &MemoryRemote) -> Result<SyncReport, SyncError> {
        block_on(sync(
            &mut self.script.engine,
            self.name,
            &mut self.state,
            remote,
        ))
    }

    fn engine(&self) -> &Engine {
        &self.script.engine
    }
}

#[test]
fn a_first_sync_to_an_empty_host_publishes_the_book() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    let events = a.engine().log().len();

    let report = a.sync(&remote).unwrap();

    assert_eq!(report.pushed, events);
    assert_eq!(report.pulled, 0);
    assert!(report.manifest_written);
    assert_eq!(a.state.pending(a.engine().log()), 0);
    let manifest = remote.file(MANIFEST).unwrap();
    assert!(manifest.contains("\"devices\":[\"a\"]"), "{manifest}");
    assert!(manifest.contains("Retail IT release book"));
    assert!(remote.file(&index_path("a")).is_some());
    assert_eq!(remote.paths().len(), 3, "{:?}", remote.paths());
}

#[test]
fn a_second_device_pulls_everything_and_both_end_identical() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");

    let report = b.sync(&remote).unwrap();

    assert_eq!(report.pulled, a.engine().log().len());
    assert_eq!(report.pushed, 0, "what came down is already on the host");
    assert_eq!(b.engine().log(), a.engine().log());
    assert!(remote.file(MANIFEST).unwrap().contains("[\"a\",\"b\"]"));
    assert_eq!(b.state.book_name, "Retail IT release book");
}

#[test]
fn offline_edits_on_two_devices_meet_through_the_host() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();

    a.add_person("ann");
    b.add_person("bob");
    b.add_person("bea");
    a.sync(&remote).unwrap();
    let report = b.sync(&remote).unwrap();
    assert_eq!((report.pulled, report.pushed), (1, 2));
    let report = a.sync(&remote).unwrap();
    assert_eq!((report.pulled, report.pushed), (2, 0));

    assert_eq!(a.engine().log(), b.engine().log());
    a.engine().log().verify().unwrap();
    assert!(a.engine().book().people.contains_key(&"bea".into()));
}

#[test]
fn an_unchanged_book_costs_one_small_round_trip_per_file_listed() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let before = remote.requests();

    let report = a.sync(&remote).unwrap();

    assert_eq!(report, SyncReport::default());
    // Manifest and own index on pull, both 304; nothing to push.
    assert_eq!(remote.requests() - before, 2);
}

#[test]
fn a_push_of_one_change_to_a_shared_book_is_two_requests() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    b.sync(&remote).unwrap();
    b.add_person("bert");
    let pulled = block_on(pull(b.engine(), "b", &b.state, &remote)).unwrap();
    assert!(pulled.incoming.is_none());
    let before = remote.requests();

    let pushed = block_on(push(b.engine(), "b", &pulled.state, &remote)).unwrap();

    assert_eq!(pushed.events, 1);
    assert!(!pushed.manifest_written);
    // The segment, then the index: whatever the size of the book.
    assert_eq!(remote.requests() - before, 2);
}

#[test]
fn a_lost_update_of_a_device_index_is_healed_by_that_device_next_sync() {
    let remote = MemoryRemote::ignoring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let old_index = remote.file(&index_path("a")).unwrap();
    a.add_person("ann");
    a.sync(&remote).unwrap();
    // A stale writer on a host that ignores If-Match puts back the index without the new
    // segment: its events are on the host, but nobody is told.
    remote.set_file(&index_path("a"), &old_index);
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    assert!(!b.engine().book().people.contains_key(&"ann".into()));

    let report = a.sync(&remote).unwrap();

    assert_eq!(report.pushed, 0, "nothing is sent twice");
    b.sync(&remote).unwrap();
    assert!(b.engine().book().people.contains_key(&"ann".into()));
    assert_eq!(b.engine().log(), a.engine().log());
}

#[test]
fn a_large_first_push_is_split_into_segments_that_a_pull_reads_whole() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    for n in 0..release_desk::sync::exchange::SEGMENT_EVENTS {
        a.add_person(&format!("p{n}"));
    }

    a.sync(&remote).unwrap();

    let segments = remote
        .paths()
        .iter()
        .filter(|p| p.starts_with("segment.a."))
        .count();
    assert_eq!(segments, 2);
    let mut b = Device::empty("b");
    let report = b.sync(&remote).unwrap();
    assert_eq!(report.segments_read, 2);
    assert_eq!(b.engine().log(), a.engine().log());
}

#[test]
fn push_and_pull_on_their_own() {
    let remote = MemoryRemote::honouring();
    let a = Device::with_catalogue("a");
    let pushed = block_on(push(a.engine(), "a", &a.state, &remote)).unwrap();
    assert_eq!(pushed.events, a.engine().log().len());

    let b = Device::empty("b");
    let pulled = block_on(pull(b.engine(), "b", &b.state, &remote)).unwrap();
    let incoming = pulled.incoming.unwrap();
    assert_eq!(incoming.new_events.len(), a.engine().log().len());
    assert_eq!(incoming.engine.log(), a.engine().log());
    assert_eq!(pulled.segments, 1);
    assert!(
        b.engine().log().is_empty(),
        "nothing changes until the caller takes it"
    );
}

#[test]
fn a_push_says_who_published_and_when_and_an_older_index_still_reads() {
    use release_desk::sync::layout::DeviceIndex;
    use release_desk::sync::{push_as, Publication};
    let remote = MemoryRemote::honouring();
    let a = Device::with_catalogue("a");
    let rita = Publication {
        by: "Rita Ramos".into(),
        at: start(),
    };
    block_on(push_as(
        a.engine(),
        "a",
        &a.state,
        &remote,
        Some(rita.clone()),
    ))
    .unwrap();
    let b = Device::empty("b");
    let pulled = block_on(pull(b.engine(), "b", &b.state, &remote)).unwrap();
    assert_eq!(pulled.published, Some(rita));

    // An index written before publications were recorded reads, undated.
    let old = r#"{"format":"release-desk/index","version":1,"device":"a","segments":[]}"#;
    let index = DeviceIndex::decode("a", old).unwrap();
    assert_eq!(index.published, None);
}

#[test]
fn a_device_dropped_from_the_manifest_is_put_back_by_the_next_sync() {
    let remote = MemoryRemote::ignoring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    b.add_person("bob");
    b.sync(&remote).unwrap();
    a.sync(&remote).unwrap();
    // A racing writer on a host that ignores If-Match wrote a manifest without b.
    remote.set_file(
        MANIFEST,
        r#"{"format":"release-desk/manifest","version":1,"name":"x","devices":["a"]}"#,
    );

    // Every device that knows b puts it back: a ...
    let report = a.sync(&remote).unwrap();
    assert!(report.manifest_written, "a repairs it");
    assert!(remote.file(MANIFEST).unwrap().contains("[\"a\",\"b\"]"));
    remote.set_file(
        MANIFEST,
        r#"{"format":"release-desk/manifest","version":1,"name":"x","devices":["a"]}"#,
    );
    let report = b.sync(&remote).unwrap();
    assert!(report.manifest_written, "... and b itself");
    assert!(remote.file(MANIFEST).unwrap().contains("[\"a\",\"b\"]"));

    let mut c = Device::empty("c");
    c.sync(&remote).unwrap();
    assert_eq!(c.engine().log(), a.engine().log());
    assert!(c.engine().book().people.contains_key(&"bob".into()));
}

#[test]
fn a_device_missing_from_the_manifest_is_still_found_through_another_index() {
    let remote = MemoryRemote::ignoring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    b.add_person("bob");
    b.sync(&remote).unwrap();
    a.sync(&remote).unwrap();
    a.add_person("ann");
    a.sync(&remote).unwrap(); // a's index now says it has seen b.
    remote.set_file(
        MANIFEST,
        r#"{"format":"release-desk/manifest","version":1,"name":"x","devices":["a"]}"#,
    );

    let mut c = Device::empty("c");
    c.sync(&remote).unwrap();

    assert_eq!(c.engine().log(), a.engine().log());
    assert!(remote
        .file(MANIFEST)
        .unwrap()
        .contains("[\"a\",\"b\",\"c\"]"));
}

/// A book on the host that a second device has pulled and edited, and a newer segment
/// from the first device that the second has not read yet.
fn given_a_shared_book() -> (MemoryRemote, Device, Device, String) {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    b.add_person("bob");
    let before = remote.paths();
    a.add_person("ann");
    a.sync(&remote).unwrap();
    let segment = remote
        .paths()
        .into_iter()
        .find(|p| p.starts_with("segment.a.") && !before.contains(p))
        .unwrap();
    (remote, a, b, segment)
}

fn then_nothing_changed(b: &Device, log_before: &release_desk::domain::Log, state: &SyncState) {
    assert_eq!(b.engine().log(), log_before);
    assert_eq!(&b.state, state);
}

/// b's sync set a's bad segment aside, named a, and still pushed b's own change, which a
/// then takes in; the host's copy is left as it was, and the next sync says so again.
fn then_a_is_set_aside_and_the_rest_syncs(
    report: SyncReport,
    remote: &MemoryRemote,
    a: &mut Device,
    b: &mut Device,
    bad: (&str, &str),
) {
    let named = |report: &SyncReport| {
        report.notes.iter().any(|n| {
            n.starts_with("Device a's changes on the host do not fit this book (")
                && n.ends_with("); they were set aside. Everyone else's changes synced.")
        })
    };
    assert!(named(&report), "{:?}", report.notes);
    assert_eq!(report.pushed, 1, "b's own change went up");
    assert!(!b.engine().book().people.contains_key(&"ann".into()));
    assert!(b.engine().book().people.contains_key(&"bob".into()));
    b.engine().log().verify().unwrap();
    a.sync(remote).unwrap();
    assert!(a.engine().book().people.contains_key(&"bob".into()));
    assert_eq!(remote.file(bad.0).as_deref(), Some(bad.1), "left as it was");
    let again = b.sync(remote).unwrap();
    assert!(named(&again), "still named: {:?}", again.notes);
}

#[test]
fn a_truncated_segment_is_set_aside_and_everyone_else_syncs() {
    let (remote, mut a, mut b, segment) = given_a_shared_book();
    let body = remote.file(&segment).unwrap();
    let cut = &body[..body.len() / 2];
    remote.set_file(&segment, cut);

    let report = b.sync(&remote).unwrap();

    assert!(report.notes[0].contains("it was cut short or changed"));
    then_a_is_set_aside_and_the_rest_syncs(report, &remote, &mut a, &mut b, (&segment, cut));
}

#[test]
fn an_edited_segment_is_set_aside_and_everyone_else_syncs() {
    let (remote, mut a, mut b, segment) = given_a_shared_book();
    let body = remote.file(&segment).unwrap();
    let edited = body.replace("\"ANN\"", "\"ANX\"");
    remote.set_file(&segment, &edited);

    let report = b.sync(&remote).unwrap();

    then_a_is_set_aside_and_the_rest_syncs(report, &remote, &mut a, &mut b, (&segment, &edited));
}

#[test]
fn a_rewritten_segment_under_a_fresh_name_is_set_aside_by_the_chain() {
    let (remote, mut a, mut b, segment) = given_a_shared_book();
    // Someone edits an event, stores the segment under its new hash and lists that in
    // a's index: the name matches, but the event no longer fits the chain.
    let body = remote.file(&segment).unwrap();
    let forged = body.replace("\"ANN\"", "\"ANX\"");
    let hash = release_desk::domain::Hash::of_bytes(forged.as_bytes());
    remote.set_file(&format!("segment.a.{hash}.json"), &forged);
    let old = segment
        .trim_start_matches("segment.a.")
        .trim_end_matches(".json");
    let index = remote.file(&index_path("a")).unwrap();
    let listed = index.replace(old, &hash.to_string());
    remote.set_file(&index_path("a"), &listed);

    let report = b.sync(&remote).unwrap();

    let bad = (index_path("a"), listed);
    // a's next sync finds its own index changed behind its back and lists its segments
    // again: the forged listing stays, beside the true one.
    let named = report.notes.clone();
    assert!(named[0].contains("the shared segments"), "{named:?}");
    assert!(!b.engine().book().people.contains_key(&"ann".into()));
    assert_eq!(report.pushed, 1);
    a.sync(&remote).unwrap();
    assert!(a.engine().book().people.contains_key(&"bob".into()));
    assert_eq!(a.engine().book().people.len(), 8);
    assert_ne!(
        remote.file(&bad.0).unwrap(),
        bad.1,
        "a listed its true segment again"
    );
}

/// A third device, c, writes one segment with `body`, lists it in its index and joins the
/// manifest.
fn given_device_c_lists(remote: &MemoryRemote, body: &str) {
    let hash = release_desk::domain::Hash::of_bytes(body.as_bytes());
    remote.set_file(&segment_path("c", &hash), body);
    remote.set_file(
        &index_path("c"),
        &format!("{{\"format\":\"release-desk/index\",\"version\":1,\"device\":\"c\",\"segments\":[\"{hash}\"]}}"),
    );
    let manifest = remote.file(MANIFEST).unwrap();
    remote.set_file(MANIFEST, &manifest.replace("\"b\"]", "\"b\",\"c\"]"));
}

#[test]
fn an_id_reused_with_other_contents_sets_that_device_aside_only() {
    let (remote, mut a, mut b, segment) = given_a_shared_book();
    // c writes a segment holding an event under an id a already used, with other
    // contents, and lists it in its own index: a clash, c's alone.
    let body = remote.file(&segment).unwrap();
    let clash = body
        .replace("\"ANN\"", "\"ANX\"")
        .replace("\"device\":\"a\"", "\"device\":\"c\"");
    given_device_c_lists(&remote, &clash);

    let report = b.sync(&remote).unwrap();

    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("Device c's changes")),
        "{:?}",
        report.notes
    );
    assert!(
        b.engine().book().people.contains_key(&"ann".into()),
        "a's changes came"
    );
    assert_eq!(report.pushed, 1);
    a.sync(&remote).unwrap();
    assert!(a.engine().book().people.contains_key(&"bob".into()));
}

#[test]
fn an_event_beyond_the_last_place_sets_its_device_aside_and_this_device_keeps_changing() {
    let (remote, mut a, mut b, segment) = given_a_shared_book();
    // c lists a well-formed segment whose one event claims place 2^53 in the log: taken in,
    // nothing could be placed after it, and b's own next change would be refused.
    let mut forged = Segment::decode_hashed(
        "a",
        &release_desk::domain::Hash::of_bytes(remote.file(&segment).unwrap().as_bytes()),
        &remote.file(&segment).unwrap(),
    )
    .unwrap()
    .0;
    forged.device = "c".into();
    let mut event = forged.events.pop().unwrap();
    event.id = release_desk::domain::EventId("c-far".into());
    event.seq = release_desk::domain::limits::MAX_SEQ + 1;
    forged.heads = vec![release_desk::domain::Hash::of(&event)];
    forged.events = vec![event];
    given_device_c_lists(&remote, &forged.encode().0);

    let report = b.sync(&remote).unwrap();

    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("Device c's changes")
                && n.contains("beyond the last a book can hold")),
        "{:?}",
        report.notes
    );
    assert!(
        b.engine().book().people.contains_key(&"ann".into()),
        "a's changes came"
    );
    assert!(b
        .engine()
        .log()
        .events()
        .iter()
        .all(|e| e.seq <= release_desk::domain::limits::MAX_SEQ));
    b.add_person("carl");
    let again = b.sync(&remote).unwrap();
    assert_eq!(again.pushed, 1, "b's next change went up");
    a.sync(&remote).unwrap();
    assert!(a.engine().book().people.contains_key(&"carl".into()));
}

#[test]
fn a_segment_only_reformatted_by_a_tool_is_still_taken_in() {
    let (remote, a, mut b, segment) = given_a_shared_book();
    // A tool pretty-printed the segment and stored it under its new name: the same events,
    // other bytes. Its chain still holds, checked the long way.
    let body = remote.file(&segment).unwrap();
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let hash = release_desk::domain::Hash::of_bytes(pretty.as_bytes());
    remote.set_file(&format!("segment.a.{hash}.json"), &pretty);
    let old = segment
        .trim_start_matches("segment.a.")
        .trim_end_matches(".json");
    let index = remote.file(&index_path("a")).unwrap();
    remote.set_file(&index_path("a"), &index.replace(old, &hash.to_string()));

    b.sync(&remote).unwrap();

    assert!(b.engine().book().people.contains_key(&"ann".into()));
    assert_eq!(
        b.engine().book(),
        {
            let mut both = a.engine().clone();
            both.receive(b.engine().log().events().to_vec()).unwrap();
            both
        }
        .book()
    );
}

#[test]
fn two_books_started_apart_are_not_merged() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::with_catalogue("b");
    let (log, state) = (b.engine().log().clone(), b.state.clone());

    let error = b.sync(&remote).unwrap_err();

    assert_eq!(error, SyncError::DifferentBook);
    then_nothing_changed(&b, &log, &state);
}

#[test]
fn a_damaged_manifest_is_refused_with_the_file_named() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    remote.set_file(MANIFEST, "{\"format\":\"release-desk/manif");
    let (log, state) = (b.engine().log().clone(), b.state.clone());

    let error = b.sync(&remote).unwrap_err();

    assert!(
        matches!(&error, SyncError::Malformed { path, .. } if path == MANIFEST),
        "{error}"
    );
    then_nothing_changed(&b, &log, &state);
}

#[test]
fn a_manifest_from_a_newer_app_is_refused() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    remote.set_file(
        MANIFEST,
        r#"{"format":"release-desk/manifest","version":2,"devices":[]}"#,
    );
    let error = b.sync(&remote).unwrap_err();
    assert_eq!(
        error,
        SyncError::TooNew {
            path: MANIFEST.into(),
            version: 2
        }
    );
}

#[test]
fn a_failed_request_changes_nothing_and_the_next_sync_completes() {
    let (remote, a, mut b, _) = given_a_shared_book();
    let (log, state) = (b.engine().log().clone(), b.state.clone());
    for error in [
        SyncError::Unreachable("connection refused".into()),
        SyncError::Server(503),
        SyncError::Timeout,
        SyncError::Credentials(401),
    ] {
        remote.fail_next(error.clone());
        assert_eq!(b.sync(&remote).unwrap_err(), error);
        then_nothing_changed(&b, &log, &state);
    }

    let report = b.sync(&remote).unwrap();
    assert_eq!((report.pulled, report.pushed), (1, 1));
    assert_eq!(b.engine().log().len(), a.engine().log().len() + 1);
}

#[test]
fn a_crash_between_segment_and_index_is_healed_by_the_next_push() {
    let remote = MemoryRemote::honouring();
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    a.add_person("ann");
    // Pull reads the manifest and a's index; push writes the segment; then the connection
    // drops before the index is written.
    remote.fail_after(3, SyncError::Unreachable("lost".into()));
    let error = a.sync(&remote).unwrap_err();
    assert_eq!(error, SyncError::Unreachable("lost".into()));
    assert_eq!(a.state.pending(a.engine().log()), 1);
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    assert_eq!(
        b.engine().log().len(),
        a.engine().log().len() - 1,
        "not listed yet"
    );

    // The same events make the same segment: its 412 is no failure, and it gets listed.
    let report = a.sync(&remote).unwrap();

    assert_eq!(report.pushed, 1);
    let segments = remote
        .paths()
        .iter()
        .filter(|p| p.starts_with("segment.a."))
        .count();
    assert_eq!(segments, 2);
    b.sync(&remote).unwrap();
    assert_eq!(b.engine().log(), a.engine().log());
}

#[test]
fn errors_say_what_to_do_next() {
    let cases = [
        (SyncError::Credentials(403), "credentials"),
        (SyncError::NotFound("manifest.json".into()), "publish"),
        (
            SyncError::Conflict {
                path: "manifest.json".into(),
                attempts: 5,
            },
            "sync again",
        ),
        (SyncError::Server(500), "sync again later"),
        (SyncError::Timeout, "sync again"),
        (SyncError::Unreachable("x".into()), "CORS"),
        (SyncError::BadDevice("a.b".into()), "letters"),
    ];
    for (error, words) in cases {
        assert!(error.to_string().contains(words), "{error}");
    }
}

// Hosts as they are: weak ETags, a cache in front, and files past the limits.

#[test]
fn on_a_host_with_weak_etags_three_devices_keep_syncing_and_all_join_the_manifest() {
    let remote = MemoryRemote::weak();
    let mut a = Device::with_catalogue("a");
    let (mut b, mut c) = (Device::empty("b"), Device::empty("c"));
    a.sync(&remote).unwrap();
    b.sync(&remote).unwrap();
    c.sync(&remote).unwrap();

    for round in 0..3 {
        a.add_person(&format!("ann{round}"));
        b.add_person(&format!("bob{round}"));
        c.add_person(&format!("cid{round}"));
        for device in [&mut a, &mut b, &mut c] {
            let report = device.sync(&remote).unwrap();
            assert!(
                report.notes.iter().any(|n| n == WEAK_ETAGS),
                "{:?}",
                report.notes
            );
        }
    }
    a.sync(&remote).unwrap();
    b.sync(&remote).unwrap();

    let manifest = remote.file(MANIFEST).unwrap();
    assert!(
        manifest.contains("\"devices\":[\"a\",\"b\",\"c\"]"),
        "{manifest}"
    );
    assert_eq!(a.engine().log(), b.engine().log());
    assert_eq!(a.engine().log(), c.engine().log());
    assert_eq!(a.engine().book().people.len(), 6 + 9);
}

#[test]
fn behind_a_cache_a_joining_device_is_told_to_sync_again_in_a_minute() {
    let remote = MemoryRemote::honouring().cached(1_000);
    // Someone looked before the book was there: the cache keeps that 404.
    assert_eq!(block_on(remote.get(MANIFEST, None)), Ok(Got::NotFound));
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    let mut b = Device::empty("b");

    let error = b.sync(&remote).unwrap_err();

    assert_eq!(
        error.to_string(),
        "The host or a cache in front of it served an older copy of manifest.json. Nothing was lost; sync again in a minute."
    );
    assert_eq!(b.engine().log().len(), 0);
    remote.expire_cache();
    b.sync(&remote).unwrap();
    assert_eq!(b.engine().log(), a.engine().log());
}

#[test]
fn behind_a_cache_an_older_copy_of_its_own_files_never_blocks_a_device() {
    let remote = MemoryRemote::honouring().cached(1_000);
    let mut a = Device::with_catalogue("a");
    a.sync(&remote).unwrap();
    for round in 0..4 {
        // The cache keeps the first copy of a's index it served, however often a writes.
        a.add_person(&format!("ann{round}"));
        let report = a.sync(&remote).unwrap();
        assert_eq!(report.pushed, 1);
    }
    remote.expire_cache();
    let mut b = Device::empty("b");
    b.sync(&remote).unwrap();
    assert_eq!(b.engine().log(), a.engine().log());
}

#[test]
fn a_manifest_listing_too_many_devices_is_refused_and_nothing_changes() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    let devices: Vec<String> = (0..=MAX_DEVICES).map(|i| format!("\"d{i}\"")).collect();
    let flood = format!(
        "{{\"format\":\"release-desk/manifest\",\"version\":1,\"devices\":[{}]}}",
        devices.join(",")
    );
    remote.set_file(MANIFEST, &flood);
    let (log, state) = (b.engine().log().clone(), b.state.clone());

    let error = b.sync(&remote).unwrap_err();

    assert_eq!(
        error.to_string(),
        "The shared file manifest.json lists more than 1000 devices, the most this app takes. It was refused and nothing changed here; the host's copy needs checking."
    );
    then_nothing_changed(&b, &log, &state);
    assert_eq!(remote.file(MANIFEST).unwrap(), flood, "left as it was");
}

#[test]
fn an_oversized_manifest_is_refused_unread() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    let name = "x".repeat(MAX_MANIFEST_BYTES as usize);
    remote.set_file(
        MANIFEST,
        &format!("{{\"format\":\"release-desk/manifest\",\"version\":1,\"name\":\"{name}\",\"devices\":[\"a\"]}}"),
    );
    let (log, state) = (b.engine().log().clone(), b.state.clone());

    let error = b.sync(&remote).unwrap_err();

    assert!(
        matches!(&error, SyncError::TooLarge { path, cap } if path == MANIFEST && *cap == 1 << 20),
        "{error}"
    );
    assert!(error.to_string().contains("larger than 1 MB"));
    then_nothing_changed(&b, &log, &state);
}

#[test]
fn an_index_listing_too_many_segments_sets_that_device_aside() {
    let (remote, _a, mut b, _) = given_a_shared_book();
    let hash = release_desk::domain::Hash::of_bytes(b"x").to_string();
    let many = vec![format!("\"{hash}\""); MAX_SEGMENTS + 1].join(",");
    remote.set_file(
        &index_path("a"),
        &format!("{{\"format\":\"release-desk/index\",\"version\":1,\"device\":\"a\",\"segments\":[{many}]}}"),
    );

    let report = b.sync(&remote).unwrap();

    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("Device a's changes")
                && n.contains("lists more than 100000 segments")),
        "{:?}",
        report.notes
    );
    assert_eq!(report.pushed, 1, "b's own change still went up");
}

#[test]
fn a_whole_book_pull_still_refuses_a_bad_segment_outright() {
    // What a published view reads: all of the book, or nothing.
    let (remote, _a, b, segment) = given_a_shared_book();
    let body = remote.file(&segment).unwrap();
    remote.set_file(&segment, &body[..body.len() / 2]);

    let error = block_on(pull(b.engine(), b.name, &b.state, &remote)).unwrap_err();

    assert!(
        matches!(&error, SyncError::Tampered { path, .. } if *path == segment),
        "{error}"
    );
    assert!(error.to_string().contains("nothing changed here"));
}
