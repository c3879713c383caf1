//! Applying events to the state. This is the only code that mutates a book.
//!
//! `apply` re-checks the structural rules (a release moves only along its state machine, a
//! slot in an approval chain is decided once) so that a log merged from two devices can be
//! folded safely: an event that no longer fits is reported as a [`Conflict`] and not applied.
//! The richer checks (roles, gate requirements, policy) belong to `decide`.

use super::book::{Book, Conflict, Deployed};
use super::change::{Change, NewRelease, ReleaseChange};
use super::event::Event;
use super::ids::EventId;
use super::ids::{ReleaseId, ServiceId};
use super::release::{
    approvals, backout, build_test, comments, early_life, handover, milestones, package, plan,
    registers, review, runbook, waves, At, Effect, Release, ReleaseDetails, Stamp, Status,
};
use super::trust::{self, Admission, Rejected};
use super::version::Version;
use std::collections::BTreeMap;

/// Fold one event into the book. An event that does not count (see `trust`) is listed as
/// rejected; one that no longer fits the book is recorded as a conflict; either way the book
/// is otherwise unchanged.
pub fn apply(book: &mut Book, event: &Event) {
    book.applied += 1;
    let admitted = match super::limits::beyond(event) {
        Some(reason) => Err(reason),
        None => trust::admit(book, event),
    };
    let admission = match admitted {
        Ok(admission) => admission,
        Err(reason) => {
            book.rejected.push(Rejected {
                event: event.id.clone(),
                by: event.by.clone(),
                key: event.key.clone(),
                at: event.at,
                reason,
            });
            return;
        }
    };
    let result = try_apply(book, event);
    match admission {
        Admission::Founding if result.is_ok() => {
            book.signing.founding = Some((
                event.id.clone(),
                Stamp {
                    by: event.by.clone(),
                    at: event.at,
                },
            ));
        }
        Admission::Unsigned => book.signing.adopted += 1,
        Admission::Founding | Admission::Signed => {}
    }
    if let Err(reason) = result {
        let release = if let Change::Release { id, .. } = &event.what {
            Some(id.clone())
        } else {
            None
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

/// Fold events, in order, into a new book, with no event refused on arrival.
pub fn fold(events: &[Event]) -> Book {
    fold_with(events, &BTreeMap::new())
}

/// Fold events, in order, into a new book; `refused` are events refused where they arrived
/// (a signature that did not verify, a dishonest place). A revocation or a founding can
/// refuse events that come before it in log order (see `trust::after_fold`): the fold runs
/// again with those refused, until nothing more is.
pub fn fold_with(events: &[Event], refused: &BTreeMap<EventId, String>) -> Book {
    let mut late: BTreeMap<EventId, String> = BTreeMap::new();
    loop {
        let mut book = Book::default();
        book.signing.refused = refused.clone();
        book.signing.late = late.clone();
        for event in events {
            apply(&mut book, event);
        }
        let more = trust::after_fold(&book, events);
        // Each round only adds refusals, and there are finitely many events.
        if more.keys().all(|id| late.contains_key(id)) {
            return book;
        }
        late.extend(more);
    }
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
        Change::Enrol(enrolment) => trust::apply_enrol(book, enrolment, stamp())?,
        Change::Revoke { key, reason } => {
            trust::apply_revoke(book, key, reason, stamp(), &event.id)?;
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
        milestones: Vec::new(),
        runbook: Default::default(),
        runs: Vec::new(),
        comments: Vec::new(),
        ended: None,
        last_change: book.applied,
    }
}

fn record_deployments(
    book: &mut Book,
    release: &ReleaseId,
    service: ServiceId,
    version: Version,
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

/// Apply one release change. Each arm names its variants and hands them to their
/// concept's file under `release/`, so a new change does not compile until it is applied.
fn apply_release(
    release: &mut Release,
    change: &ReleaseChange,
    event: &Event,
) -> Result<Effect, String> {
    use ReleaseChange as C;
    if release.status.is_final() {
        return Err(format!(
            "the release is {} and cannot change",
            release.status.label()
        ));
    }
    let at = &At(event);
    let r = release;
    match change {
        C::EditDetails(details) => package::apply_details(r, details)?,
        C::SetPackage(items) => package::apply_package(r, items)?,
        C::Cancel { reason } => package::apply_cancel(r, reason, at)?,
        C::EditPlan(text) => plan::apply_plan(r, text)?,
        C::AddCriterion {
            text,
            stage,
            acceptance,
            ..
        } => plan::apply_add_criterion(r, text, *stage, *acceptance, at)?,
        C::RemoveCriterion(id) => plan::apply_remove_criterion(r, id)?,
        C::SetApprovalChain { gate, chain } => approvals::apply_chain(r, *gate, chain)?,
        C::RequestApproval(gate) => approvals::apply_request(r, gate, at)?,
        C::DecideApproval {
            gate,
            approve,
            comment,
        } => approvals::apply_decision(r, gate, *approve, comment, at)?,
        C::Authorize {
            gates,
            emergency,
            note,
        } => approvals::apply_authorize(r, gates, *emergency, note, at)?,
        C::RecordBuild(build) => build_test::apply_build(r, build, at)?,
        C::RecordDocument(document) => build_test::apply_document(r, document, at)?,
        C::RecordTestRun(run) => build_test::apply_test_run(r, run, at)?,
        C::SetMilestone(milestone) => milestones::apply_set(r, milestone, at)?,
        C::RemoveMilestone(id) => milestones::apply_remove(r, id)?,
        C::SetRunbook(book) => runbook::apply_set_runbook(r, book)?,
        C::SetTask(task) => runbook::apply_set_task(r, task)?,
        C::RemoveTask(id) => runbook::apply_remove_task(r, id)?,
        C::StartRun(kind) => runbook::apply_start(r, *kind, at)?,
        C::MarkTask { run, task, step } => runbook::apply_mark(r, (run, task, *step), at)?,
        C::SwitchToBackout { run, reason } => runbook::apply_switch(r, run, reason, at)?,
        C::EndRun(run) => runbook::apply_end(r, run, at)?,
        C::AddWave { plan, .. } => waves::apply_add(r, plan, at)?,
        C::EditWave { id, plan } => waves::apply_edit(r, id, plan)?,
        C::RemoveWave(id) => waves::apply_remove(r, id)?,
        C::ConfirmReadiness(id) => waves::apply_readiness(r, id, at)?,
        C::StartWave(id) => waves::apply_start(r, id, at)?,
        C::OverrideWindow { wave, reason } => waves::apply_override(r, wave, reason, at)?,
        C::VerifyWave {
            wave,
            passed,
            notes,
        } => return waves::apply_verify(r, wave, *passed, notes, at),
        C::RemediateWave { wave, notes } => waves::apply_remediate(r, wave, notes, at)?,
        C::SetBackoutPlan(text) => backout::apply_plan(r, text)?,
        C::BackOut { reason } => return backout::apply_back_out(r, reason, at),
        C::Replan { .. } => backout::apply_replan(r)?,
        C::DeclareServiceLive => early_life::apply_service_live(r, at)?,
        C::DeclareFullyOperational => early_life::apply_fully_operational(r, at)?,
        C::RaiseRisk(risk) => registers::apply_raise_risk(r, risk, at),
        C::UpdateRisk(risk) => registers::apply_update_risk(r, risk)?,
        C::RaiseIssue(issue) => registers::apply_raise_issue(r, issue, at),
        C::UpdateIssue(issue) => registers::apply_update_issue(r, issue)?,
        C::ApproveDeviation(id) => registers::apply_approve(r, id, at)?,
        C::RecordKnownError(error) => registers::apply_known_error(r, error, at),
        C::UpdateKnownError(error) => registers::apply_update_known_error(r, error)?,
        C::RecordCommunication(message) => registers::apply_communication(r, message, at),
        C::RecordFeedback { from, text } => review::apply_feedback(r, from, text, at)?,
        C::RecordEvaluation {
            goal,
            target,
            actual,
            met,
        } => review::apply_evaluation(r, (goal, target, actual), *met, at)?,
        C::Confirm(check) => review::apply_confirm(r, *check, at)?,
        C::RecordPir { outcome, summary } => review::apply_pir(r, *outcome, summary, at)?,
        C::AddKnowledgeItem(item) => handover::apply_item(r, item, at),
        C::CompleteKnowledgeItem(id) => handover::apply_complete(r, id, at)?,
        C::AcceptHandover { .. } => handover::apply_accept(r, at)?,
        C::Comment {
            section,
            text,
            mentions,
            ..
        } => comments::apply_comment(r, *section, text, mentions, at),
        C::EditComment { id, text, mentions } => comments::apply_edit(r, id, text, mentions, at)?,
        C::DeleteComment(id) => comments::apply_delete(r, id, at)?,
        C::SeeMention(id) => comments::apply_see(r, id, at)?,
    }
    Ok(Effect::None)
}
