//! DORA's four metrics from a scripted book, against figures computed by hand: no
//! deployments, one that works, one that fails and is remediated, a back-out, a release
//! deployed to Production twice, test environments left out, weeks and services apart.

mod support;

use support::*;

use chrono::{DateTime, Duration, TimeZone, Utc};
use release_desk::demo::{self, PlanShape, OPERATIONS, RELEASE_MANAGER};
use release_desk::domain::dora::{self, Band, Metric};
use release_desk::domain::*;

fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0)
        .single()
        .expect("valid date")
}

/// The script's next command happens at `when`.
fn clock(s: &mut demo::Script, when: DateTime<Utc>) {
    s.now = when - Duration::minutes(1);
}

/// Given: Payments 3.3 authorized for Staging and Production, a wave on each (Staging on
/// 10 Nov, Production on 12 Nov 22:00, four hours each), both ready; returns the release,
/// its Staging wave, its Production wave and when its planning was authorized.
fn ready(s: &mut demo::Script) -> Result<(ReleaseId, ItemId, ItemId, DateTime<Utc>)> {
    let id = payments_3_3(s)?;
    let shape = PlanShape {
        rollout: Rollout::Phased,
        waves: vec![
            ("Staging rollout".into(), "staging".into(), at(11, 10, 9), 4),
            (
                "Production rollout".into(),
                "prod".into(),
                at(11, 12, 22),
                4,
            ),
        ],
        pilot: false,
    };
    demo::plan(s, &id, &shape)?;
    demo::build_and_test(s, &id)?;
    demo::pass_gate(s, &id, Gate::Deployment("staging".into()))?;
    demo::pass_gate(s, &id, Gate::Deployment("prod".into()))?;
    let r = release(s, &id);
    let (staging, prod) = (r.waves[0].id.clone(), r.waves[1].id.clone());
    let authorized = r.authorizations[0].stamp.at;
    for wave in [&staging, &prod] {
        s.ok(
            OPERATIONS,
            on(&id, ReleaseChange::ConfirmReadiness(wave.clone())),
        )?;
    }
    Ok((id, staging, prod, authorized))
}

fn start(s: &mut demo::Script, id: &ReleaseId, wave: &ItemId, when: DateTime<Utc>) -> Result {
    clock(s, when);
    s.ok(OPERATIONS, on(id, ReleaseChange::StartWave(wave.clone())))?;
    Ok(())
}

fn verify(
    s: &mut demo::Script,
    id: &ReleaseId,
    wave: &ItemId,
    passed: bool,
    when: DateTime<Utc>,
) -> Result {
    clock(s, when);
    let change = ReleaseChange::VerifyWave {
        wave: wave.clone(),
        passed,
        notes: "Checked the checkout".into(),
    };
    s.ok(OPERATIONS, on(id, change))?;
    Ok(())
}

fn deployments(s: &demo::Script) -> Vec<dora::Deployment> {
    let engine = &s.engine;
    dora::deployments(engine.book(), engine.log().events())
}

/// The 12 weeks up to 30 November 2026 (a Monday).
fn twelve_weeks(s: &demo::Script) -> dora::Dora {
    dora::metrics(&deployments(s), None, at(11, 30, 12), 12)
}

#[test]
fn a_book_without_deployments_has_no_figures_and_no_bands() {
    let s = given_catalogue();
    let d = twelve_weeks(&s);
    assert_eq!(d.weeks.len(), 12);
    assert_eq!(
        d.weeks[0].start,
        at(9, 14, 0),
        "twelve Mondays back from 30 Nov"
    );
    assert_eq!(d.weeks[11].start, at(11, 30, 0));
    assert_eq!(d.total, dora::Figures::default());
    assert_eq!(d.total.failure_percent(), None);
    for metric in Metric::ALL {
        assert_eq!(metric.band(&d), None, "{metric:?}");
    }
    assert_eq!(Metric::LeadTime.words(None), "none");
}

