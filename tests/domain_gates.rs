//! Given/when/then tests of honest gates: a wave starts only inside its window and outside
//! every freeze, unless change management recorded an emergency override, which someone
//! else then starts; old logs still fold as they did.

mod support;

use support::*;

use chrono::{DateTime, Duration, TimeZone, Utc};
use release_desk::demo::{self, PlanShape, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER};
use release_desk::domain::*;

fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0)
        .single()
        .expect("valid date")
}

/// Given: Payments 3.3 authorized for Production, its one wave ready, its window
/// 12 December 22:00 to 13 December 02:00 (across midnight).
fn ready_wave() -> Result<(demo::Script, ReleaseId, ItemId)> {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let shape = PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![(
            "Production rollout".into(),
            "prod".into(),
            at(12, 12, 22, 0),
            4,
        )],
        pilot: false,
    };
    demo::plan(&mut s, &id, &shape)?;
    demo::build_and_test(&mut s, &id)?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("prod".into()))?;
    let wave = release(&s, &id).waves[0].id.clone();
    s.ok(
        OPERATIONS,
        on(&id, ReleaseChange::ConfirmReadiness(wave.clone())),
    )?;
    Ok((s, id, wave))
}

/// The script's next command happens at `when`.
fn clock(s: &mut demo::Script, when: DateTime<Utc>) {
    s.now = when - Duration::minutes(1);
}

fn start(s: &mut demo::Script, id: &ReleaseId, wave: &ItemId, who: &str) -> Result<EventId> {
    s.ok(who, on(id, ReleaseChange::StartWave(wave.clone())))
}

fn status(s: &demo::Script, id: &ReleaseId) -> WaveStatus {
    release(s, id).waves[0].status
}

#[test]
fn a_start_before_the_window_is_refused_with_the_window_and_the_time() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    clock(&mut s, at(12, 3, 10, 15));
    let refused = start(&mut s, &id, &wave, RELEASE_MANAGER).expect_err("outside its window");
    assert_eq!(
        refused.to_string(),
        "The window of “Production rollout” on Production is 12 Dec 22:00–02:00 UTC; it is now \
         3 Dec 10:15 UTC. Start it inside its window, or ask change management to record an \
         emergency override."
    );
    assert_eq!(status(&s, &id), WaveStatus::Ready);
    Ok(())
}

#[test]
fn a_start_after_the_window_ended_is_refused() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    // The window ends at 02:00 (exclusive).
    clock(&mut s, at(12, 13, 2, 0));
    let refused = start(&mut s, &id, &wave, RELEASE_MANAGER).expect_err("after its window");
    assert!(
        refused.to_string().contains("it is now 13 Dec 02:00 UTC"),
        "{refused}"
    );
    Ok(())
}

#[test]
fn a_start_after_midnight_inside_a_window_that_crosses_it_is_accepted() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    clock(&mut s, at(12, 13, 1, 30));
    start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    assert_eq!(status(&s, &id), WaveStatus::InProgress);
    let started = release(&s, &id).waves[0].started.clone().expect("started");
    assert_eq!(started.at, at(12, 13, 1, 30));
    Ok(())
}

#[test]
fn verification_after_the_window_ended_is_accepted_the_work_started_in_time() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    clock(&mut s, at(12, 13, 1, 50));
    start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    clock(&mut s, at(12, 13, 3, 0));
    s.ok(
        OPERATIONS,
        on(
            &id,
            ReleaseChange::VerifyWave {
                wave,
                passed: true,
                notes: "Smoke tests green".into(),
            },
        ),
    )?;
    assert_eq!(status(&s, &id), WaveStatus::Verified);
    Ok(())
}

#[test]
fn a_start_inside_a_freeze_is_refused_with_the_freeze() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    let mut policy = s.engine.book().policy(&"payments".into()).clone();
    policy.freeze_windows.push(FreezeWindow {
        id: "psp".into(),
        name: "Card network maintenance".into(),
        start: at(12, 13, 0, 0),
        end: at(12, 13, 4, 0),
        repeat: Repeat::Once,
        environments: vec!["prod".into()],
    });
    s.ok(RELEASE_MANAGER, Change::Policy(policy))?;
    clock(&mut s, at(12, 13, 1, 0));
    let refused = start(&mut s, &id, &wave, RELEASE_MANAGER).expect_err("in a freeze");
    assert_eq!(
        refused.to_string(),
        "Production is in the change freeze “Card network maintenance” (13 Dec 00:00–04:00 \
         UTC); it is now 13 Dec 01:00 UTC. Start the wave after the freeze, or ask change \
         management to record an emergency override."
    );
    // Before the freeze, inside the window, it starts.
    clock(&mut s, at(12, 12, 23, 0));
    start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    Ok(())
}

