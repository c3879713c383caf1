//! Authority you can prove: every forgery someone with write access to the shared folder
//! could append is kept but rejected, with a reason; genuine work from several devices
//! still merges. Signatures are checked natively with ed25519-dalek here, as WebCrypto
//! checks them in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use release_desk::demo::keys::{self, Keyring};
use release_desk::demo::{
    self, PlanShape, Script, APPROVER, CHANGE_MANAGER, DEMO_PEOPLE, DEMO_SEED, OPERATIONS,
    RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use release_desk::domain::*;
use support::{on, start};

/// A signed book: the release manager founds it, registers the organisation and enrols
/// everyone's key; then one release waits for its planning authorization.
fn given_a_signed_book() -> (Script, ReleaseId) {
    let (mut s, id) = given_a_signed_release(start(), start());
    demo::approve(&mut s, &id, &Gate::Planning).expect("approvals");
    assert!(
        s.engine.book().rejected.is_empty(),
        "every genuine event counts"
    );
    (s, id)
}

/// A book signed from `begun`, as [`given_a_signed_book`], and a draft release Payments 3.3
/// created at `created`.
fn given_a_signed_release(begun: DateTime<Utc>, created: DateTime<Utc>) -> (Script, ReleaseId) {
    let mut s = Script::new("e", begun);
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
    s.now = s.now.max(created);
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Faster refunds",
        &["payments-api"],
    )
    .expect("release");
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

// The deployment window at fold: a signed start another device's modified app recorded is
// held to the rule `decide` applies (a window, the freezes, the override's second person).

fn day(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0)
        .single()
        .expect("valid date")
}

/// Given: a book signed from `begun`, Payments 3.3 created at `created`, authorized for
/// Production, its one wave “Production rollout” ready, its window from `window` for 4 hours.
fn given_a_ready_wave(
    begun: DateTime<Utc>,
    created: DateTime<Utc>,
    window: DateTime<Utc>,
) -> (Script, ReleaseId, ItemId) {
    let (mut s, id) = given_a_signed_release(begun, created);
    let wave = make_ready(&mut s, &id, window);
    assert!(
        s.engine.book().rejected.is_empty(),
        "every genuine event counts"
    );
    (s, id, wave)
}

/// Plan `id` with one wave “Production rollout” from `window` for 4 hours, authorize it for
/// Production and confirm the wave ready; its id.
fn make_ready(s: &mut Script, id: &ReleaseId, window: DateTime<Utc>) -> ItemId {
    let shape = PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![("Production rollout".into(), "prod".into(), window, 4)],
        pilot: false,
    };
    demo::plan(s, id, &shape).expect("plan");
    demo::build_and_test(s, id).expect("build and test");
    demo::pass_gate(s, id, Gate::Deployment("prod".into())).expect("authorized");
    let wave = s.engine.book().releases[id].waves[0].id.clone();
    s.ok(
        OPERATIONS,
        on(id, ReleaseChange::ConfirmReadiness(wave.clone())),
    )
    .expect("ready");
    wave
}

/// Given: a book begun on 6 December 2026, after the window rule began; the wave's window
/// is 12 December 22:00 to 13 December 02:00.
fn given_a_ready_wave_this_winter() -> (Script, ReleaseId, ItemId) {
    given_a_ready_wave(day(12, 6, 9, 0), day(12, 6, 9, 0), day(12, 12, 22, 0))
}

/// When: `by`'s device, whose app skips the window check, signs a start dated `at`.
fn start_from_elsewhere(
    s: &Script,
    id: &ReleaseId,
    wave: &ItemId,
    by: &str,
    at: DateTime<Utc>,
) -> Event {
    let mut clock = s.clone();
    clock.now = at - Duration::minutes(5);
    let start = on(id, ReleaseChange::StartWave(wave.clone()));
    forge(&clock, &demo_ring(), by, Some(by), start)
}

fn wave_status(engine: &Engine, id: &ReleaseId) -> WaveStatus {
    engine.book().releases[id].waves[0].status
}

/// Then: the start counts, and the wave deploys.
fn assert_started(after: &Engine, id: &ReleaseId) {
    assert!(
        after.book().rejected.is_empty(),
        "{:?}",
        after.book().rejected
    );
    assert_eq!(wave_status(after, id), WaveStatus::InProgress);
}

