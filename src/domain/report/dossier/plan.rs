//! The dossier's chapter "Release and deployment plan": the plan's parts, approval chains and
//! the pilot.

use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::report::words::gate_kind;
use crate::domain::report::{approver, Doc};

/// The chapter "Release and deployment plan".
pub(super) fn plan(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Release and deployment plan");
    let plan = &r.plan;
    let part = |d: &mut Doc, title: &str, text: &str| {
        d.h(3, title);
        d.text_or(text, "Not written.");
    };
    part(d, "1. What changes", &plan.changes);
    part(d, "2. Who is affected", &plan.affected);
    part(d, "3. Risk assessment", &plan.risk_assessment);
    part(d, "4. Audience", &r.details.audience);
    d.h(3, "5. Approval chains");
    d.list_or(
        r.approval_chains
            .iter()
            .map(|(gate, chain)| {
                let names: Vec<String> = chain.iter().map(|a| approver(book, a)).collect();
                format!("{}: {}", gate_kind(*gate), names.join(" → "))
            })
            .collect(),
        "No approval chain set.",
    );
    part(d, "6. Ownership", &r.details.owner_team);
    part(d, "7. Deployment schedule and strategy", &plan.schedule);
    part(d, "Build plan", &plan.build_plan);
    part(d, "Test plan", &plan.test_plan);
    d.h(3, "Pilot");
    match &plan.pilot {
        Some(p) => d.facts(vec![
            ("Scope", p.scope.clone()),
            ("Success looks like", p.success.clone()),
        ]),
        None => d.p("No pilot planned."),
    }
}
