//! The JSON format does not move: the demo book, a synthetic book and a merged book with
//! conflicts replay to exactly the bytes they gave before the domain was reorganised.
//!
//! Each golden is the SHA-256 prefix ([`Hash::of_bytes`]) of a serialization: the
//! document (every event as written) and the folded book (the snapshot storage keeps).
//! If a golden changes, the format changed: see docs/format.md on when that needs a new
//! format version.

use chrono::{Duration, TimeZone, Utc};
use release_desk::demo::{self, Script};
use release_desk::domain::*;

/// The demo book's "today", fixed so its events are the same every run.
fn today() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// The goldens of one book: (document, folded book).
fn goldens(engine: &Engine) -> (String, String) {
    let document = Document::new("golden", engine.log()).to_json();
    // Replaying the document must give the engine's own book, byte for byte.
    let (_, log) = Document::from_json(&document).expect("the document reads back");
    let replayed = fold(log.events());
    let book = serde_json::to_string(&replayed).expect("a book serializes");
    let live = serde_json::to_string(engine.book()).expect("a book serializes");
    assert_eq!(book, live, "replaying the log gives the engine's book");
    // And the snapshot reads back as the same book.
    let back: Book = serde_json::from_str(&book).expect("the snapshot reads back");
    assert_eq!(&back, engine.book());
    (
        Hash::of_bytes(document.as_bytes()).to_string(),
        Hash::of_bytes(book.as_bytes()).to_string(),
    )
}

/// Two devices change the same releases apart, then merge: some events no longer fit
/// and are kept as conflicts, which exercises every refusal `apply` makes on a merge.
fn merged() -> Engine {
    let base = demo::synthetic::book(24, demo::synthetic::start()).expect("synthetic book");
    let ids: Vec<(ReleaseId, Status)> = base
        .engine
        .book()
        .releases
        .values()
        .map(|r| (r.id.clone(), r.status))
        .collect();
    let mut a = Script::resume(base.engine.clone(), "a", base.now + Duration::hours(1));
    let mut b = Script::resume(base.engine.clone(), "b", base.now + Duration::hours(1));
    for (id, status) in &ids {
        let on = |change| Change::Release {
            id: id.clone(),
            change,
        };
        let cancel = on(ReleaseChange::Cancel {
            reason: "merged away".into(),
        });
        let risk = on(ReleaseChange::RaiseRisk(Risk {
            id: ItemId::default(),
            title: "Found on device B".into(),
            likelihood: 2,
            impact: 3,
            owner: String::new(),
            mitigation: String::new(),
            status: EntryStatus::Open,
        }));
        let backout = on(ReleaseChange::SetBackoutPlan("Restore the snapshot".into()));
        match status {
            Status::Draft | Status::Planning | Status::BuildAndTest | Status::BackedOut => {
                let _ = a.ok(demo::CHANGE_MANAGER, cancel);
                let _ = b.ok(demo::RELEASE_MANAGER, risk);
                let _ = b.ok(demo::RELEASE_MANAGER, backout);
            }
            Status::Deployment | Status::EarlyLifeSupport => {
                let _ = a.ok(
                    demo::RELEASE_MANAGER,
                    on(ReleaseChange::BackOut {
                        reason: "merged away".into(),
                    }),
                );
                let _ = b.ok(demo::RELEASE_MANAGER, backout);
                let _ = b.ok(demo::OPERATIONS, on(ReleaseChange::DeclareServiceLive));
            }
            Status::Review | Status::Closed | Status::Cancelled => {
                let _ = b.ok(demo::RELEASE_MANAGER, risk);
            }
        }
    }
    let mut engine = a.engine;
    engine.merge(b.engine.log()).expect("no id clash");
    assert!(
        !engine.book().conflicts.is_empty(),
        "the merge keeps conflicts"
    );
    engine
}

#[test]
fn the_demo_book_replays_to_the_same_json() {
    let engine = demo::demo_book(today()).expect("demo book");
    assert_eq!(goldens(&engine), (DEMO.0.into(), DEMO.1.into()));
}

#[test]
fn a_synthetic_book_replays_to_the_same_json() {
    let s = demo::synthetic::book(40, demo::synthetic::start()).expect("synthetic book");
    assert_eq!(goldens(&s.engine), (SYNTHETIC.0.into(), SYNTHETIC.1.into()));
}

#[test]
fn a_merged_book_with_conflicts_replays_to_the_same_json() {
    let engine = merged();
    assert_eq!(goldens(&engine), (MERGED.0.into(), MERGED.1.into()));
}

// Format version 2 (signed events, keepers): the demo book is signed and founded by its
// release manager; the synthetic and merged books are unsigned books of version 2.
// Format version 3 (issue 14: the build and test schedule, utility and warranty). The
// scripts write more too: an upgrade in the package is "from" the catalogue's version (not
// the word "current"), the walk's two criteria are marked utility and warranty, and the
// synthetic releases take the numbers the policy now suggests (drafts do not move the line).
// Waves deploy inside their windows: the scripts' clocks move on to each window, and the
// demo's hotfix deploys Production under an emergency override.
// The demo organisation's people have e-mail addresses (example.org), so every book built
// on its catalogue changed; the demo book also plans milestones and holds a discussion.
// Format version 4 (issue 15: the deployment runbook): every document says version 4; the
// demo book plans Warehouse 3.0's runbook, rehearses it once, and the warehouse policy then
// asks a major release for a finished rehearsal.
const DEMO: (&str, &str) = (
    "327081499cfe078143e89e2f4a895c5b",
    "0d5be0b38c29105e35d25240d25123c2",
);
const SYNTHETIC: (&str, &str) = (
    "439a1a49c8fb645e5e448c2b05354b98",
    "df70e2a2484e846b6b340383a7a26985",
);
const MERGED: (&str, &str) = (
    "3456f30d90f0af88f3703c29af4c1b0d",
    "d99677e3009e6a26a48d182c08747ca5",
);
