//! Applying events to the state. This is the only code that mutates a book.
//!
//! `apply` re-checks the structural rules (a release moves only along its state machine, a
//! slot in an approval chain is decided once) so that a log merged from two devices can be
//! folded safely: an event that no longer fits is reported as a [`Conflict`] and not applied.
//! The richer checks (roles, gate requirements, policy) belong to `decide`.

use super::book::{Book, Conflict, Deployed};
use super::change::{Change, NewRelease, ReleaseChange};
use super::event::Event;
use super::ids::{ItemId, ReleaseId};
use super::records::{Authorization, Criterion, IssueKind};
use super::release::{
    ApprovalRound, Decision, Gate, Release, ReleaseDetails, RoundOutcome, Stamp, Status,
};
use super::review::{Evaluation, Feedback, Pir, ReviewCheck};
use super::wave::{Verification, Wave, WaveStatus};

/// Fold one event into the book. When the event cannot be applied, the book records a
/// conflict instead and is otherwise unchanged.
pub fn apply(book: &mut Book, event: &Event) {
    book.applied += 1;
    if let Err(reason) = try_apply(book, event) {
        let release = match &event.what {
            Change::Release { id, .. } => Some(id.clone()),
            _ => None,
        };
        book.conflicts.push(Conflict {
            event: event.id.clone(),
            by: event.by.clone(),
            release,
            reason,
            resolved: None,
        });
    }
}

/// Fold events, in order, into a new book.
pub fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Book {
    let mut book = Book::default();
    for event in events {
        apply(&mut book, event);
    }
    book
}

/// Apply one event, or say why it cannot be applied; on error nothing changed.
pub fn try_apply(book: &mut Book, event: &Event) -> Result<(), String> {
    let stamp = || Stamp {
        by: event.by.clone(),
        at: event.at,
    };
    match &event.what {
        Change::Person(person) => {
            book.people.insert(person.id.clone(), person.clone());
        }
        Change::Service(service) => {
            book.services.insert(service.id.clone(), service.clone());
        }
        Change::Environment(environment) => {
            book.environments
                .insert(environment.id.clone(), environment.clone());
        }
        Change::Ci(ci) => {
            book.cis.insert(ci.id.clone(), ci.clone());
        }
        Change::RetireService(id) => {
            let service = book.services.get_mut(id).ok_or("no such service")?;
            service.retired = true;
        }
        Change::RetireEnvironment(id) => {
            let environment = book.environments.get_mut(id).ok_or("no such environment")?;
            environment.retired = true;
        }
        Change::RetireCi(id) => {
            let ci = book.cis.get_mut(id).ok_or("no such configuration item")?;
            ci.retired = true;
        }
        Change::Policy(policy) => {
            book.policies.insert(policy.service.clone(), policy.clone());
        }
        Change::CreateRelease(new) => {
            let id = ReleaseId::from(&event.id);
            if book.releases.contains_key(&id) {
                return Err(format!("a release with id {id} already exists"));
            }
            let release = new_release(book, id.clone(), new, stamp());
            book.releases.insert(id, release);
        }
        Change::Release { id, change } => {
            let position = book.applied;
            let release = book
                .releases
                .get_mut(id)
                .ok_or_else(|| format!("release {id} does not exist"))?;
            let effect = apply_release(release, change, event)?;
            release.last_change = position;
            if !matches!(effect, Effect::None) {
                let (service, version) = (release.service.clone(), release.version);
                record_deployments(book, id, service, version, effect, stamp());
            }
        }
        Change::ResolveConflict {
            event: target,
            note,
        } => {
            let conflict = book
                .conflicts
                .iter_mut()
                .find(|c| &c.event == target && c.resolved.is_none())
                .ok_or("that conflict is not open")?;
            conflict.resolved = Some((stamp(), note.clone()));
        }
    }
    Ok(())
}

fn new_release(book: &Book, id: ReleaseId, new: &NewRelease, created: Stamp) -> Release {
    Release {
        id,
        service: new.service.clone(),
        category: new.category,
        version: new.version,
        details: ReleaseDetails {
            ..new.details.clone()
        },
        package: new.package.clone(),
        status: Status::Draft,
        cycle: 0,
        created,
        plan: Default::default(),
        approval_chains: book.policy(&new.service).approval_chains,
        criteria: Vec::new(),
        rounds: Vec::new(),
        authorizations: Vec::new(),
        builds: Vec::new(),
        documents: Vec::new(),
        test_runs: Vec::new(),
        waves: Vec::new(),
        backout_plan: String::new(),
        last_setback: None,
        service_live: None,
        fully_operational: None,
        review: Default::default(),
        risks: Vec::new(),
        issues: Vec::new(),
        known_errors: Vec::new(),
        communications: Vec::new(),
        knowledge: Vec::new(),
        ended: None,
        last_change: book.applied,
    }
}

