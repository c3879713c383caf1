//! Given/when/then tests of the other paths through the lifecycle: minor and emergency
//! releases, a phased rollout backed out and re-planned, freeze windows, release numbering,
//! cancellation and the catalogue's checks.

mod support;

use support::*;

use chrono::{Duration, TimeZone, Utc};
use release_desk::demo::{self, PlanShape, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER};
use release_desk::domain::*;

#[test]
fn a_minor_release_is_numbered_after_the_latest_minor() -> Result {
    let mut s = given_catalogue();
    // Payments is at 3.2: the next minor is 3.3, the next major 4.0, an emergency 3.2.1.
    let book = s.engine.book();
    assert_eq!(
        numbering(book, &"payments".into(), Category::Minor).suggested,
        Version::new(3, 3, 0)
    );
    assert_eq!(
        numbering(book, &"payments".into(), Category::Major).suggested,
        Version::new(4, 0, 0)
    );
    assert_eq!(
        numbering(book, &"payments".into(), Category::Emergency).suggested,
        Version::new(3, 2, 1)
    );
    let id = payments_3_3(&mut s)?;
    assert_eq!(release(&s, &id).title(), "Payments 3.3 v3.3");
    assert_eq!(
        numbering(s.engine.book(), &"payments".into(), Category::Minor).suggested,
        Version::new(3, 4, 0)
    );
    Ok(())
}

#[test]
fn a_wrong_version_is_refused_with_the_number_that_would_be_right() -> Result {
    let mut s = given_catalogue();
    let error = demo::new_release(
        &mut s,
        "payments",
        Category::Major,
        Version::new(3, 5, 0),
        "Payments next",
        &[],
    )
    .expect_err("wrong number");
    assert_eq!(
        error.to_string(),
        "3.5 is not the next major release of Payments: the release policy gives 4.0."
    );
    assert_eq!(error.field(), Some("version"));
    let LifecycleError::WrongVersion { expected, .. } = error else {
        panic!("wrong kind of error")
    };
    // Taking the suggestion works.
    demo::new_release(
        &mut s,
        "payments",
        Category::Major,
        expected,
        "Payments next",
        &[],
    )?;
    // Skipping a minor number is refused too.
    let error = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 7, 0),
        "Storefront",
        &[],
    )
    .expect_err("skips 5.5");
    assert!(error.to_string().ends_with("gives 5.5."), "{error}");
    Ok(())
}

#[test]
fn an_emergency_release_is_authorized_by_the_emergency_cab_gate_by_gate() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Emergency,
        Version::new(3, 2, 1),
        "Card refund hotfix",
        &["payments-api"],
    )?;
    // Only an emergency release may use the emergency path, and a normal CAB authorizes one gate at a time.
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&id, authorize(vec![Gate::Planning, Gate::Build], false)),
        )
        .expect_err("one gate");
    assert_eq!(error.field(), Some("gates"));
    // The ECAB authorizes planning; the plan is written; then build without the approval chain.
    s.ok(
        CHANGE_MANAGER,
        on(&id, authorize(vec![Gate::Planning], true)),
    )?;
    demo::write_plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(2)),
    )?;
    s.ok(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], true)))?;
    demo::build_and_test(&mut s, &id)?;
    // Three environments at once, each recorded as its own event.
    let gates: Vec<Gate> = ["test", "staging", "prod"]
        .iter()
        .map(|e| Gate::Deployment((*e).into()))
        .collect();
    let events = s.run(CHANGE_MANAGER, on(&id, authorize(gates, true)))?;
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| matches!(&e.what, Change::Release { change: ReleaseChange::Authorize { gates, emergency: true, .. }, .. } if gates.len() == 1)));
    let r = release(&s, &id);
    assert_eq!(r.status, Status::Deployment);
    assert!(r.authorizations.iter().all(|a| a.emergency));
    let waves: Vec<ItemId> = r.waves.iter().map(|w| w.id.clone()).collect();
    for wave in &waves {
        demo::deploy_wave(&mut s, &id, wave, true)?;
    }
    s.ok(OPERATIONS, on(&id, ReleaseChange::DeclareServiceLive))?;
    assert_eq!(release(&s, &id).status, Status::EarlyLifeSupport);
    Ok(())
}

