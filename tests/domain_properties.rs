//! Property tests of the lifecycle engine: random command sequences never reach an invalid
//! state, merging is a union that does not depend on who merges, a serialized log replays
//! to the same book, and the hash chain shows any edit, removal or reordering.
//!
//! Commands come from a finite menu of templates over a handful of releases and the six
//! demo people (plus a stranger), valid and invalid alike; the walk helpers are on the menu
//! too so that sequences reach the later phases often.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use release_desk::demo::{
    self, PlanShape, Script, APPROVER, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER,
    TESTER,
};
use release_desk::domain::*;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------
// The menu of commands.

const PEOPLE: [&str; 7] = [
    RELEASE_MANAGER,
    CHANGE_MANAGER,
    APPROVER,
    TESTER,
    OPERATIONS,
    STAKEHOLDER,
    "stranger",
];
const ENVIRONMENTS: [&str; 3] = ["test", "staging", "prod"];
/// Days after `start()` a plan's windows begin; the last lands in the year-end freeze.
const SLOTS: [i64; 4] = [20, 23, 26, 80];

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single().unwrap()
}

/// One command, or one walk helper, on the `release`-th release of the book.
#[derive(Clone, Debug)]
struct Step {
    op: Op,
    /// Which release (modulo how many there are).
    release: u8,
    /// A small number the op uses to choose a gate, a wave, an environment…
    x: u8,
    /// A yes/no the op uses (approve, passed, valid text…).
    flag: bool,
    /// Who acts: `None` for the person whose role the step needs, else one of `PEOPLE`.
    actor: Option<u8>,
}

#[derive(Clone, Copy, Debug)]
enum Op {
    /// Whatever the release needs next, by the walk helpers (so that runs get far).
    Advance,
    Create,
    WritePlan,
    PassGate,
    BuildAndTest,
    DeployAll,
    ReviewAndClose,
    RequestApproval,
    DecideApproval,
    Authorize,
    EmergencyCab,
    SetBackoutPlan,
    AddCriterion,
    AddWave,
    EditWave,
    RemoveWave,
    RecordBuild,
    RecordTestRun,
    ConfirmReadiness,
    StartWave,
    VerifyWave,
    RemediateWave,
    BackOut,
    Replan,
    DeclareServiceLive,
    DeclareFullyOperational,
    RecordFeedback,
    RecordEvaluation,
    Confirm,
    RecordPir,
    AcceptHandover,
    Cancel,
    RaiseRisk,
    RaiseIssue,
    ApproveDeviation,
    AddKnowledgeItem,
    CompleteKnowledgeItem,
    EditPlan,
    EditDetails,
    SetApprovalChain,
    RetireEnvironment,
}

const OPS: [(u32, Op); 41] = [
    (30, Op::Advance),
    (4, Op::Create),
    (3, Op::WritePlan),
    (8, Op::PassGate),
    (3, Op::BuildAndTest),
    (3, Op::DeployAll),
    (2, Op::ReviewAndClose),
    (2, Op::RequestApproval),
    (3, Op::DecideApproval),
    (2, Op::Authorize),
    (1, Op::EmergencyCab),
    (1, Op::SetBackoutPlan),
    (1, Op::AddCriterion),
    (1, Op::AddWave),
    (1, Op::EditWave),
    (1, Op::RemoveWave),
    (1, Op::RecordBuild),
    (2, Op::RecordTestRun),
    (2, Op::ConfirmReadiness),
    (2, Op::StartWave),
    (2, Op::VerifyWave),
    (1, Op::RemediateWave),
    (2, Op::BackOut),
    (2, Op::Replan),
    (1, Op::DeclareServiceLive),
    (1, Op::DeclareFullyOperational),
    (1, Op::RecordFeedback),
    (1, Op::RecordEvaluation),
    (1, Op::Confirm),
    (1, Op::RecordPir),
    (1, Op::AcceptHandover),
    (2, Op::Cancel),
    (1, Op::RaiseRisk),
    (1, Op::RaiseIssue),
    (1, Op::ApproveDeviation),
    (1, Op::AddKnowledgeItem),
    (1, Op::CompleteKnowledgeItem),
    (1, Op::EditPlan),
    (1, Op::EditDetails),
    (1, Op::SetApprovalChain),
    (1, Op::RetireEnvironment),
];

