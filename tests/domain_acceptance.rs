//! Given/when/then tests of utility and warranty as named acceptance criteria: a criterion
//! marked as either must be met (or waived) before operations accept the handover, and a
//! release whose plan names neither is told so rather than silently passed.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{self, PlanShape, OPERATIONS, TESTER};
use release_desk::domain::report::pir_report;
use release_desk::domain::*;

/// Given: Payments 3.3 deployed and in review, its plan written by the demo walk (one
/// utility and one warranty criterion, both met in testing).
fn in_review(s: &mut demo::Script) -> Result<ReleaseId> {
    let id = payments_3_3(s)?;
    demo::plan(s, &id, &PlanShape::big_bang(start() + Duration::days(14)))?;
    demo::build_and_test(s, &id)?;
    demo::deploy_all(s, &id)?;
    s.ok(OPERATIONS, on(&id, ReleaseChange::DeclareFullyOperational))?;
    assert_eq!(release(s, &id).status, Status::Review);
    Ok(id)
}

fn accept() -> ReleaseChange {
    ReleaseChange::AcceptHandover {
        note: String::new(),
    }
}

#[test]
fn utility_and_warranty_are_named_and_met_so_operations_accept() -> Result {
    let mut s = given_catalogue();
    let id = in_review(&mut s)?;
    let r = release(&s, &id);
    let acceptance = r.service_acceptance();
    let named: Vec<(&str, Vec<(&str, Judged)>)> = acceptance
        .kinds
        .iter()
        .map(|(k, list)| {
            (
                k.label(),
                list.iter().map(|(c, j)| (c.text.as_str(), *j)).collect(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("utility", vec![("Regression suite passes", Judged::Met)]),
            (
                "warranty",
                vec![("p95 latency under 300 ms at 2x peak", Judged::Met)]
            ),
        ]
    );
    assert!(acceptance.complete() && acceptance.notes().is_empty());
    // The PIR report's evaluation names them.
    let md = pir_report(s.engine.book(), r).to_markdown();
    assert!(
        md.contains("Service acceptance: utility and warranty"),
        "{md}"
    );
    assert!(
        md.contains("- Warranty: p95 latency under 300 ms at 2x peak — met"),
        "{md}"
    );
    s.ok(OPERATIONS, on(&id, accept()))?;
    assert!(release(&s, &id).review.handover.is_some());
    Ok(())
}

#[test]
fn an_unmet_warranty_criterion_blocks_the_handover() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    // A warranty criterion judged only at deployment, which nobody records as met.
    s.ok(
        TESTER,
        on(
            &id,
            ReleaseChange::AddCriterion {
                id: ItemId::default(),
                text: "Failover to the second site within 5 minutes".into(),
                stage: Stage::Deployment,
                acceptance: Some(Acceptance::Warranty),
            },
        ),
    )?;
    demo::write_plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(14)),
    )?;
    demo::pass_gate(&mut s, &id, Gate::Build)?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    s.ok(OPERATIONS, on(&id, ReleaseChange::DeclareFullyOperational))?;
    let error = s
        .run(OPERATIONS, on(&id, accept()))
        .expect_err("warranty not met");
    assert_eq!(
        error.to_string(),
        "Acceptance of the handover (utility and warranty) needs: the warranty criterion “Failover to the second site within 5 minutes” met (not yet tested)"
    );
    let LifecycleError::GateNotReady { missing, .. } = &error else {
        panic!("a checklist: {error:?}")
    };
    assert_eq!(missing[0].section, Section::Criteria);
    Ok(())
}

#[test]
fn a_release_without_utility_or_warranty_criteria_is_told_so() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let r = release(&s, &id);
    let acceptance = r.service_acceptance();
    assert!(!acceptance.complete());
    assert_eq!(
        acceptance.notes(),
        [
            "No pass/fail criterion is marked as utility (fit for purpose: does what users need): the acceptance rests on no evidence of it.",
            "No pass/fail criterion is marked as warranty (fit for use: availability, capacity, continuity and security as agreed): the acceptance rests on no evidence of it.",
        ]
    );
    // Old books read as before: a criterion without the field has no kind.
    let old: Criterion =
        serde_json::from_str(r#"{"id":"c1","text":"Works","stage":"test"}"#).expect("reads");
    assert_eq!(old.acceptance, None);
    Ok(())
}
