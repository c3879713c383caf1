//! The demo release book the app offers on first start (and `make run` preloads): a retail
//! company's four services with a dozen releases spread across every phase, including an
//! emergency release in early life support, a phased rollout whose second wave was backed
//! out, a closed release with its review, approvals waiting and a window in a freeze.
//!
//! Dates are relative to `today`, so the calendar always has something coming up.

use super::catalogue::{
    catalogue, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use super::walk::{
    build_and_test, deploy_all, deploy_wave, new_release, pass_gate, plan, review_and_close,
    write_plan, PlanShape,
};
use super::Script;
use crate::domain::{
    Category, Change, Communication, CriterionResult, Engine, EntryStatus, EnvironmentId, Gate,
    Issue, IssueKind, ItemId, KnownError, LifecycleError, Milestone, MilestoneKind, ReleaseChange,
    ReleaseId, Risk, Rollout, Severity, TestKind, TestRun, Version, WavePlan, Window,
};
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

/// The demo book's name.
pub const NAME: &str = "Northwind Retail IT — release book";

/// A day `offset` days from `today` at `hour` UTC, moved out of the year-end freeze
/// (18 December to 4 January) so that the scripted gates pass whatever today is.
fn day(today: DateTime<Utc>, offset: i64, hour: u32) -> DateTime<Utc> {
    let mut at = (today + Duration::days(offset))
        .with_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
        .single()
        .unwrap_or(today);
    let frozen =
        |d: DateTime<Utc>| (d.month() == 12 && d.day() >= 16) || (d.month() == 1 && d.day() <= 5);
    while frozen(at) {
        at += if offset < 0 {
            -Duration::days(1)
        } else {
            Duration::days(1)
        };
    }
    at
}

fn waves(today: DateTime<Utc>, first: i64, envs: &[(&str, &str)]) -> PlanShape {
    let waves = envs
        .iter()
        .enumerate()
        .map(|(i, (name, env))| {
            (
                (*name).to_owned(),
                EnvironmentId::from(*env),
                day(today, first + 2 * i as i64, 22),
                4,
            )
        })
        .collect();
    PlanShape {
        rollout: Rollout::BigBang,
        waves,
        pilot: false,
    }
}

const ALL_ENVS: &[(&str, &str)] = &[
    ("Test rollout", "test"),
    ("Staging rollout", "staging"),
    ("Production rollout", "prod"),
];

fn on(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

/// Build the demo book through the domain's commands.
pub fn demo_book(today: DateTime<Utc>) -> Result<Engine, LifecycleError> {
    let mut s = Script::new("demo-", today - Duration::days(120));
    sign_demo(&mut s)?;
    for (actor, change) in catalogue(today.year() - 1) {
        s.ok(actor, change)?;
    }
    enrol_demo(&mut s)?;
    closed_releases(&mut s, today)?;
    live_and_deploying(&mut s, today)?;
    in_flight(&mut s, today)?;
    Ok(s.engine)
}

/// Two closed releases with their full reviews, and a cancelled one.
fn closed_releases(s: &mut Script, today: DateTime<Utc>) -> Result<(), LifecycleError> {
    let payments = new_release(
        s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Payments faster refunds",
        &["payments-api", "refund-process"],
    )?;
    plan(s, &payments, &waves(today, -95, ALL_ENVS))?;
    build_and_test(s, &payments)?;
    deploy_all(s, &payments)?;
    let known = KnownError {
        id: ItemId::default(),
        title: "Refund e-mail shows UTC time".into(),
        workaround: "Staff read the time from the till receipt".into(),
        fix: "Payments 3.4".into(),
        status: EntryStatus::Open,
    };
    s.ok(
        OPERATIONS,
        on(&payments, ReleaseChange::RecordKnownError(known)),
    )?;
    review_and_close(s, &payments)?;

    let storefront = new_release(
        s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront wish lists",
        &["storefront-web", "storefront-guide"],
    )?;
    plan(s, &storefront, &waves(today, -70, ALL_ENVS))?;
    build_and_test(s, &storefront)?;
    deploy_all(s, &storefront)?;
    review_and_close(s, &storefront)?;

    let cancelled = new_release(
        s,
        "payments",
        Category::Minor,
        Version::new(3, 4, 0),
        "Payments loyalty points",
        &["payments-api"],
    )?;
    pass_gate(s, &cancelled, Gate::Planning)?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &cancelled,
            ReleaseChange::Cancel {
                reason: "Loyalty programme postponed by the business".into(),
            },
        ),
    )?;
    s.advance(Duration::days(20));
    Ok(())
}