fn op() -> impl Strategy<Value = Op> {
    let total: u32 = OPS.iter().map(|(w, _)| w).sum();
    (0..total).prop_map(|mut pick| {
        for (weight, op) in OPS {
            if pick < weight {
                return op;
            }
            pick -= weight;
        }
        Op::Create
    })
}

fn step() -> impl Strategy<Value = Step> {
    (
        op(),
        0u8..3,
        any::<u8>(),
        any::<bool>(),
        prop::option::weighted(0.2, 0u8..7),
    )
        .prop_map(|(op, release, x, flag, actor)| Step {
            op,
            release,
            x,
            flag,
            actor,
        })
}

fn steps(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step(), len)
}

fn gate(x: u8) -> Gate {
    match x % 6 {
        0 => Gate::Planning,
        1 => Gate::Build,
        2 => Gate::Deployment("test".into()),
        3 => Gate::Deployment("staging".into()),
        4 => Gate::Deployment("prod".into()),
        _ => Gate::Close,
    }
}

fn person_for(role: Role) -> &'static str {
    match role {
        Role::ReleaseManager => RELEASE_MANAGER,
        Role::ChangeManager => CHANGE_MANAGER,
        Role::Approver => APPROVER,
        Role::Tester => TESTER,
        Role::Operations => OPERATIONS,
        Role::Stakeholder => STAKEHOLDER,
        Role::Keeper => RELEASE_MANAGER,
    }
}

fn on(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

fn shape(x: u8) -> PlanShape {
    PlanShape::big_bang(start() + Duration::days(SLOTS[usize::from(x) % SLOTS.len()]))
}

/// The demo organisation, with event ids `e1`, `e2`, …
fn given_catalogue() -> Script {
    let mut s = Script::new("e", start());
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change).unwrap();
    }
    s
}

