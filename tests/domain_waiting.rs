//! What waits for a person: approvals they may give now, authorizations, ready waves,
//! handovers and reviews by role, with their age; and the summary an approver decides on.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{
    self, PlanShape, Script, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER,
};
use release_desk::domain::waiting::{
    decision_summary, near_windows, waiting_for, Kind, Waiting, OLD_AFTER_DAYS,
};
use release_desk::domain::*;

fn person(s: &Script, id: &str) -> Person {
    s.engine.book().people[&PersonId::from(id)].clone()
}

fn waiting(s: &Script, id: &str) -> Vec<Waiting> {
    waiting_for(s.engine.book(), &person(s, id), s.now)
}

fn kinds(items: &[Waiting]) -> Vec<Kind> {
    items.iter().map(|w| w.kind).collect()
}

/// Given: Payments 3.3 planned, its build gate asked of the approver's chain.
fn given_build_approval_requested() -> Result<(Script, ReleaseId)> {
    let mut s = given_catalogue();
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

fn approve_build() -> ReleaseChange {
    ReleaseChange::DecideApproval {
        gate: Gate::Build,
        approve: true,
        comment: String::new(),
    }
}

#[test]
fn an_approval_waits_for_the_approver_since_its_request_and_ages() -> Result {
    let (mut s, id) = given_build_approval_requested()?;
    let requested = s.now;
    s.advance(Duration::days(3) + Duration::hours(2));
    let items = waiting(&s, APPROVER);
    assert_eq!(kinds(&items), vec![Kind::Approval]);
    let item = &items[0];
    assert_eq!(item.release, id);
    assert_eq!(item.title, "Payments 3.3 v3.3");
    assert_eq!(item.what, "Approve build and test");
    assert_eq!(item.since, requested);
    assert_eq!(item.section, Section::Approvals);
    assert_eq!(item.age_words(s.now), "waiting 3 days");
    assert!(!item.is_old(s.now));
    assert!(item.is_old(s.now + Duration::days(OLD_AFTER_DAYS)));
    assert_eq!(
        item.age_words(requested + Duration::hours(1)),
        "waiting 1 hour"
    );
    assert_eq!(item.age_words(requested), "waiting less than an hour");
    assert_eq!(
        item.age_words(requested + Duration::days(1)),
        "waiting 1 day"
    );
    Ok(())
}

#[test]
fn an_approval_given_disappears_and_the_next_step_waits_for_change_management() -> Result {
    let (mut s, id) = given_build_approval_requested()?;
    assert!(waiting(&s, CHANGE_MANAGER).is_empty());
    s.ok(APPROVER, on(&id, approve_build()))?;
    let decided = s.now;
    assert!(
        waiting(&s, APPROVER).is_empty(),
        "the approval given is gone"
    );
    // The build chain of the demo policy is the approver alone: change management
    // authorizes next, since the approver's decision.
    let cab = waiting(&s, CHANGE_MANAGER);
    assert_eq!(kinds(&cab), vec![Kind::Authorization]);
    assert_eq!(cab[0].since, decided);
    assert_eq!(cab[0].what, "Authorize build and test");
    s.ok(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], false)))?;
    assert!(waiting(&s, CHANGE_MANAGER).is_empty());
    Ok(())
}

#[test]
fn nothing_waits_for_a_stakeholder_without_an_approval() -> Result {
    let (s, _) = given_build_approval_requested()?;
    assert!(waiting(&s, STAKEHOLDER).is_empty());
    assert!(waiting(&s, OPERATIONS).is_empty());
    Ok(())
}

#[test]
fn a_ready_wave_waits_for_the_release_manager_once_its_window_opens() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let window = start() + Duration::days(9);
    demo::plan(&mut s, &id, &PlanShape::big_bang(window))?;
    demo::build_and_test(&mut s, &id)?;
    let wave = release(&s, &id).waves[0].clone();
    demo::pass_gate(&mut s, &id, Gate::Deployment(wave.plan.environment.clone()))?;
    s.ok(
        OPERATIONS,
        on(&id, ReleaseChange::ConfirmReadiness(wave.id.clone())),
    )?;
    let book = s.engine.book();
    let rita = person(&s, RELEASE_MANAGER);
    assert!(
        waiting_for(book, &rita, wave.plan.window.start - Duration::minutes(1)).is_empty(),
        "not before the window opens"
    );
    let near = near_windows(book, &rita, wave.plan.window.start - Duration::minutes(30));
    assert_eq!(near.len(), 1, "the window is near for who deploys");
    assert!(near_windows(
        book,
        &person(&s, STAKEHOLDER),
        wave.plan.window.start - Duration::minutes(30)
    )
    .is_empty());
    assert!(near_windows(book, &rita, wave.plan.window.start - Duration::hours(2)).is_empty());
    let at = wave.plan.window.start + Duration::hours(1);
    let items = waiting_for(book, &rita, at);
    assert_eq!(kinds(&items), vec![Kind::Wave]);
    assert_eq!(items[0].since, wave.plan.window.start);
    assert_eq!(items[0].age_words(at), "waiting 1 hour");
    assert!(waiting_for(book, &person(&s, STAKEHOLDER), at).is_empty());
    Ok(())
}