#[test]
fn the_emergency_cab_cannot_skip_what_a_gate_needs() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Emergency,
        Version::new(3, 2, 1),
        "Hotfix",
        &["payments-api"],
    )?;
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&id, authorize(vec![Gate::Planning, Gate::Build], true)),
        )
        .expect_err("no plan");
    assert!(
        error.to_string().starts_with("Build and test needs: "),
        "{error}"
    );
    // Nothing was recorded: the planning authorization went with the refused command.
    assert!(release(&s, &id).authorizations.is_empty());
    let minor = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront",
        &[],
    )?;
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&minor, authorize(vec![Gate::Planning], true)),
        )
        .expect_err("not an emergency");
    assert!(
        error.to_string().contains("Only an emergency release"),
        "{error}"
    );
    Ok(())
}

fn phased_shape() -> PlanShape {
    let day = start() + Duration::days(10);
    PlanShape {
        rollout: Rollout::Phased,
        waves: vec![
            ("Wave 1: pilot stores".into(), "prod".into(), day, 6),
            (
                "Wave 2: northern region".into(),
                "prod".into(),
                day + Duration::days(2),
                6,
            ),
            (
                "Wave 3: all other stores".into(),
                "prod".into(),
                day + Duration::days(4),
                6,
            ),
        ],
        pilot: true,
    }
}

#[test]
fn a_phased_rollout_whose_second_wave_fails_is_backed_out_and_replanned() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "pos",
        Category::Minor,
        Version::new(7, 1, 0),
        "Till 7.1",
        &["pos-software", "pos-terminal", "cashier-training"],
    )?;
    demo::plan(&mut s, &id, &phased_shape())?;
    demo::build_and_test(&mut s, &id)?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("prod".into()))?;
    let waves: Vec<ItemId> = release(&s, &id)
        .waves
        .iter()
        .map(|w| w.id.clone())
        .collect();
    demo::deploy_wave(&mut s, &id, &waves[0], true)?;
    assert_eq!(
        s.engine
            .book()
            .deployed_version(&"pos".into(), &"prod".into())
            .map(|d| d.version),
        Some(Version::new(7, 1, 0))
    );
    demo::deploy_wave(&mut s, &id, &waves[1], false)?;
    assert_eq!(release(&s, &id).waves[1].status, WaveStatus::Failed);
    // The service cannot go live with a failed wave.
    let error = s
        .run(OPERATIONS, on(&id, ReleaseChange::DeclareServiceLive))
        .expect_err("failed wave");
    assert!(
        error
            .to_string()
            .contains("Every wave must be deployed and verified"),
        "{error}"
    );
    // A remediation is recorded, verification fails again, and the release is backed out.
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::RemediateWave {
                wave: waves[1].clone(),
                notes: "Restarted terminal gateway".into(),
            },
        ),
    )?;
    s.ok(
        OPERATIONS,
        on(
            &id,
            ReleaseChange::VerifyWave {
                wave: waves[1].clone(),
                passed: false,
                notes: "Still failing".into(),
            },
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::BackOut {
                reason: "Terminal firmware incompatible".into(),
            },
        ),
    )?;
    let r = release(&s, &id);
    assert_eq!(r.status, Status::BackedOut);
    assert_eq!(r.waves[0].status, WaveStatus::BackedOut);
    assert_eq!(r.waves[2].status, WaveStatus::Planned);
    // What is deployed falls back to nothing recorded for this release.
    assert!(s
        .engine
        .book()
        .deployed_version(&"pos".into(), &"prod".into())
        .is_none());
    // Backed out releases are re-planned and pass every gate again.
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::StartWave(waves[2].clone())),
        )
        .expect_err("backed out");
    assert_eq!(
        error.to_string(),
        "Cannot start a wave: the release is backed out."
    );
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::Replan {
                reason: "Firmware 2.3 first".into(),
            },
        ),
    )?;
    let r = release(&s, &id);
    assert_eq!((r.status, r.cycle), (Status::Planning, 1));
    assert!(!r.is_authorized(&Gate::Deployment("prod".into())));
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    // Test results of the old cycle no longer count.
    let missing = missing_for(
        s.engine.book(),
        release(&s, &id),
        &Gate::Deployment("prod".into()),
        true,
    );
    assert!(
        missing
            .iter()
            .any(|m| m.item.contains("pass/fail criteria are not met")),
        "{missing:?}"
    );
    demo::build_and_test(&mut s, &id)?;
    // The old windows have passed: the new cycle deploys in new ones.
    for (n, wave) in release(&s, &id).waves.clone().into_iter().enumerate() {
        let start = s.now + Duration::days(1 + n as i64);
        let plan = WavePlan {
            window: Window {
                start,
                end: start + Duration::hours(6),
            },
            ..wave.plan
        };
        s.ok(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::EditWave { id: wave.id, plan }),
        )?;
    }
    demo::deploy_all(&mut s, &id)?;
    assert_eq!(release(&s, &id).status, Status::EarlyLifeSupport);
    let history = query::deployment_history(s.engine.book(), &"pos".into(), &"prod".into());
    assert_eq!(history.len(), 2);
    assert!(history[1].backed_out && !history[0].backed_out);
    Ok(())
}