/// Run one step. Refusals are expected and ignored: what matters is what gets recorded.
fn run(s: &mut Script, step: &Step) {
    let book = s.engine.book();
    let ids: Vec<ReleaseId> = book.releases.keys().cloned().collect();
    let id = ids
        .get(usize::from(step.release) % ids.len().max(1))
        .cloned()
        .unwrap_or_else(|| ReleaseId::from("no-such-release"));
    let release = book.releases.get(&id);
    let x = step.x;
    let nth = |ids: Vec<ItemId>| {
        ids.get(usize::from(x) % ids.len().max(1))
            .cloned()
            .unwrap_or_else(|| ItemId::from("no-such-item"))
    };
    let wave = nth(release.map_or(vec![], |r| r.waves.iter().map(|w| w.id.clone()).collect()));
    let text = |words: &str| {
        if step.flag {
            words.to_owned()
        } else {
            " ".to_owned()
        }
    };
    use ReleaseChange as C;
    let (default_actor, change) = match step.op {
        // The walk helpers act as the right people themselves.
        Op::Create => {
            let services: Vec<ServiceId> = book.services.keys().cloned().collect();
            let service = services[usize::from(x) % services.len()].clone();
            let category = Category::ALL[usize::from(x / 4) % 3];
            let mut version = numbering(book, &service, category).suggested;
            if !step.flag && x.is_multiple_of(3) {
                version = Version::new(version.major, version.minor + 7, 0);
            }
            let items: Vec<String> = book
                .cis
                .values()
                .filter(|ci| ci.service.as_ref() == Some(&service))
                .take(1 + usize::from(x) % 2)
                .map(|ci| ci.id.to_string())
                .collect();
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            let _ = demo::new_release(s, service.as_str(), category, version, "Random", &items);
            return;
        }
        Op::Advance => {
            let Some(release) = release else { return };
            let _ = match release.status {
                Status::Draft => demo::pass_gate(s, &id, Gate::Planning),
                Status::Planning if release.plan.changes.is_empty() => {
                    demo::write_plan(s, &id, &shape(x))
                }
                Status::Planning => demo::pass_gate(s, &id, Gate::Build),
                Status::BuildAndTest if release.builds.is_empty() => demo::build_and_test(s, &id),
                Status::BuildAndTest | Status::Deployment => demo::deploy_all(s, &id),
                Status::EarlyLifeSupport | Status::Review => demo::review_and_close(s, &id),
                Status::BackedOut => {
                    let replan = ReleaseChange::Replan {
                        reason: "Try again".into(),
                    };
                    s.run(RELEASE_MANAGER, on(&id, replan)).map(|_| ())
                }
                Status::Closed | Status::Cancelled => Ok(()),
            };
            return;
        }
        Op::WritePlan => {
            let _ = demo::write_plan(s, &id, &shape(x));
            return;
        }
        Op::PassGate => {
            let _ = demo::pass_gate(s, &id, gate(x));
            return;
        }
        Op::BuildAndTest => {
            let _ = demo::build_and_test(s, &id);
            return;
        }
        Op::DeployAll => {
            let _ = demo::deploy_all(s, &id);
            return;
        }
        Op::ReviewAndClose => {
            let _ = demo::review_and_close(s, &id);
            return;
        }
        Op::RequestApproval => (RELEASE_MANAGER, C::RequestApproval(gate(x))),
        Op::DecideApproval => {
            let gate = gate(x);
            let next = release
                .and_then(|r| r.round(&gate))
                .and_then(|r| r.next().cloned());
            let actor = match next {
                Some(Approver::Role(role)) => person_for(role),
                _ => APPROVER,
            };
            let comment = if x.is_multiple_of(5) {
                String::new()
            } else {
                "Reason given".into()
            };
            (
                actor,
                C::DecideApproval {
                    gate,
                    approve: step.flag,
                    comment,
                },
            )
        }
        Op::Authorize => (
            CHANGE_MANAGER,
            C::Authorize {
                gates: vec![gate(x)],
                emergency: false,
                note: String::new(),
            },
        ),
        Op::EmergencyCab => {
            let gates = if step.flag {
                vec![Gate::Planning, Gate::Build]
            } else {
                ENVIRONMENTS
                    .iter()
                    .map(|e| Gate::Deployment((*e).into()))
                    .collect()
            };
            (
                CHANGE_MANAGER,
                C::Authorize {
                    gates,
                    emergency: true,
                    note: "ECAB".into(),
                },
            )
        }
        Op::SetBackoutPlan => (
            RELEASE_MANAGER,
            C::SetBackoutPlan(text("Restore the snapshot")),
        ),
        Op::AddCriterion => (
            TESTER,
            C::AddCriterion {
                id: ItemId::default(),
                text: text("Smoke tests pass"),
                stage: [Stage::Build, Stage::Test, Stage::Pilot, Stage::Deployment]
                    [usize::from(x) % 4],
                acceptance: None,
            },
        ),
        Op::AddWave | Op::EditWave => {
            let environment = EnvironmentId::from(ENVIRONMENTS[usize::from(x) % 3]);
            let at = start() + Duration::days(SLOTS[usize::from(x / 3) % SLOTS.len()]);
            let plan = WavePlan {
                name: text("Extra wave"),
                environment,
                target_group: "Some stores".into(),
                window: Window {
                    start: at,
                    end: at + Duration::hours(4),
                },
                components: release
                    .map_or(vec![], |r| r.package.iter().map(|c| c.ci.clone()).collect()),
            };
            match step.op {
                Op::AddWave => (
                    RELEASE_MANAGER,
                    C::AddWave {
                        id: ItemId::default(),
                        plan,
                    },
                ),
                _ => (RELEASE_MANAGER, C::EditWave { id: wave, plan }),
            }
        }
        Op::RemoveWave => (RELEASE_MANAGER, C::RemoveWave(wave)),
        Op::RecordBuild => (
            RELEASE_MANAGER,
            C::RecordBuild(BuildRecord {
                name: text("Build 1"),
                ..BuildRecord::default()
            }),
        ),
        Op::RecordTestRun => {
            let results = release.map_or(vec![], |r| {
                r.criteria
                    .iter()
                    .map(|c| CriterionResult {
                        criterion: c.id.clone(),
                        passed: step.flag,
                        note: String::new(),
                    })
                    .collect()
            });
            let kind = [
                TestKind::InputCi,
                TestKind::Package,
                TestKind::Rehearsal,
                TestKind::Pilot,
            ][usize::from(x) % 4];
            let run = TestRun {
                id: ItemId::default(),
                kind,
                name: "Run".into(),
                results,
                notes: String::new(),
                cycle: 0,
            };
            (TESTER, C::RecordTestRun(run))
        }
        Op::ConfirmReadiness => (OPERATIONS, C::ConfirmReadiness(wave)),
        Op::StartWave => (RELEASE_MANAGER, C::StartWave(wave)),
        Op::VerifyWave => (
            OPERATIONS,
            C::VerifyWave {
                wave,
                passed: step.flag,
                notes: String::new(),
            },
        ),
        Op::RemediateWave => (
            OPERATIONS,
            C::RemediateWave {
                wave,
                notes: text("Restarted the pods"),
            },
        ),
        Op::BackOut => (
            OPERATIONS,
            C::BackOut {
                reason: text("Errors after the wave"),
            },
        ),
        Op::Replan => (
            RELEASE_MANAGER,
            C::Replan {
                reason: text("Fix and retry"),
            },
        ),
        Op::DeclareServiceLive => (OPERATIONS, C::DeclareServiceLive),
        Op::DeclareFullyOperational => (OPERATIONS, C::DeclareFullyOperational),
        Op::RecordFeedback => (
            STAKEHOLDER,
            C::RecordFeedback {
                from: "Stores".into(),
                text: text("Fine"),
            },
        ),
        Op::RecordEvaluation => (
            RELEASE_MANAGER,
            C::RecordEvaluation {
                goal: text("Latency"),
                target: "300 ms".into(),
                actual: "250 ms".into(),
                met: step.flag,
            },
        ),
        Op::Confirm => (
            RELEASE_MANAGER,
            C::Confirm(
                [
                    ReviewCheck::Quality,
                    ReviewCheck::KnowledgeTransfer,
                    ReviewCheck::KnownErrorsDocumented,
                ][usize::from(x) % 3],
            ),
        ),
        Op::RecordPir => (
            CHANGE_MANAGER,
            C::RecordPir {
                outcome: PirOutcome::PartiallySuccessful,
                summary: text("Mostly met"),
            },
        ),
        Op::AcceptHandover => (
            OPERATIONS,
            C::AcceptHandover {
                note: String::new(),
            },
        ),
        Op::Cancel => (
            RELEASE_MANAGER,
            C::Cancel {
                reason: text("No longer needed"),
            },
        ),
        Op::RaiseRisk => {
            let risk = Risk {
                id: ItemId::default(),
                title: "Load".into(),
                likelihood: x % 6,
                impact: (x / 6) % 6,
                owner: String::new(),
                mitigation: text("Scale out"),
                status: EntryStatus::Open,
            };
            (RELEASE_MANAGER, C::RaiseRisk(risk))
        }
        Op::RaiseIssue => {
            let waives = x
                .is_multiple_of(2)
                .then(|| {
                    release
                        .and_then(|r| r.criteria.first())
                        .map(|c| c.id.clone())
                })
                .flatten();
            let issue = Issue {
                id: ItemId::default(),
                kind: if step.flag {
                    IssueKind::Deviation
                } else {
                    IssueKind::Issue
                },
                title: "Slow".into(),
                severity: [
                    Severity::Low,
                    Severity::Medium,
                    Severity::High,
                    Severity::Critical,
                ][usize::from(x / 2) % 4],
                corrective_action: String::new(),
                status: EntryStatus::Open,
                waives,
                approved: None,
            };
            (RELEASE_MANAGER, C::RaiseIssue(issue))
        }
        Op::ApproveDeviation => {
            let issue =
                nth(release.map_or(vec![], |r| r.issues.iter().map(|i| i.id.clone()).collect()));
            (CHANGE_MANAGER, C::ApproveDeviation(issue))
        }
        Op::AddKnowledgeItem => (
            RELEASE_MANAGER,
            C::AddKnowledgeItem(KnowledgeItem {
                id: ItemId::default(),
                kind: KnowledgeKind::Training,
                topic: text("Refunds"),
                audience: String::new(),
                done: None,
            }),
        ),
        Op::CompleteKnowledgeItem => {
            let item = nth(release.map_or(vec![], |r| {
                r.knowledge.iter().map(|k| k.id.clone()).collect()
            }));
            (RELEASE_MANAGER, C::CompleteKnowledgeItem(item))
        }
        Op::EditPlan => {
            let plan = PlanText {
                changes: text("Everything"),
                ..release.map(|r| r.plan.clone()).unwrap_or_default()
            };
            (RELEASE_MANAGER, C::EditPlan(plan))
        }
        Op::EditDetails => {
            let mut details = release.map(|r| r.details.clone()).unwrap_or_default();
            if !step.flag {
                details.rfcs.clear();
            }
            if x.is_multiple_of(4) {
                details.approach.rollout = Rollout::Phased;
            }
            (RELEASE_MANAGER, C::EditDetails(details))
        }
        Op::SetApprovalChain => {
            let kind = GateKind::ALL[usize::from(x) % 4];
            let chain = if step.flag {
                vec![Approver::Role(Role::Approver)]
            } else {
                vec![]
            };
            (RELEASE_MANAGER, C::SetApprovalChain { gate: kind, chain })
        }
        Op::RetireEnvironment => {
            let environment = EnvironmentId::from(ENVIRONMENTS[usize::from(x) % 3]);
            let actor = step
                .actor
                .map_or(RELEASE_MANAGER, |p| PEOPLE[usize::from(p) % PEOPLE.len()]);
            let _ = s.run(actor, Change::RetireEnvironment(environment));
            return;
        }
    };
    let actor = step
        .actor
        .map_or(default_actor, |p| PEOPLE[usize::from(p) % PEOPLE.len()]);
    let _ = s.run(actor, on(&id, change));
}

