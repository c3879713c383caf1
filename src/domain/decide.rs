//! Deciding: a command checked against every rule (who may act, the gates, the release
//! policy, the state machine) becomes events, or a [`LifecycleError`] saying what is missing.

use super::apply::try_apply;
use super::book::Book;
use super::catalogue::Person;
use super::change::{Change, Context, NewRelease, ReleaseChange};
use super::error::LifecycleError;
use super::event::Event;
use super::ids::ItemId;
use super::numbering::numbering;
use super::permissions::{may, roles_for, roles_text};
use super::release::approvals::known_approver;
use super::release::package::{check_dependencies, check_package};
use super::release::{
    approvals, backout, build_test, handover, package, plan, registers, review, text, waves, Ask,
    Release, Status,
};

/// Decide a command: the events it produces, or why it is refused. Pure: the time, the
/// acting person and the new event's id come in `ctx`.
pub fn decide(book: &Book, command: Change, ctx: &Context) -> Result<Vec<Event>, LifecycleError> {
    let actor = book.people.get(&ctx.actor);
    if !may(actor, &command) {
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
        other => vec![decide_book(book, other)?],
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

/// The duplicate-id rule: a new catalogue entry may not take an id the book already has.
/// Commands other than the four catalogue entries pass.
pub fn check_new(book: &Book, command: &Change) -> Result<(), LifecycleError> {
    let taken = match command {
        Change::Person(p) => book
            .people
            .contains_key(&p.id)
            .then(|| format!("There is already a person with the id “{}”.", p.id)),
        Change::Service(s) => book
            .services
            .contains_key(&s.id)
            .then(|| format!("There is already a service with the id “{}”.", s.id)),
        Change::Environment(e) => book
            .environments
            .contains_key(&e.id)
            .then(|| format!("There is already an environment with the id “{}”.", e.id)),
        Change::Ci(ci) => book.cis.contains_key(&ci.id).then(|| {
            format!(
                "There is already a configuration item with the id “{}”.",
                ci.id
            )
        }),
        Change::RetireService(_)
        | Change::RetireEnvironment(_)
        | Change::RetireCi(_)
        | Change::Policy(_)
        | Change::CreateRelease(_)
        | Change::Release { .. }
        | Change::ResolveConflict { .. } => None,
    };
    match taken {
        Some(message) => Err(LifecycleError::invalid("id", message)),
        None => Ok(()),
    }
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

fn slug(field: &'static str, value: &str) -> Result<(), LifecycleError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(LifecycleError::invalid(
            field,
            "Use 1 to 64 letters, digits, dots, dashes or underscores for the id.",
        ))
    }
}

