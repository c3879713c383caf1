//! Given/when/then tests of the release lifecycle: every phase and gate, and the refusals
//! a release manager meets when something is missing.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{
    self, PlanShape, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use release_desk::domain::*;

fn shape() -> PlanShape {
    PlanShape::big_bang(start() + Duration::days(20))
}

fn missing_items(error: &LifecycleError) -> Vec<String> {
    match error {
        LifecycleError::GateNotReady { missing, .. } => {
            missing.iter().map(|m| m.item.clone()).collect()
        }
        other => panic!("expected a gate refusal, got: {other}"),
    }
}

#[test]
fn a_major_release_goes_from_draft_to_closed() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Major,
        Version::new(4, 0, 0),
        "Payments 4",
        &["payments-api", "payments-db", "psp-contract"],
    )?;
    assert_eq!(release(&s, &id).status, Status::Draft);

    demo::plan(&mut s, &id, &shape())?;
    assert_eq!(release(&s, &id).status, Status::BuildAndTest);

    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    assert_eq!(release(&s, &id).status, Status::EarlyLifeSupport);
    let prod = s
        .engine
        .book()
        .deployed_version(&"payments".into(), &"prod".into())
        .expect("deployed");
    assert_eq!(prod.version, Version::new(4, 0, 0));

    demo::review_and_close(&mut s, &id)?;
    let closed = release(&s, &id);
    assert_eq!(closed.status, Status::Closed);
    assert!(closed.review.handover.is_some() && closed.review.pir.is_some());
    // Every gate was authorized by change management, in order.
    let gates: Vec<GateKind> = closed
        .authorizations
        .iter()
        .map(|a| a.gate.kind())
        .collect();
    assert_eq!(
        gates,
        [
            GateKind::Planning,
            GateKind::Build,
            GateKind::Deployment,
            GateKind::Deployment,
            GateKind::Deployment,
            GateKind::Close
        ]
    );
    assert!(s.engine.log().verify().is_ok());
    Ok(())
}

#[test]
fn a_closed_release_never_changes_again() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "storefront",
        Category::Minor,
        Version::new(5, 5, 0),
        "Storefront 5.5",
        &["storefront-web"],
    )?;
    demo::plan(&mut s, &id, &shape())?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    demo::review_and_close(&mut s, &id)?;
    let error = s
        .run(
            RELEASE_MANAGER,
            on(
                &id,
                ReleaseChange::RaiseRisk(Risk {
                    id: ItemId::default(),
                    title: "late".into(),
                    likelihood: 2,
                    impact: 2,
                    owner: String::new(),
                    mitigation: String::new(),
                    status: EntryStatus::Open,
                }),
            ),
        )
        .expect_err("closed");
    assert!(error.to_string().contains("closed"), "{error}");
    let error = s
        .run(
            RELEASE_MANAGER,
            on(
                &id,
                ReleaseChange::Cancel {
                    reason: "oops".into(),
                },
            ),
        )
        .expect_err("closed");
    assert!(error.to_string().contains("closed"), "{error}");
    Ok(())
}

#[test]
fn a_release_cannot_close_until_operations_accepts_the_handover() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::plan(&mut s, &id, &shape())?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    s.ok(OPERATIONS, on(&id, ReleaseChange::DeclareFullyOperational))?;
    // Everything else of the review is done...
    s.ok(
        STAKEHOLDER,
        on(
            &id,
            ReleaseChange::RecordFeedback {
                from: "Stores".into(),
                text: "fine".into(),
            },
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::RecordEvaluation {
                goal: "Errors".into(),
                target: "<0.1%".into(),
                actual: "0.05%".into(),
                met: true,
            },
        ),
    )?;
    for check in [
        ReviewCheck::Quality,
        ReviewCheck::KnowledgeTransfer,
        ReviewCheck::KnownErrorsDocumented,
    ] {
        s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::Confirm(check)))?;
    }
    s.ok(
        CHANGE_MANAGER,
        on(
            &id,
            ReleaseChange::RecordPir {
                outcome: PirOutcome::Successful,
                summary: "ok".into(),
            },
        ),
    )?;
    // ...but operations has not accepted: closure is refused and says so.
    let error = s
        .run(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Close], false)))
        .expect_err("no handover");
    let items = missing_items(&error);
    assert!(
        items
            .iter()
            .any(|i| i.contains("operations' formal acceptance")),
        "{items:?}"
    );
    // Only operations may accept it.
    let error = s
        .run(
            RELEASE_MANAGER,
            on(
                &id,
                ReleaseChange::AcceptHandover {
                    note: String::new(),
                },
            ),
        )
        .expect_err("role");
    assert!(
        matches!(error, LifecycleError::NotPermitted { .. }),
        "{error}"
    );
    s.ok(
        OPERATIONS,
        on(
            &id,
            ReleaseChange::AcceptHandover {
                note: String::new(),
            },
        ),
    )?;
    demo::pass_gate(&mut s, &id, Gate::Close)?;
    assert_eq!(release(&s, &id).status, Status::Closed);
    Ok(())
}

