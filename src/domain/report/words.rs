//! The words a report uses for the domain's enums: the enums' own `label()` and `word()`,
//! capitalised or combined where a report needs it. No word is spelled here.

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

/// The approach in short words: "big bang, push, automatic".
pub(super) fn approach(rollout: Rollout, delivery: Delivery, automation: Automation) -> String {
    format!(
        "{}, {}, {}",
        rollout.word(),
        delivery.word(),
        automation.word()
    )
}

pub(super) fn gate_kind(kind: GateKind) -> String {
    capital(kind.label())
}

pub(super) fn stage(stage: Stage) -> &'static str {
    stage.label()
}

pub(super) fn round_outcome(outcome: RoundOutcome) -> &'static str {
    outcome.label()
}

/// The words a person reads for a PIR outcome.
pub fn pir_outcome(outcome: PirOutcome) -> &'static str {
    outcome.label()
}

pub(super) fn entry_status(status: EntryStatus) -> &'static str {
    status.label()
}

pub(super) fn severity(severity: Severity) -> &'static str {
    severity.label()
}

/// A register entry's kind: a deviation says whether it was approved.
pub(super) fn issue_kind(kind: IssueKind, approved: bool) -> String {
    if approved && kind == IssueKind::Deviation {
        format!("{} (approved)", kind.label())
    } else {
        kind.label().to_owned()
    }
}

/// A knowledge item's kind, capitalised: "Knowledge transfer".
pub(super) fn knowledge_kind(kind: KnowledgeKind) -> String {
    capital(kind.label())
}
