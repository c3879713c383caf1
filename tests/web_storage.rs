//! In-browser tests of the event store in real IndexedDB (headless Chromium): round trip,
//! one transaction per batch, snapshots that are used or rebuilt, the migration from the
//! first schema, a newer schema left alone, and two tabs exchanging what they wrote.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use release_desk::demo::{self, Script};
use release_desk::domain::{Engine, Event};
use release_desk::storage::idb::{completion, request, transaction};
use release_desk::storage::schema::{self, SNAPSHOT};
use release_desk::storage::tabs::{Tabs, Written};
use release_desk::storage::{StorageError, Store};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::IdbTransactionMode;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name(what: &str) -> String {
    format!("test-{what}-{}", js_sys::Math::random())
}

/// A small book: the demo organisation and one release in planning.
fn sample() -> Engine {
    let start = Utc
        .with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
        .single()
        .expect("date");
    let mut s = Script::new("w", start);
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change).expect("catalogue");
    }
    let id = demo::new_release(
        &mut s,
        "payments",
        release_desk::domain::Category::Minor,
        release_desk::domain::Version::new(3, 3, 0),
        "Payments 3.3",
        &["payments-api"],
    )
    .expect("release");
    demo::pass_gate(&mut s, &id, release_desk::domain::Gate::Planning).expect("planning");
    s.engine
}

async fn stored(engine: &Engine, name: &str) -> Store {
    let store = Store::open(name).await.expect("opens");
    store.append(engine.log().events()).await.expect("appends");
    store
}

#[wasm_bindgen_test]
async fn what_is_committed_is_read_back() {
    let engine = sample();
    let name = fresh_name("roundtrip");
    let store = stored(&engine, &name).await;
    store.close();
    let loaded = Store::open(&name)
        .await
        .expect("reopens")
        .load()
        .await
        .expect("loads");
    assert_eq!(loaded.engine.log(), engine.log());
    assert_eq!(loaded.engine.book(), engine.book());
    assert!(!loaded.from_snapshot);
}

#[wasm_bindgen_test]
async fn a_failed_batch_leaves_nothing_behind() {
    let engine = sample();
    let events = engine.log().events();
    let (first, rest) = events.split_at(events.len() - 5);
    let store = Store::open(&fresh_name("atomic")).await.expect("opens");
    store.append(first).await.expect("first part");
    let error = store
        .append_then_fail(rest)
        .await
        .expect_err("the write fails");
    assert!(matches!(error, StorageError::Failed { .. }), "{error:?}");
    assert!(error.to_string().contains("Nothing was changed"), "{error}");
    assert_eq!(store.count().await.expect("count"), first.len() as u32);
    let loaded = store.load().await.expect("loads");
    assert_eq!(loaded.engine.log().events(), first);
    assert_eq!(
        loaded.engine.log().heads(),
        Engine::from_log(release_desk::domain::Log::from_events(first.to_vec()))
            .log()
            .heads()
    );
    // The same batch written properly afterwards lands whole.
    store.append(rest).await.expect("retry");
    assert_eq!(
        store.load().await.expect("loads").engine.book(),
        engine.book()
    );
}