#[test]
fn with_an_emergency_override_a_wave_starts_outside_its_window_and_the_override_is_kept() -> Result
{
    let (mut s, id, wave) = ready_wave()?;
    clock(&mut s, at(12, 3, 10, 15));
    let reason = "Incident INC-4471: duplicate card charges";
    s.ok(
        CHANGE_MANAGER,
        on(
            &id,
            ReleaseChange::OverrideWindow {
                wave: wave.clone(),
                reason: reason.into(),
            },
        ),
    )?;
    let started = start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    let w = &release(&s, &id).waves[0];
    assert_eq!(w.status, WaveStatus::InProgress);
    let recorded = w.emergency.clone().expect("the override is recorded");
    assert_eq!(recorded.reason, reason);
    assert_eq!(recorded.stamp.by, PersonId::from(CHANGE_MANAGER));
    assert_eq!(recorded.stamp.at, at(12, 3, 10, 15));
    // The timeline says so.
    let book = s.engine.book();
    let event = s
        .engine
        .log()
        .events()
        .iter()
        .find(|e| e.id == started)
        .expect("the start is logged");
    assert_eq!(
        describe::describe(book, event),
        format!(
            "Started deploying wave “Production rollout” under an emergency override by Carl \
             Chen: {reason}"
        )
    );
    Ok(())
}

#[test]
fn an_override_needs_change_management_authority_and_a_reason() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    let by_release_manager = s
        .ok(
            RELEASE_MANAGER,
            on(
                &id,
                ReleaseChange::OverrideWindow {
                    wave: wave.clone(),
                    reason: "We are in a hurry".into(),
                },
            ),
        )
        .expect_err("a release manager has no change-management authority");
    assert!(
        matches!(by_release_manager, LifecycleError::NotPermitted { .. }),
        "{by_release_manager}"
    );
    assert_eq!(
        by_release_manager.to_string(),
        "Only a change manager / CAB may authorize an emergency deployment outside its window."
    );
    let blank = s
        .ok(
            CHANGE_MANAGER,
            on(
                &id,
                ReleaseChange::OverrideWindow {
                    wave,
                    reason: " ".into(),
                },
            ),
        )
        .expect_err("a reason is needed");
    assert_eq!(blank.field(), Some("reason"));
    assert!(release(&s, &id).waves[0].emergency.is_none());
    Ok(())
}

#[test]
fn the_authorizer_of_an_override_may_not_start_the_wave_too() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    // Dana holds change-management authority and deploys.
    s.ok(
        RELEASE_MANAGER,
        Change::Person(Person {
            id: "dana".into(),
            name: "Dana Diaz".into(),
            roles: vec![Role::ChangeManager, Role::Operations],
            email: String::new(),
        }),
    )?;
    clock(&mut s, at(12, 3, 10, 15));
    s.ok(
        "dana",
        on(
            &id,
            ReleaseChange::OverrideWindow {
                wave: wave.clone(),
                reason: "Incident INC-4471".into(),
            },
        ),
    )?;
    let own = start(&mut s, &id, &wave, "dana").expect_err("a second person starts it");
    assert!(
        own.to_string().contains("someone else must start it"),
        "{own}"
    );
    start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    assert_eq!(status(&s, &id), WaveStatus::InProgress);
    Ok(())
}

#[test]
fn an_old_log_folds_as_before_its_start_outside_the_window_included() -> Result {
    let (mut s, id, wave) = ready_wave()?;
    clock(&mut s, at(12, 12, 23, 0));
    start(&mut s, &id, &wave, RELEASE_MANAGER)?;
    // An older app wrote this start at a time outside the window: the fold keeps it.
    let mut events = s.engine.log().events().to_vec();
    let last = events.last_mut().expect("events");
    last.at = at(12, 1, 9, 0);
    let book = fold(&events);
    assert!(book.conflicts.is_empty());
    assert_eq!(book.releases[&id].waves[0].status, WaveStatus::InProgress);
    // A wave written without the override field reads back without one, and is written
    // back without it.
    let json = serde_json::to_value(&book.releases[&id].waves[0]).expect("a wave serializes");
    assert!(json.get("emergency").is_none());
    let back: Wave = serde_json::from_value(json).expect("an old wave reads");
    assert!(back.emergency.is_none());
    Ok(())
}

#[test]
fn the_plan_is_not_offered_for_editing_while_it_waits_for_its_approvers() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    let shape = PlanShape::big_bang(support::start() + Duration::days(20));
    demo::write_plan(&mut s, &id, &shape)?;
    let edit = ReleaseChange::EditPlan(PlanText::default());
    let rita = s.engine.book().people[&PersonId::from(RELEASE_MANAGER)].clone();
    assert!(offer(s.engine.book(), &id, Some(&rita), &edit));
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RequestApproval(Gate::Build)),
    )?;
    // Waiting for the approvers: not offered, and the domain refuses it.
    assert!(release(&s, &id).plan_awaits_approvers());
    assert!(!offer(s.engine.book(), &id, Some(&rita), &edit));
    let why = refusal(
        s.engine.book(),
        &rita.id,
        on(&id, edit.clone()),
        s.now + Duration::minutes(1),
    )
    .expect("refused");
    assert_eq!(
        why.to_string(),
        "The plan is waiting for its approvers; change it after their decision."
    );
    // What is not the plan stays open: the release can still be cancelled.
    assert!(release(&s, &id).open_to(&ReleaseChange::Cancel {
        reason: "Postponed".into()
    }));
    Ok(())
}
