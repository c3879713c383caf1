//! The words a report uses for the domain's enums, together so that they are easy to
//! replace by the enums' own `label()` once the domain has one for each.

use crate::domain::policy::GateKind;
use crate::domain::records::{EntryStatus, IssueKind, KnowledgeKind, Severity, Stage};
use crate::domain::release::{Automation, Delivery, Rollout, RoundOutcome};
use crate::domain::review::PirOutcome;

pub(super) fn capital(text: &str) -> String {
    // ASCII only: the labels are English, and Unicode case tables cost the bundle bytes.
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

pub(super) fn approach(rollout: Rollout, delivery: Delivery, automation: Automation) -> String {
    format!(
        "{}, {}, {}",
        match rollout {
            Rollout::BigBang => "big bang",
            Rollout::Phased => "phased",
        },
        match delivery {
            Delivery::Push => "push",
            Delivery::Pull => "pull",
        },
        match automation {
            Automation::Automatic => "automatic",
            Automation::Manual => "manual",
        }
    )
}

pub(super) fn gate_kind(kind: GateKind) -> String {
    capital(kind.label())
}

pub(super) fn stage(stage: Stage) -> &'static str {
    match stage {
        Stage::Build => "build",
        Stage::Test => "test",
        Stage::Pilot => "pilot",
        Stage::Deployment => "deployment",
    }
}

pub(super) fn round_outcome(outcome: RoundOutcome) -> &'static str {
    match outcome {
        RoundOutcome::Pending => "waiting",
        RoundOutcome::Approved => "approved",
        RoundOutcome::Rejected => "rejected",
        RoundOutcome::Withdrawn => "withdrawn after a plan change",
    }
}

/// The words a person reads for a PIR outcome.
pub fn pir_outcome(outcome: PirOutcome) -> &'static str {
    match outcome {
        PirOutcome::Successful => "successful",
        PirOutcome::PartiallySuccessful => "partially successful",
        PirOutcome::Unsuccessful => "unsuccessful",
    }
}

pub(super) fn entry_status(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Open => "open",
        EntryStatus::Mitigated => "mitigated",
        EntryStatus::Accepted => "accepted",
        EntryStatus::Closed => "closed",
    }
}

pub(super) fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// A register entry's kind: a deviation says whether it was approved.
pub(super) fn issue_kind(kind: IssueKind, approved: bool) -> &'static str {
    match (kind, approved) {
        (IssueKind::Deviation, true) => "deviation (approved)",
        (IssueKind::Deviation, false) => "deviation",
        (IssueKind::Issue, _) => "issue",
    }
}

pub(super) fn knowledge_kind(kind: KnowledgeKind) -> &'static str {
    match kind {
        KnowledgeKind::Transfer => "Knowledge transfer",
        KnowledgeKind::Training => "Training",
    }
}