#[test]
fn a_window_in_a_freeze_is_a_conflict_and_blocks_deployment() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront 5.5",
        &["storefront-web"],
    )?;
    // Production on 22 December falls in the year-end freeze (which repeats every year).
    let december = Utc
        .with_ymd_and_hms(2027, 12, 22, 1, 0, 0)
        .single()
        .expect("date");
    let shape = PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![("Production".into(), "prod".into(), december, 3)],
        pilot: false,
    };
    demo::plan(&mut s, &id, &shape)?;
    demo::build_and_test(&mut s, &id)?;
    let conflicts = schedule::release_conflicts(s.engine.book(), release(&s, &id));
    assert_eq!(conflicts.len(), 1);
    assert!(matches!(
        conflicts[0].kind,
        schedule::ConflictKind::Freeze { .. }
    ));
    assert!(
        conflicts[0].message.contains("Year-end trading freeze"),
        "{}",
        conflicts[0].message
    );
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&id, authorize(vec![Gate::Deployment("prod".into())], false)),
        )
        .expect_err("freeze");
    assert!(
        error.to_string().contains("Year-end trading freeze"),
        "{error}"
    );
    // Dragging the window out of the freeze clears the conflict before anything is saved...
    let wave = release(&s, &id).waves[0].clone();
    let moved = Window {
        start: december + Duration::days(14),
        end: december + Duration::days(14) + Duration::hours(3),
    };
    assert!(schedule::window_conflicts(
        s.engine.book(),
        release(&s, &id),
        &wave.id,
        &"prod".into(),
        moved
    )
    .is_empty());
    // ...and saving it lets the gate pass.
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::EditWave {
                id: wave.id.clone(),
                plan: WavePlan {
                    window: moved,
                    ..wave.plan.clone()
                },
            },
        ),
    )?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("prod".into()))?;
    Ok(())
}

#[test]
fn overlapping_windows_and_dependencies_are_conflicts() -> Result {
    let mut s = given_catalogue();
    let day = start() + Duration::days(5);
    let first = payments_3_3(&mut s)?;
    let shape = PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![("Production".into(), "prod".into(), day, 4)],
        pilot: false,
    };
    demo::pass_gate(&mut s, &first, Gate::Planning)?;
    demo::write_plan(&mut s, &first, &shape)?;
    let second = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 4, 0),
        "Payments 3.4",
        &["payments-api"],
    )?;
    let details = ReleaseDetails {
        depends_on: vec![first.clone()],
        ..release(&s, &second).details.clone()
    };
    s.ok(
        RELEASE_MANAGER,
        on(&second, ReleaseChange::EditDetails(details)),
    )?;
    // Same service, same environment, overlapping window, and before the release it depends on.
    let overlapping = Window {
        start: day + Duration::hours(1),
        end: day + Duration::hours(2),
    };
    let conflicts = schedule::window_conflicts(
        s.engine.book(),
        release(&s, &second),
        &ItemId::from("w"),
        &"prod".into(),
        overlapping,
    );
    let kinds: Vec<_> = conflicts.iter().map(|c| &c.kind).collect();
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, schedule::ConflictKind::Overlap { other } if other == &first)),
        "{conflicts:?}"
    );
    assert!(kinds.iter().any(|k| matches!(k, schedule::ConflictKind::Dependency { dependency } if dependency == &first)), "{conflicts:?}");
    let later = Window {
        start: day + Duration::days(1),
        end: day + Duration::days(1) + Duration::hours(2),
    };
    assert!(schedule::window_conflicts(
        s.engine.book(),
        release(&s, &second),
        &ItemId::from("w"),
        &"prod".into(),
        later
    )
    .is_empty());
    Ok(())
}