/// An emergency release in early life support, a phased rollout with a backed-out wave
/// now re-planned, a release deploying, and one in review.
fn live_and_deploying(s: &mut Script, today: DateTime<Utc>) -> Result<(), LifecycleError> {
    // Phased point-of-sale rollout: wave 1 fine, wave 2 failed and was backed out.
    let pos = new_release(
        s,
        "pos",
        Category::Minor,
        Version::new(7, 1, 0),
        "Till contactless upgrade",
        &[
            "pos-software",
            "pos-terminal",
            "cashier-training",
            "pos-guide",
        ],
    )?;
    let phased = PlanShape {
        rollout: Rollout::Phased,
        waves: vec![
            (
                "Wave 1: three pilot stores".into(),
                "prod".into(),
                day(today, -30, 21),
                6,
            ),
            (
                "Wave 2: northern region".into(),
                "prod".into(),
                day(today, -27, 21),
                6,
            ),
            (
                "Wave 3: all other stores".into(),
                "prod".into(),
                day(today, -24, 21),
                6,
            ),
        ],
        pilot: true,
    };
    plan(s, &pos, &phased)?;
    build_and_test(s, &pos)?;
    pass_gate(s, &pos, Gate::Deployment("prod".into()))?;
    let wave_ids: Vec<ItemId> = s.engine.book().releases[&pos]
        .waves
        .iter()
        .map(|w| w.id.clone())
        .collect();
    deploy_wave(s, &pos, &wave_ids[0], true)?;
    deploy_wave(s, &pos, &wave_ids[1], false)?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &pos,
            ReleaseChange::RemediateWave {
                wave: wave_ids[1].clone(),
                notes: "Rebooted terminal gateways in the region".into(),
            },
        ),
    )?;
    s.ok(
        OPERATIONS,
        on(
            &pos,
            ReleaseChange::VerifyWave {
                wave: wave_ids[1].clone(),
                passed: false,
                notes: "Contactless still declined on older terminals".into(),
            },
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &pos,
            ReleaseChange::BackOut {
                reason: "Terminal firmware 2.1 rejects the new contactless kernel".into(),
            },
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &pos,
            ReleaseChange::Replan {
                reason: "Upgrade terminal firmware to 2.3 first".into(),
            },
        ),
    )?;
    let issue = Issue {
        id: ItemId::default(),
        kind: IssueKind::Issue,
        title: "Older terminals reject the contactless kernel".into(),
        severity: Severity::High,
        corrective_action: "Firmware 2.3 on all Model T2 terminals before wave 2".into(),
        status: EntryStatus::Open,
        waives: None,
        approved: None,
    };
    s.ok(RELEASE_MANAGER, on(&pos, ReleaseChange::RaiseIssue(issue)))?;
    for (i, id) in wave_ids.iter().enumerate() {
        let plan = s.engine.book().releases[&pos].waves[i].plan.clone();
        let start = day(today, 10 + 3 * i as i64, 21);
        let moved = WavePlan {
            window: Window {
                start,
                end: start + Duration::hours(6),
            },
            ..plan
        };
        s.ok(
            RELEASE_MANAGER,
            on(
                &pos,
                ReleaseChange::EditWave {
                    id: id.clone(),
                    plan: moved,
                },
            ),
        )?;
    }

    // Warehouse 2.2: live, fully operational, in review (PIR and handover still to do).
    let wms = new_release(
        s,
        "warehouse",
        Category::Minor,
        Version::new(2, 2, 0),
        "Warehouse wave picking",
        &["wms-app", "wh-scanner"],
    )?;
    plan(s, &wms, &waves(today, -20, ALL_ENVS))?;
    build_and_test(s, &wms)?;
    deploy_all(s, &wms)?;
    s.ok(OPERATIONS, on(&wms, ReleaseChange::DeclareFullyOperational))?;
    s.ok(
        STAKEHOLDER,
        on(
            &wms,
            ReleaseChange::RecordFeedback {
                from: "Leeds depot".into(),
                text: "Picking rounds 15% shorter; scanners need a bigger font".into(),
            },
        ),
    )?;

    // Storefront 5.6: Test and Staging verified, Production authorized and coming up.
    let web = new_release(
        s,
        "storefront",
        Category::Minor,
        Version::new(5, 6, 0),
        "Storefront faster search",
        &["storefront-web"],
    )?;
    // A week ago and five days ago, before the hotfix: each wave deploys in its window.
    plan(s, &web, &waves(today, -7, ALL_ENVS))?;
    build_and_test(s, &web)?;
    let web_waves: Vec<(ItemId, EnvironmentId)> = s.engine.book().releases[&web]
        .waves
        .iter()
        .map(|w| (w.id.clone(), w.plan.environment.clone()))
        .collect();
    for (wave, env) in &web_waves[..2] {
        pass_gate(s, &web, Gate::Deployment(env.clone()))?;
        deploy_wave(s, &web, wave, true)?;
    }
    let prod_wave = &web_waves[2];
    let moved = WavePlan {
        window: Window {
            start: day(today, 2, 22),
            end: day(today, 2, 22) + Duration::hours(3),
        },
        ..s.engine.book().releases[&web].waves[2].plan.clone()
    };
    s.ok(
        RELEASE_MANAGER,
        on(
            &web,
            ReleaseChange::EditWave {
                id: prod_wave.0.clone(),
                plan: moved,
            },
        ),
    )?;
    pass_gate(s, &web, Gate::Deployment(prod_wave.1.clone()))?;
    s.ok(
        OPERATIONS,
        on(&web, ReleaseChange::ConfirmReadiness(prod_wave.0.clone())),
    )?;
    // Emergency fix on the live payments line, in early life support.
    let hotfix = new_release(
        s,
        "payments",
        Category::Emergency,
        Version::new(3, 3, 1),
        "Duplicate card charges hotfix",
        &["payments-api"],
    )?;
    // Three days ago at 02:00, or later when the year-end freeze pushed the earlier
    // windows this close: the clock of the script only moves forward.
    let hotfix_at = day(today, -3, 2).max(s.now + Duration::hours(1));
    let shape = PlanShape {
        rollout: Rollout::BigBang,
        waves: vec![
            ("Staging check".into(), "staging".into(), hotfix_at, 1),
            (
                "Production hotfix".into(),
                "prod".into(),
                hotfix_at + Duration::hours(2),
                1,
            ),
        ],
        pilot: false,
    };
    let ecab = |gates: Vec<Gate>| {
        on(
            &hotfix,
            ReleaseChange::Authorize {
                gates,
                emergency: true,
                note: "Emergency CAB, incident INC-4471".into(),
            },
        )
    };
    s.ok(CHANGE_MANAGER, ecab(vec![Gate::Planning]))?;
    write_plan(s, &hotfix, &shape)?;
    s.ok(CHANGE_MANAGER, ecab(vec![Gate::Build]))?;
    build_and_test(s, &hotfix)?;
    s.ok(
        CHANGE_MANAGER,
        ecab(vec![
            Gate::Deployment("staging".into()),
            Gate::Deployment("prod".into()),
        ]),
    )?;
    let hotfix_waves: Vec<ItemId> = s.engine.book().releases[&hotfix]
        .waves
        .iter()
        .map(|w| w.id.clone())
        .collect();
    deploy_wave(s, &hotfix, &hotfix_waves[0], true)?;
    // Staging is fine and charges keep duplicating: the emergency CAB lets Production go
    // now rather than at its 04:00 window, and the release manager starts it.
    let production = &hotfix_waves[1];
    s.ok(
        CHANGE_MANAGER,
        on(
            &hotfix,
            ReleaseChange::OverrideWindow {
                wave: production.clone(),
                reason: "Incident INC-4471: customers are charged twice until the fix is live"
                    .into(),
            },
        ),
    )?;
    s.ok(
        OPERATIONS,
        on(&hotfix, ReleaseChange::ConfirmReadiness(production.clone())),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(&hotfix, ReleaseChange::StartWave(production.clone())),
    )?;
    s.ok(
        OPERATIONS,
        on(
            &hotfix,
            ReleaseChange::VerifyWave {
                wave: production.clone(),
                passed: true,
                notes: "No duplicate charges in the first hour".into(),
            },
        ),
    )?;
    s.ok(OPERATIONS, on(&hotfix, ReleaseChange::DeclareServiceLive))?;
    let message = Communication {
        id: ItemId::default(),
        audience: "All store managers".into(),
        channel: "E-mail".into(),
        message: "Duplicate charges fixed; refunds for affected customers run tonight".into(),
    };
    s.ok(
        RELEASE_MANAGER,
        on(&hotfix, ReleaseChange::RecordCommunication(message)),
    )?;

    Ok(())
}

