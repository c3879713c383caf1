//! Deciding: a command checked against every rule (who may act, the gates, the release
//! policy, the state machine) becomes events, or a [`LifecycleError`] saying what is missing.

use super::apply::{gate_transition, try_apply};
use super::book::Book;
use super::catalogue::Person;
use super::change::{Change, Context, NewRelease, ReleaseChange};
use super::error::LifecycleError;
use super::event::Event;
use super::gates::{gate_name, gate_phrase, missing_for};
use super::ids::{ItemId, ReleaseId};
use super::numbering::numbering;
use super::permissions::{may, may_decide, roles_for, roles_text};
use super::policy::Approver;
use super::records::IssueKind;
use super::release::{CiAction, Release, RoundOutcome, Status};
use super::version::Category;
use super::wave::WavePlan;

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

fn text(field: &'static str, value: &str, what: &str) -> Result<(), LifecycleError> {
    if value.trim().is_empty() {
        Err(LifecycleError::invalid(field, format!("Enter {what}.")))
    } else {
        Ok(())
    }
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

fn known_approver(book: &Book, approver: &Approver) -> Result<(), LifecycleError> {
    match approver {
        Approver::Person(id) if !book.people.contains_key(id) => Err(LifecycleError::invalid(
            "chain",
            format!("There is no person “{id}” to approve."),
        )),
        _ => Ok(()),
    }
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

fn check_package(book: &Book, package: &[super::release::CiChange]) -> Result<(), LifecycleError> {
    for change in package {
        let ci = book.cis.get(&change.ci).ok_or_else(|| {
            LifecycleError::invalid(
                "package",
                format!("There is no configuration item “{}”.", change.ci),
            )
        })?;
        if ci.retired && !matches!(change.action, CiAction::Retire) {
            return Err(LifecycleError::invalid(
                "package",
                format!("{} is retired.", ci.name),
            ));
        }
        if let CiAction::Upgrade { from, to } = &change.action {
            if from == to {
                return Err(LifecycleError::invalid(
                    "package",
                    format!("The upgrade of {} must change its version.", ci.name),
                ));
            }
        }
    }
    Ok(())
}

fn check_dependencies(
    book: &Book,
    this: Option<&ReleaseId>,
    deps: &[ReleaseId],
) -> Result<(), LifecycleError> {
    for dep in deps {
        if Some(dep) == this {
            return Err(LifecycleError::invalid(
                "depends_on",
                "A release cannot depend on itself.",
            ));
        }
        if !book.releases.contains_key(dep) {
            return Err(LifecycleError::invalid(
                "depends_on",
                format!("There is no release “{dep}”."),
            ));
        }
    }
    Ok(())
}

fn check_wave(book: &Book, release: &Release, plan: &WavePlan) -> Result<(), LifecycleError> {
    text("name", &plan.name, "a name for the wave")?;
    match book.environments.get(&plan.environment) {
        None => {
            return Err(LifecycleError::invalid(
                "environment",
                format!("There is no environment “{}”.", plan.environment),
            ))
        }
        Some(e) if e.retired => {
            return Err(LifecycleError::invalid(
                "environment",
                format!("{} is retired.", e.name),
            ))
        }
        Some(_) => {}
    }
    if plan.window.end <= plan.window.start {
        return Err(LifecycleError::invalid(
            "window",
            "The window must end after it starts.",
        ));
    }
    if let Some(ci) = plan
        .components
        .iter()
        .find(|ci| !release.package.iter().any(|c| &c.ci == *ci))
    {
        return Err(LifecycleError::invalid(
            "components",
            format!("“{ci}” is not in the release package."),
        ));
    }
    Ok(())
}

fn decide_release(
    book: &Book,
    release: &Release,
    change: ReleaseChange,
    ctx: &Context,
    actor: Option<&Person>,
) -> Result<Vec<ReleaseChange>, LifecycleError> {
    use ReleaseChange as C;
    let new_id = ItemId::from(&ctx.id);
    let change = match change {
        C::EditDetails(details) => {
            text("name", &details.name, "a name for the release")?;
            check_dependencies(book, Some(&release.id), &details.depends_on)?;
            C::EditDetails(details)
        }
        C::SetPackage(package) => {
            check_package(book, &package)?;
            C::SetPackage(package)
        }
        C::SetApprovalChain { gate, chain } => {
            for approver in &chain {
                known_approver(book, approver)?;
            }
            let policy = book.policy(&release.service);
            if let Some(required) = policy.approval_chains.get(&gate) {
                if let Some(absent) = required.iter().find(|a| !chain.contains(a)) {
                    return Err(LifecycleError::invalid(
                        "chain",
                        format!(
                            "The release policy requires {} in this chain.",
                            approver_text(book, absent)
                        ),
                    ));
                }
            }
            C::SetApprovalChain { gate, chain }
        }
        C::AddCriterion {
            text: words, stage, ..
        } => {
            text("text", &words, "what the criterion requires")?;
            C::AddCriterion {
                id: new_id,
                text: words,
                stage,
            }
        }
        C::AddWave { plan, .. } => {
            check_wave(book, release, &plan)?;
            C::AddWave { id: new_id, plan }
        }
        C::EditWave { id, plan } => {
            check_wave(book, release, &plan)?;
            C::EditWave { id, plan }
        }
        C::SetBackoutPlan(plan) => {
            text("backout_plan", &plan, "how the deployment is undone")?;
            C::SetBackoutPlan(plan)
        }
        C::RequestApproval(gate) => {
            let missing = missing_for(book, release, &gate, true);
            if !missing.is_empty() {
                return Err(LifecycleError::GateNotReady {
                    step: format!("Asking for approval of {}", gate_phrase(book, &gate)),
                    missing,
                });
            }
            C::RequestApproval(gate)
        }
        C::DecideApproval {
            gate,
            approve,
            comment,
        } => {
            let round = release
                .round(&gate)
                .filter(|r| r.outcome == RoundOutcome::Pending)
                .ok_or_else(|| {
                    LifecycleError::WrongState(format!(
                        "no approval of {} is waiting for a decision",
                        gate_phrase(book, &gate)
                    ))
                })?;
            if let (Some(next), Some(person)) = (round.next(), actor) {
                if !may_decide(person, next) {
                    return Err(LifecycleError::NotPermitted {
                        action: "decide at this step of the approval chain".into(),
                        needs: approver_text(book, next),
                    });
                }
            }
            if !approve {
                text("comment", &comment, "the reason for the rejection")?;
            }
            C::DecideApproval {
                gate,
                approve,
                comment,
            }
        }
        C::Authorize {
            gates,
            emergency,
            note,
        } => return authorize(book, release, gates, emergency, note),
        C::RecordBuild(build) => {
            text("name", &build.name, "what was built")?;
            C::RecordBuild(build)
        }
        C::RecordDocument(document) => {
            text("title", &document.title, "the document's title")?;
            C::RecordDocument(document)
        }
        C::RecordTestRun(run) => {
            text("name", &run.name, "a name for the test run")?;
            C::RecordTestRun(run)
        }
        C::RaiseRisk(risk) | C::UpdateRisk(risk)
            if !(1..=5).contains(&risk.likelihood) || !(1..=5).contains(&risk.impact) =>
        {
            return Err(LifecycleError::invalid(
                if (1..=5).contains(&risk.likelihood) {
                    "impact"
                } else {
                    "likelihood"
                },
                "Likelihood and impact run from 1 to 5.",
            ));
        }
        C::RaiseRisk(risk) => {
            text("title", &risk.title, "what could go wrong")?;
            C::RaiseRisk(risk)
        }
        C::RaiseIssue(issue) | C::UpdateIssue(issue)
            if issue.waives.is_some() && issue.kind != IssueKind::Deviation =>
        {
            let _ = issue;
            return Err(LifecycleError::invalid(
                "waives",
                "Only a deviation can waive a pass/fail criterion.",
            ));
        }
        C::RaiseIssue(issue) => {
            text("title", &issue.title, "what happened")?;
            if let Some(criterion) = &issue.waives {
                if !release.criteria.iter().any(|c| &c.id == criterion) {
                    return Err(LifecycleError::invalid(
                        "waives",
                        "That pass/fail criterion is not in the plan.",
                    ));
                }
            }
            C::RaiseIssue(issue)
        }
        C::RecordKnownError(error) => {
            text("title", &error.title, "the known error")?;
            C::RecordKnownError(error)
        }
        C::RecordCommunication(message) => {
            text("message", &message.message, "the message")?;
            text("audience", &message.audience, "who it went to")?;
            C::RecordCommunication(message)
        }
        C::AddKnowledgeItem(item) => {
            text("topic", &item.topic, "the topic")?;
            C::AddKnowledgeItem(item)
        }
        C::RemediateWave { wave, notes } => {
            text("notes", &notes, "what was done to remediate")?;
            C::RemediateWave { wave, notes }
        }
        C::BackOut { reason } => {
            text("reason", &reason, "why the deployment is backed out")?;
            C::BackOut { reason }
        }
        C::Replan { reason } => {
            text("reason", &reason, "what changes in the new plan")?;
            C::Replan { reason }
        }
        C::RecordFeedback { from, text: words } => {
            text("text", &words, "the feedback")?;
            C::RecordFeedback { from, text: words }
        }
        C::RecordEvaluation {
            goal,
            target,
            actual,
            met,
        } => {
            text("goal", &goal, "the performance goal")?;
            C::RecordEvaluation {
                goal,
                target,
                actual,
                met,
            }
        }
        C::RecordPir { outcome, summary } => {
            text("summary", &summary, "the review's findings")?;
            C::RecordPir { outcome, summary }
        }
        C::Cancel { reason } => {
            text("reason", &reason, "why the release is cancelled")?;
            C::Cancel { reason }
        }
        other => other,
    };
    Ok(vec![change])
}

fn approver_text(book: &Book, approver: &Approver) -> String {
    match approver {
        Approver::Role(role) => roles_text(&[*role]),
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}

/// Authorization of one gate, or of several at once by the emergency CAB. Each gate is
/// checked against the release as the previous authorizations leave it.
fn authorize(
    book: &Book,
    release: &Release,
    gates: Vec<super::release::Gate>,
    emergency: bool,
    note: String,
) -> Result<Vec<ReleaseChange>, LifecycleError> {
    if gates.is_empty() {
        return Err(LifecycleError::invalid(
            "gates",
            "Choose the gate to authorize.",
        ));
    }
    if emergency && release.category != Category::Emergency {
        return Err(LifecycleError::WrongState(
            "only an emergency release may be authorized by the emergency CAB".into(),
        ));
    }
    if !emergency && gates.len() > 1 {
        return Err(LifecycleError::invalid(
            "gates",
            "Only the emergency CAB authorizes several gates at once.",
        ));
    }
    let mut scratch = Book::default();
    scratch.releases.insert(release.id.clone(), release.clone());
    let mut out = Vec::with_capacity(gates.len());
    for gate in gates {
        let current = scratch
            .releases
            .get(&release.id)
            .map_or(release.status, |r| r.status);
        let (from, _) = gate_transition(&gate);
        if !from.contains(&current) {
            return Err(LifecycleError::WrongState(format!(
                "{} cannot be authorized: the release is {}",
                gate_phrase(book, &gate),
                current.phrase()
            )));
        }
        let view = scratch.releases.get(&release.id).unwrap_or(release);
        if view.is_authorized(&gate) {
            return Err(LifecycleError::WrongState(format!(
                "{} is already authorized",
                gate_phrase(book, &gate)
            )));
        }
        // Requirements are judged on the real book (other releases, policy, schedule) with
        // this release as the earlier gates leave it.
        let missing = missing_for(book, view, &gate, emergency);
        if !missing.is_empty() {
            return Err(LifecycleError::GateNotReady {
                step: gate_name(book, &gate),
                missing,
            });
        }
        let change = ReleaseChange::Authorize {
            gates: vec![gate],
            emergency,
            note: note.clone(),
        };
        let event = Event {
            id: Default::default(),
            seq: 0,
            at: release.created.at,
            by: Default::default(),
            after: Vec::new(),
            what: Change::Release {
                id: release.id.clone(),
                change: change.clone(),
            },
        };
        try_apply(&mut scratch, &event).map_err(LifecycleError::WrongState)?;
        out.push(change);
    }
    Ok(out)
}