#[test]
fn deployment_is_refused_with_everything_it_still_needs() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(&mut s, &id, &shape())?;
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    // One criterion fails, no build is recorded.
    let criteria = release(&s, &id).criteria.clone();
    let results = vec![
        CriterionResult {
            criterion: criteria[0].id.clone(),
            passed: true,
            note: String::new(),
        },
        CriterionResult {
            criterion: criteria[1].id.clone(),
            passed: false,
            note: "p95 410 ms".into(),
        },
    ];
    s.ok(
        TESTER,
        on(
            &id,
            ReleaseChange::RecordTestRun(TestRun {
                id: ItemId::default(),
                kind: TestKind::Package,
                name: "Load test".into(),
                results,
                notes: String::new(),
                cycle: 0,
            }),
        ),
    )?;

    let gate = Gate::Deployment("test".into());
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&id, authorize(vec![gate.clone()], false)),
        )
        .expect_err("not ready");
    let text = error.to_string();
    assert!(text.starts_with("Deployment to Test needs: "), "{text}");
    assert!(text.contains("a build record"), "{text}");
    assert!(
        text.contains("1 of 2 pass/fail criteria are not met: p95 latency under 300 ms at 2x peak"),
        "{text}"
    );
    assert!(
        text.contains("approval through its chain (not yet requested)"),
        "{text}"
    );

    // The UI's checklist shows the same list without attempting the command.
    let checklist = next_step(s.engine.book(), release(&s, &id)).expect("a next step");
    assert_eq!(checklist.gate, Some(gate.clone()));
    assert_eq!(checklist.missing.len(), missing_items(&error).len());
    assert!(checklist
        .missing
        .iter()
        .any(|m| m.section == Section::Builds));

    // An approved deviation waives the failed criterion.
    let waiver = Issue {
        id: ItemId::default(),
        kind: IssueKind::Deviation,
        title: "Latency target relaxed for launch".into(),
        severity: Severity::Medium,
        corrective_action: "Tune the pool in 4.0.1".into(),
        status: EntryStatus::Open,
        waives: Some(criteria[1].id.clone()),
        approved: None,
    };
    let deviation = s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::RaiseIssue(waiver)))?;
    s.ok(
        CHANGE_MANAGER,
        on(
            &id,
            ReleaseChange::ApproveDeviation(ItemId::from(&deviation)),
        ),
    )?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::RecordBuild(BuildRecord {
                name: "3.3 images".into(),
                ..BuildRecord::default()
            }),
        ),
    )?;
    demo::pass_gate(&mut s, &id, gate)?;
    assert_eq!(release(&s, &id).status, Status::Deployment);
    Ok(())
}

#[test]
fn nothing_deploys_without_a_back_out_plan() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "warehouse",
        Category::Minor,
        Version::new(2, 2, 0),
        "WMS 2.2",
        &["wms-app"],
    )?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(&mut s, &id, &shape())?;
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    demo::build_and_test(&mut s, &id)?;
    // Remove the back-out plan by writing an empty one: refused as a field error.
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::SetBackoutPlan("  ".into())),
        )
        .expect_err("empty");
    assert_eq!(error.field(), Some("backout_plan"));
    Ok(())
}

