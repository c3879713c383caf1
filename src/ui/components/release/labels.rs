//! The words for the domain's enums that the domain does not word yet, as tables of
//! `(value, words)`, and the three things the page does with a table: word a value, list
//! the options of a `<select>`, read the value a `<select>` chose.
// Domain table: replaced by the domain's `label()` and `ALL` when the domain branch lands.

use crate::domain::{
    Automation, Delivery, EntryStatus, KnowledgeKind, PirOutcome, ReviewCheck, Rollout, Severity,
    Stage, TestKind,
};

/// A table of an enum's values with their words, in the order a `<select>` offers them.
pub type Table<T> = [(T, &'static str)];

/// The words for `value`.
pub fn word<T: PartialEq>(table: &Table<T>, value: &T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| v == value)
        .map_or("", |(_, w)| w)
}

/// The value whose words are `text`, or the table's first (every table has values).
pub fn value<T: Copy>(table: &Table<T>, text: &str) -> T {
    table
        .iter()
        .find(|(_, w)| *w == text)
        .map_or(table[0].0, |(v, _)| *v)
}

/// The `(value, label)` options of a `<select>` over `table`: the words are both.
pub fn options<T>(table: &Table<T>) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(_, w)| ((*w).to_owned(), (*w).to_owned()))
        .collect()
}

/// A register entry's status.
pub const STATUSES: [(EntryStatus, &str); 4] = [
    (EntryStatus::Open, "open"),
    (EntryStatus::Mitigated, "mitigated"),
    (EntryStatus::Accepted, "accepted"),
    (EntryStatus::Closed, "closed"),
];

/// Severity, most severe first.
pub const SEVERITIES: [(Severity, &str); 4] = [
    (Severity::Critical, "critical"),
    (Severity::High, "high"),
    (Severity::Medium, "medium"),
    (Severity::Low, "low"),
];

/// The outcome of a post-implementation review.
pub const OUTCOMES: [(PirOutcome, &str); 3] = [
    (PirOutcome::Successful, "successful"),
    (PirOutcome::PartiallySuccessful, "partially successful"),
    (PirOutcome::Unsuccessful, "unsuccessful"),
];

/// A kind of knowledge item.
pub const KNOWLEDGE_KINDS: [(KnowledgeKind, &str); 2] = [
    (KnowledgeKind::Transfer, "knowledge transfer"),
    (KnowledgeKind::Training, "training"),
];

/// The stage a pass/fail criterion is judged at.
pub const STAGES: [(Stage, &str); 4] = [
    (Stage::Build, "build"),
    (Stage::Test, "test"),
    (Stage::Pilot, "pilot"),
    (Stage::Deployment, "deployment"),
];

/// A kind of test run (the domain words these; the table lists them in order).
pub const TEST_KINDS: [TestKind; 4] = [
    TestKind::InputCi,
    TestKind::Package,
    TestKind::Rehearsal,
    TestKind::Pilot,
];

/// How a release rolls out, in the details form.
pub const ROLLOUTS: [(Rollout, &str); 2] =
    [(Rollout::BigBang, "big bang"), (Rollout::Phased, "phased")];

/// How a release reaches its users, in the details form.
pub const DELIVERIES: [(Delivery, &str); 2] = [(Delivery::Push, "push"), (Delivery::Pull, "pull")];

/// How a release is deployed, in the details form.
pub const AUTOMATIONS: [(Automation, &str); 2] = [
    (Automation::Automatic, "automatic"),
    (Automation::Manual, "manual"),
];

/// Every confirmation a review needs.
pub const REVIEW_CHECKS: [ReviewCheck; 3] = [
    ReviewCheck::Quality,
    ReviewCheck::KnowledgeTransfer,
    ReviewCheck::KnownErrorsDocumented,
];
