//! Authority you can prove: every forgery someone with write access to the shared folder
//! could append is kept but rejected, with a reason; genuine work from several devices
//! still merges. Signatures are checked natively with ed25519-dalek here, as WebCrypto
//! checks them in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::Duration;
use proptest::prelude::*;
use release_desk::demo::keys::{self, Keyring};
use release_desk::demo::{
    self, PlanShape, Script, APPROVER, CHANGE_MANAGER, DEMO_PEOPLE, DEMO_SEED, OPERATIONS,
    RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use release_desk::domain::*;
use support::start;

/// A signed book: the release manager founds it, registers the organisation and enrols
/// everyone's key; then one release waits for its planning authorization.
fn given_a_signed_book() -> (Script, ReleaseId) {
    let mut s = Script::new("e", start());
    s.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    s.found(
        Person {
            email: String::new(),
            id: RELEASE_MANAGER.into(),
            name: "Rita Ramos".into(),
            roles: vec![Role::ReleaseManager, Role::Keeper],
        },
        "Rita's laptop",
    )
    .expect("founding");
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change).expect("catalogue");
    }
    for person in &DEMO_PEOPLE[1..] {
        let record = s.engine.book().people[&PersonId::from(*person)].clone();
        s.enrol(RELEASE_MANAGER, record, "laptop").expect("enrol");
    }
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Faster refunds",
        &["payments-api"],
    )
    .expect("release");
    demo::approve(&mut s, &id, &Gate::Planning).expect("approvals");
    assert!(
        s.engine.book().rejected.is_empty(),
        "every genuine event counts"
    );
    (s, id)
}

fn authorize_planning(id: &ReleaseId) -> Change {
    Change::Release {
        id: id.clone(),
        change: ReleaseChange::Authorize {
            gates: vec![Gate::Planning],
            emergency: false,
            note: "go".into(),
        },
    }
}

/// An event appended after the book's head, claiming to be from `by`, signed by `signer`'s
/// key in `ring` (or unsigned when `signer` is None).
fn forge(s: &Script, ring: &Keyring, by: &str, signer: Option<&str>, what: Change) -> Event {
    let mut event = Event {
        id: EventId::from("forged-1"),
        seq: 0,
        at: s.now + Duration::minutes(5),
        by: by.into(),
        after: Vec::new(),
        what,
        key: signer.and_then(|p| ring.key_id(&p.into())),
        sig: None,
    };
    event = s.engine.log().place(vec![event]).remove(0);
    if let Some(signer) = signer {
        ring.sign_as(&signer.into(), &mut event);
    }
    event
}

/// The events arrive from elsewhere (an import, a sync): their signatures are checked,
/// then they are merged.
fn arrive(engine: &Engine, events: Vec<Event>) -> Engine {
    let forged = keys::forged(&engine.signature_jobs(&events));
    engine
        .incoming_checked(&Log::from_events(events), forged)
        .expect("merge")
        .engine
}

fn demo_ring() -> Keyring {
    let mut ring = Keyring::new();
    for person in DEMO_PEOPLE {
        ring.add(person, &format!("{DEMO_SEED}{person}"));
    }
    ring
}

/// Then: the forged event is in the log, listed as rejected with a reason that says
/// `why`, and the book is as it was.
fn assert_rejected(before: &Engine, after: &Engine, why: &str) {
    assert_eq!(
        after.log().len(),
        before.log().len() + 1,
        "the event is kept"
    );
    let rejected = &after.book().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(
        rejected[0].reason.contains(why),
        "{:?} says {why:?}",
        rejected[0].reason
    );
    // The same releases (a rejected event that sorts early moves later ones' positions).
    let unplaced = |book: &Book| {
        let mut releases = book.releases.clone();
        releases.values_mut().for_each(|r| r.last_change = 0);
        releases
    };
    assert_eq!(unplaced(after.book()), unplaced(before.book()));
    assert_eq!(after.book().people, before.book().people);
    assert_eq!(after.book().keys, before.book().keys);
}

