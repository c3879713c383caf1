//! Events and commands in words, for the audit timeline, "what changed" lists and messages.

use super::book::Book;
use super::change::{Change, ReleaseChange};
use super::event::Event;
use super::gates::gate_phrase;

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
        Change::RetireService(id) => format!("Retired service {id}"),
        Change::RetireEnvironment(id) => format!("Retired environment {id}"),
        Change::RetireCi(id) => format!("Retired configuration item {id}"),
        Change::Policy(p) => format!("Set the release policy of {}", p.service),
        Change::CreateRelease(new) => format!(
            "Created {} release {} v{}",
            new.category.label(),
            new.details.name,
            new.version
        ),
        Change::ResolveConflict { event, note } => {
            format!("Resolved the conflict on event {event}: {note}")
        }
        Change::Release { change, .. } => release_line(book, change),
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

fn release_line(book: &Book, change: &ReleaseChange) -> String {
    use ReleaseChange as C;
    match change {
        C::EditDetails(d) => format!("Edited the details ({})", d.name),
        C::SetPackage(p) => format!("Set the package: {} configuration item change(s)", p.len()),
        C::EditPlan(_) => "Edited the plan".into(),
        C::SetApprovalChain { gate, chain } => format!(
            "Set the approval chain for {}: {} approver(s)",
            gate.label(),
            chain.len()
        ),
        C::AddCriterion { text, .. } => format!("Added pass/fail criterion “{text}”"),
        C::RemoveCriterion(id) => format!("Removed pass/fail criterion {id}"),
        C::AddWave { plan, .. } => format!(
            "Planned wave “{}” on {} from {}",
            plan.name,
            plan.environment,
            super::schedule::minute(plan.window.start)
        ),
        C::EditWave { plan, .. } => format!(
            "Rescheduled wave “{}” to {}",
            plan.name,
            super::schedule::minute(plan.window.start)
        ),
        C::RemoveWave(id) => format!("Removed wave {id}"),
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
                "Recorded {} “{}”: {} result(s), {failed} failed",
                run.kind.label(),
                run.name,
                run.results.len()
            )
        }
        C::RaiseRisk(r) => format!("Raised risk “{}”", r.title),
        C::UpdateRisk(r) => format!("Updated risk “{}”", r.title),
        C::RaiseIssue(i) => format!("Raised {} “{}”", i.kind.label(), i.title),
        C::UpdateIssue(i) => format!("Updated “{}”", i.title),
        C::ApproveDeviation(id) => format!("Approved deviation {id}"),
        C::RecordKnownError(e) => format!("Recorded known error “{}”", e.title),
        C::UpdateKnownError(e) => format!("Updated known error “{}”", e.title),
        C::RecordCommunication(c) => format!("Told {}: {}", c.audience, c.message),
        C::AddKnowledgeItem(k) => format!("Planned knowledge transfer “{}”", k.topic),
        C::CompleteKnowledgeItem(id) => format!("Delivered knowledge transfer {id}"),
        C::ConfirmReadiness(id) => format!("Confirmed readiness of wave {id}"),
        C::StartWave(id) => format!("Started deploying wave {id}"),
        C::VerifyWave {
            wave, passed: true, ..
        } => format!("Verified wave {wave}: working"),
        C::VerifyWave { wave, notes, .. } => format!("Verification of wave {wave} failed: {notes}"),
        C::RemediateWave { wave, notes } => format!("Remediated wave {wave}: {notes}"),
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