/// Releases still early in their life: build and test with a failing criterion, a plan
/// waiting for approval, drafts (one scheduled into the year-end freeze).
fn in_flight(s: &mut Script, today: DateTime<Utc>) -> Result<(), LifecycleError> {
    // Warehouse 3.0 in build and test: the load test failed, a deviation is proposed.
    let wms3 = new_release(
        s,
        "warehouse",
        Category::Major,
        Version::new(3, 0, 0),
        "Warehouse robotics integration",
        &["wms-app", "wh-scanner"],
    )?;
    let mut shape = waves(today, 12, ALL_ENVS);
    shape.pilot = false;
    plan(s, &wms3, &shape)?;
    let criteria = s.engine.book().releases[&wms3].criteria.clone();
    let results = vec![
        CriterionResult {
            criterion: criteria[0].id.clone(),
            passed: true,
            note: "1,204 tests green".into(),
        },
        CriterionResult {
            criterion: criteria[1].id.clone(),
            passed: false,
            note: "p95 420 ms at 2x peak".into(),
        },
    ];
    s.ok(
        TESTER,
        on(
            &wms3,
            ReleaseChange::RecordTestRun(TestRun {
                id: ItemId::default(),
                kind: TestKind::Package,
                name: "Load test 1".into(),
                results,
                notes: "Robot queue saturates".into(),
                cycle: 0,
            }),
        ),
    )?;
    let deviation = Issue {
        id: ItemId::default(),
        kind: IssueKind::Deviation,
        title: "Accept 450 ms p95 until robot firmware 1.2".into(),
        severity: Severity::Medium,
        corrective_action: "Re-test after firmware 1.2 in January".into(),
        status: EntryStatus::Open,
        waives: Some(criteria[1].id.clone()),
        approved: None,
    };
    s.ok(
        RELEASE_MANAGER,
        on(&wms3, ReleaseChange::RaiseIssue(deviation)),
    )?;
    let risk = Risk {
        id: ItemId::default(),
        title: "Robots stall during peak picking".into(),
        likelihood: 3,
        impact: 5,
        owner: "Olga Okafor".into(),
        mitigation: "Manual picking fallback rehearsed".into(),
        status: EntryStatus::Open,
    };
    s.ok(OPERATIONS, on(&wms3, ReleaseChange::RaiseRisk(risk)))?;

    // Payments 3.4 fixes the known error of 3.3; planning just began.
    let fix = new_release(
        s,
        "payments",
        Category::Minor,
        Version::new(3, 4, 0),
        "Payments refund e-mail times",
        &["payments-api"],
    )?;
    pass_gate(s, &fix, Gate::Planning)?;

    // Payments 4.0: plan written, waiting for the approver.
    let payments4 = new_release(
        s,
        "payments",
        Category::Major,
        Version::new(4, 0, 0),
        "Payments platform 4 (wallets)",
        &["payments-api", "payments-db", "psp-contract"],
    )?;
    pass_gate(s, &payments4, Gate::Planning)?;
    write_plan(s, &payments4, &waves(today, 25, ALL_ENVS))?;
    s.ok(
        RELEASE_MANAGER,
        on(&payments4, ReleaseChange::RequestApproval(Gate::Build)),
    )?;
    let risk = Risk {
        id: ItemId::default(),
        title: "Wallet provider certification slips".into(),
        likelihood: 3,
        impact: 4,
        owner: "Rita Ramos".into(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    };
    s.ok(
        RELEASE_MANAGER,
        on(&payments4, ReleaseChange::RaiseRisk(risk)),
    )?;
    schedule(s, today, &wms3, &payments4)?;
    discuss(s, &wms3, &payments4)?;

    // Storefront 6.0 draft, with a production window inside the year-end freeze.
    let web6 = new_release(
        s,
        "storefront",
        Category::Major,
        Version::new(6, 0, 0),
        "Storefront redesign",
        &["storefront-web", "storefront-guide"],
    )?;
    let freeze_day = chrono::NaiveDate::from_ymd_opt(today.year(), 12, 21)
        .and_then(|d| d.and_hms_opt(22, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or(today);
    let freeze_day = if freeze_day < today {
        freeze_day + Duration::days(365)
    } else {
        freeze_day
    };
    let plan_wave = WavePlan {
        name: "Production launch".into(),
        environment: "prod".into(),
        target_group: "All web customers".into(),
        window: Window {
            start: freeze_day,
            end: freeze_day + Duration::hours(4),
        },
        components: vec!["storefront-web".into()],
    };
    s.ok(
        RELEASE_MANAGER,
        on(
            &web6,
            ReleaseChange::AddWave {
                id: ItemId::default(),
                plan: plan_wave,
            },
        ),
    )?;

    // POS 7.2: a fresh draft.
    new_release(
        s,
        "pos",
        Category::Minor,
        Version::new(7, 2, 0),
        "Till self-checkout mode",
        &["pos-software", "cashier-training"],
    )?;
    super::runbook::rehearsed(s, &wms3, day(today, -3, 20))?;
    Ok(())
}

/// The build and test schedules: Warehouse 3.0's testing under way, Payments 4.0's ahead.
fn schedule(
    s: &mut Script,
    today: DateTime<Utc>,
    wms3: &ReleaseId,
    payments4: &ReleaseId,
) -> Result<(), LifecycleError> {
    use MilestoneKind as K;
    let test = Some(EnvironmentId::from("test"));
    let staging = Some(EnvironmentId::from("staging"));
    let plans = [
        (wms3, K::BuildComplete, -12, None, true),
        (wms3, K::TestEnvironmentReady, -11, test.clone(), true),
        (wms3, K::TestStart, -10, test.clone(), true),
        (wms3, K::TestEnd, 5, test.clone(), false),
        (wms3, K::GoNoGo, 9, None, false),
        (payments4, K::TestEnvironmentReady, 14, test.clone(), false),
        (payments4, K::TestStart, 15, test, false),
        (payments4, K::Rehearsal, 21, staging, false),
    ];
    for (id, kind, offset, environment, done) in plans {
        let milestone = Milestone {
            id: ItemId::default(),
            kind,
            name: String::new(),
            date: day(today, offset, 0),
            environment,
            done,
        };
        s.ok(TESTER, on(id, ReleaseChange::SetMilestone(milestone)))?;
    }
    Ok(())
}

/// A little discussion: the tester asks the stakeholder about Warehouse 3.0's re-test
/// (a mention that waits for Sam), and the release manager notes Payments 4.0's plan.
fn discuss(s: &mut Script, wms3: &ReleaseId, payments4: &ReleaseId) -> Result<(), LifecycleError> {
    let comment = |section, text: &str| ReleaseChange::Comment {
        id: ItemId::default(),
        section,
        text: text.into(),
        mentions: Vec::new(),
    };
    let tests = Some(crate::domain::Section::Tests);
    s.ok(
        TESTER,
        on(wms3, comment(tests, "Load test 1 saturates the robot queue at twice the peak. @sam can we have the January peak forecast before the re-test?")),
    )?;
    s.ok(
        OPERATIONS,
        on(
            wms3,
            comment(
                tests,
                "The manual picking fallback is rehearsed; we can run the re-test on a Sunday.",
            ),
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            payments4,
            comment(
                None,
                "The wallet provider's certification is the long pole: see the risk register.",
            ),
        ),
    )?;
    Ok(())
}

/// The seed of the demo people's keys: public knowledge, so a demo book proves nothing.
pub const DEMO_SEED: &str = "release-desk demo key: ";
/// The device the demo keys live on.
pub const DEMO_DEVICE: &str = "Demo device";
/// The demo people, each with a key on the demo device.
pub const DEMO_PEOPLE: [&str; 6] = [
    RELEASE_MANAGER,
    CHANGE_MANAGER,
    APPROVER,
    TESTER,
    OPERATIONS,
    STAKEHOLDER,
];

/// Sign the demo book: the release manager founds it with her own key.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn sign_demo(s: &mut Script) -> Result<(), LifecycleError> {
    s.sign_with(DEMO_SEED, &DEMO_PEOPLE);
    s.found(
        crate::domain::Person {
            email: format!("{RELEASE_MANAGER}@example.org"),
            id: RELEASE_MANAGER.into(),
            name: "Rita Ramos".into(),
            roles: vec![
                crate::domain::Role::ReleaseManager,
                crate::domain::Role::Keeper,
            ],
        },
        DEMO_DEVICE,
    )?;
    Ok(())
}

/// Once everyone is registered, the keeper enrols each demo person's key.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn enrol_demo(s: &mut Script) -> Result<(), LifecycleError> {
    for person in &DEMO_PEOPLE[1..] {
        let record = s
            .engine
            .book()
            .people
            .get(&crate::domain::PersonId::from(*person))
            .cloned()
            .ok_or_else(|| LifecycleError::NotFound(format!("The demo person {person}")))?;
        s.enrol(RELEASE_MANAGER, record, DEMO_DEVICE)?;
    }
    Ok(())
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn sign_demo(_: &mut Script) -> Result<(), LifecycleError> {
    Ok(())
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn enrol_demo(_: &mut Script) -> Result<(), LifecycleError> {
    Ok(())
}