fn run_all(s: &mut Script, steps: &[Step]) {
    for step in steps {
        run(s, step);
    }
}

// ---------------------------------------------------------------------------------------
// The invariants.

/// The moves a release's status may make with one event.
fn allowed(from: Status, to: Status) -> bool {
    use Status as S;
    from == to
        || matches!(
            (from, to),
            (S::Draft, S::Planning | S::Cancelled)
                | (S::Planning, S::BuildAndTest | S::Cancelled)
                | (S::BuildAndTest, S::Deployment | S::Cancelled)
                | (S::Deployment, S::EarlyLifeSupport | S::BackedOut)
                | (
                    S::EarlyLifeSupport,
                    S::Review | S::BackedOut | S::Deployment
                )
                | (S::Review, S::Closed)
                | (S::BackedOut, S::Planning | S::Cancelled)
        )
}

/// What must hold of every release in every state.
fn check_release(release: &Release) -> Result<(), TestCaseError> {
    for wave in &release.waves {
        if matches!(wave.status, WaveStatus::InProgress | WaveStatus::Verified) {
            let gate = Gate::Deployment(wave.plan.environment.clone());
            prop_assert!(
                release.is_authorized(&gate),
                "wave {} of {} is {} without authorization in cycle {}",
                wave.id,
                release.id,
                wave.status.label(),
                release.cycle
            );
            prop_assert!(
                !release.backout_plan.trim().is_empty(),
                "wave {} of {} is {} without a back-out plan",
                wave.id,
                release.id,
                wave.status.label()
            );
        }
    }
    if release.status == Status::Closed {
        prop_assert!(
            release.review.handover.is_some(),
            "{} closed without handover",
            release.id
        );
        prop_assert!(
            release.review.pir.is_some(),
            "{} closed without a PIR",
            release.id
        );
    }
    Ok(())
}