#[test]
fn a_production_deployment_that_works_counts_once_with_its_lead_time() -> Result {
    let mut s = given_catalogue();
    let (id, staging, prod, authorized) = ready(&mut s)?;
    start(&mut s, &id, &staging, at(11, 10, 10))?;
    verify(&mut s, &id, &staging, true, at(11, 10, 11))?;
    start(&mut s, &id, &prod, at(11, 12, 22))?;
    verify(&mut s, &id, &prod, true, at(11, 12, 23))?;

    let all = deployments(&s);
    assert_eq!(all.len(), 1, "Staging is no production environment");
    assert_eq!(all[0].environment, EnvironmentId::from("prod"));
    let lead = (at(11, 12, 23) - authorized).num_minutes();
    assert_eq!(all[0].lead_minutes(), Some(lead));

    let d = twelve_weeks(&s);
    assert_eq!(d.total.deployments, 1);
    assert_eq!(d.total.failures, 0);
    assert_eq!(d.total.failure_percent(), Some(0));
    assert_eq!(d.total.lead_minutes, Some(lead));
    assert_eq!(d.total.restore_minutes, None);
    // The week of Monday 9 November holds it; the others are empty.
    let week = d.weeks.iter().position(|w| w.start == at(11, 9, 0));
    assert_eq!(week, Some(8));
    assert_eq!(d.weeks[8].figures.deployments, 1);
    assert_eq!(
        d.weeks.iter().map(|w| w.figures.deployments).sum::<u32>(),
        1
    );
    // One deployment in 78 days: less than monthly. Failure rate 0 %: elite.
    assert_eq!(d.days, 78, "eleven whole weeks and this Monday");
    assert_eq!(Metric::Frequency.band(&d), Some(Band::Low));
    assert_eq!(Metric::FailureRate.band(&d), Some(Band::Elite));
    Ok(())
}

#[test]
fn a_failed_verification_then_remediated_is_a_failure_restored_when_verified_again() -> Result {
    let mut s = given_catalogue();
    let (id, staging, prod, _) = ready(&mut s)?;
    start(&mut s, &id, &staging, at(11, 10, 10))?;
    verify(&mut s, &id, &staging, true, at(11, 10, 11))?;
    start(&mut s, &id, &prod, at(11, 12, 22))?;
    verify(&mut s, &id, &prod, false, at(11, 12, 23))?;
    clock(&mut s, at(11, 13, 0));
    let remediate = ReleaseChange::RemediateWave {
        wave: prod.clone(),
        notes: "Restarted the pods".into(),
    };
    s.ok(OPERATIONS, on(&id, remediate))?;
    verify(&mut s, &id, &prod, true, at(11, 13, 1))?;

    let d = twelve_weeks(&s);
    assert_eq!((d.total.deployments, d.total.failures), (1, 1));
    assert_eq!(d.total.failure_percent(), Some(100));
    assert_eq!(
        d.total.restore_minutes,
        Some(120),
        "23:00 failed, 01:00 verified"
    );
    assert_eq!(Metric::TimeToRestore.band(&d), Some(Band::High));
    assert_eq!(Metric::TimeToRestore.words(d.total.restore_minutes), "2 h");
    assert_eq!(Metric::FailureRate.band(&d), Some(Band::Low));
    Ok(())
}

