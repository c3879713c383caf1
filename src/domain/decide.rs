//! Deciding: a command checked against every rule (who may act, the gates, the release
//! policy, the state machine) becomes events, or a [`LifecycleError`] saying what is missing.

use super::apply::try_apply;
use super::book::Book;
use super::catalogue::rules::{self, check_new};
use super::catalogue::Person;
use super::change::{Change, Context, ReleaseChange};
use super::error::LifecycleError;
use super::event::Event;
use super::ids::ItemId;
use super::permissions::{may_in, roles_for, roles_text};
use super::release::{
    acceptance, approvals, backout, build_test, comments, handover, milestones, package, plan,
    registers, review, runbook, text, waves, Ask, Release,
};
use super::trust;

/// Decide a command: the events it produces, or why it is refused. Pure: the time, the
/// acting person and the new event's id come in `ctx`.
pub fn decide(book: &Book, command: Change, ctx: &Context) -> Result<Vec<Event>, LifecycleError> {
    let actor = book.people.get(&ctx.actor);
    let founding = book.signing.founding.is_none()
        && matches!(&command, Change::Enrol(e) if e.person.id == ctx.actor);
    if !founding && !may_in(book, actor, &command) {
        return Err(not_permitted(actor, &command));
    }
    let changes = match command {
        Change::Release { id, change } => {
            let release = book
                .releases
                .get(&id)
                .ok_or_else(|| LifecycleError::NotFound(format!("Release {id}")))?;
            decide_release(book, release, change, ctx, actor)?
                .into_iter()
                .map(|change| Change::Release {
                    id: id.clone(),
                    change,
                })
                .collect()
        }
        book_change @ (Change::Person(_)
        | Change::Enrol(_)
        | Change::Revoke { .. }
        | Change::Service(_)
        | Change::Environment(_)
        | Change::Ci(_)
        | Change::RetireService(_)
        | Change::RetireEnvironment(_)
        | Change::RetireCi(_)
        | Change::Policy(_)
        | Change::CreateRelease(_)
        | Change::ResolveConflict { .. }) => vec![decide_book(book, book_change)?],
    };
    let events: Vec<Event> = changes
        .into_iter()
        .enumerate()
        .map(|(n, what)| Event {
            id: ctx.id.nth(n),
            seq: 0,
            at: ctx.now,
            by: ctx.actor.clone(),
            after: Vec::new(),
            what,
            key: ctx.key.clone(),
            sig: None,
        })
        .collect();
    dry_run(book, &events)?;
    Ok(events)
}

/// Decide a command that adds a catalogue entry (a person, service, environment or
/// configuration item): as [`decide`], but an id already in the book is refused, where
/// [`decide`] would take the same command as an edit of that entry.
pub fn decide_new(
    book: &Book,
    command: Change,
    ctx: &Context,
) -> Result<Vec<Event>, LifecycleError> {
    check_new(book, &command)?;
    decide(book, command, ctx)
}

fn not_permitted(actor: Option<&Person>, command: &Change) -> LifecycleError {
    match actor {
        None => LifecycleError::NotPermitted {
            action: "change this book".into(),
            needs: "people registered in this book (choose who you are first)".into(),
        },
        Some(_) => LifecycleError::NotPermitted {
            action: super::describe::action(command),
            needs: roles_text(roles_for(command)),
        },
    }
}

/// Apply the events to a scratch copy of what they touch, so `decide` never returns
/// events that `apply` would refuse.
fn dry_run(book: &Book, events: &[Event]) -> Result<(), LifecycleError> {
    let mut scratch = Book::default();
    for event in events {
        if let Change::Release { id, .. } = &event.what {
            if !scratch.releases.contains_key(id) {
                if let Some(release) = book.releases.get(id) {
                    scratch.releases.insert(id.clone(), release.clone());
                }
            }
        } else {
            continue;
        }
        try_apply(&mut scratch, event).map_err(LifecycleError::WrongState)?;
    }
    Ok(())
}

/// Decide a change to the book outside any release. Each arm names its variants.
fn decide_book(book: &Book, change: Change) -> Result<Change, LifecycleError> {
    match &change {
        Change::Person(p) => {
            rules::decide_person(p)?;
            if !trust::keeps_a_keeper(book, &change) {
                return Err(LifecycleError::WrongState(
                    "the book would have no keeper left; make someone else a keeper first".into(),
                ));
            }
        }
        Change::Enrol(e) => trust::decide_enrol(book, e)?,
        Change::Revoke { key, reason } => trust::decide_revoke(book, key, reason)?,
        Change::Service(s) => rules::decide_service(book, s)?,
        Change::Environment(e) => rules::decide_environment(e)?,
        Change::Ci(ci) => rules::decide_ci(book, ci)?,
        Change::RetireService(id) => rules::decide_retire_service(book, id)?,
        Change::RetireEnvironment(id) => rules::decide_retire_environment(book, id)?,
        Change::RetireCi(id) => rules::decide_retire_ci(book, id)?,
        Change::Policy(policy) => rules::decide_policy(book, policy)?,
        Change::CreateRelease(new) => package::decide_create(book, new)?,
        Change::ResolveConflict { event, note } => {
            text("note", note, "how the conflict was settled")?;
            if !book.open_conflicts().any(|c| &c.event == event) {
                return Err(LifecycleError::NotFound(format!(
                    "An open conflict for event {event}"
                )));
            }
        }
        // `decide` routes release changes to `decide_release` before this point.
        Change::Release { .. } => {}
    }
    Ok(change)
}