#[test]
fn the_policy_limits_how_often_a_major_release_ships() -> Result {
    let mut s = given_catalogue();
    let day = start() + Duration::days(10);
    let first = demo::new_release(
        &mut s,
        "warehouse",
        Category::Major,
        Version::new(3, 0, 0),
        "WMS 3",
        &["wms-app"],
    )?;
    let shape = |d| PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![("Production".into(), "prod".into(), d, 4)],
        pilot: false,
    };
    demo::plan(&mut s, &first, &shape(day))?;
    demo::build_and_test(&mut s, &first)?;
    demo::pass_gate(&mut s, &first, Gate::Deployment("prod".into()))?;
    let second = demo::new_release(
        &mut s,
        "warehouse",
        Category::Major,
        Version::new(4, 0, 0),
        "WMS 4",
        &["wms-app"],
    )?;
    demo::plan(&mut s, &second, &shape(day + Duration::days(20)))?;
    demo::build_and_test(&mut s, &second)?;
    let missing = missing_for(
        s.engine.book(),
        release(&s, &second),
        &Gate::Deployment("prod".into()),
        true,
    );
    assert!(
        missing
            .iter()
            .any(|m| m.item.contains("at most 1 major release per quarter")),
        "{missing:?}"
    );
    Ok(())
}

#[test]
fn a_release_is_cancelled_with_a_reason_but_not_once_deploying() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    assert_eq!(
        s.run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::Cancel { reason: " ".into() })
        )
        .expect_err("reason")
        .field(),
        Some("reason")
    );
    let other = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront 5.5",
        &["storefront-web"],
    )?;
    demo::plan(
        &mut s,
        &other,
        &PlanShape::big_bang(start() + Duration::days(5)),
    )?;
    demo::build_and_test(&mut s, &other)?;
    demo::pass_gate(&mut s, &other, Gate::Deployment("test".into()))?;
    let error = s
        .run(
            RELEASE_MANAGER,
            on(
                &other,
                ReleaseChange::Cancel {
                    reason: "budget".into(),
                },
            ),
        )
        .expect_err("deploying");
    assert!(
        error
            .to_string()
            .contains("Cannot cancel: the release is deploying."),
        "{error}"
    );
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::Cancel {
                reason: "Superseded by 3.4".into(),
            },
        ),
    )?;
    assert_eq!(release(&s, &id).status, Status::Cancelled);
    // A cancelled number is free again.
    assert_eq!(
        numbering(s.engine.book(), &"payments".into(), Category::Minor).suggested,
        Version::new(3, 3, 0)
    );
    Ok(())
}

#[test]
fn the_catalogue_refuses_to_retire_what_active_releases_use() -> Result {
    let mut s = given_catalogue();
    payments_3_3(&mut s)?;
    let error = s
        .run(RELEASE_MANAGER, Change::RetireCi("payments-api".into()))
        .expect_err("in use");
    assert!(error.to_string().contains("Payments 3.3 v3.3"), "{error}");
    let error = s
        .run(RELEASE_MANAGER, Change::RetireService("payments".into()))
        .expect_err("in use");
    assert!(error.to_string().contains("active releases"), "{error}");
    s.ok(RELEASE_MANAGER, Change::RetireCi("psp-contract".into()))?;
    let error = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 4, 0),
        "x",
        &["psp-contract"],
    )
    .expect_err("retired");
    assert_eq!(error.field(), Some("package"));
    let error = s
        .run(
            RELEASE_MANAGER,
            Change::Service(Service {
                id: "bad id!".into(),
                name: "x".into(),
                description: String::new(),
                owner_team: String::new(),
                baseline: Version::default(),
                retired: false,
            }),
        )
        .expect_err("id");
    assert_eq!(error.field(), Some("id"));
    Ok(())
}