#[test]
fn a_start_from_another_device_outside_its_window_is_rejected_with_the_window() {
    let (s, id, wave) = given_a_ready_wave_this_winter();
    let early = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 7, 10, 15));
    let after = arrive(&s.engine, vec![early]);
    assert_rejected(
        &s.engine,
        &after,
        "the window of “Production rollout” on Production is 12 Dec 22:00–02:00 UTC; it is \
         now 7 Dec 10:15 UTC. Start it inside its window, or ask change management to record \
         an emergency override",
    );
    assert_eq!(wave_status(&after, &id), WaveStatus::Ready);
    // After the window ended (02:00 is its end, exclusive), the same.
    let late = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 13, 2, 0));
    let after = arrive(&s.engine, vec![late]);
    assert_rejected(&s.engine, &after, "it is now 13 Dec 02:00 UTC");
}

#[test]
fn a_start_from_another_device_inside_its_window_counts() {
    let (s, id, wave) = given_a_ready_wave_this_winter();
    let start = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 13, 1, 30));
    assert_started(&arrive(&s.engine, vec![start]), &id);
}

#[test]
fn a_start_from_another_device_in_a_freeze_is_rejected_with_the_freeze() {
    let (mut s, id, wave) = given_a_ready_wave_this_winter();
    let mut policy = s.engine.book().policy(&"payments".into());
    policy.freeze_windows.push(FreezeWindow {
        id: "psp".into(),
        name: "Card network maintenance".into(),
        start: day(12, 13, 0, 0),
        end: day(12, 13, 4, 0),
        repeat: Repeat::Once,
        environments: vec!["prod".into()],
    });
    s.ok(RELEASE_MANAGER, Change::Policy(policy))
        .expect("a freeze");
    let start = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 13, 1, 0));
    let after = arrive(&s.engine, vec![start]);
    assert_rejected(
        &s.engine,
        &after,
        "Production is in the change freeze “Card network maintenance” (13 Dec 00:00–04:00 UTC)",
    );
    // Inside the window, before the freeze, it counts.
    let start = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 12, 23, 0));
    assert_started(&arrive(&s.engine, vec![start]), &id);
}

/// Carl, the change manager, also deploys: he may record an override and start waves.
fn carl_deploys_too(s: &mut Script) {
    let mut carl = s.engine.book().people[&PersonId::from(CHANGE_MANAGER)].clone();
    carl.roles.push(Role::Operations);
    s.ok(RELEASE_MANAGER, Change::Person(carl))
        .expect("a role grant by the keeper");
}

fn override_window(s: &mut Script, id: &ReleaseId, wave: &ItemId) {
    let change = ReleaseChange::OverrideWindow {
        wave: wave.clone(),
        reason: "Incident INC-4471".into(),
    };
    s.ok(CHANGE_MANAGER, on(id, change)).expect("override");
}

#[test]
fn under_an_override_a_start_by_someone_else_counts_outside_the_window() {
    let (mut s, id, wave) = given_a_ready_wave_this_winter();
    carl_deploys_too(&mut s);
    override_window(&mut s, &id, &wave);
    let start = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 7, 10, 15));
    assert_started(&arrive(&s.engine, vec![start]), &id);
}

#[test]
fn a_start_by_the_overrides_own_authorizer_is_rejected() {
    let (mut s, id, wave) = given_a_ready_wave_this_winter();
    carl_deploys_too(&mut s);
    override_window(&mut s, &id, &wave);
    let own = start_from_elsewhere(&s, &id, &wave, CHANGE_MANAGER, day(12, 7, 10, 15));
    let after = arrive(&s.engine, vec![own]);
    assert_rejected(
        &s.engine,
        &after,
        "Carl Chen authorized this wave's emergency override, so someone else must start it",
    );
    // Inside the window too: the override stands, and its authorizer still may not.
    let own = start_from_elsewhere(&s, &id, &wave, CHANGE_MANAGER, day(12, 12, 23, 0));
    let after = arrive(&s.engine, vec![own]);
    assert_rejected(&s.engine, &after, "someone else must start it");
}

#[test]
fn a_book_from_before_the_window_rule_keeps_its_starts_outside_windows() {
    // Begun on 1 October 2026 by an app without the rule; the wave's window was 20 October,
    // and a deployer started it on 25 October.
    let (s, id, wave) = given_a_ready_wave(start(), start(), day(10, 20, 22, 0));
    let start = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(10, 25, 9, 0));
    let after = arrive(&s.engine, vec![start.clone()]);
    assert_started(&after, &id);
    // Folded again from its log, it is the same book.
    let mut events = s.engine.log().events().to_vec();
    events.push(start);
    assert_started(&Engine::from_log(Log::from_events(events)), &id);
}

