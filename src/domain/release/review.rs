//! Review and close: feedback, evaluation against performance goals, the confirmations
//! of quality, knowledge transfer and known errors, and change management's
//! post-implementation review.

use super::{in_status, require, text, At, Release, Stamp, Status};
use crate::domain::change::ReleaseChange;
use crate::domain::error::LifecycleError;
use crate::domain::permissions::{Rule, CAB, EVERYONE, MANAGERS};
use serde::{Deserialize, Serialize};

/// Anyone may record feedback once the service is live.
pub(crate) const FEEDBACK: Rule = Rule {
    roles: EVERYONE,
    allowed: &[Status::EarlyLifeSupport, Status::Review],
    action: "record feedback",
};

/// Evaluating against a performance goal, once the service is live.
pub(crate) const EVALUATION: Rule = Rule {
    roles: MANAGERS,
    allowed: &[Status::EarlyLifeSupport, Status::Review],
    action: "record the review",
};

/// Confirming one of the review's checks.
pub(crate) const CONFIRM: Rule = Rule {
    roles: MANAGERS,
    allowed: &[Status::Review],
    action: "record the review",
};

/// Change management's post-implementation review.
pub(crate) const PIR: Rule = Rule {
    roles: CAB,
    allowed: &[Status::Review],
    action: "record the post-implementation review",
};

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
    /// Every check, in the order the review lists them.
    pub const ALL: [ReviewCheck; 3] = [
        ReviewCheck::Quality,
        ReviewCheck::KnowledgeTransfer,
        ReviewCheck::KnownErrorsDocumented,
    ];

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

impl PirOutcome {
    /// Every verdict, best first.
    pub const ALL: [PirOutcome; 3] = [
        PirOutcome::Successful,
        PirOutcome::PartiallySuccessful,
        PirOutcome::Unsuccessful,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            PirOutcome::Successful => "successful",
            PirOutcome::PartiallySuccessful => "partially successful",
            PirOutcome::Unsuccessful => "unsuccessful",
        }
    }
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

/// Decide [`ReleaseChange::RecordFeedback`].
pub(crate) fn decide_feedback(
    from: String,
    words: String,
) -> Result<ReleaseChange, LifecycleError> {
    text("text", &words, "the feedback")?;
    Ok(ReleaseChange::RecordFeedback { from, text: words })
}

/// Decide [`ReleaseChange::RecordEvaluation`].
pub(crate) fn decide_evaluation(
    goal: String,
    target: String,
    actual: String,
    met: bool,
) -> Result<ReleaseChange, LifecycleError> {
    text("goal", &goal, "the performance goal")?;
    Ok(ReleaseChange::RecordEvaluation {
        goal,
        target,
        actual,
        met,
    })
}

/// Decide [`ReleaseChange::RecordPir`].
pub(crate) fn decide_pir(
    outcome: PirOutcome,
    summary: String,
) -> Result<ReleaseChange, LifecycleError> {
    text("summary", &summary, "the review's findings")?;
    Ok(ReleaseChange::RecordPir { outcome, summary })
}

/// Apply [`ReleaseChange::RecordFeedback`].
pub(crate) fn apply_feedback(
    release: &mut Release,
    from: &str,
    words: &str,
    at: &At,
) -> Result<(), String> {
    in_status(release, FEEDBACK.allowed, "record feedback")?;
    release.review.feedback.push(Feedback {
        from: from.to_owned(),
        text: words.to_owned(),
        stamp: at.stamp(),
    });
    Ok(())
}

/// Apply [`ReleaseChange::RecordEvaluation`].
pub(crate) fn apply_evaluation(
    release: &mut Release,
    (goal, target, actual): (&str, &str, &str),
    met: bool,
    at: &At,
) -> Result<(), String> {
    in_status(release, EVALUATION.allowed, "record an evaluation")?;
    release.review.evaluations.push(Evaluation {
        goal: goal.to_owned(),
        target: target.to_owned(),
        actual: actual.to_owned(),
        met,
        stamp: at.stamp(),
    });
    Ok(())
}

/// Apply [`ReleaseChange::Confirm`]: each check is confirmed once.
pub(crate) fn apply_confirm(
    release: &mut Release,
    check: ReviewCheck,
    at: &At,
) -> Result<(), String> {
    in_status(release, CONFIRM.allowed, "confirm a review check")?;
    let slot = match check {
        ReviewCheck::Quality => &mut release.review.quality,
        ReviewCheck::KnowledgeTransfer => &mut release.review.knowledge_transfer,
        ReviewCheck::KnownErrorsDocumented => &mut release.review.known_errors_documented,
    };
    require(slot.is_none(), "already confirmed")?;
    *slot = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::RecordPir`].
pub(crate) fn apply_pir(
    release: &mut Release,
    outcome: PirOutcome,
    summary: &str,
    at: &At,
) -> Result<(), String> {
    in_status(
        release,
        PIR.allowed,
        "record the post-implementation review",
    )?;
    release.review.pir = Some(Pir {
        outcome,
        summary: summary.to_owned(),
        stamp: at.stamp(),
    });
    Ok(())
}