#[test]
fn an_authorization_by_a_stakeholder_is_rejected() {
    let (s, id) = given_a_signed_book();
    let ring = demo_ring();
    let forged = forge(
        &s,
        &ring,
        STAKEHOLDER,
        Some(STAKEHOLDER),
        authorize_planning(&id),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "may not");
    assert_eq!(after.book().releases[&id].status, Status::Draft);
}

#[test]
fn an_authorization_by_an_unknown_id_is_rejected() {
    let (s, id) = given_a_signed_book();
    let mut ring = demo_ring();
    ring.add("mallory", "mallory's own seed");
    let forged = forge(
        &s,
        &ring,
        "mallory",
        Some("mallory"),
        authorize_planning(&id),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "not enrolled");
    // Unsigned, it fares no better.
    let forged = forge(&s, &ring, "mallory", None, authorize_planning(&id));
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "not signed");
}

#[test]
fn the_change_managers_id_under_another_key_is_rejected() {
    let (s, id) = given_a_signed_book();
    let ring = demo_ring();
    // Signed with the stakeholder's enrolled key, claiming to be the change manager.
    let forged = forge(
        &s,
        &ring,
        CHANGE_MANAGER,
        Some(STAKEHOLDER),
        authorize_planning(&id),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "signed with a key of Sam Singh");
    // Signed with a key made up for the change manager, never enrolled.
    let mut other = Keyring::new();
    other.add(CHANGE_MANAGER, "a key nobody enrolled");
    let forged = forge(
        &s,
        &other,
        CHANGE_MANAGER,
        Some(CHANGE_MANAGER),
        authorize_planning(&id),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "not enrolled");
    // The change manager's own key, but the bytes changed after signing.
    let mut forged = forge(
        &s,
        &ring,
        CHANGE_MANAGER,
        Some(CHANGE_MANAGER),
        authorize_planning(&id),
    );
    forged.at += Duration::seconds(1);
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "signature does not verify");
}

#[test]
fn the_genuine_change_manager_is_accepted() {
    let (s, id) = given_a_signed_book();
    let ring = demo_ring();
    let genuine = forge(
        &s,
        &ring,
        CHANGE_MANAGER,
        Some(CHANGE_MANAGER),
        authorize_planning(&id),
    );
    let after = arrive(&s.engine, vec![genuine]);
    assert!(
        after.book().rejected.is_empty(),
        "{:?}",
        after.book().rejected
    );
    assert_ne!(after.book().releases[&id].status, Status::Draft);
}

#[test]
fn an_approval_decision_by_a_non_approver_is_rejected() {
    let (mut s, id) = given_a_signed_book();
    // A new build approval round waits for its approvers.
    let shape = PlanShape::big_bang(s.now + Duration::days(10));
    demo::write_plan(&mut s, &id, &shape).expect("plan");
    demo::pass_gate(&mut s, &id, Gate::Planning).ok();
    s.ok(
        RELEASE_MANAGER,
        Change::Release {
            id: id.clone(),
            change: ReleaseChange::RequestApproval(Gate::Build),
        },
    )
    .ok();
    let pending = s.engine.book().releases[&id]
        .round(&Gate::Build)
        .is_some_and(|r| r.outcome == RoundOutcome::Pending);
    let gate = if pending { Gate::Build } else { Gate::Planning };
    let decide = Change::Release {
        id: id.clone(),
        change: ReleaseChange::DecideApproval {
            gate,
            approve: true,
            comment: "fine by me".into(),
        },
    };
    let forged = forge(&s, &demo_ring(), TESTER, Some(TESTER), decide);
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "");
}

#[test]
fn a_role_grant_by_a_non_keeper_is_rejected() {
    let (s, _) = given_a_signed_book();
    let grant = Change::Person(Person {
        email: String::new(),
        id: STAKEHOLDER.into(),
        name: "Sam Singh".into(),
        roles: vec![Role::ChangeManager],
    });
    let forged = forge(
        &s,
        &demo_ring(),
        STAKEHOLDER,
        Some(STAKEHOLDER),
        grant.clone(),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "may not");
    // And decide refuses the command outright.
    let mut s = s;
    let refused = s.run(STAKEHOLDER, grant);
    assert!(matches!(refused, Err(LifecycleError::NotPermitted { .. })));
    // A keeper may; but not take the last keeper away.
    let demote = Change::Person(Person {
        email: String::new(),
        id: RELEASE_MANAGER.into(),
        name: "Rita Ramos".into(),
        roles: vec![Role::ReleaseManager],
    });
    assert!(s.run(RELEASE_MANAGER, demote).is_err(), "a keeper remains");
}