#[test]
fn the_demo_book_has_releases_in_every_phase() -> Result {
    // Any day of the year, including inside the year-end freeze, builds the same story.
    for today in [
        start(),
        Utc.with_ymd_and_hms(2026, 12, 24, 12, 0, 0)
            .single()
            .expect("date"),
        Utc.with_ymd_and_hms(2027, 1, 2, 8, 0, 0)
            .single()
            .expect("date"),
    ] {
        let engine = demo::demo_book(today)?;
        let book = engine.book();
        assert!(
            book.releases.len() >= 12,
            "{} releases",
            book.releases.len()
        );
        for status in Status::ALL.into_iter().filter(|s| *s != Status::BackedOut) {
            assert!(
                book.releases.values().any(|r| r.status == status),
                "no release is {}",
                status.label()
            );
        }
        assert!(book
            .releases
            .values()
            .any(|r| r.category == Category::Emergency && r.status == Status::EarlyLifeSupport));
        assert!(book.releases.values().any(|r| r.cycle == 1
            && r.waves
                .iter()
                .any(|w| w.verifications.iter().any(|v| !v.passed))));
        assert!(book
            .releases
            .values()
            .any(|r| r.status == Status::Closed && r.review.pir.is_some()));
        assert!(!query::pending_approvals(book, None).is_empty());
        assert!(
            !schedule::all_conflicts(book).is_empty(),
            "a window in the freeze shows as a conflict"
        );
        assert!(
            book.cis
                .values()
                .map(|c| c.kind)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == CiKind::ALL.len()
        );
        assert!(engine.log().verify().is_ok());
        assert!(
            engine.log().events().iter().all(|e| e.at < today),
            "the story happened before today"
        );
    }
    Ok(())
}

#[test]
fn a_person_without_a_name_or_a_role_is_refused_next_to_the_field() -> Result {
    let mut s = given_catalogue();
    let nameless = Person {
        email: String::new(),
        id: "x".into(),
        name: "  ".into(),
        roles: vec![Role::Tester],
    };
    let error = s
        .run(RELEASE_MANAGER, Change::Person(nameless))
        .expect_err("no name");
    assert_eq!(
        (error.field(), error.to_string().as_str()),
        (Some("name"), "Enter the person's name.")
    );
    let roleless = Person {
        email: String::new(),
        id: "x".into(),
        name: "Xena".into(),
        roles: vec![],
    };
    let error = s
        .run(RELEASE_MANAGER, Change::Person(roleless))
        .expect_err("no role");
    assert_eq!(
        (error.field(), error.to_string().as_str()),
        (Some("roles"), "Choose at least one role.")
    );
    assert!(
        !s.engine.book().people.contains_key(&PersonId::from("x")),
        "nothing was stored"
    );
    Ok(())
}

#[test]
fn the_whole_schedule_lists_exactly_the_conflicts_of_each_release() {
    // Every conflict of the book, found with the per-environment index, is the union of
    // every release's own conflicts found by scanning the whole book.
    // Built on this day, the demo book has a window in the year-end freeze.
    let demo = demo::demo_book(start()).expect("demo book");
    // Three releases of one service planned into overlapping windows on Production.
    let mut overlapping = given_catalogue();
    let day = start() + Duration::days(5);
    for (minor, hours) in [(3, 0), (4, 1), (5, 2)] {
        let id = demo::new_release(
            &mut overlapping,
            "payments",
            Category::Minor,
            Version::new(3, minor, 0),
            &format!("Payments 3.{minor}"),
            &["payments-api"],
        )
        .expect("release");
        demo::pass_gate(&mut overlapping, &id, Gate::Planning).expect("planning");
        let shape = PlanShape {
            rollout: Rollout::BigBang,
            waves: vec![(
                "Production".into(),
                "prod".into(),
                day + Duration::hours(hours),
                2,
            )],
            pilot: false,
        };
        demo::write_plan(&mut overlapping, &id, &shape).expect("plan");
    }
    let found = schedule::all_conflicts(overlapping.engine.book());
    assert_eq!(
        found
            .iter()
            .filter(|c| matches!(c.kind, schedule::ConflictKind::Overlap { .. }))
            .count(),
        4,
        "3.3 and 3.4 overlap, and 3.4 and 3.5: each pair seen from both sides"
    );
    let synthetic =
        release_desk::demo::synthetic::sized(400, 6_000, release_desk::demo::synthetic::start())
            .expect("synthetic book")
            .engine;
    assert!(!schedule::all_conflicts(demo.book()).is_empty());
    for engine in [demo, overlapping.engine, synthetic] {
        let book = engine.book();
        let each: Vec<_> = book
            .releases
            .values()
            .filter(|r| {
                !matches!(
                    r.status,
                    Status::Closed | Status::Cancelled | Status::BackedOut
                )
            })
            .flat_map(|r| schedule::release_conflicts(book, r))
            .collect();
        assert_eq!(schedule::all_conflicts(book), each);
    }
}