/// What a release change means for the book beyond the release itself.
enum Effect {
    None,
    /// A wave was verified in this environment.
    Deployed(super::ids::EnvironmentId),
    /// The deployment was backed out everywhere.
    BackedOut,
}

fn record_deployments(
    book: &mut Book,
    release: &ReleaseId,
    service: super::ids::ServiceId,
    version: super::version::Version,
    effect: Effect,
    stamp: Stamp,
) {
    match effect {
        Effect::None => {}
        Effect::Deployed(environment) => {
            let history = book
                .deployed
                .entry(service)
                .or_default()
                .entry(environment)
                .or_default();
            let current = history.iter().rev().find(|d| !d.backed_out);
            if current.is_none_or(|d| &d.release != release) {
                history.push(Deployed {
                    release: release.clone(),
                    version,
                    stamp,
                    backed_out: false,
                });
            }
        }
        Effect::BackedOut => {
            if let Some(per_env) = book.deployed.get_mut(&service) {
                for history in per_env.values_mut() {
                    for deployed in history.iter_mut().filter(|d| &d.release == release) {
                        deployed.backed_out = true;
                    }
                }
            }
        }
    }
}

fn require(condition: bool, reason: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(reason.to_owned())
    }
}

fn in_status(release: &Release, allowed: &[Status], doing: &str) -> Result<(), String> {
    if allowed.contains(&release.status) {
        Ok(())
    } else {
        Err(format!(
            "cannot {doing}: the release is {}",
            release.status.phrase()
        ))
    }
}

const EDITABLE: &[Status] = &[Status::Draft, Status::Planning];
const OPEN: &[Status] = &[
    Status::Draft,
    Status::Planning,
    Status::BuildAndTest,
    Status::Deployment,
    Status::EarlyLifeSupport,
    Status::Review,
    Status::BackedOut,
];

/// The status from which a gate is passed, and the status it leads to.
pub fn gate_transition(gate: &Gate) -> (&'static [Status], Status) {
    match gate {
        Gate::Planning => (&[Status::Draft], Status::Planning),
        Gate::Build => (&[Status::Planning], Status::BuildAndTest),
        Gate::Deployment(_) => (
            &[
                Status::BuildAndTest,
                Status::Deployment,
                Status::EarlyLifeSupport,
            ],
            Status::Deployment,
        ),
        Gate::Close => (&[Status::Review], Status::Closed),
    }
}

/// Editing the plan withdraws an approval already given for the build gate: the approvers
/// approved a different plan. While a decision is pending the plan cannot change.
fn plan_edit(release: &mut Release) -> Result<(), String> {
    in_status(release, EDITABLE, "change the plan")?;
    let cycle = release.cycle;
    if let Some(round) = release
        .rounds
        .iter_mut()
        .rev()
        .find(|r| r.gate == Gate::Build && r.cycle == cycle)
    {
        match round.outcome {
            RoundOutcome::Pending => {
                return Err(
                    "the plan is waiting for its approvers; change it after their decision".into(),
                )
            }
            RoundOutcome::Approved => round.outcome = RoundOutcome::Withdrawn,
            RoundOutcome::Rejected | RoundOutcome::Withdrawn => {}
        }
    }
    Ok(())
}

fn find<'a, T>(
    items: &'a mut [T],
    id: &ItemId,
    key: impl Fn(&T) -> &ItemId,
    what: &str,
) -> Result<&'a mut T, String> {
    items
        .iter_mut()
        .find(|item| key(item) == id)
        .ok_or_else(|| format!("no such {what}"))
}

fn wave_in<'a>(
    release: &'a mut Release,
    id: &ItemId,
    allowed: &[WaveStatus],
    doing: &str,
) -> Result<&'a mut Wave, String> {
    let wave = find(&mut release.waves, id, |w| &w.id, "wave")?;
    if allowed.contains(&wave.status) {
        Ok(wave)
    } else {
        Err(format!(
            "cannot {doing} a wave that is {}",
            wave.status.label()
        ))
    }
}

