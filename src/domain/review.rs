//! Phase 4 records: feedback, evaluation against performance goals, the confirmations of
//! quality, knowledge transfer and known errors, the post-implementation review and the
//! handover that operations accepts.

use super::release::Stamp;
use serde::{Deserialize, Serialize};

/// Feedback from a user, customer or team member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// Who gave it.
    pub from: String,
    /// What they said.
    pub text: String,
    /// Recorded by, when.
    pub stamp: Stamp,
}

/// The release measured against one performance goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The goal, e.g. "Checkout conversion".
    pub goal: String,
    /// What was expected.
    pub target: String,
    /// What was measured.
    pub actual: String,
    /// Goal met?
    pub met: bool,
    /// Recorded by, when.
    pub stamp: Stamp,
}

/// What the review confirms before closure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCheck {
    /// All quality requirements were met.
    Quality,
    /// Sufficient knowledge transfer and training were done.
    KnowledgeTransfer,
    /// Known errors, fixes and changes are documented.
    KnownErrorsDocumented,
}

impl ReviewCheck {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            ReviewCheck::Quality => "quality requirements confirmed",
            ReviewCheck::KnowledgeTransfer => "knowledge transfer and training confirmed",
            ReviewCheck::KnownErrorsDocumented => "known errors, fixes and changes documented",
        }
    }
}

/// The verdict of a post-implementation review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PirOutcome {
    /// Objectives met.
    Successful,
    /// Some objectives met.
    PartiallySuccessful,
    /// Objectives not met.
    Unsuccessful,
}

/// Change management's post-implementation review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pir {
    /// Verdict.
    pub outcome: PirOutcome,
    /// Findings and lessons.
    pub summary: String,
    /// Reviewed by, when.
    pub stamp: Stamp,
}

/// Everything phase 4 records. Snapshots leave out what is empty (most releases have not
/// reached review), which keeps a large book's snapshot small and quick to read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Feedback gathered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Feedback>,
    /// Evaluations against performance goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<Evaluation>,
    /// Quality requirements confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<Stamp>,
    /// Knowledge transfer and training confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge_transfer: Option<Stamp>,
    /// Known errors, fixes and changes documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_errors_documented: Option<Stamp>,
    /// The post-implementation review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pir: Option<Pir>,
    /// Operations formally accepted the handover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<Stamp>,
}

impl Review {
    /// The stamp of a confirmation, if given.
    pub fn check(&self, check: ReviewCheck) -> Option<&Stamp> {
        match check {
            ReviewCheck::Quality => self.quality.as_ref(),
            ReviewCheck::KnowledgeTransfer => self.knowledge_transfer.as_ref(),
            ReviewCheck::KnownErrorsDocumented => self.known_errors_documented.as_ref(),
        }
    }
}

impl Review {
    /// Nothing recorded yet.
    pub fn is_blank(&self) -> bool {
        *self == Review::default()
    }
}
