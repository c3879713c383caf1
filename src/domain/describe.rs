//! Events and commands in words, for the audit timeline, "what changed" lists and messages.

use super::book::Book;
use super::change::{Change, ReleaseChange};
use super::event::Event;
use super::gates::gate_phrase;
use super::ids::{EnvironmentId, ItemId};
use super::release::Release;

/// What a command does, as a phrase after "may": "authorize a gate".
pub fn action(change: &Change) -> String {
    match change {
        Change::Person(_) => "register people or change their roles".into(),
        Change::Enrol(_) => "enrol device keys".into(),
        Change::Revoke { .. } => "revoke device keys".into(),
        Change::Service(_) | Change::RetireService(_) => "manage services".into(),
        Change::Environment(_) | Change::RetireEnvironment(_) => "manage environments".into(),
        Change::Ci(_) | Change::RetireCi(_) => "manage configuration items".into(),
        Change::Policy(_) => "set release policies".into(),
        Change::CreateRelease(_) => "create releases".into(),
        Change::ResolveConflict { .. } => "resolve conflicts".into(),
        Change::Release { change, .. } => change.rule().action.into(),
    }
}

/// One line saying what an event did: "Authorized deployment to Production".
pub fn describe(book: &Book, event: &Event) -> String {
    match &event.what {
        Change::Person(p) => format!("Registered {} ({})", p.name, roles(p)),
        Change::Enrol(e) => format!(
            "Enrolled the key {} of {} ({})",
            e.public.fingerprint(),
            e.person.name,
            e.device
        ),
        Change::Revoke { key, reason } => {
            let fingerprint = book
                .keys
                .get(key)
                .map_or_else(|| key.to_string(), |k| k.public.fingerprint());
            format!("Revoked the key {fingerprint}: {reason}")
        }
        Change::Service(s) => format!("Saved service {}", s.name),
        Change::Environment(e) => format!("Saved environment {}", e.name),
        Change::Ci(ci) => format!("Saved configuration item {} ({})", ci.name, ci.kind.label()),
        Change::RetireService(id) => format!(
            "Retired service {}",
            book.services.get(id).map_or(id.as_str(), |s| &s.name)
        ),
        Change::RetireEnvironment(id) => format!("Retired environment {}", env_name(book, id)),
        Change::RetireCi(id) => format!(
            "Retired configuration item {}",
            book.cis.get(id).map_or(id.as_str(), |c| &c.name)
        ),
        Change::Policy(p) => format!(
            "Set the release policy of {}",
            book.services
                .get(&p.service)
                .map_or(p.service.as_str(), |s| &s.name)
        ),
        Change::CreateRelease(new) => format!(
            "Created {} release {} v{}",
            new.category.label(),
            new.details.name,
            new.version
        ),
        Change::ResolveConflict { event, note } => {
            format!("Resolved the conflict on event {event}: {note}")
        }
        Change::Release { id, change } => release_line(book, book.releases.get(id), change),
    }
}