#[allow(clippy::too_many_lines)] // One arm per change reads better than a dozen helpers.
fn apply_release(
    release: &mut Release,
    change: &ReleaseChange,
    event: &Event,
) -> Result<Effect, String> {
    // Built only where a change records them: most events need neither.
    let stamp = || Stamp {
        by: event.by.clone(),
        at: event.at,
    };
    let new_id = || ItemId::from(&event.id);
    use ReleaseChange as C;
    if release.status.is_final() {
        return Err(format!(
            "the release is {} and cannot change",
            release.status.label()
        ));
    }
    match change {
        C::EditDetails(details) => {
            plan_edit(release)?;
            release.details = details.clone();
        }
        C::SetPackage(package) => {
            plan_edit(release)?;
            release.package = package.clone();
        }
        C::EditPlan(plan) => {
            plan_edit(release)?;
            release.plan = plan.clone();
        }
        C::SetApprovalChain { gate, chain } => {
            plan_edit(release)?;
            release.approval_chains.insert(*gate, chain.clone());
        }
        C::AddCriterion { text, stage, .. } => {
            plan_edit(release)?;
            release.criteria.push(Criterion {
                id: new_id(),
                text: text.clone(),
                stage: *stage,
            });
        }
        C::RemoveCriterion(id) => {
            require(
                release.criteria.iter().any(|c| &c.id == id),
                "no such criterion",
            )?;
            plan_edit(release)?;
            release.criteria.retain(|c| &c.id != id);
        }
        C::AddWave { plan, .. } => {
            in_status(
                release,
                &[
                    Status::Draft,
                    Status::Planning,
                    Status::BuildAndTest,
                    Status::Deployment,
                ],
                "plan a wave",
            )?;
            release.waves.push(Wave {
                id: new_id(),
                plan: plan.clone(),
                status: WaveStatus::Planned,
                readiness: None,
                started: None,
                verifications: Vec::new(),
                remediations: Vec::new(),
            });
        }
        C::EditWave { id, plan } => {
            let wave = wave_in(
                release,
                id,
                &[WaveStatus::Planned, WaveStatus::Ready],
                "reschedule",
            )?;
            wave.plan = plan.clone();
        }
        C::RemoveWave(id) => {
            wave_in(
                release,
                id,
                &[WaveStatus::Planned, WaveStatus::Ready],
                "remove",
            )?;
            release.waves.retain(|w| &w.id != id);
        }
        C::SetBackoutPlan(plan) => {
            in_status(
                release,
                &[
                    Status::Draft,
                    Status::Planning,
                    Status::BuildAndTest,
                    Status::Deployment,
                    Status::EarlyLifeSupport,
                ],
                "change the back-out plan",
            )?;
            release.backout_plan = plan.clone();
        }
        C::RequestApproval(gate) => {
            let (from, _) = gate_transition(gate);
            in_status(release, from, "ask for this approval")?;
            require(
                !release.is_authorized(gate),
                "this gate is already authorized",
            )?;
            match release.round(gate).map(|r| r.outcome) {
                Some(RoundOutcome::Pending) => {
                    return Err("approval was already requested and is waiting for decisions".into())
                }
                Some(RoundOutcome::Approved) => {
                    return Err("the approval chain already approved this gate; it awaits change management's authorization".into())
                }
                _ => {}
            }
            let chain = release
                .approval_chains
                .get(&gate.kind())
                .cloned()
                .unwrap_or_default();
            require(!chain.is_empty(), "this gate has no approval chain")?;
            release.rounds.push(ApprovalRound {
                gate: gate.clone(),
                cycle: release.cycle,
                chain,
                decisions: Vec::new(),
                outcome: RoundOutcome::Pending,
                requested: stamp(),
            });
        }
        C::DecideApproval {
            gate,
            approve,
            comment,
        } => {
            let cycle = release.cycle;
            let round = release
                .rounds
                .iter_mut()
                .rev()
                .find(|r| &r.gate == gate && r.cycle == cycle && r.outcome == RoundOutcome::Pending)
                .ok_or("no approval is waiting for a decision at this gate")?;
            round.decisions.push(Decision {
                approve: *approve,
                comment: comment.clone(),
                stamp: stamp(),
            });
            if !approve {
                round.outcome = RoundOutcome::Rejected;
                release.last_setback = Some((stamp(), format!("rejected: {comment}")));
            } else if round.decisions.len() == round.chain.len() {
                round.outcome = RoundOutcome::Approved;
            }
        }
        C::Authorize {
            gates,
            emergency,
            note,
        } => {
            // Each event carries one gate; a command with several is split by `decide`.
            let [gate] = gates.as_slice() else {
                return Err("an authorization event names exactly one gate".into());
            };
            let (from, to) = gate_transition(gate);
            in_status(release, from, "authorize this gate")?;
            require(
                !release.is_authorized(gate),
                "this gate is already authorized",
            )?;
            release.authorizations.push(Authorization {
                gate: gate.clone(),
                cycle: release.cycle,
                emergency: *emergency,
                note: note.clone(),
                stamp: stamp(),
            });
            release.status = to;
            if to == Status::Closed {
                release.ended = Some((stamp(), note.clone()));
            }
        }
        C::RecordBuild(build) => {
            in_status(release, &[Status::BuildAndTest], "record a build")?;
            release.builds.push(super::records::BuildRecord {
                id: new_id(),
                ..build.clone()
            });
        }
        C::RecordDocument(document) => {
            in_status(release, OPEN, "record a document")?;
            release.documents.push(super::records::DocumentRecord {
                id: new_id(),
                ..document.clone()
            });
        }
        C::RecordTestRun(run) => {
            in_status(
                release,
                &[Status::BuildAndTest, Status::Deployment],
                "record a test run",
            )?;
            for result in &run.results {
                require(
                    release.criteria.iter().any(|c| c.id == result.criterion),
                    "a result names a criterion the plan does not have",
                )?;
            }
            release.test_runs.push(super::records::TestRun {
                id: new_id(),
                cycle: release.cycle,
                ..run.clone()
            });
        }
        C::RaiseRisk(risk) => release.risks.push(super::records::Risk {
            id: new_id(),
            ..risk.clone()
        }),
        C::UpdateRisk(risk) => {
            *find(&mut release.risks, &risk.id, |r| &r.id, "risk")? = risk.clone()
        }
        C::RaiseIssue(issue) => release.issues.push(super::records::Issue {
            id: new_id(),
            approved: None,
            ..issue.clone()
        }),
        C::UpdateIssue(issue) => {
            let entry = find(
                &mut release.issues,
                &issue.id,
                |i| &i.id,
                "deviation or issue",
            )?;
            let approved = entry.approved.take();
            // A changed waiver needs a fresh approval.
            let keep = approved.filter(|_| entry.waives == issue.waives);
            *entry = super::records::Issue {
                approved: keep,
                ..issue.clone()
            };
        }
        C::ApproveDeviation(id) => {
            let entry = find(&mut release.issues, id, |i| &i.id, "deviation")?;
            require(
                entry.kind == IssueKind::Deviation,
                "only a deviation can be approved",
            )?;
            require(
                entry.approved.is_none(),
                "the deviation is already approved",
            )?;
            entry.approved = Some(stamp());
        }
        C::RecordKnownError(error) => release.known_errors.push(super::records::KnownError {
            id: new_id(),
            ..error.clone()
        }),
        C::UpdateKnownError(error) => {
            *find(
                &mut release.known_errors,
                &error.id,
                |e| &e.id,
                "known error",
            )? = error.clone()
        }
        C::RecordCommunication(message) => {
            release.communications.push(super::records::Communication {
                id: new_id(),
                ..message.clone()
            })
        }
        C::AddKnowledgeItem(item) => release.knowledge.push(super::records::KnowledgeItem {
            id: new_id(),
            done: None,
            ..item.clone()
        }),
        C::CompleteKnowledgeItem(id) => {
            let item = find(&mut release.knowledge, id, |k| &k.id, "knowledge item")?;
            require(item.done.is_none(), "already delivered")?;
            item.done = Some(stamp());
        }
        C::ConfirmReadiness(id) => {
            in_status(
                release,
                &[Status::BuildAndTest, Status::Deployment],
                "confirm readiness",
            )?;
            let wave = wave_in(release, id, &[WaveStatus::Planned], "confirm readiness of")?;
            wave.status = WaveStatus::Ready;
            wave.readiness = Some(stamp());
        }
        C::StartWave(id) => {
            in_status(
                release,
                &[Status::Deployment, Status::EarlyLifeSupport],
                "start a wave",
            )?;
            require(
                !release.backout_plan.trim().is_empty(),
                "a back-out plan must exist before deployment starts",
            )?;
            let environment = release
                .wave(id)
                .ok_or("no such wave")?
                .plan
                .environment
                .clone();
            require(
                release.is_authorized(&Gate::Deployment(environment)),
                "deployment to this environment is not authorized",
            )?;
            let wave = wave_in(release, id, &[WaveStatus::Ready], "start")?;
            wave.status = WaveStatus::InProgress;
            wave.started = Some(stamp());
        }
        C::VerifyWave {
            wave: id,
            passed,
            notes,
        } => {
            let wave = wave_in(release, id, &[WaveStatus::InProgress], "verify")?;
            wave.status = if *passed {
                WaveStatus::Verified
            } else {
                WaveStatus::Failed
            };
            wave.verifications.push(Verification {
                passed: *passed,
                notes: notes.clone(),
                stamp: stamp(),
            });
            if *passed {
                return Ok(Effect::Deployed(wave.plan.environment.clone()));
            }
        }
        C::RemediateWave { wave: id, notes } => {
            let wave = wave_in(release, id, &[WaveStatus::Failed], "remediate")?;
            wave.status = WaveStatus::InProgress;
            wave.remediations.push((stamp(), notes.clone()));
        }
        C::BackOut { reason } => {
            in_status(
                release,
                &[Status::Deployment, Status::EarlyLifeSupport],
                "back out",
            )?;
            for wave in &mut release.waves {
                if matches!(
                    wave.status,
                    WaveStatus::InProgress | WaveStatus::Verified | WaveStatus::Failed
                ) {
                    wave.status = WaveStatus::BackedOut;
                }
            }
            release.status = Status::BackedOut;
            release.last_setback = Some((stamp(), format!("backed out: {reason}")));
            return Ok(Effect::BackedOut);
        }
        C::Replan { .. } => {
            in_status(release, &[Status::BackedOut], "re-plan")?;
            release.cycle += 1;
            release.status = Status::Planning;
            for wave in &mut release.waves {
                wave.status = WaveStatus::Planned;
                wave.readiness = None;
                wave.started = None;
            }
        }
        C::DeclareServiceLive => {
            in_status(release, &[Status::Deployment], "declare the service live")?;
            require(
                !release.waves.is_empty()
                    && release
                        .waves
                        .iter()
                        .all(|w| w.status == WaveStatus::Verified),
                "every wave must be deployed and verified first",
            )?;
            release.status = Status::EarlyLifeSupport;
            release.service_live = Some(stamp());
        }
        C::DeclareFullyOperational => {
            in_status(
                release,
                &[Status::EarlyLifeSupport],
                "declare the service fully operational",
            )?;
            release.status = Status::Review;
            release.fully_operational = Some(stamp());
        }
        C::RecordFeedback { from, text } => {
            in_status(
                release,
                &[Status::EarlyLifeSupport, Status::Review],
                "record feedback",
            )?;
            release.review.feedback.push(Feedback {
                from: from.clone(),
                text: text.clone(),
                stamp: stamp(),
            });
        }
        C::RecordEvaluation {
            goal,
            target,
            actual,
            met,
        } => {
            in_status(
                release,
                &[Status::EarlyLifeSupport, Status::Review],
                "record an evaluation",
            )?;
            release.review.evaluations.push(Evaluation {
                goal: goal.clone(),
                target: target.clone(),
                actual: actual.clone(),
                met: *met,
                stamp: stamp(),
            });
        }
        C::Confirm(check) => {
            in_status(release, &[Status::Review], "confirm a review check")?;
            let slot = match check {
                ReviewCheck::Quality => &mut release.review.quality,
                ReviewCheck::KnowledgeTransfer => &mut release.review.knowledge_transfer,
                ReviewCheck::KnownErrorsDocumented => &mut release.review.known_errors_documented,
            };
            require(slot.is_none(), "already confirmed")?;
            *slot = Some(stamp());
        }
        C::RecordPir { outcome, summary } => {
            in_status(
                release,
                &[Status::Review],
                "record the post-implementation review",
            )?;
            release.review.pir = Some(Pir {
                outcome: *outcome,
                summary: summary.clone(),
                stamp: stamp(),
            });
        }
        C::AcceptHandover { .. } => {
            in_status(release, &[Status::Review], "accept the handover")?;
            require(
                release.review.handover.is_none(),
                "operations already accepted the handover",
            )?;
            release.review.handover = Some(stamp());
        }
        C::Cancel { reason } => {
            in_status(
                release,
                &[
                    Status::Draft,
                    Status::Planning,
                    Status::BuildAndTest,
                    Status::BackedOut,
                ],
                "cancel",
            )?;
            release.status = Status::Cancelled;
            release.ended = Some((stamp(), reason.clone()));
        }
    }
    Ok(Effect::None)
}