#[test]
fn a_start_dated_before_the_rule_in_a_release_created_after_it_is_rejected() {
    // The book is old, the release new (7 December); a deployer's app dates its start to
    // November and names the book's first event as the one it follows, so its place looks
    // honest. The release was created under the rule, so its starts are held to it.
    let (s, id, wave) = given_a_ready_wave(start(), day(12, 7, 9, 0), day(12, 12, 22, 0));
    let ring = demo_ring();
    let mut backdated = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(11, 20, 9, 0));
    backdated.after = vec![Hash::of(&s.engine.log().events()[0])];
    ring.sign_as(&OPERATIONS.into(), &mut backdated);
    let after = arrive(&s.engine, vec![backdated]);
    assert_rejected(&s.engine, &after, "it is now 20 Nov 09:00 UTC");
}

#[test]
fn in_a_book_not_signed_the_fold_does_not_judge_starts_as_it_judges_no_roles() {
    // Nobody's authority is proven in an unsigned book, so the fold takes a start outside
    // the window as it takes a change by someone without the role: `decide` guards this
    // device's own commands.
    let mut s = Script::new("e", day(12, 6, 9, 0));
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change).expect("catalogue");
    }
    let id = support::payments_3_3(&mut s).expect("release");
    let wave = make_ready(&mut s, &id, day(12, 12, 22, 0));
    let outside = forge(
        &s,
        &demo_ring(),
        OPERATIONS,
        None,
        on(&id, ReleaseChange::StartWave(wave)),
    );
    assert_started(&arrive(&s.engine, vec![outside]), &id);
}

#[test]
fn a_merged_start_outside_its_window_is_kept_in_the_log_and_listed_as_rejected() {
    let (s, id, wave) = given_a_ready_wave_this_winter();
    let early = start_from_elsewhere(&s, &id, &wave, OPERATIONS, day(12, 7, 10, 15));
    // A sync pull: merged into a copy, its new events stored, then kept.
    let incoming = s
        .engine
        .incoming(&Log::from_events(vec![early.clone()]))
        .expect("merge");
    assert_eq!(
        incoming.new_events,
        vec![early.clone()],
        "stored with the rest"
    );
    assert_eq!(incoming.report.added, 1);
    let book = incoming.engine.book();
    assert_eq!(book.rejected.len(), 1);
    assert_eq!(book.rejected[0].event, early.id);
    assert_eq!(book.rejected[0].by, PersonId::from(OPERATIONS));
    assert!(book.conflicts.is_empty(), "rejected, not a conflict");
    assert_eq!(wave_status(&incoming.engine, &id), WaveStatus::Ready);
    // Another tab's merge in place, and a fold of the whole log, reject it the same way.
    let mut tab = s.engine.clone();
    tab.merge_checked(&Log::from_events(vec![early.clone()]), Default::default())
        .expect("merge");
    assert_eq!(tab.book().rejected, book.rejected);
    let refolded = Engine::from_log(incoming.engine.log().clone());
    assert_eq!(refolded.book().rejected, book.rejected);
    assert!(refolded.log().events().iter().any(|e| e.id == early.id));
    // A later start inside the window, from this device, counts.
    let mut here = Script::resume(incoming.engine, "h-", day(12, 12, 22, 59));
    here.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    here.ok(OPERATIONS, on(&id, ReleaseChange::StartWave(wave)))
        .expect("inside the window");
    assert_eq!(wave_status(&here.engine, &id), WaveStatus::InProgress);
}

#[test]
fn a_runbook_mark_by_someone_neither_owner_nor_deployer_is_rejected() {
    let (mut s, id) = given_a_signed_release(start(), start());
    demo::plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(3)),
    )
    .expect("plan");
    let mut tasks = runbook_template(Category::Minor);
    tasks.tasks[0].owner = TESTER.into();
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::SetRunbook(tasks)))
        .expect("runbook");
    let run = ItemId::from(
        &s.ok(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::StartRun(RunKind::Rehearsal)),
        )
        .expect("run"),
    );
    let mark = |task: &str| {
        on(
            &id,
            ReleaseChange::MarkTask {
                run: run.clone(),
                task: task.into(),
                step: Step::Start,
            },
        )
    };
    let ring = demo_ring();
    // The stakeholder signs a mark of the tester's task: it does not count.
    let forged = forge(&s, &ring, STAKEHOLDER, Some(STAKEHOLDER), mark("T1"));
    let after = arrive(&s.engine, vec![forged]);
    assert_rejected(&s.engine, &after, "may not mark task T1");
    // The tester, its owner, may.
    let genuine = forge(&s, &ring, TESTER, Some(TESTER), mark("T1"));
    let after = arrive(&s.engine, vec![genuine]);
    assert!(after.book().rejected.is_empty());
    let progress = &after.book().releases[&id].runs[0].progress;
    assert_eq!(progress.len(), 1);
}
