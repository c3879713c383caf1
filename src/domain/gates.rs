//! What each gate needs, asked without attempting the command, so the UI can show a
//! checklist and `decide` can refuse with the same list. Where a concept's items come
//! together in a checklist, its file under `release/` adds them (`waves::build_needs`,
//! `build_test::deployment_needs`, ...); the order of the items is what people read, so
//! items that interleave between concepts stay here.

use super::book::Book;
use super::error::{Missing, Section};
use super::policy::GateKind;
use super::release::approvals::approval_needs;
use super::release::early_life::service_live;
use super::release::{backout, build_test, registers, runbook, waves};
use super::release::{Gate, Release, ReviewCheck, Status, Wave};
use super::schedule::window_conflicts;

/// Add `item` to what is missing unless `ok`.
pub(crate) fn need(missing: &mut Vec<Missing>, ok: bool, section: Section, item: &str) {
    if !ok {
        missing.push(Missing::new(section, item));
    }
}

/// The next thing a release is waiting for, with what it still needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    /// The step, e.g. "Deployment to Production".
    pub step: String,
    /// The gate, when the step is one change management authorizes.
    pub gate: Option<Gate>,
    /// What is still missing; empty when the step can be taken.
    pub missing: Vec<Missing>,
}

/// A person-readable name for a gate.
pub fn gate_name(book: &Book, gate: &Gate) -> String {
    match gate {
        Gate::Planning => "Start of planning".into(),
        Gate::Build => "Build and test".into(),
        Gate::Deployment(env) => format!(
            "Deployment to {}",
            book.environments
                .get(env)
                .map_or(env.as_str(), |e| e.name.as_str())
        ),
        Gate::Close => "Closure".into(),
    }
}

/// A gate's name in the middle of a sentence: "deployment to Production".
pub fn gate_phrase(book: &Book, gate: &Gate) -> String {
    let name = gate_name(book, gate);
    let mut chars = name.chars();
    match chars.next() {
        // Gate names start with an ASCII word; lowering just that letter keeps the
        // environment's name as written and avoids Unicode case tables in the bundle.
        Some(first) => format!("{}{}", first.to_ascii_lowercase(), chars.as_str()),
        None => name,
    }
}

/// The checklist for the release's next step.
pub fn next_step(book: &Book, release: &Release) -> Option<Checklist> {
    let gate = match release.status {
        Status::Draft => Gate::Planning,
        Status::Planning => Gate::Build,
        Status::BuildAndTest | Status::Deployment => {
            match release
                .waves
                .iter()
                .map(|w| &w.plan.environment)
                .find(|env| !release.is_authorized(&Gate::Deployment((*env).clone())))
            {
                Some(env) => Gate::Deployment(env.clone()),
                None if release.status == Status::BuildAndTest => {
                    return Some(Checklist {
                        step: "Deployment".into(),
                        gate: None,
                        missing: vec![Missing::new(
                            Section::Waves,
                            "a deployment wave with its target environment",
                        )],
                    })
                }
                None => return Some(service_live(release)),
            }
        }
        Status::EarlyLifeSupport => {
            return Some(Checklist {
                step: "Fully operational, SLAs enforced".into(),
                gate: None,
                missing: vec![],
            })
        }
        Status::Review => Gate::Close,
        Status::BackedOut => {
            return Some(Checklist {
                step: "Re-plan".into(),
                gate: None,
                missing: vec![],
            })
        }
        Status::Closed | Status::Cancelled => return None,
    };
    Some(Checklist {
        step: gate_name(book, &gate),
        missing: missing_for(book, release, &gate, false),
        gate: Some(gate),
    })
}