#[test]
fn events_signed_with_a_revoked_key_after_its_revocation_are_rejected() {
    let (mut s, id) = given_a_signed_book();
    let ring = demo_ring();
    let before_revocation = s.engine.clone();
    let sams_key = ring.key_id(&STAKEHOLDER.into()).expect("key");
    s.ok(
        RELEASE_MANAGER,
        Change::Revoke {
            key: sams_key,
            reason: "laptop lost".into(),
        },
    )
    .expect("revoke");
    let feedback = Change::Release {
        id: id.clone(),
        change: ReleaseChange::RecordFeedback {
            from: "Sam".into(),
            text: "looks fine".into(),
        },
    };
    // After the revocation, in its causal future.
    let late = forge(&s, &ring, STAKEHOLDER, Some(STAKEHOLDER), feedback.clone());
    let after = arrive(&s.engine, vec![late]);
    assert_rejected(&s.engine, &after, "revoked");
    // Made on a branch the keeper had not seen when revoking: rejected too, even though
    // it sorts before the revocation.
    let mut branch = forge(
        &Script::resume(before_revocation, "x", s.now),
        &ring,
        STAKEHOLDER,
        Some(STAKEHOLDER),
        feedback,
    );
    branch.id = EventId::from("a-branch");
    ring.sign_as(&STAKEHOLDER.into(), &mut branch);
    let after = arrive(&s.engine, vec![branch]);
    assert_rejected(&s.engine, &after, "had not seen it");
}

#[test]
fn a_backdated_branch_event_is_rejected() {
    let (s, id) = given_a_signed_book();
    let ring = demo_ring();
    // Dated two days before the events it follows.
    let mut event = forge(
        &s,
        &ring,
        CHANGE_MANAGER,
        Some(CHANGE_MANAGER),
        authorize_planning(&id),
    );
    event.at -= Duration::days(2);
    ring.sign_as(&CHANGE_MANAGER.into(), &mut event);
    let after = arrive(&s.engine, vec![event]);
    assert_rejected(&s.engine, &after, "1 day before an event it follows");
    // Claiming a place before the event it follows, to sort into the past.
    let mut event = forge(
        &s,
        &ring,
        CHANGE_MANAGER,
        Some(CHANGE_MANAGER),
        authorize_planning(&id),
    );
    event.seq = 3;
    ring.sign_as(&CHANGE_MANAGER.into(), &mut event);
    let after = arrive(&s.engine, vec![event]);
    assert_rejected(&s.engine, &after, "claims a place");
}

#[test]
fn genuine_concurrent_work_from_two_devices_merges_with_conflicts_as_before() {
    let (s, id) = given_a_signed_book();
    let mut laptop = Script::resume(s.engine.clone(), "l-", s.now);
    laptop.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    let mut phone = Script::resume(s.engine.clone(), "p-", s.now);
    phone.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    laptop
        .ok(CHANGE_MANAGER, authorize_planning(&id))
        .expect("laptop authorizes");
    phone
        .ok(CHANGE_MANAGER, authorize_planning(&id))
        .expect("phone authorizes");
    let merged = arrive(&laptop.engine, phone.engine.log().events().to_vec());
    assert!(
        merged.book().rejected.is_empty(),
        "{:?}",
        merged.book().rejected
    );
    assert_eq!(
        merged.book().open_conflicts().count(),
        1,
        "the second authorization conflicts"
    );
}