#[test]
fn a_release_in_review_waits_for_operations_handover_and_the_cab_review() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(9)),
    )?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    s.ok(OPERATIONS, on(&id, ReleaseChange::DeclareFullyOperational))?;
    let operational = s.now;
    s.advance(Duration::days(10));
    let ops = waiting(&s, OPERATIONS);
    assert_eq!(kinds(&ops), vec![Kind::Handover]);
    assert_eq!(ops[0].section, Section::Handover);
    assert_eq!(ops[0].since, operational);
    assert!(ops[0].is_old(s.now), "ten days is old");
    assert_eq!(ops[0].age_words(s.now), "waiting 10 days");
    let cab = waiting(&s, CHANGE_MANAGER);
    assert_eq!(kinds(&cab), vec![Kind::Review]);
    assert!(waiting(&s, STAKEHOLDER).is_empty());
    s.ok(
        OPERATIONS,
        on(
            &id,
            ReleaseChange::AcceptHandover {
                note: String::new(),
            },
        ),
    )?;
    assert!(
        waiting(&s, OPERATIONS).is_empty(),
        "the accepted handover is gone"
    );
    Ok(())
}

#[test]
fn every_item_has_its_own_key_and_the_list_is_oldest_first() -> Result {
    let engine = demo::demo_book(start() + Duration::days(60))?;
    let book = engine.book();
    let now = start() + Duration::days(60);
    for person in book.people.values() {
        let items = waiting_for(book, person, now);
        assert!(items.windows(2).all(|w| w[0].since <= w[1].since));
        let mut keys: Vec<&str> = items.iter().map(|w| w.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), items.len(), "{}", person.name);
    }
    let approvals = waiting_for(book, &book.people[&PersonId::from(APPROVER)], now);
    assert!(
        approvals.iter().any(|w| w.kind == Kind::Approval),
        "the demo book has an approval waiting for Ana"
    );
    Ok(())
}

#[test]
fn the_summary_names_risks_tests_deviations_and_changes() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let lines = decision_summary(s.engine.book(), release(&s, &id));
    assert_eq!(
        lines[..3],
        [
            ("Open risks", "none".to_owned()),
            ("Tests", "none recorded".to_owned()),
            ("Deviations", "none".to_owned()),
        ]
    );
    assert_eq!(lines[3].0, "Changes");
    assert!(
        lines[3].1.starts_with("Payments API ") && lines[3].1.ends_with(" → 3.3"),
        "{}",
        lines[3].1
    );
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
    let lines = decision_summary(s.engine.book(), release(&s, &id));
    assert_eq!(lines[0].1, "1 critical");
    Ok(())
}

#[test]
fn the_reminder_draft_is_addressed_and_percent_encoded() -> Result {
    let (mut s, _) = given_build_approval_requested()?;
    let mut ana = person(&s, APPROVER);
    ana.email = "ana@retail.example".into();
    s.ok(RELEASE_MANAGER, Change::Person(ana))?;
    let book = s.engine.book();
    let link = "https://desk.example/#/releases/e1?x=1&y=2";
    let href = release_desk::domain::waiting::reminder_mailto(
        book,
        &Approver::Role(Role::Approver),
        "Payments 3.3 v3.3",
        "Approve build and test",
        "waiting 3 days",
        link,
    );
    assert!(
        href.starts_with("mailto:ana@retail.example?subject="),
        "{href}"
    );
    assert!(!href.contains(' ') && !href.contains('\n'));
    let query = href.split_once('?').map(|q| q.1).unwrap_or_default();
    let mut parts = query.split('&');
    let decode = |p: &str| {
        let bytes = p.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&p[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    let subject = decode(
        parts
            .next()
            .unwrap_or_default()
            .trim_start_matches("subject="),
    );
    let body = decode(parts.next().unwrap_or_default().trim_start_matches("body="));
    assert_eq!(parts.next(), None, "the link's own & is encoded");
    assert_eq!(
        subject,
        "Reminder: approve build and test of Payments 3.3 v3.3"
    );
    assert!(
        body.contains("Payments 3.3 v3.3 is waiting 3 days for you to approve build and test."),
        "{body}"
    );
    assert!(body.contains(link), "{body}");
    Ok(())
}

#[test]
fn an_email_address_is_optional_but_well_formed() {
    let mut s = given_catalogue();
    let mut tina = Person {
        id: "tina".into(),
        name: "Tina".into(),
        roles: vec![Role::Tester],
        email: "not an address".into(),
    };
    let refused = s.ok(RELEASE_MANAGER, Change::Person(tina.clone()));
    assert!(
        matches!(&refused, Err(e) if e.field() == Some("email")),
        "{refused:?}"
    );
    tina.email = "tina@retail.example".into();
    assert!(s.ok(RELEASE_MANAGER, Change::Person(tina.clone())).is_ok());
    tina.email = String::new();
    assert!(s.ok(RELEASE_MANAGER, Change::Person(tina)).is_ok());
}
