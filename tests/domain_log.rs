//! The event log as audit trail, time machine and unit of sync: merging two laptops' logs,
//! conflicts kept and reported, the JSON document and its refusals, time travel, queries.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{
    self, PlanShape, Script, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER,
};
use release_desk::domain::*;

/// A book with one release whose plan waits for the approver's decision, and a person who
/// holds the approver role on a second laptop.
fn given_a_plan_awaiting_approval() -> Result<(Script, ReleaseId)> {
    let mut s = Script::new("a", start());
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change)?;
    }
    s.ok(
        RELEASE_MANAGER,
        Change::Person(Person {
            email: String::new(),
            id: "abe".into(),
            name: "Abe Approver".into(),
            roles: vec![Role::Approver],
        }),
    )?;
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(9)),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RequestApproval(Gate::Build)),
    )?;
    Ok((s, id))
}

fn laptop(s: &Script, prefix: &str) -> Script {
    Script::resume(s.engine.clone(), prefix, s.now)
}

#[test]
fn two_laptops_approving_the_same_last_slot_merge_with_one_conflict() -> Result {
    let (s, id) = given_a_plan_awaiting_approval()?;
    let (mut left, mut right) = (laptop(&s, "L"), laptop(&s, "R"));
    let decide = || {
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: "ok".into(),
            },
        )
    };
    left.ok(APPROVER, decide())?;
    right.ok("abe", decide())?;

    let one_way = left.engine.log().merge(right.engine.log()).expect("merge");
    let other_way = right.engine.log().merge(left.engine.log()).expect("merge");
    assert_eq!(one_way, other_way, "the merge is the same on both laptops");
    assert_eq!(
        one_way.len(),
        s.engine.log().len() + 2,
        "no event is dropped"
    );
    assert!(one_way.verify().is_ok());

    let book = fold(one_way.events());
    let conflicts: Vec<&Conflict> = book.open_conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].release.as_ref(), Some(&id));
    assert!(
        conflicts[0].reason.contains("no approval is waiting"),
        "{}",
        conflicts[0].reason
    );
    // The round is approved once, by whoever comes first in log order.
    assert_eq!(
        book.releases[&id]
            .round(&Gate::Build)
            .map(|r| r.decisions.len()),
        Some(1)
    );

    // Merging into a laptop's engine reports the conflict; resolving it is a new event.
    let report = left.engine.merge(right.engine.log()).expect("merge");
    assert_eq!((report.added, report.new_conflicts), (1, 1));
    let event = left
        .engine
        .book()
        .open_conflicts()
        .next()
        .map(|c| c.event.clone())
        .expect("conflict");
    left.ok(
        RELEASE_MANAGER,
        Change::ResolveConflict {
            event,
            note: "Both approved; one approval stands".into(),
        },
    )?;
    assert_eq!(left.engine.book().open_conflicts().count(), 0);
    assert_eq!(
        left.engine.book().conflicts.len(),
        1,
        "the conflict stays in the record"
    );
    Ok(())
}

#[test]
fn a_release_cancelled_on_one_laptop_and_authorized_on_the_other_is_a_conflict() -> Result {
    let (mut s, id) = given_a_plan_awaiting_approval()?;
    s.ok(
        APPROVER,
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: String::new(),
            },
        ),
    )?;
    let (mut left, mut right) = (laptop(&s, "L"), laptop(&s, "R"));
    left.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::Cancel {
                reason: "Budget cut".into(),
            },
        ),
    )?;
    right.ok(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], false)))?;
    let merged = left.engine.log().merge(right.engine.log()).expect("merge");
    let book = fold(merged.events());
    // Both events are kept; the one that comes second in log order could not apply.
    assert!(merged
        .events()
        .iter()
        .any(|e| e.id.as_str().starts_with('L')));
    assert!(merged
        .events()
        .iter()
        .any(|e| e.id.as_str().starts_with('R')));
    // Both were made at the same point of the shared log, so the ids decide the order:
    // L's cancellation applies, and R's authorization is kept as a conflict.
    let conflicts: Vec<&Conflict> = book.open_conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].event.as_str().starts_with('R'));
    assert_eq!(
        conflicts[0].reason,
        "the release is cancelled and cannot change"
    );
    assert_eq!(book.releases[&id].status, Status::Cancelled);
    Ok(())
}

#[test]
fn merging_is_idempotent_and_fast_forwards() -> Result {
    let (s, id) = given_a_plan_awaiting_approval()?;
    let mut ahead = laptop(&s, "X");
    ahead.ok(
        APPROVER,
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: String::new(),
            },
        ),
    )?;
    let mut behind = s.engine.clone();
    assert_eq!(behind.merge(ahead.engine.log()).expect("merge").added, 1);
    assert_eq!(behind.merge(ahead.engine.log()).expect("merge").added, 0);
    assert_eq!(behind.book(), ahead.engine.book());
    assert_eq!(behind.log().heads(), ahead.engine.log().heads());
    Ok(())
}

