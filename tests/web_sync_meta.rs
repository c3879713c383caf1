//! In-browser tests of what a device keeps about syncing, in real IndexedDB (headless
//! Chromium): its device id is made once and stays the same when the book is opened again,
//! and the sync state, last sync and last error read back as they were saved.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use release_desk::demo::{self, Script};
use release_desk::domain::Engine;
use release_desk::storage::Store;
use release_desk::sync::layout::check_device;
use release_desk::sync::memory::MemoryRemote;
use release_desk::sync::meta::{self, SyncMeta};
use release_desk::sync::{self, SyncState};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name(what: &str) -> String {
    format!("test-sync-{what}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn the_device_id_is_made_once_and_kept_across_reopening() {
    let name = fresh_name("device");
    let store = Store::open(&name).await.expect("opens");
    let first = meta::device_id(store.database()).await.expect("made");
    assert!(
        check_device(&first).is_ok(),
        "{first} can name remote files"
    );
    let again = meta::device_id(store.database()).await.expect("read");
    assert_eq!(again, first);
    store.close();

    let reopened = Store::open(&name).await.expect("reopens");
    let after = meta::device_id(reopened.database())
        .await
        .expect("read after reopening");
    assert_eq!(
        after, first,
        "the same device after the book is opened again"
    );
    reopened.close();

    let other = Store::open(&fresh_name("device-other"))
        .await
        .expect("opens");
    let elsewhere = meta::device_id(other.database()).await.expect("made");
    assert_ne!(elsewhere, first, "another browser's book is another device");
    other.close();
}

#[wasm_bindgen_test]
async fn nothing_kept_reads_as_never_synced() {
    let store = Store::open(&fresh_name("empty")).await.expect("opens");
    let record = meta::load(store.database()).await.expect("reads");
    assert_eq!(record, SyncMeta::default());
    assert_eq!(record.last_synced, None);
    store.close();
}

/// A state the exchange really made: the demo catalogue published to an in-memory host.
async fn state_after_a_push() -> (SyncState, Engine) {
    let start = Utc
        .with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
        .single()
        .expect("date");
    let mut script = Script::new("laptop-1-", start);
    for (actor, change) in demo::catalogue(2026) {
        script.ok(actor, change).expect("catalogue");
    }
    let mut engine = script.engine;
    let remote = MemoryRemote::honouring();
    let mut state = SyncState::new("Test book");
    let report = sync::sync(&mut engine, "laptop-1", &mut state, &remote)
        .await
        .expect("syncs");
    assert_eq!(report.pushed, engine.log().len());
    (state, engine)
}

#[wasm_bindgen_test]
async fn the_sync_state_reads_back_as_saved_after_reopening() {
    let name = fresh_name("state");
    let (state, engine) = state_after_a_push().await;
    assert_eq!(state.pending(engine.log()), 0);
    let record = SyncMeta {
        address: "https://files.example.org/books/payments/".into(),
        state: state.clone(),
        last_synced: Some("2026-11-27T08:30:00+00:00".into()),
        last_outcome: Some("Synced: 0 changes down, 1 up; 0 new conflicts.".into()),
        last_error: None,
    };
    let store = Store::open(&name).await.expect("opens");
    meta::save(store.database(), &record).await.expect("saves");
    store.close();

    let reopened = Store::open(&name).await.expect("reopens");
    let read = meta::load(reopened.database()).await.expect("reads");
    assert_eq!(read, record);
    assert_eq!(
        read.state.pending(engine.log()),
        0,
        "nothing waits to go up"
    );
    assert_eq!(
        read.state_for("https://files.example.org/books/payments/", "Test book"),
        state
    );
    assert_eq!(
        read.state_for("https://elsewhere.example.org/book/", "Test book"),
        SyncState::new("Test book"),
        "another address starts afresh"
    );

    // A failure is kept beside what completed.
    let failed = SyncMeta {
        last_error: Some("The sync host did not answer in time.".into()),
        ..read.clone()
    };
    meta::save(reopened.database(), &failed)
        .await
        .expect("saves");
    let read = meta::load(reopened.database()).await.expect("reads");
    assert_eq!(
        read.last_error.as_deref(),
        Some("The sync host did not answer in time.")
    );
    assert_eq!(read.state, state);
    // The device id lives beside it, untouched.
    let device = meta::device_id(reopened.database()).await.expect("made");
    assert!(check_device(&device).is_ok());
    assert_eq!(meta::load(reopened.database()).await.expect("reads"), read);
    reopened.close();
}