/// Everything `gate` still needs, apart from change management's authorization itself.
/// With `emergency`, the approval chain is waived (the emergency CAB stands in for it).
pub fn missing_for(book: &Book, release: &Release, gate: &Gate, emergency: bool) -> Vec<Missing> {
    let mut missing = Vec::new();
    match gate {
        Gate::Planning => {
            need(
                &mut missing,
                !release.details.rfcs.is_empty(),
                Section::Details,
                "a change request (RFC) that authorizes the release",
            );
        }
        Gate::Build => {
            let plan = &release.plan;
            need(
                &mut missing,
                !plan.changes.trim().is_empty(),
                Section::Plan,
                "the changes the release includes",
            );
            need(
                &mut missing,
                !release.package.is_empty(),
                Section::Package,
                "at least one configuration item in the package",
            );
            need(
                &mut missing,
                !plan.affected.trim().is_empty(),
                Section::Plan,
                "who will be affected",
            );
            need(
                &mut missing,
                !plan.risk_assessment.trim().is_empty() || !release.risks.is_empty(),
                Section::Risks,
                "a risk assessment",
            );
            need(
                &mut missing,
                !release.details.audience.trim().is_empty(),
                Section::Details,
                "the audience",
            );
            for kind in [GateKind::Build, GateKind::Deployment, GateKind::Close] {
                let ok = release
                    .approval_chains
                    .get(&kind)
                    .is_some_and(|c| !c.is_empty());
                need(
                    &mut missing,
                    ok,
                    Section::Approvals,
                    &format!("an approval chain for {}", kind.label()),
                );
            }
            need(
                &mut missing,
                !release.details.owner_team.trim().is_empty(),
                Section::Details,
                "the owning team",
            );
            need(
                &mut missing,
                !plan.schedule.trim().is_empty(),
                Section::Plan,
                "the deployment schedule and strategy",
            );
            waves::build_needs(release, &mut missing);
            need(
                &mut missing,
                !plan.build_plan.trim().is_empty(),
                Section::Plan,
                "a build plan",
            );
            need(
                &mut missing,
                !plan.test_plan.trim().is_empty(),
                Section::Plan,
                "a test plan",
            );
            let minimum = book.policy(&release.service).min_pass_criteria as usize;
            let count = release.criteria.len();
            need(
                &mut missing,
                count >= minimum,
                Section::Criteria,
                &format!("at least {minimum} pass/fail criteria (the plan has {count})"),
            );
        }
        Gate::Deployment(env) => deployment_needs(book, release, env, &mut missing),
        Gate::Close => {
            let review = &release.review;
            need(
                &mut missing,
                !review.feedback.is_empty(),
                Section::Review,
                "feedback gathered",
            );
            need(
                &mut missing,
                !review.evaluations.is_empty(),
                Section::Review,
                "an evaluation against performance goals",
            );
            for check in ReviewCheck::ALL {
                need(
                    &mut missing,
                    review.check(check).is_some(),
                    Section::Review,
                    check.label(),
                );
            }
            let undelivered = release
                .knowledge
                .iter()
                .filter(|k| k.done.is_none())
                .count();
            need(
                &mut missing,
                undelivered == 0,
                Section::Knowledge,
                &format!(
                    "{} delivered",
                    crate::domain::plural::count(
                        undelivered,
                        "knowledge transfer or training item"
                    )
                ),
            );
            need(
                &mut missing,
                review.pir.is_some(),
                Section::Review,
                "a post-implementation review by change management",
            );
            need(
                &mut missing,
                review.handover.is_some(),
                Section::Handover,
                "operations' formal acceptance of the handover",
            );
        }
    }
    if !emergency {
        approval_needs(release, gate, &mut missing);
    }
    missing
}

fn deployment_needs(
    book: &Book,
    release: &Release,
    env: &super::ids::EnvironmentId,
    missing: &mut Vec<Missing>,
) {
    let env_name = book
        .environments
        .get(env)
        .map_or(env.as_str(), |e| e.name.as_str());
    match book.environments.get(env) {
        None => missing.push(Missing::new(
            Section::Waves,
            format!("an environment “{env}” in the catalogue"),
        )),
        Some(e) if e.retired => missing.push(Missing::new(
            Section::Waves,
            format!("{env_name} is retired; plan the wave elsewhere"),
        )),
        Some(_) => {}
    }
    let waves: Vec<_> = release
        .waves
        .iter()
        .filter(|w| &w.plan.environment == env)
        .collect();
    if waves.is_empty() {
        missing.push(Missing::new(
            Section::Waves,
            format!("a deployment wave on {env_name}"),
        ));
    }
    build_test::deployment_needs(release, missing);
    backout::deployment_needs(release, missing);
    registers::deployment_needs(release, missing);
    runbook::deployment_needs(book, release, missing);
    for wave in &waves {
        for conflict in window_conflicts(book, release, &wave.id, env, wave.plan.window) {
            missing.push(Missing::new(
                Section::Waves,
                format!("wave “{}”: {}", wave.plan.name, conflict.message),
            ));
        }
    }
    frequency_needs(book, release, env, &waves, missing);
}

/// The policy's "at most N of this category per period" applies to production.
fn frequency_needs(
    book: &Book,
    release: &Release,
    env: &super::ids::EnvironmentId,
    waves: &[&Wave],
    missing: &mut Vec<Missing>,
) {
    if !book.environments.get(env).is_some_and(|e| e.production) {
        return;
    }
    let Some(first) = waves.iter().map(|w| w.plan.window.start).min() else {
        return;
    };
    let policy = book.policy(&release.service);
    for limit in policy
        .frequency
        .iter()
        .filter(|l| l.category == release.category)
    {
        let key = limit.period.key(first);
        let shipped = book
            .releases
            .values()
            .filter(|r| {
                r.id != release.id && r.service == release.service && r.category == release.category
            })
            .filter(|r| r.status != Status::Cancelled)
            .filter(|r| {
                r.authorizations.iter().any(|a| match &a.gate {
                    Gate::Deployment(e) => {
                        book.environments.get(e).is_some_and(|x| x.production)
                            && r.waves.iter().any(|w| {
                                &w.plan.environment == e
                                    && limit.period.key(w.plan.window.start) == key
                            })
                    }
                    _ => false,
                })
            })
            .count();
        if shipped as u32 >= limit.max {
            missing.push(Missing::new(
                Section::Waves,
                format!(
                    "room in the release policy: at most {} per {} reach production, and {shipped} already do in that {}",
                    crate::domain::plural::count(limit.max as usize, &[release.category.label(), " release"].concat()), limit.period.label(), limit.period.label()
                ),
            ));
        }
    }
}