#[test]
fn a_rejected_approval_returns_the_plan_to_editing_with_the_reason() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(&mut s, &id, &shape())?;
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RequestApproval(Gate::Build)),
    )?;
    // While the approver decides, the plan cannot change.
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::SetBackoutPlan("x".into())),
        )
        .map(|_| ());
    assert!(
        error.is_ok(),
        "the back-out plan is not part of the approved plan text"
    );
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::EditPlan(PlanText::default())),
        )
        .expect_err("pending");
    assert!(
        error.to_string().contains("waiting for its approvers"),
        "{error}"
    );
    // A rejection needs a reason, and only the approver in the chain may give it.
    let reject = |comment: &str| {
        on(
            &id,
            ReleaseChange::DecideApproval {
                gate: Gate::Build,
                approve: false,
                comment: comment.into(),
            },
        )
    };
    assert!(matches!(
        s.run(STAKEHOLDER, reject("no")).expect_err("role"),
        LifecycleError::NotPermitted { .. }
    ));
    assert_eq!(
        s.run(APPROVER, reject("")).expect_err("reason").field(),
        Some("comment")
    );
    s.ok(
        APPROVER,
        reject("The back-out plan does not cover the database"),
    )?;
    let r = release(&s, &id).clone();
    assert_eq!(r.status, Status::Planning);
    assert_eq!(
        r.round(&Gate::Build).map(|x| x.outcome),
        Some(RoundOutcome::Rejected)
    );
    assert!(r
        .last_setback
        .as_ref()
        .is_some_and(|(_, why)| why.contains("does not cover the database")));
    // Build cannot be authorized on a rejected plan.
    let error = s
        .run(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], false)))
        .expect_err("rejected");
    assert!(error.to_string().contains("it was rejected"), "{error}");
    // After editing, approval is asked again and given.
    let plan = PlanText {
        schedule: "Sunday 02:00–06:00".into(),
        ..r.plan.clone()
    };
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::EditPlan(plan)))?;
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    assert_eq!(release(&s, &id).status, Status::BuildAndTest);
    Ok(())
}

#[test]
fn editing_an_approved_plan_withdraws_the_approval() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(&mut s, &id, &shape())?;
    demo::approve(&mut s, &id, &Gate::Build)?;
    let plan = PlanText {
        changes: "Also the refund screens".into(),
        ..release(&s, &id).plan.clone()
    };
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::EditPlan(plan)))?;
    assert_eq!(
        release(&s, &id).round(&Gate::Build).map(|r| r.outcome),
        Some(RoundOutcome::Withdrawn)
    );
    let error = s
        .run(CHANGE_MANAGER, on(&id, authorize(vec![Gate::Build], false)))
        .expect_err("withdrawn");
    assert!(error.to_string().contains("not yet requested"), "{error}");
    Ok(())
}

#[test]
fn only_change_management_authorizes_a_gate() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, authorize(vec![Gate::Planning], false)),
        )
        .expect_err("role");
    assert_eq!(
        error.to_string(),
        "Only a change manager / CAB may authorize a gate."
    );
    let error = s
        .run(
            "stranger",
            Change::CreateRelease(Box::new(NewRelease {
                service: "payments".into(),
                category: Category::Minor,
                version: Version::new(3, 4, 0),
                details: ReleaseDetails {
                    name: "x".into(),
                    ..Default::default()
                },
                package: vec![],
            })),
        )
        .expect_err("unknown person");
    assert!(error.to_string().contains("choose who you are"), "{error}");
    Ok(())
}

#[test]
fn planning_needs_a_change_request() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let details = ReleaseDetails {
        rfcs: vec![],
        ..release(&s, &id).details.clone()
    };
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::EditDetails(details)),
    )?;
    let error = s
        .run(
            CHANGE_MANAGER,
            on(&id, authorize(vec![Gate::Planning], false)),
        )
        .expect_err("no rfc");
    assert_eq!(
        error.to_string(),
        "Start of planning needs: a change request (RFC) that authorizes the release"
    );
    Ok(())
}

#[test]
fn build_needs_the_seven_parts_of_the_plan() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Payments 3.3",
        &[],
    )?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::RequestApproval(Gate::Build)),
        )
        .expect_err("empty plan");
    let items = missing_items(&error);
    for expected in [
        "the changes the release includes",
        "at least one configuration item in the package",
        "who will be affected",
        "a risk assessment",
        "the deployment schedule and strategy",
        "at least one deployment wave",
        "a build plan",
        "a test plan",
        "at least 2 pass/fail criteria (the plan has 0)",
    ] {
        assert!(
            items.iter().any(|i| i == expected),
            "missing {expected:?} in {items:?}"
        );
    }
    Ok(())
}

#[test]
fn an_approved_gate_is_not_sent_round_the_chain_again() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    demo::write_plan(&mut s, &id, &shape())?;
    demo::approve(&mut s, &id, &Gate::Build)?;
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::RequestApproval(Gate::Build)),
        )
        .expect_err("approved");
    assert!(
        error
            .to_string()
            .contains("awaits change management's authorization"),
        "{error}"
    );
    Ok(())
}