#[test]
fn a_book_written_before_signing_is_adopted_by_its_first_keeper() {
    let mut s = support::given_catalogue();
    let early = s.engine.log().len();
    s.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    let rita = s.engine.book().people[&PersonId::from(RELEASE_MANAGER)].clone();
    s.found(rita, "laptop")
        .expect("a release manager adopts the book");
    let book = s.engine.book();
    assert_eq!(book.signing.adopted, early as u64);
    assert!(book.people[&PersonId::from(RELEASE_MANAGER)].has(Role::Keeper));
    // After that, an unsigned event appended to the book does not count.
    let forged = forge(
        &s,
        &demo_ring(),
        OPERATIONS,
        None,
        Change::RetireService("payments".into()),
    );
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "not signed");
    // A stakeholder may not adopt an unsigned book.
    let mut t = support::given_catalogue();
    t.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    let sam = t.engine.book().people[&PersonId::from(STAKEHOLDER)].clone();
    let founding = t.found(sam, "phone").map(|_| ());
    assert!(founding.is_err() || !t.engine.book().rejected.is_empty());
    assert!(t.engine.book().signing.founding.is_none());
}

#[test]
fn the_demo_book_is_signed_and_every_event_counts() {
    let engine = demo::demo_book(start()).expect("demo");
    let book = engine.book();
    assert!(book.rejected.is_empty(), "{:?}", book.rejected);
    assert_eq!(book.keys.len(), DEMO_PEOPLE.len());
    let jobs = engine.signature_jobs(engine.log().events());
    assert_eq!(jobs.len(), engine.log().len(), "every event is signed");
    assert!(keys::forged(&jobs).is_empty());
    assert_eq!(book.signing.adopted, 0);
    let _ = (APPROVER, TESTER);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Flipping any byte of a signed event never yields an accepted event other than the
    /// one signed.
    #[test]
    fn a_flipped_byte_never_yields_an_accepted_event(position in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (s, id) = given_fixture();
        let ring = demo_ring();
        let genuine = forge(&s, &ring, CHANGE_MANAGER, Some(CHANGE_MANAGER), authorize_planning(&id));
        let mut bytes = serde_json::to_vec(&genuine).expect("json");
        let at = position.index(bytes.len());
        bytes[at] ^= 1 << bit;
        if let Ok(altered) = serde_json::from_slice::<Event>(&bytes) {
            if altered != genuine {
                let after = arrive(&s.engine, vec![altered.clone()]);
                let counted = after.log().events().iter().any(|e| e.id == altered.id)
                    && !after.book().rejected.iter().any(|r| r.event == altered.id);
                prop_assert!(!counted, "byte {at} bit {bit} gave an accepted event");
            }
        }
    }

    /// Random genuine work by the people entitled to it, on three devices, merged in any
    /// order: every event counts.
    #[test]
    fn genuine_work_on_three_devices_is_all_accepted(order in Just([0usize, 1, 2]).prop_shuffle(), days in 5i64..40) {
        let (s, _) = given_fixture();
        let devices: Vec<Engine> = (0..3)
            .map(|n| {
                let mut d = Script::resume(s.engine.clone(), &format!("d{n}-"), s.now);
                d.sign_with(DEMO_SEED, &DEMO_PEOPLE);
                let service = ["payments", "storefront", "pos"][n];
                let version =
                    numbering(d.engine.book(), &service.into(), Category::Minor).suggested;
                let id = demo::new_release(
                    &mut d,
                    service,
                    Category::Minor,
                    version,
                    "Device work",
                    &[["payments-api", "storefront-web", "pos-software"][n]],
                )
                .expect("release");
                demo::plan(&mut d, &id, &PlanShape::big_bang(s.now + Duration::days(days)))
                    .expect("plan");
                d.engine
            })
            .collect();
        let mut merged = devices[order[0]].clone();
        for &n in &order[1..] {
            merged = arrive(&merged, devices[n].log().events().to_vec());
        }
        prop_assert!(merged.book().rejected.is_empty(), "{:?}", merged.book().rejected);
    }
}

fn given_fixture() -> (Script, ReleaseId) {
    use std::sync::OnceLock;
    static FIXTURE: OnceLock<(Script, ReleaseId)> = OnceLock::new();
    FIXTURE.get_or_init(given_a_signed_book).clone()
}

#[test]
fn a_signed_events_hash_from_its_text_is_its_hash() {
    let (s, _) = given_fixture();
    for event in s.engine.log().events() {
        let text = serde_json::to_string(event).expect("json");
        assert_eq!(Hash::of_event_text(&text), Hash::of(event), "{text}");
    }
}