fn roles(person: &super::catalogue::Person) -> String {
    person
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An environment's name, or its id when the catalogue no longer has it.
fn env_name<'a>(book: &'a Book, id: &'a EnvironmentId) -> &'a str {
    book.environments.get(id).map_or(id.as_str(), |e| &e.name)
}

/// A release item's name in quotes (a wave's, a criterion's ...), or its id when it is gone.
fn named<'a, T: 'a>(
    items: Option<&'a Vec<T>>,
    id: &ItemId,
    key: impl Fn(&'a T) -> (&'a ItemId, &'a str),
) -> String {
    items
        .and_then(|items| items.iter().map(key).find(|(i, _)| *i == id))
        .map_or_else(|| id.to_string(), |(_, name)| ["“", name, "”"].concat())
}

fn release_line(book: &Book, release: Option<&Release>, change: &ReleaseChange) -> String {
    let wave = |id: &ItemId| named(release.map(|r| &r.waves), id, |w| (&w.id, &w.plan.name));
    use ReleaseChange as C;
    match change {
        C::EditDetails(d) => format!("Edited the details ({})", d.name),
        C::SetPackage(p) => format!(
            "Set the package: {}",
            crate::domain::plural::count(p.len(), "configuration item change")
        ),
        C::EditPlan(_) => "Edited the plan".into(),
        C::SetApprovalChain { gate, chain } => format!(
            "Set the approval chain for {}: {}",
            gate.label(),
            crate::domain::plural::count(chain.len(), "approver")
        ),
        C::AddCriterion { text, .. } => format!("Added pass/fail criterion “{text}”"),
        C::RemoveCriterion(id) => format!(
            "Removed pass/fail criterion {}",
            named(release.map(|r| &r.criteria), id, |c| (&c.id, &c.text))
        ),
        C::AddWave { plan, .. } => format!(
            "Planned wave “{}” on {} from {}",
            plan.name,
            env_name(book, &plan.environment),
            super::schedule::minute(plan.window.start)
        ),
        C::EditWave { plan, .. } => format!(
            "Rescheduled wave “{}” to {}",
            plan.name,
            super::schedule::minute(plan.window.start)
        ),
        C::RemoveWave(id) => format!("Removed wave {}", wave(id)),
        C::SetBackoutPlan(_) => "Wrote the back-out plan".into(),
        C::RequestApproval(gate) => format!("Asked for approval of {}", gate_phrase(book, gate)),
        C::DecideApproval {
            gate,
            approve: true,
            ..
        } => format!("Approved {}", gate_phrase(book, gate)),
        C::DecideApproval { gate, comment, .. } => {
            format!("Rejected {}: {comment}", gate_phrase(book, gate))
        }
        C::Authorize {
            gates, emergency, ..
        } => {
            let names: Vec<String> = gates.iter().map(|g| gate_phrase(book, g)).collect();
            let by = if *emergency { " (emergency CAB)" } else { "" };
            format!("Authorized {}{by}", names.join(", "))
        }
        C::RecordBuild(b) => format!("Recorded build {}", b.name),
        C::RecordDocument(d) => format!("Recorded document {}", d.title),
        C::RecordTestRun(run) => {
            let failed = run.results.iter().filter(|r| !r.passed).count();
            format!(
                "Recorded {} “{}”: {}, {failed} failed",
                run.kind.label(),
                run.name,
                crate::domain::plural::count(run.results.len(), "result")
            )
        }
        C::RaiseRisk(r) => format!("Raised risk “{}”", r.title),
        C::UpdateRisk(r) => format!("Updated risk “{}”", r.title),
        C::RaiseIssue(i) => format!("Raised {} “{}”", i.kind.label(), i.title),
        C::UpdateIssue(i) => format!("Updated “{}”", i.title),
        C::ApproveDeviation(id) => format!(
            "Approved deviation {}",
            named(release.map(|r| &r.issues), id, |i| (&i.id, &i.title))
        ),
        C::RecordKnownError(e) => format!("Recorded known error “{}”", e.title),
        C::UpdateKnownError(e) => format!("Updated known error “{}”", e.title),
        C::RecordCommunication(c) => format!("Told {}: {}", c.audience, c.message),
        C::AddKnowledgeItem(k) => format!("Planned knowledge transfer “{}”", k.topic),
        C::CompleteKnowledgeItem(id) => format!(
            "Delivered knowledge transfer {}",
            named(release.map(|r| &r.knowledge), id, |k| (&k.id, &k.topic))
        ),
        C::ConfirmReadiness(id) => format!("Confirmed readiness of wave {}", wave(id)),
        C::StartWave(id) => match release
            .and_then(|r| r.wave(id))
            .and_then(|w| w.emergency.as_ref())
        {
            Some(o) => format!(
                "Started deploying wave {} under an emergency override by {}: {}",
                wave(id),
                book.person_name(&o.stamp.by),
                o.reason
            ),
            None => format!("Started deploying wave {}", wave(id)),
        },
        C::OverrideWindow { wave: w, reason } => format!(
            "Emergency override: wave {} may deploy outside its window: {reason}",
            wave(w)
        ),
        C::VerifyWave {
            wave: w,
            passed: true,
            ..
        } => format!("Verified wave {}: working", wave(w)),
        C::VerifyWave { wave: w, notes, .. } => {
            format!("Verification of wave {} failed: {notes}", wave(w))
        }
        C::RemediateWave { wave: w, notes } => format!("Remediated wave {}: {notes}", wave(w)),
        C::BackOut { reason } => format!("Backed out the deployment: {reason}"),
        C::Replan { reason } => format!("Re-planned: {reason}"),
        C::DeclareServiceLive => "Notified: service live, early life support begins".into(),
        C::DeclareFullyOperational => "Notified: fully operational, SLAs enforced".into(),
        C::RecordFeedback { from, .. } => format!("Recorded feedback from {from}"),
        C::RecordEvaluation { goal, met, .. } => format!(
            "Evaluated “{goal}”: {}",
            if *met { "met" } else { "not met" }
        ),
        C::Confirm(check) => format!("Confirmed: {}", check.label()),
        C::RecordPir { .. } => "Recorded the post-implementation review".into(),
        C::AcceptHandover { .. } => "Operations accepted the handover".into(),
        C::Cancel { reason } => format!("Cancelled: {reason}"),
        C::SetMilestone(m) => format!(
            "Scheduled “{}” on {}{}",
            m.title(),
            super::schedule::date(m.date),
            if m.done { ", done" } else { "" }
        ),
        C::RemoveMilestone(id) => format!(
            "Removed milestone {}",
            named(release.map(|r| &r.milestones), id, |m| (&m.id, m.title()))
        ),
        C::SetRunbook(_)
        | C::SetTask(_)
        | C::RemoveTask(_)
        | C::StartRun(_)
        | C::MarkTask { .. }
        | C::SwitchToBackout { .. }
        | C::EndRun(_) => super::release::runbook::line(release, change),
        C::Comment { section, text, .. } => format!(
            "Commented on {}: {}",
            super::release::comments::thread_label(*section),
            super::limits::quoted(text)
        ),
        C::EditComment { text, .. } => {
            format!("Edited a comment: {}", super::limits::quoted(text))
        }
        C::DeleteComment(_) => "Deleted a comment".into(),
        C::SeeMention(_) => "Marked a mention seen".into(),
    }
}