#[test]
fn the_document_round_trips_and_refuses_bad_files_with_a_message() -> Result {
    let (s, _) = given_a_plan_awaiting_approval()?;
    let json = Document::new("Retail IT", s.engine.log()).to_json();
    let (document, log) = Document::from_json(&json).expect("reads back");
    assert_eq!(document.name, "Retail IT");
    assert_eq!(&fold(log.events()), s.engine.book());

    let refused = |text: &str| Document::from_json(text).expect_err("refused").to_string();
    assert!(refused(&json[..json.len() / 2]).contains("not a readable JSON document"));
    assert!(refused("hello").contains("not a readable JSON document"));
    assert!(refused("{\"name\": 1}").contains("not a Release Desk book"));
    assert!(refused("[1,2,3]").contains("not a Release Desk book"));
    let newer = json.replacen("\"version\":4", "\"version\":5", 1);
    assert!(refused(&newer).contains("written by a newer Release Desk (format version 5)"));
    // Version-1 (written before signing), version-2 and version-3 documents still read.
    for older in ["1", "2", "3"] {
        let older = json.replacen("\"version\":4", &["\"version\":", older].concat(), 1);
        assert!(Document::from_json(&older).is_ok());
    }
    let broken = json.replacen("\"events\":[", "\"events\":[{\"id\":7},", 1);
    assert!(
        refused(&broken).starts_with("This Release Desk book is damaged"),
        "{}",
        refused(&broken)
    );
    // A changed word anywhere breaks the chain.
    let tampered = json.replacen("Payments 3.3", "Payments 9.9", 1);
    assert!(
        refused(&tampered).contains("audit chain is broken"),
        "{}",
        refused(&tampered)
    );
    Ok(())
}

#[test]
fn the_hash_chain_names_the_first_broken_link() -> Result {
    let (s, _) = given_a_plan_awaiting_approval()?;
    let log = s.engine.log();
    assert!(log.verify().is_ok());
    let mut events = log.events().to_vec();
    events[5].by = "mallory".into();
    let broken = Log::from_parts(events, log.heads().to_vec())
        .verify()
        .expect_err("changed");
    assert_eq!(
        broken.index, 6,
        "the event after the changed one no longer links to it"
    );
    let mut events = log.events().to_vec();
    events.pop();
    let broken = Log::from_parts(events, log.heads().to_vec())
        .verify()
        .expect_err("removed");
    assert!(broken.problem.contains("last event"), "{broken}");
    Ok(())
}

#[test]
fn time_travel_shows_a_release_as_it_was_and_what_changed_since() -> Result {
    let (mut s, id) = given_a_plan_awaiting_approval()?;
    let requested = s
        .engine
        .log()
        .events()
        .last()
        .map(|e| e.id.clone())
        .expect("event");
    s.ok(
        APPROVER,
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: String::new(),
            },
        ),
    )?;
    s.ok(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], false)))?;
    let then = history::release_as_of(s.engine.log(), &Default::default(), &id, &requested)
        .expect("existed");
    assert_eq!(then.status, Status::Planning);
    assert_eq!(s.engine.book().releases[&id].status, Status::BuildAndTest);
    let from = s.engine.log().position(&requested).expect("position") + 1;
    let changes = history::changes_between(
        s.engine.book(),
        s.engine.log(),
        from,
        s.engine.log().len(),
        Some(&id),
    );
    let lines: Vec<&str> = changes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        lines,
        ["Approved build and test", "Authorized build and test"]
    );
    assert_eq!(changes[0].by, PersonId::from(APPROVER));
    let timeline = history::timeline(s.engine.book(), s.engine.log(), &id);
    assert_eq!(
        timeline.first().map(|t| t.text.as_str()),
        Some("Created minor release Payments 3.3 v3.3")
    );
    Ok(())
}

#[test]
fn queries_answer_what_the_dashboard_asks() -> Result {
    let (mut s, id) = given_a_plan_awaiting_approval()?;
    let book = s.engine.book();
    let mine = query::pending_approvals(book, book.people.get(&PersonId::from(APPROVER)));
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].gate, Gate::Build);
    assert!(
        query::pending_approvals(book, book.people.get(&PersonId::from(OPERATIONS))).is_empty()
    );
    let windows = query::windows_between(book, start(), start() + Duration::days(30));
    assert_eq!(windows.len(), 3);
    assert!(windows
        .windows(2)
        .all(|w| w[0].window().start <= w[1].window().start));
    let risk = Risk {
        id: ItemId::default(),
        title: "PSP outage".into(),
        likelihood: 4,
        impact: 5,
        owner: "Olga".into(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    };
    s.ok(OPERATIONS, on(&id, ReleaseChange::RaiseRisk(risk)))?;
    let risks = query::open_risks(s.engine.book());
    assert_eq!(risks.len(), 1);
    assert_eq!(risks[0].1.severity(), Severity::Critical);
    assert_eq!(
        query::releases_by_status(s.engine.book())[&Status::Planning].len(),
        1
    );
    Ok(())
}