fn decide_book(book: &Book, change: Change) -> Result<Change, LifecycleError> {
    match &change {
        Change::Person(p) => {
            slug("id", p.id.as_str())?;
            text("name", &p.name, "the person's name")?;
            if p.roles.is_empty() {
                return Err(LifecycleError::invalid(
                    "roles",
                    "Choose at least one role.",
                ));
            }
        }
        Change::Service(s) => {
            slug("id", s.id.as_str())?;
            text("name", &s.name, "the service's name")?;
            if book.services.get(&s.id).is_some_and(|x| x.retired) && s.retired {
                return Err(LifecycleError::WrongState("the service is retired".into()));
            }
        }
        Change::Environment(e) => {
            slug("id", e.id.as_str())?;
            text("name", &e.name, "the environment's name")?;
        }
        Change::Ci(ci) => {
            slug("id", ci.id.as_str())?;
            text("name", &ci.name, "the item's name")?;
            if let Some(service) = &ci.service {
                if !book.services.contains_key(service) {
                    return Err(LifecycleError::invalid(
                        "service",
                        format!("There is no service “{service}”."),
                    ));
                }
            }
        }
        Change::RetireService(id) => {
            book.services
                .get(id)
                .ok_or_else(|| LifecycleError::NotFound(format!("Service {id}")))?;
            let active: Vec<String> = book
                .releases
                .values()
                .filter(|r| &r.service == id && !r.status.is_final())
                .map(Release::title)
                .collect();
            if !active.is_empty() {
                return Err(LifecycleError::WrongState(format!(
                    "the service still has active releases: {}; close or cancel them first",
                    active.join(", ")
                )));
            }
        }
        Change::RetireEnvironment(id) => {
            book.environments
                .get(id)
                .ok_or_else(|| LifecycleError::NotFound(format!("Environment {id}")))?;
            let active: Vec<String> = book
                .releases
                .values()
                .filter(|r| !r.status.is_final() && r.status != Status::BackedOut)
                .filter(|r| r.waves.iter().any(|w| &w.plan.environment == id))
                .map(Release::title)
                .collect();
            if !active.is_empty() {
                return Err(LifecycleError::WrongState(format!(
                    "active releases still deploy there: {}",
                    active.join(", ")
                )));
            }
        }
        Change::RetireCi(id) => {
            book.cis
                .get(id)
                .ok_or_else(|| LifecycleError::NotFound(format!("Configuration item {id}")))?;
            let active: Vec<String> = book
                .releases
                .values()
                .filter(|r| !r.status.is_final() && r.package.iter().any(|c| &c.ci == id))
                .map(Release::title)
                .collect();
            if !active.is_empty() {
                return Err(LifecycleError::WrongState(format!(
                    "active release packages still carry it: {}",
                    active.join(", ")
                )));
            }
        }
        Change::Policy(policy) => {
            if !book.services.contains_key(&policy.service) {
                return Err(LifecycleError::invalid(
                    "service",
                    format!("There is no service “{}”.", policy.service),
                ));
            }
            for freeze in &policy.freeze_windows {
                text(
                    "freeze_windows",
                    &freeze.name,
                    "a name for every freeze window",
                )?;
                if freeze.end <= freeze.start {
                    return Err(LifecycleError::invalid(
                        "freeze_windows",
                        format!("The freeze “{}” must end after it starts.", freeze.name),
                    ));
                }
            }
            if policy.frequency.iter().any(|l| l.max == 0) {
                return Err(LifecycleError::invalid(
                    "frequency",
                    "A frequency limit must allow at least one release per period.",
                ));
            }
            for approver in policy.approval_chains.values().flatten() {
                known_approver(book, approver)?;
            }
        }
        Change::CreateRelease(new) => create_release(book, new)?,
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

fn create_release(book: &Book, new: &NewRelease) -> Result<(), LifecycleError> {
    let service = book.services.get(&new.service).ok_or_else(|| {
        LifecycleError::invalid("service", format!("There is no service “{}”.", new.service))
    })?;
    if service.retired {
        return Err(LifecycleError::invalid(
            "service",
            format!("{} is retired and takes no new releases.", service.name),
        ));
    }
    text("name", &new.details.name, "a name for the release")?;
    let rule = numbering(book, &new.service, new.category);
    if !rule.accepted.contains(&new.version) {
        return Err(LifecycleError::WrongVersion {
            given: new.version,
            expected: rule.suggested,
            category: new.category,
            service: service.name.clone(),
        });
    }
    check_package(book, &new.package)?;
    check_dependencies(book, None, &new.details.depends_on)
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
        C::AddCriterion { text, stage, .. } => {
            plan::decide_criterion(ask.new_id.clone(), text, stage)?
        }
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
        // Nothing to check beyond what `apply` checks (statuses, the record exists, the
        // wave's status), which the dry run does.
        unchecked @ (C::EditPlan(_)
        | C::RemoveCriterion(_)
        | C::RemoveWave(_)
        | C::ConfirmReadiness(_)
        | C::StartWave(_)
        | C::VerifyWave { .. }
        | C::DeclareServiceLive
        | C::DeclareFullyOperational
        | C::ApproveDeviation(_)
        | C::UpdateKnownError(_)
        | C::Confirm(_)
        | C::CompleteKnowledgeItem(_)
        | C::AcceptHandover { .. }) => unchecked,
    };
    Ok(vec![change])
}