/// Fold `events` one at a time, checking every state on the way; returns the book.
fn check_log(events: &[Event]) -> Result<Book, TestCaseError> {
    let mut book = Book::default();
    for event in events {
        let touched = match &event.what {
            Change::Release { id, .. } => Some(id.clone()),
            Change::CreateRelease(_) => Some(ReleaseId::from(&event.id)),
            _ => None,
        };
        let before = touched
            .as_ref()
            .and_then(|id| book.releases.get(id).cloned());
        apply(&mut book, event);
        let Some(id) = touched else { continue };
        let Some(after) = book.releases.get(&id) else {
            continue;
        };
        if let Some(before) = before {
            if before.status.is_final() {
                prop_assert_eq!(
                    &before,
                    after,
                    "a {} release changed",
                    before.status.label()
                );
            }
            prop_assert!(
                allowed(before.status, after.status),
                "{} moved from {} to {} with event {}",
                id,
                before.status.label(),
                after.status.label(),
                event.id
            );
        }
        check_release(after)?;
    }
    Ok(book)
}

// ---------------------------------------------------------------------------------------
// Helpers for logs.

fn contains_all(merged: &Log, part: &Log) -> bool {
    let by_id: HashMap<&EventId, &Event> = merged.events().iter().map(|e| (&e.id, e)).collect();
    part.events().iter().all(|e| by_id.get(&e.id) == Some(&e))
}