/// Decide one release change. Each arm names its variants and hands them to their
/// concept's file under `release/`, so a new change does not compile until it is decided.
fn decide_release(
    book: &Book,
    release: &Release,
    change: ReleaseChange,
    ctx: &Context,
    actor: Option<&Person>,
) -> Result<Vec<ReleaseChange>, LifecycleError> {
    use ReleaseChange as C;
    let ask = &Ask {
        book,
        release,
        actor,
        new_id: ItemId::from(&ctx.id),
    };
    let change = match change {
        C::EditDetails(details) => package::decide_details(ask, details)?,
        C::SetPackage(items) => package::decide_package(ask, items)?,
        C::Cancel { reason } => package::decide_cancel(reason)?,
        C::AddCriterion {
            text,
            stage,
            acceptance,
            ..
        } => plan::decide_criterion(ask.new_id.clone(), text, stage, acceptance)?,
        C::SetApprovalChain { gate, chain } => approvals::decide_chain(ask, gate, chain)?,
        C::RequestApproval(gate) => approvals::decide_request(ask, gate)?,
        C::DecideApproval {
            gate,
            approve,
            comment,
        } => approvals::decide_decision(ask, gate, approve, comment)?,
        C::Authorize {
            gates,
            emergency,
            note,
        } => return approvals::decide_authorize(ask, gates, emergency, note),
        C::RecordBuild(build) => build_test::decide_build(build)?,
        C::RecordDocument(document) => build_test::decide_document(document)?,
        C::RecordTestRun(run) => build_test::decide_test_run(run)?,
        C::AddWave { plan, .. } => waves::decide_add(ask, plan)?,
        C::EditWave { id, plan } => waves::decide_edit(ask, id, plan)?,
        C::RemediateWave { wave, notes } => waves::decide_remediate(wave, notes)?,
        C::StartWave(id) => waves::decide_start(ask, id, ctx.now)?,
        C::OverrideWindow { wave, reason } => waves::decide_override(wave, reason)?,
        C::SetBackoutPlan(text) => backout::decide_plan(text)?,
        C::BackOut { reason } => backout::decide_back_out(reason)?,
        C::Replan { reason } => backout::decide_replan(reason)?,
        C::RaiseRisk(risk) => registers::decide_raise_risk(risk)?,
        C::UpdateRisk(risk) => registers::decide_update_risk(risk)?,
        C::RaiseIssue(issue) => registers::decide_raise_issue(ask, issue)?,
        C::UpdateIssue(issue) => registers::decide_update_issue(issue)?,
        C::RecordKnownError(error) => registers::decide_known_error(error)?,
        C::RecordCommunication(message) => registers::decide_communication(message)?,
        C::RecordFeedback { from, text } => review::decide_feedback(from, text)?,
        C::RecordEvaluation {
            goal,
            target,
            actual,
            met,
        } => review::decide_evaluation(goal, target, actual, met)?,
        C::RecordPir { outcome, summary } => review::decide_pir(outcome, summary)?,
        C::AddKnowledgeItem(item) => handover::decide_item(item)?,
        C::SetMilestone(milestone) => milestones::decide_set(ask, milestone)?,
        C::SetRunbook(book) => runbook::decide_set_runbook(ask, book)?,
        C::SetTask(task) => runbook::decide_set_task(ask, task)?,
        C::RemoveTask(id) => runbook::decide_remove_task(ask, id)?,
        C::StartRun(kind) => runbook::decide_start(ask, kind)?,
        C::MarkTask { run, task, step } => runbook::decide_mark(ask, (run, task, step), ctx.now)?,
        C::SwitchToBackout { run, reason } => runbook::decide_switch(ask, run, reason)?,
        C::EndRun(run) => runbook::decide_end(ask, run)?,
        C::Comment { section, text, .. } => comments::decide_comment(ask, section, text)?,
        C::EditComment { id, text, .. } => comments::decide_edit(ask, id, text)?,
        C::DeleteComment(id) => comments::decide_delete(ask, id)?,
        C::SeeMention(id) => comments::decide_see(ask, id)?,
        // Nothing to check beyond what `apply` checks (statuses, the record exists, the
        // wave's status), which the dry run does.
        unchecked @ (C::EditPlan(_)
        | C::RemoveCriterion(_)
        | C::RemoveWave(_)
        | C::ConfirmReadiness(_)
        | C::VerifyWave { .. }
        | C::DeclareServiceLive
        | C::DeclareFullyOperational
        | C::ApproveDeviation(_)
        | C::UpdateKnownError(_)
        | C::Confirm(_)
        | C::CompleteKnowledgeItem(_)
        | C::RemoveMilestone(_)) => unchecked,
        accept @ C::AcceptHandover { .. } => {
            acceptance::decide_accept(release)?;
            accept
        }
    };
    Ok(vec![change])
}
