//! Taking a release through its phases the way a release manager would, one command at a
//! time, as the people whose role each step needs.

use super::catalogue::{
    APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use super::Script;
use crate::domain::{
    Acceptance, Approach, Approver, BuildRecord, Category, Change, CiAction, CiChange, CiId,
    CriterionResult, DocumentRecord, EnvironmentId, Gate, KnowledgeItem, KnowledgeKind,
    LifecycleError, NewRelease, Pilot, PirOutcome, PlanText, ReleaseChange, ReleaseDetails,
    ReleaseId, ReviewCheck, Role, Rollout, Stage, TestKind, TestRun, Version, WavePlan, Window,
};
use chrono::{DateTime, Duration, Utc};

fn change(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

/// Create a release in draft, carrying an upgrade of each named item from its version in
/// the catalogue.
pub fn new_release(
    s: &mut Script,
    service: &str,
    category: Category,
    version: Version,
    name: &str,
    items: &[&str],
) -> Result<ReleaseId, LifecycleError> {
    let package = items
        .iter()
        .map(|ci| CiChange {
            ci: (*ci).into(),
            action: CiAction::Upgrade {
                from: s
                    .engine
                    .book()
                    .cis
                    .get(&CiId::from(*ci))
                    .map(|c| c.version.clone())
                    .unwrap_or_default(),
                to: version.to_string(),
            },
        })
        .collect();
    let details = ReleaseDetails {
        name: name.into(),
        rfcs: vec![format!("RFC-{}", 1000 + s.engine.book().releases.len())],
        owner_team: "Release team".into(),
        audience: "Store staff and online customers".into(),
        stakeholders: vec!["Head of retail".into(), "Service desk".into()],
        approach: Approach::default(),
        depends_on: Vec::new(),
    };
    let new = NewRelease {
        service: service.into(),
        category,
        version,
        details,
        package,
    };
    let id = s.ok(RELEASE_MANAGER, Change::CreateRelease(Box::new(new)))?;
    Ok(ReleaseId::from(&id))
}

/// The shape of a release's plan.
#[derive(Clone, Debug)]
pub struct PlanShape {
    /// Rollout strategy.
    pub rollout: Rollout,
    /// Waves: name, environment, start, length in hours.
    pub waves: Vec<(String, EnvironmentId, DateTime<Utc>, i64)>,
    /// Plan a pilot.
    pub pilot: bool,
}

impl PlanShape {
    /// One wave on each of Test, Staging and Production, a day apart from `start`.
    pub fn big_bang(start: DateTime<Utc>) -> Self {
        let waves = [
            ("Test", "test"),
            ("Staging", "staging"),
            ("Production", "prod"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (name, env))| {
            (
                format!("{name} rollout"),
                EnvironmentId::from(*env),
                start + Duration::days(i as i64),
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
}

/// Approve a gate through its whole chain, each step by the first person who may decide it.
pub fn approve(s: &mut Script, id: &ReleaseId, gate: &Gate) -> Result<(), LifecycleError> {
    let chain = s
        .engine
        .book()
        .releases
        .get(id)
        .and_then(|r| r.approval_chains.get(&gate.kind()).cloned())
        .unwrap_or_default();
    if chain.is_empty() {
        return Ok(());
    }
    s.ok(
        RELEASE_MANAGER,
        change(id, ReleaseChange::RequestApproval(gate.clone())),
    )?;
    for approver in chain {
        let person = match &approver {
            Approver::Person(p) => p.as_str().to_owned(),
            Approver::Role(role) => person_for(*role).to_owned(),
        };
        let decision = ReleaseChange::DecideApproval {
            gate: gate.clone(),
            approve: true,
            comment: "Looks good".into(),
        };
        s.ok(&person, change(id, decision))?;
    }
    Ok(())
}

fn person_for(role: Role) -> &'static str {
    match role {
        Role::ReleaseManager | Role::Keeper => RELEASE_MANAGER,
        Role::ChangeManager => CHANGE_MANAGER,
        Role::Approver => APPROVER,
        Role::Tester => TESTER,
        Role::Operations => OPERATIONS,
        Role::Stakeholder => STAKEHOLDER,
    }
}

/// Approve (if the chain asks) and authorize one gate.
pub fn pass_gate(s: &mut Script, id: &ReleaseId, gate: Gate) -> Result<(), LifecycleError> {
    approve(s, id, &gate)?;
    let authorize = ReleaseChange::Authorize {
        gates: vec![gate],
        emergency: false,
        note: "CAB: go".into(),
    };
    s.ok(CHANGE_MANAGER, change(id, authorize))?;
    Ok(())
}

/// Planning authorized, the plan written and approved, build authorized.
pub fn plan(s: &mut Script, id: &ReleaseId, shape: &PlanShape) -> Result<(), LifecycleError> {
    pass_gate(s, id, Gate::Planning)?;
    write_plan(s, id, shape)?;
    pass_gate(s, id, Gate::Build)
}

/// Write every part of the plan without passing any gate.
pub fn write_plan(s: &mut Script, id: &ReleaseId, shape: &PlanShape) -> Result<(), LifecycleError> {
    let release = s
        .engine
        .book()
        .releases
        .get(id)
        .cloned()
        .ok_or_else(|| LifecycleError::NotFound(format!("Release {id}")))?;
    let details = ReleaseDetails {
        approach: Approach {
            rollout: shape.rollout,
            ..release.details.approach
        },
        ..release.details.clone()
    };
    s.ok(
        RELEASE_MANAGER,
        change(id, ReleaseChange::EditDetails(details)),
    )?;
    let text = PlanText {
        changes: format!("{} as listed in the package", release.details.name),
        affected: "Store staff, online customers, the service desk".into(),
        risk_assessment: "Moderate: payment flows change; back-out rehearsed".into(),
        schedule: "Out of trading hours, Test then Staging then Production".into(),
        build_plan: "CI pipeline from the tagged commit; images signed".into(),
        test_plan: "Regression suite, load test at 2x peak, rehearsal in Staging".into(),
        pilot: shape.pilot.then(|| Pilot {
            scope: "Three flagship stores".into(),
            success: "No failed payments for 48 hours".into(),
        }),
    };
    s.ok(RELEASE_MANAGER, change(id, ReleaseChange::EditPlan(text)))?;
    // One criterion proves the utility (fit for purpose), one the warranty (fit for use).
    for (text, stage, acceptance) in [
        ("Regression suite passes", Stage::Test, Acceptance::Utility),
        (
            "p95 latency under 300 ms at 2x peak",
            Stage::Test,
            Acceptance::Warranty,
        ),
    ] {
        s.ok(
            TESTER,
            change(
                id,
                ReleaseChange::AddCriterion {
                    id: Default::default(),
                    text: text.into(),
                    stage,
                    acceptance: Some(acceptance),
                },
            ),
        )?;
    }
    let components: Vec<_> = release.package.iter().map(|c| c.ci.clone()).collect();
    for (name, environment, start, hours) in &shape.waves {
        let plan = WavePlan {
            name: name.clone(),
            environment: environment.clone(),
            target_group: format!("{name} users"),
            window: Window {
                start: *start,
                end: *start + Duration::hours(*hours),
            },
            components: components.clone(),
        };
        s.ok(
            RELEASE_MANAGER,
            change(
                id,
                ReleaseChange::AddWave {
                    id: Default::default(),
                    plan,
                },
            ),
        )?;
    }
    s.ok(RELEASE_MANAGER, change(id, ReleaseChange::SetBackoutPlan("Redeploy the previous images; restore the database snapshot taken before the window".into())))?;
    Ok(())
}

/// Build recorded and every criterion met (with a pilot and a rehearsal when planned).
pub fn build_and_test(s: &mut Script, id: &ReleaseId) -> Result<(), LifecycleError> {
    let release = s
        .engine
        .book()
        .releases
        .get(id)
        .cloned()
        .ok_or_else(|| LifecycleError::NotFound(format!("Release {id}")))?;
    let build = BuildRecord {
        name: format!("{} v{}", release.details.name, release.version),
        inputs: vec!["git 4f2a9c1".into(), "base image debian:12.8".into()],
        steps: vec!["make release".into(), "sign images".into()],
        checksums: vec!["sha256:9b1d…e04a".into()],
        location: "registry.internal/release-desk".into(),
        ..BuildRecord::default()
    };
    s.ok(
        RELEASE_MANAGER,
        change(id, ReleaseChange::RecordBuild(build)),
    )?;
    s.ok(
        RELEASE_MANAGER,
        change(
            id,
            ReleaseChange::RecordDocument(DocumentRecord {
                title: "Deployment runbook".into(),
                location: "wiki/runbooks".into(),
                ..Default::default()
            }),
        ),
    )?;
    let results: Vec<CriterionResult> = release
        .criteria
        .iter()
        .filter(|c| c.stage.before_deployment())
        .map(|c| CriterionResult {
            criterion: c.id.clone(),
            passed: true,
            note: "met".into(),
        })
        .collect();
    let mut kinds = vec![TestKind::Package, TestKind::Rehearsal];
    if release.plan.pilot.is_some() {
        kinds.push(TestKind::Pilot);
    }
    for kind in kinds {
        let run = TestRun {
            id: Default::default(),
            kind,
            name: format!("{} 1", kind.label()),
            results: results.clone(),
            notes: String::new(),
            cycle: 0,
        };
        s.ok(TESTER, change(id, ReleaseChange::RecordTestRun(run)))?;
    }
    Ok(())
}

/// Authorize every environment in wave order, deploy and verify each wave, then notify
/// "service live".
pub fn deploy_all(s: &mut Script, id: &ReleaseId) -> Result<(), LifecycleError> {
    let release = s
        .engine
        .book()
        .releases
        .get(id)
        .cloned()
        .ok_or_else(|| LifecycleError::NotFound(format!("Release {id}")))?;
    for wave in &release.waves {
        let gate = Gate::Deployment(wave.plan.environment.clone());
        let authorized = s
            .engine
            .book()
            .releases
            .get(id)
            .is_some_and(|r| r.is_authorized(&gate));
        if !authorized {
            pass_gate(s, id, gate)?;
        }
        deploy_wave(s, id, &wave.id, true)?;
    }
    s.ok(OPERATIONS, change(id, ReleaseChange::DeclareServiceLive))?;
    Ok(())
}

/// Confirm readiness, start and verify one wave, inside its window: the script's clock
/// moves on to the window's start if it is not there yet (a wave starts only in its window).
pub fn deploy_wave(
    s: &mut Script,
    id: &ReleaseId,
    wave: &crate::domain::ItemId,
    works: bool,
) -> Result<(), LifecycleError> {
    let opens = s
        .engine
        .book()
        .releases
        .get(id)
        .and_then(|r| r.wave(wave))
        .map(|w| w.plan.window.start);
    if let Some(opens) = opens {
        s.now = s.now.max(opens);
    }
    s.ok(
        OPERATIONS,
        change(id, ReleaseChange::ConfirmReadiness(wave.clone())),
    )?;
    s.ok(
        RELEASE_MANAGER,
        change(id, ReleaseChange::StartWave(wave.clone())),
    )?;
    let notes = if works {
        "Smoke tests green, dashboards normal"
    } else {
        "Card payments failing at 4% of tills"
    };
    s.ok(
        OPERATIONS,
        change(
            id,
            ReleaseChange::VerifyWave {
                wave: wave.clone(),
                passed: works,
                notes: notes.into(),
            },
        ),
    )?;
    Ok(())
}

/// From early life support to closed: fully operational, feedback, evaluation, the
/// review's confirmations, knowledge transfer, PIR, handover and closure.
pub fn review_and_close(s: &mut Script, id: &ReleaseId) -> Result<(), LifecycleError> {
    s.ok(
        OPERATIONS,
        change(id, ReleaseChange::DeclareFullyOperational),
    )?;
    s.ok(
        STAKEHOLDER,
        change(
            id,
            ReleaseChange::RecordFeedback {
                from: "Store managers".into(),
                text: "Faster checkout, no complaints".into(),
            },
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        change(
            id,
            ReleaseChange::RecordEvaluation {
                goal: "Checkout time".into(),
                target: "under 20 s".into(),
                actual: "14 s".into(),
                met: true,
            },
        ),
    )?;
    let item = KnowledgeItem {
        id: Default::default(),
        kind: KnowledgeKind::Transfer,
        topic: "New refund screens".into(),
        audience: "Service desk".into(),
        done: None,
    };
    let added = s.ok(
        RELEASE_MANAGER,
        change(id, ReleaseChange::AddKnowledgeItem(item)),
    )?;
    s.ok(
        RELEASE_MANAGER,
        change(
            id,
            ReleaseChange::CompleteKnowledgeItem(crate::domain::ItemId::from(&added)),
        ),
    )?;
    for check in [
        ReviewCheck::Quality,
        ReviewCheck::KnowledgeTransfer,
        ReviewCheck::KnownErrorsDocumented,
    ] {
        s.ok(RELEASE_MANAGER, change(id, ReleaseChange::Confirm(check)))?;
    }
    s.ok(
        CHANGE_MANAGER,
        change(
            id,
            ReleaseChange::RecordPir {
                outcome: PirOutcome::Successful,
                summary: "Objectives met; rehearsal caught one config gap".into(),
            },
        ),
    )?;
    s.ok(
        OPERATIONS,
        change(
            id,
            ReleaseChange::AcceptHandover {
                note: "Runbook reviewed".into(),
            },
        ),
    )?;
    pass_gate(s, id, Gate::Close)
}