/// A prefix shared by two devices, then each device's own steps with its own event ids.
fn diverge(prefix: &[Step], sides: &[&[Step]]) -> Vec<Engine> {
    let mut shared = given_catalogue();
    run_all(&mut shared, prefix);
    sides
        .iter()
        .zip(["a", "b", "c", "d"])
        .map(|(steps, prefix)| {
            let mut s = Script::resume(shared.engine.clone(), prefix, shared.now);
            run_all(&mut s, steps);
            s.engine
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Tamper {
    At(Index),
    By(Index),
    What(Index),
    Seq(Index),
    After(Index),
    Id(Index),
    Remove(Index),
    RemoveFirst,
    RemoveLast,
    Swap(Index, Index),
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        any::<Index>().prop_map(Tamper::At),
        any::<Index>().prop_map(Tamper::By),
        any::<Index>().prop_map(Tamper::What),
        any::<Index>().prop_map(Tamper::Seq),
        any::<Index>().prop_map(Tamper::After),
        any::<Index>().prop_map(Tamper::Id),
        any::<Index>().prop_map(Tamper::Remove),
        Just(Tamper::RemoveFirst),
        Just(Tamper::RemoveLast),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Tamper::Swap(a, b)),
    ]
}

/// The events with one change made, or `None` when the change would change nothing.
fn tampered(log: &Log, how: &Tamper) -> Option<Vec<Event>> {
    let mut events = log.events().to_vec();
    let n = events.len();
    match how {
        Tamper::At(i) => events[i.index(n)].at += Duration::milliseconds(1),
        Tamper::By(i) => events[i.index(n)].by.0.push('x'),
        Tamper::What(i) => {
            let event = &mut events[i.index(n)];
            event.what = Change::ResolveConflict {
                event: event.id.clone(),
                note: "tampered".into(),
            };
        }
        Tamper::Seq(i) => events[i.index(n)].seq += 1,
        Tamper::After(i) => {
            let event = &mut events[i.index(n)];
            if event.after.is_empty() {
                event.after.push(Hash([0; 16]));
            } else {
                event.after.clear();
            }
        }
        Tamper::Id(i) => events[i.index(n)].id.0.push('x'),
        Tamper::Remove(i) => {
            events.remove(i.index(n));
        }
        Tamper::RemoveFirst => {
            events.remove(0);
        }
        Tamper::RemoveLast => {
            events.pop();
        }
        Tamper::Swap(a, b) => {
            let (a, b) = (a.index(n), b.index(n));
            if a == b {
                return None;
            }
            events.swap(a, b);
        }
    }
    Some(events)
}

// ---------------------------------------------------------------------------------------
// The example in docs/format.md.

/// The small book `docs/format.md` shows: a person, a service, a release and a risk.
fn format_example() -> Document {
    let mut s = Script::new("ev-", start());
    let person = Person {
        email: String::new(),
        id: RELEASE_MANAGER.into(),
        name: "Rita Ramos".into(),
        roles: vec![Role::ReleaseManager],
    };
    s.ok(RELEASE_MANAGER, Change::Person(person)).unwrap();
    let service = Service {
        id: "payments".into(),
        name: "Payments".into(),
        description: String::new(),
        owner_team: "Payments squad".into(),
        baseline: Version::new(3, 2, 0),
        retired: false,
    };
    s.ok(RELEASE_MANAGER, Change::Service(service)).unwrap();
    let new = NewRelease {
        service: "payments".into(),
        category: Category::Minor,
        version: Version::new(3, 3, 0),
        details: ReleaseDetails {
            name: "Payments autumn release".into(),
            rfcs: vec!["RFC-1042".into()],
            ..ReleaseDetails::default()
        },
        package: vec![],
    };
    let id = s
        .ok(RELEASE_MANAGER, Change::CreateRelease(Box::new(new)))
        .unwrap();
    let risk = Risk {
        id: ItemId::default(),
        title: "Card terminals time out at peak".into(),
        likelihood: 2,
        impact: 4,
        owner: String::new(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    };
    s.ok(
        RELEASE_MANAGER,
        on(&ReleaseId::from(&id), ReleaseChange::RaiseRisk(risk)),
    )
    .unwrap();
    Document::new("Retail IT release book", s.engine.log())
}

/// The example in the format's documentation is what this code writes and reads.
#[test]
fn the_documented_example_is_real() {
    let expected = format_example();
    let docs = include_str!("../docs/format.md");
    let example = docs.find("## Example").unwrap();
    let start = example + docs[example..].find("```json\n").unwrap() + "```json\n".len();
    let end = start + docs[start..].find("```").unwrap();
    let (read, log) = Document::from_json(&docs[start..end]).unwrap_or_else(|e| {
        panic!(
            "{e}\nThe example should be:\n{}",
            serde_json::to_string_pretty(&expected).unwrap()
        )
    });
    assert_eq!(
        read,
        Document {
            events: vec![],
            ..expected.clone()
        }
    );
    assert_eq!(log.events(), expected.events);
}

// ---------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random command sequences never panic, every event `decide` accepts also applies, and
    /// every state on the way is valid.
    #[test]
    fn random_commands_never_reach_an_invalid_state(steps in steps(1..80)) {
        let mut s = given_catalogue();
        run_all(&mut s, &steps);
        let book = check_log(s.engine.log().events())?;
        prop_assert!(book.conflicts.is_empty(), "decide accepted what apply refused: {:?}", book.conflicts);
        prop_assert_eq!(&book, s.engine.book());
        prop_assert!(s.engine.log().verify().is_ok());
    }

    /// Merging is a union: commutative, associative, idempotent; it keeps every event of
    /// both sides, verifies, and folds to the same book whoever merges. The merged state
    /// is valid too, and work continues on it.
    #[test]
    fn merging_is_a_union_whoever_merges(
        prefix in steps(0..20),
        a in steps(1..20),
        b in steps(1..20),
        c in steps(0..10),
        after in steps(1..10),
    ) {
        let engines = diverge(&prefix, &[&a, &b, &c]);
        let (la, lb, lc) = (engines[0].log(), engines[1].log(), engines[2].log());
        let ab = la.merge(lb).unwrap();
        prop_assert_eq!(&ab, &lb.merge(la).unwrap());
        prop_assert_eq!(ab.merge(lc).unwrap(), la.merge(&lb.merge(lc).unwrap()).unwrap());
        prop_assert_eq!(&la.merge(la).unwrap(), la);
        prop_assert_eq!(&ab.merge(la).unwrap(), &ab);
        prop_assert!(contains_all(&ab, la) && contains_all(&ab, lb));
        // …and nothing else.
        let ids: std::collections::HashSet<&EventId> =
            la.events().iter().chain(lb.events()).map(|e| &e.id).collect();
        prop_assert_eq!(ab.len(), ids.len());
        if let Err(link) = ab.verify() {
            prop_assert!(false, "the merged log does not verify: {}", link);
        }
        // Each device merges the other's log into its engine; both reach the fold.
        let book = check_log(ab.events())?;
        let mut on_a = engines[0].clone();
        let mut on_b = engines[1].clone();
        on_a.merge(lb).unwrap();
        on_b.merge(la).unwrap();
        prop_assert_eq!(on_a.book(), &book);
        prop_assert_eq!(on_b.book(), &book);
        prop_assert_eq!(on_a.log(), &ab);
        // Work goes on from the merged log (several heads), and merges back cleanly.
        let mut next = Script::resume(on_a, "m", start() + Duration::days(1));
        run_all(&mut next, &after);
        let later = next.engine.log();
        prop_assert!(later.verify().is_ok());
        prop_assert_eq!(&later.merge(&ab).unwrap(), later);
        prop_assert_eq!(&on_b.log().merge(later).unwrap(), later);
    }

    /// Two people both approve the last slot of a chain, or one device cancels while the
    /// other authorizes deployment: the merge keeps every event and reports a conflict.
    #[test]
    fn a_command_invalid_after_merging_is_a_conflict_not_a_loss(
        double_approval in any::<bool>(),
        swap in any::<bool>(),
        a in steps(0..10),
        b in steps(0..10),
    ) {
        let mut shared = given_catalogue();
        let id = demo::new_release(&mut shared, "payments", Category::Minor, Version::new(3, 3, 0), "Payments 3.3", &["payments-api"]).unwrap();
        demo::pass_gate(&mut shared, &id, Gate::Planning).unwrap();
        demo::write_plan(&mut shared, &id, &shape(0)).unwrap();
        let test = Gate::Deployment("test".into());
        let (first, second): (Change, Change) = if double_approval {
            shared.ok(RELEASE_MANAGER, on(&id, ReleaseChange::RequestApproval(Gate::Build))).unwrap();
            let approve = on(&id, ReleaseChange::DecideApproval { gate: Gate::Build, approve: true, comment: String::new() });
            (approve.clone(), approve)
        } else {
            demo::pass_gate(&mut shared, &id, Gate::Build).unwrap();
            demo::build_and_test(&mut shared, &id).unwrap();
            demo::approve(&mut shared, &id, &test).unwrap();
            let cancel = on(&id, ReleaseChange::Cancel { reason: "Budget cut".into() });
            let authorize = on(&id, ReleaseChange::Authorize { gates: vec![test], emergency: false, note: String::new() });
            (cancel, authorize)
        };
        let actor = |change: &Change| match change {
            Change::Release { change: ReleaseChange::DecideApproval { .. }, .. } => APPROVER,
            Change::Release { change: ReleaseChange::Cancel { .. }, .. } => RELEASE_MANAGER,
            _ => CHANGE_MANAGER,
        };
        let (pa, pb) = if swap { ("b", "a") } else { ("a", "b") };
        let mut one = Script::resume(shared.engine.clone(), pa, shared.now);
        let mut two = Script::resume(shared.engine.clone(), pb, shared.now);
        one.ok(actor(&first), first).unwrap();
        two.ok(actor(&second), second).unwrap();
        run_all(&mut one, &a);
        run_all(&mut two, &b);
        let (la, lb) = (one.engine.log(), two.engine.log());
        let merged = la.merge(lb).unwrap();
        prop_assert_eq!(&merged, &lb.merge(la).unwrap());
        prop_assert!(contains_all(&merged, la) && contains_all(&merged, lb));
        prop_assert!(merged.verify().is_ok());
        let book = check_log(merged.events())?;
        prop_assert!(
            book.conflicts.iter().any(|c| c.release.as_ref() == Some(&id)),
            "no conflict reported for {}", id
        );
        for conflict in &book.conflicts {
            prop_assert!(merged.position(&conflict.event).is_some());
        }
        let mut engine = one.engine.clone();
        let report = engine.merge(lb).unwrap();
        prop_assert!(report.new_conflicts >= 1);
        prop_assert_eq!(engine.book(), &book);
    }

    /// A log written as a document and read back folds to the engine's book.
    #[test]
    fn a_serialized_log_replays_to_the_same_book(steps in steps(1..40), nanos in 0i64..1_000_000) {
        let mut s = given_catalogue();
        // A clock with more precision than the document keeps (milliseconds).
        s.advance(Duration::nanoseconds(nanos));
        run_all(&mut s, &steps);
        let text = Document::new("Retail IT", s.engine.log()).to_json();
        let (document, log) = Document::from_json(&text).unwrap();
        prop_assert_eq!(document.name, "Retail IT");
        prop_assert_eq!(&fold(log.events()), s.engine.book());
        prop_assert_eq!(&log, s.engine.log());
    }

    /// Any single changed, removed or reordered event breaks the chain, in memory and in a
    /// document.
    #[test]
    fn the_hash_chain_shows_any_tampering(
        steps in steps(0..15),
        other in steps(0..8),
        merged in any::<bool>(),
        how in tamper(),
    ) {
        let log = if merged {
            let engines = diverge(&steps, &[&other, &other]);
            engines[0].log().merge(engines[1].log()).unwrap()
        } else {
            let mut s = given_catalogue();
            run_all(&mut s, &steps);
            s.engine.log().clone()
        };
        prop_assert!(log.verify().is_ok());
        if let Some(events) = tampered(&log, &how) {
            let broken = Log::from_parts(events, log.heads().to_vec());
            prop_assert!(broken.verify().is_err(), "{:?} was not detected", how);
            let document = Document { events: broken.events().to_vec(), ..Document::new("x", &log) };
            let read = Document::from_json(&document.to_json());
            prop_assert!(read.is_err(), "{:?} was not detected in a document", how);
        }
    }

    /// A document with one byte changed or cut short is refused with a reason, never a
    /// panic; if it is still accepted, the events it holds are exactly the original ones.
    #[test]
    fn a_damaged_document_is_refused_or_unchanged(
        steps in steps(0..10),
        at in any::<Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let mut s = given_catalogue();
        run_all(&mut s, &steps);
        let mut bytes = Document::new("Retail IT", s.engine.log()).to_json().into_bytes();
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] = byte;
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok((_, log)) = Document::from_json(&text) {
            prop_assert_eq!(log.events(), s.engine.log().events());
        }
    }
}
