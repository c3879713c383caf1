//! The words for the domain's enums that the domain does not word yet, and their lists
//! for a `<select>`.
// Domain table: replaced by the domain's `label()` and `ALL` when the domain branch lands.

use crate::domain::{
    EntryStatus, KnowledgeKind, PirOutcome, ReviewCheck, Severity, Stage, TestKind,
};

/// The words for a register entry's status.
pub fn status_label(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Open => "open",
        EntryStatus::Mitigated => "mitigated",
        EntryStatus::Accepted => "accepted",
        EntryStatus::Closed => "closed",
    }
}

/// Every entry status, for a `<select>`.
pub const STATUSES: [EntryStatus; 4] = [
    EntryStatus::Open,
    EntryStatus::Mitigated,
    EntryStatus::Accepted,
    EntryStatus::Closed,
];

/// The entry status a status `<select>` chose.
pub fn parse_status(text: &str) -> EntryStatus {
    STATUSES
        .into_iter()
        .find(|s| status_label(*s) == text)
        .unwrap_or_default()
}

/// Every severity, most severe first, with its words.
pub const SEVERITIES: [(Severity, &str); 4] = [
    (Severity::Critical, "critical"),
    (Severity::High, "high"),
    (Severity::Medium, "medium"),
    (Severity::Low, "low"),
];

/// The words for a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    SEVERITIES
        .iter()
        .find(|(s, _)| *s == severity)
        .map_or("", |(_, l)| l)
}

/// Every outcome of a post-implementation review, with its words.
pub const OUTCOMES: [(PirOutcome, &str); 3] = [
    (PirOutcome::Successful, "successful"),
    (PirOutcome::PartiallySuccessful, "partially successful"),
    (PirOutcome::Unsuccessful, "unsuccessful"),
];

/// The words for a review's outcome.
pub fn outcome_label(outcome: PirOutcome) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(o, _)| *o == outcome)
        .map_or("", |(_, l)| l)
}

/// The words for a kind of knowledge item.
pub fn kind_label(kind: KnowledgeKind) -> &'static str {
    match kind {
        KnowledgeKind::Transfer => "knowledge transfer",
        KnowledgeKind::Training => "training",
    }
}

/// Every stage a pass/fail criterion is judged at.
pub const STAGES: [Stage; 4] = [Stage::Build, Stage::Test, Stage::Pilot, Stage::Deployment];

/// The stage's words.
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Build => "build",
        Stage::Test => "test",
        Stage::Pilot => "pilot",
        Stage::Deployment => "deployment",
    }
}

/// Every kind of test run.
pub const TEST_KINDS: [TestKind; 4] = [
    TestKind::InputCi,
    TestKind::Package,
    TestKind::Rehearsal,
    TestKind::Pilot,
];

/// Every confirmation a review needs.
pub const REVIEW_CHECKS: [ReviewCheck; 3] = [
    ReviewCheck::Quality,
    ReviewCheck::KnowledgeTransfer,
    ReviewCheck::KnownErrorsDocumented,
];