#[wasm_bindgen_test]
async fn a_full_disk_is_explained() {
    let error = StorageError::from_name(
        "save the change",
        "QuotaExceededError".into(),
        "quota".into(),
    );
    assert_eq!(error, StorageError::QuotaExceeded);
    let text = error.to_string();
    assert!(
        text.contains("full") && text.contains("not saved") && text.contains("Export"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn start_up_uses_a_matching_snapshot_and_rebuilds_a_broken_one() {
    let engine = sample();
    let name = fresh_name("snapshot");
    let store = stored(&engine, &name).await;
    store.save_snapshot(&engine).await.expect("snapshot");
    let loaded = store.load().await.expect("loads");
    assert!(loaded.from_snapshot);
    assert_eq!(loaded.engine.book(), engine.book());

    // Corrupt the stored book: its checksum no longer matches.
    let tx = transaction(
        store.database(),
        &[SNAPSHOT],
        IdbTransactionMode::Readwrite,
        "test",
    )
    .expect("tx");
    let done = completion("test", &tx);
    let snapshots = tx.object_store(SNAPSHOT).expect("store");
    let book = request(
        "test",
        &snapshots.get(&JsValue::from_str("book")).expect("get"),
    )
    .await
    .expect("book");
    let tampered = book
        .as_string()
        .expect("text")
        .replacen("Payments 3.3", "Payments 9.9", 1);
    snapshots
        .put_with_key(&JsValue::from_str(&tampered), &JsValue::from_str("book"))
        .expect("put");
    done.await.expect("written");

    let loaded = store.load().await.expect("loads");
    assert!(!loaded.from_snapshot && loaded.snapshot_rebuilt);
    assert_eq!(
        loaded.engine.book(),
        engine.book(),
        "the book comes from the log"
    );
    let again = store.load().await.expect("loads");
    assert!(again.from_snapshot, "the rebuilt snapshot is stored");
}

#[wasm_bindgen_test]
async fn a_book_stored_by_the_first_schema_is_migrated() {
    let engine = sample();
    let name = fresh_name("migrate");
    // Lay the database out as schema version 1 did: events keyed by id, no heads.
    let old = schema::open_at(&name, 1).await.expect("version 1");
    let tx = transaction(
        &old,
        &[schema::V1_EVENTS],
        IdbTransactionMode::Readwrite,
        "test",
    )
    .expect("tx");
    let done = completion("test", &tx);
    let events = tx.object_store(schema::V1_EVENTS).expect("store");
    for event in engine.log().events().iter().rev() {
        let text = serde_json::to_string(event).expect("json");
        events
            .put_with_key(
                &JsValue::from_str(&text),
                &JsValue::from_str(event.id.as_str()),
            )
            .expect("put");
    }
    done.await.expect("written");
    old.close();

    let store = Store::open(&name).await.expect("migrates");
    assert_eq!(store.database().version() as u32, schema::SCHEMA_VERSION);
    assert!(!store
        .database()
        .object_store_names()
        .contains(schema::V1_EVENTS));
    let loaded = store.load().await.expect("loads");
    assert_eq!(
        loaded.engine.log(),
        engine.log(),
        "same events, same order, same heads"
    );
    assert_eq!(loaded.engine.book(), engine.book());
}

#[wasm_bindgen_test]
async fn a_book_stored_by_the_previous_schema_opens_unchanged() {
    let engine = sample();
    let name = fresh_name("schema2");
    // Lay the database out as schema version 2 did: one record per event, and the heads.
    let old = schema::open_at(&name, 2).await.expect("version 2");
    let tx = transaction(
        &old,
        &[schema::LOG, schema::META],
        IdbTransactionMode::Readwrite,
        "test",
    )
    .expect("tx");
    let done = completion("test", &tx);
    let log = tx.object_store(schema::LOG).expect("store");
    for event in engine.log().events() {
        let text = serde_json::to_string(event).expect("json");
        log.put_with_key(
            &JsValue::from_str(&text),
            &release_desk::storage::idb::event_key(event.seq, event.id.as_str()),
        )
        .expect("put");
    }
    let heads = serde_json::to_string(engine.log().heads()).expect("json");
    tx.object_store(schema::META)
        .expect("meta")
        .put_with_key(
            &JsValue::from_str(&heads),
            &JsValue::from_str(schema::HEADS),
        )
        .expect("put");
    done.await.expect("written");
    old.close();

    let store = Store::open(&name).await.expect("upgrades");
    assert_eq!(store.database().version() as u32, schema::SCHEMA_VERSION);
    let loaded = store.load().await.expect("loads");
    assert_eq!(loaded.engine.log(), engine.log());
    assert_eq!(loaded.engine.book(), engine.book());
}

/// A book of a few thousand events, more than one run of a batch holds.
fn larger() -> Engine {
    let start = Utc
        .with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
        .single()
        .expect("date");
    let events = release_desk::storage::store::RUN * 2 + 500;
    release_desk::demo::synthetic::sized(60, events, start)
        .expect("synthetic")
        .engine
}

#[wasm_bindgen_test]
async fn a_batch_is_stored_as_a_few_runs_and_read_back_in_log_order_everywhere() {
    let engine = larger();
    let events = engine.log().events();
    let (first, rest) = events.split_at(300);
    let name = fresh_name("runs");
    let store = Store::open(&name).await.expect("opens");
    // A few single changes, a snapshot, then an import of everything else.
    store.append(first).await.expect("appends");
    let early = Engine::from_log(release_desk::domain::Log::from_events(first.to_vec()));
    store.save_snapshot(&early).await.expect("snapshot");
    let new_heads: Vec<_> = engine
        .log()
        .heads()
        .iter()
        .filter(|h| !early.log().heads().contains(h))
        .cloned()
        .collect();
    store
        .append_with_heads(rest, &new_heads)
        .await
        .expect("appends the batch");

    let runs = rest.len().div_ceil(release_desk::storage::store::RUN);
    assert_eq!(
        store.records().await.expect("records"),
        (first.len() + runs) as u32,
        "one record per single change, one per run of the batch"
    );
    assert_eq!(store.count().await.expect("count"), events.len() as u32);
    assert_eq!(store.read_log().await.expect("reads"), *engine.log());

    // Start-up: the snapshot and exactly the events after it.
    let mut provisional = store.start().await.expect("reads").expect("a fast start");
    assert_eq!(provisional.log().len(), rest.len());
    assert_eq!(provisional.book(), engine.book());
    provisional
        .attach_log(store.read_log().await.expect("reads"))
        .expect("attaches");
    assert_eq!(provisional.log(), engine.log());

    // Another tab reads the announced records and gets every event of the batch.
    let keys = release_desk::storage::store::record_keys(rest, true);
    assert_eq!(keys.len(), runs);
    let mut other = early.clone();
    let report = other
        .receive(store.read(&keys).await.expect("reads"))
        .expect("merges");
    assert_eq!(report.added, rest.len());
    assert_eq!(other.book(), engine.book());

    // A snapshot taken after the batch ends at the last event of a run: found there.
    store.save_snapshot(&engine).await.expect("snapshot");
    let again = store.start().await.expect("reads").expect("a fast start");
    assert_eq!(again.log().len(), 0);
    assert_eq!(again.book(), engine.book());
}

#[wasm_bindgen_test]
async fn a_book_from_a_newer_version_is_not_touched() {
    let name = fresh_name("newer");
    let newer = schema::open_at(&name, schema::SCHEMA_VERSION + 1)
        .await
        .expect("newer layout");
    newer.close();
    let error = Store::open(&name).await.expect_err("refused");
    assert_eq!(
        error,
        StorageError::NewerVersion {
            found: schema::SCHEMA_VERSION + 1
        }
    );
    assert!(error.to_string().contains("newer Release Desk"), "{error}");
}

#[wasm_bindgen_test]
async fn a_tab_reads_exactly_what_another_tab_announced() {
    let engine = sample();
    let name = fresh_name("tabs");
    let (before, written) = engine.log().events().split_at(engine.log().len() - 2);
    let store = stored(
        &Engine::from_log(release_desk::domain::Log::from_events(before.to_vec())),
        &name,
    )
    .await;
    let mut this_tab = store.load().await.expect("loads").engine;

    let heard: Rc<RefCell<Vec<Written>>> = Rc::default();
    let sink = heard.clone();
    let _listener = Tabs::listen(move |w| sink.borrow_mut().push(w)).expect("channel");
    let other = Tabs::listen(|_| {}).expect("channel");
    store.append(written).await.expect("the other tab writes");
    other.announce(&Written::new("other", written));
    for _ in 0..50 {
        if !heard.borrow().is_empty() {
            break;
        }
        sleep(10).await;
    }
    let announcement = heard.borrow().first().cloned().expect("heard");
    let events: Vec<Event> = store.read(&announcement.keys).await.expect("reads");
    let report = this_tab.receive(events).expect("merges");
    assert_eq!(report.added, 2);
    assert_eq!(this_tab.book(), engine.book());
    assert_eq!(
        store.count().await.expect("count"),
        engine.log().len() as u32,
        "nothing written twice"
    );
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn start_up_reads_the_snapshot_and_only_the_events_after_it() {
    let engine = sample();
    let events = engine.log().events();
    let (before, after) = events.split_at(events.len() - 3);
    let name = fresh_name("start");
    let store = Store::open(&name).await.expect("opens");
    assert!(
        store.start().await.expect("reads").is_none(),
        "no snapshot, no fast start"
    );
    store.append(before).await.expect("appends");
    let early = Engine::from_log(release_desk::domain::Log::from_events(before.to_vec()));
    store.save_snapshot(&early).await.expect("snapshot");
    store.append(after).await.expect("appends the rest");

    let mut provisional = store.start().await.expect("reads").expect("a fast start");
    assert_eq!(
        provisional.book(),
        engine.book(),
        "the first screen shows the whole book"
    );
    assert_eq!(
        provisional.log().len(),
        after.len(),
        "only the events after the snapshot were read"
    );
    let log = store.read_log().await.expect("the whole log");
    provisional.attach_log(log).expect("attaches");
    assert_eq!(provisional.log(), engine.log());
}

#[wasm_bindgen_test]
async fn a_tab_writing_alone_keeps_the_stored_heads_right_without_reading_them() {
    let engine = sample();
    let events = engine.log().events();
    let (first, rest) = events.split_at(events.len() / 2);
    let (middle, last) = rest.split_at(rest.len() / 2);
    let name = fresh_name("alone");
    let store = Store::open(&name).await.expect("opens");
    store.trust_heads(true);
    // Not known yet: read in the transaction, then kept.
    store.append(first).await.expect("appends");
    // Known: written from memory.
    store.append(middle).await.expect("appends more");
    // A failed write forgets them; the next reads them again.
    store
        .append_then_fail(&last[..1])
        .await
        .expect_err("the write fails");
    store.append(last).await.expect("appends the rest");
    store.close();

    let reopened = Store::open(&name).await.expect("reopens");
    let log = reopened.read_log().await.expect("reads");
    assert_eq!(
        log.heads(),
        engine.log().heads(),
        "the heads are the book's"
    );
    assert_eq!(log, *engine.log());
}

#[wasm_bindgen_test]
async fn a_batch_written_with_its_heads_stores_the_same_heads() {
    let engine = sample();
    let events = engine.log().events();
    let (first, rest) = events.split_at(events.len() / 2);
    let before = Engine::from_log(release_desk::domain::Log::from_events(first.to_vec()));
    let name = fresh_name("batch-heads");
    let store = Store::open(&name).await.expect("opens");
    store.append(first).await.expect("appends");
    let new_heads: Vec<_> = engine
        .log()
        .heads()
        .iter()
        .filter(|h| !before.log().heads().contains(h))
        .cloned()
        .collect();
    store
        .append_with_heads(rest, &new_heads)
        .await
        .expect("appends the batch");
    let log = store.read_log().await.expect("reads");
    assert_eq!(log.heads(), engine.log().heads());
}