#[test]
fn a_back_out_restores_and_a_second_production_deployment_counts_again() -> Result {
    let mut s = given_catalogue();
    let (id, staging, prod, authorized) = ready(&mut s)?;
    start(&mut s, &id, &staging, at(11, 10, 10))?;
    verify(&mut s, &id, &staging, true, at(11, 10, 11))?;
    start(&mut s, &id, &prod, at(11, 12, 22))?;
    verify(
        &mut s,
        &id,
        &prod,
        false,
        at(11, 12, 22) + Duration::minutes(30),
    )?;
    clock(&mut s, at(11, 12, 23));
    let back_out = ReleaseChange::BackOut {
        reason: "Checkout errors".into(),
    };
    s.ok(RELEASE_MANAGER, on(&id, back_out))?;

    let d = twelve_weeks(&s);
    assert_eq!((d.total.deployments, d.total.failures), (1, 1));
    assert_eq!(
        d.total.restore_minutes,
        Some(30),
        "failed 22:30, backed out 23:00"
    );
    assert_eq!(d.total.lead_minutes, None, "never worked in production");
    assert_eq!(Metric::TimeToRestore.band(&d), Some(Band::Elite));

    // Re-planned with a new Production window on 19 November, and deployed again.
    clock(&mut s, at(11, 16, 9));
    let replan = ReleaseChange::Replan {
        reason: "Fix the checkout".into(),
    };
    s.ok(RELEASE_MANAGER, on(&id, replan))?;
    for (n, wave, when) in [(0, &staging, at(11, 18, 9)), (1, &prod, at(11, 19, 22))] {
        let mut plan = release(&s, &id).waves[n].plan.clone();
        plan.window.start = when;
        plan.window.end = when + Duration::hours(4);
        let edit = ReleaseChange::EditWave {
            id: wave.clone(),
            plan,
        };
        s.ok(RELEASE_MANAGER, on(&id, edit))?;
    }
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    demo::build_and_test(&mut s, &id)?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("staging".into()))?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("prod".into()))?;
    for wave in [&staging, &prod] {
        s.ok(
            OPERATIONS,
            on(&id, ReleaseChange::ConfirmReadiness(wave.clone())),
        )?;
    }
    start(&mut s, &id, &staging, at(11, 18, 10))?;
    verify(&mut s, &id, &staging, true, at(11, 18, 11))?;
    start(&mut s, &id, &prod, at(11, 19, 22))?;
    verify(&mut s, &id, &prod, true, at(11, 19, 23))?;

    let all = deployments(&s);
    assert_eq!(all.len(), 2, "the release reached Production twice");
    assert_eq!(
        all[1].lead_minutes(),
        Some((at(11, 19, 23) - authorized).num_minutes())
    );
    let d = twelve_weeks(&s);
    assert_eq!((d.total.deployments, d.total.failures), (2, 1));
    assert_eq!(d.total.failure_percent(), Some(50));
    assert_eq!(d.weeks[8].figures.deployments, 1, "week of 9 Nov");
    assert_eq!(d.weeks[9].figures.deployments, 1, "week of 16 Nov");
    assert_eq!(d.weeks[9].figures.failures, 0);
    // Per service: Payments has both, Storefront none.
    let payments = dora::metrics(&all, Some(&ServiceId::from("payments")), at(11, 30, 12), 12);
    assert_eq!(payments.total.deployments, 2);
    let storefront = dora::metrics(
        &all,
        Some(&ServiceId::from("storefront")),
        at(11, 30, 12),
        12,
    );
    assert_eq!(storefront.total.deployments, 0);
    // The figures as they were on 15 November: the log up to then.
    let upto = s
        .engine
        .log()
        .events()
        .iter()
        .filter(|e| e.at < at(11, 15, 0))
        .count();
    let then = dora::deployments(s.engine.book(), &s.engine.log().events()[..upto]);
    assert_eq!(then.len(), 1);
    Ok(())
}

#[test]
fn bands_follow_dora_thresholds() {
    let day = 24 * 60;
    let span = |deployments: u32, failures: u32, lead: i64, restore: i64| dora::Dora {
        weeks: vec![],
        total: dora::Figures {
            deployments,
            failures,
            lead_minutes: Some(lead),
            restore_minutes: Some(restore),
        },
        days: 84,
    };
    let frequency = |n: u32| Metric::Frequency.band(&span(n, 0, 0, 0));
    assert_eq!(frequency(100), Some(Band::Elite), "more than one a day");
    assert_eq!(frequency(84), Some(Band::High), "daily");
    assert_eq!(frequency(12), Some(Band::High), "weekly");
    assert_eq!(frequency(6), Some(Band::Medium), "fortnightly");
    assert_eq!(frequency(2), Some(Band::Low), "less than monthly");
    let rate = |failures: u32| Metric::FailureRate.band(&span(100, failures, 0, 0));
    assert_eq!(rate(5), Some(Band::Elite));
    assert_eq!(rate(10), Some(Band::High));
    assert_eq!(rate(15), Some(Band::Medium));
    assert_eq!(rate(16), Some(Band::Low));
    let lead = |m: i64| Metric::LeadTime.band(&span(1, 0, m, 0));
    assert_eq!(lead(day - 1), Some(Band::Elite));
    assert_eq!(lead(day), Some(Band::High));
    assert_eq!(lead(7 * day), Some(Band::Medium));
    assert_eq!(lead(30 * day), Some(Band::Low));
    let restore = |m: i64| Metric::TimeToRestore.band(&span(1, 1, 0, m));
    assert_eq!(restore(59), Some(Band::Elite));
    assert_eq!(restore(60), Some(Band::High));
    assert_eq!(restore(day), Some(Band::Medium));
    assert_eq!(restore(7 * day), Some(Band::Low));
    assert_eq!(dora::duration_words(45), "45 min");
    assert_eq!(dora::duration_words(190), "3 h 10 min");
    assert_eq!(dora::duration_words(2 * day + 4 * 60 + 5), "2 d 4 h");
    assert_eq!(Metric::Frequency.words(Some(1)), "1 deployment");
}