#[test]
fn a_tab_receives_only_the_events_another_tab_wrote() -> Result {
    let (s, id) = given_a_plan_awaiting_approval()?;
    let mut other_tab = laptop(&s, "T");
    let written = other_tab.run(
        APPROVER,
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: String::new(),
            },
        ),
    )?;
    let mut this_tab = s.engine.clone();
    let report = this_tab.receive(written.clone()).expect("receive");
    assert_eq!(report.added, 1);
    assert_eq!(this_tab.log(), other_tab.engine.log());
    assert_eq!(this_tab.book(), other_tab.engine.book());
    // Receiving the same events again changes nothing.
    assert_eq!(this_tab.receive(written).expect("receive").added, 0);
    Ok(())
}

#[test]
fn an_import_lists_the_new_events_and_releases_before_anything_is_stored() -> Result {
    let (s, _) = given_a_plan_awaiting_approval()?;
    let mut other = laptop(&s, "O");
    demo::new_release(
        &mut other,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront 5.5",
        &["storefront-web"],
    )?;
    let json = Document::new("other", other.engine.log()).to_json();
    let (_, log) = Document::from_json(&json).expect("valid");
    let incoming = s.engine.incoming(&log).expect("merge");
    assert_eq!(incoming.new_events.len(), 1);
    assert_eq!(incoming.new_releases, 1);
    assert_eq!(incoming.report.added, 1);
    assert_eq!(incoming.engine.book(), other.engine.book());
    // The engine it came from is untouched until storage confirms.
    assert_eq!(
        s.engine.book().releases.len() + 1,
        incoming.engine.book().releases.len()
    );
    Ok(())
}

#[test]
fn one_release_exports_as_a_document_that_verifies_and_imports() -> Result {
    let (mut s, id) = given_a_plan_awaiting_approval()?;
    // Later changes to another release are not part of this release's export.
    let other = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront 5.5",
        &["storefront-web"],
    )?;
    let log = history::release_export(s.engine.log(), &id).expect("the release has events");
    assert!(log.verify().is_ok());
    let json = Document::new("Payments 3.3", &log).to_json();
    let (_, read) = Document::from_json(&json).expect("a valid document");
    let book = fold(read.events());
    assert_eq!(book.releases[&id], s.engine.book().releases[&id]);
    assert!(!book.releases.contains_key(&other));
    // Imported into the full book it adds nothing; into an empty one it brings the release.
    assert_eq!(s.engine.incoming(&read).expect("merge").new_events.len(), 0);
    assert_eq!(
        Engine::new().incoming(&read).expect("merge").new_releases,
        1
    );
    Ok(())
}

#[test]
fn a_book_resumed_from_a_snapshot_and_its_tail_takes_its_whole_log() -> Result {
    let (mut s, id) = given_a_plan_awaiting_approval()?;
    let snapshot_at = s.engine.log().len();
    let snapshot = s.engine.book().clone();
    s.ok(
        APPROVER,
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: true,
                comment: String::new(),
            },
        ),
    )?;
    let tail = s.engine.log().events()[snapshot_at..].to_vec();
    let mut resumed = Engine::resume(snapshot, tail);
    assert_eq!(
        resumed.book(),
        s.engine.book(),
        "the first screen shows the current book"
    );
    // A log of the wrong length is handed back; the whole log is taken.
    let short = s.engine.log().prefix(snapshot_at);
    assert!(resumed.attach_log(short).is_err());
    resumed
        .attach_log(s.engine.log().clone())
        .expect("the whole log");
    assert_eq!(resumed.log(), s.engine.log());
    Ok(())
}

#[test]
fn a_book_stored_as_a_snapshot_reads_back_whole_and_leaves_out_what_is_empty() -> Result {
    // The demo book has releases in every phase: empty registers, reviews and plans, and
    // full ones.
    let engine = release_desk::demo::demo_book(chrono::Utc::now())?;
    let text = serde_json::to_string(engine.book()).expect("serializes");
    let read: Book = serde_json::from_str(&text).expect("reads back");
    assert_eq!(&read, engine.book());
    let draft = engine
        .book()
        .releases
        .values()
        .find(|r| r.waves.is_empty() && r.review.is_blank())
        .expect("a release not deployed yet");
    let draft = serde_json::to_string(draft).expect("serializes");
    for absent in ["\"waves\"", "\"review\"", "\"known_errors\"", "\"ended\""] {
        assert!(!draft.contains(absent), "{absent} is left out of {draft}");
    }
    Ok(())
}
