//! The registers kept through a release's life: risks, deviations and issues (a deviation,
//! once approved, waives a pass/fail criterion), known errors with their workarounds, and
//! the communications sent to stakeholders.

use super::{find, require, text, Ask, At, Release, Stamp, OPEN};
use crate::domain::change::ReleaseChange;
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::ids::ItemId;
use crate::domain::permissions::{Rule, APPROVERS, DEPLOYERS, EVERYONE, MANAGERS};
use serde::{Deserialize, Serialize};

/// Anyone may raise a risk, at any time until the release ends.
pub(crate) const RAISE_RISK: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "manage risks",
};

/// Updating a risk.
pub(crate) const UPDATE_RISK: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "manage risks",
};

/// Anyone may raise a deviation or issue.
pub(crate) const RAISE_ISSUE: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "manage deviations and issues",
};

/// Updating a deviation or issue.
pub(crate) const UPDATE_ISSUE: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "manage deviations and issues",
};

/// Approving a deviation.
pub(crate) const APPROVE_DEVIATION: Rule = Rule {
    roles: APPROVERS,
    allowed: OPEN,
    action: "approve deviations",
};

/// Recording or updating a known error.
pub(crate) const KNOWN_ERROR: Rule = Rule {
    roles: DEPLOYERS,
    allowed: OPEN,
    action: "record known errors",
};

/// Recording a stakeholder communication.
pub(crate) const COMMUNICATION: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "record communications",
};

/// Whether a register entry still needs attention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Needs attention.
    #[default]
    Open,
    /// Mitigated, corrected or worked around.
    Mitigated,
    /// Knowingly accepted as it is.
    Accepted,
    /// Done with.
    Closed,
}

impl EntryStatus {
    /// Every status, in the order a form offers them.
    pub const ALL: [EntryStatus; 4] = [
        EntryStatus::Open,
        EntryStatus::Mitigated,
        EntryStatus::Accepted,
        EntryStatus::Closed,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            EntryStatus::Open => "open",
            EntryStatus::Mitigated => "mitigated",
            EntryStatus::Accepted => "accepted",
            EntryStatus::Closed => "closed",
        }
    }

    /// Still needs attention.
    pub fn is_open(self) -> bool {
        matches!(self, EntryStatus::Open)
    }
}

/// How bad something is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Cosmetic or easily worked around.
    Low,
    /// Noticeable.
    #[default]
    Medium,
    /// Serious.
    High,
    /// Stops the release.
    Critical,
}

impl Severity {
    /// Every severity, most severe first, as forms and summaries list them.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A risk in the register. Likelihood and impact run from 1 to 5.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// Id (the raising event's).
    #[serde(default)]
    pub id: ItemId,
    /// What could go wrong.
    pub title: String,
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe).
    pub impact: u8,
    /// Who watches it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// What reduces it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    /// Where it stands.
    #[serde(default)]
    pub status: EntryStatus,
}

impl Risk {
    /// Likelihood times impact, mapped to a severity.
    pub fn severity(&self) -> Severity {
        match u32::from(self.likelihood) * u32::from(self.impact) {
            0..=4 => Severity::Low,
            5..=9 => Severity::Medium,
            10..=15 => Severity::High,
            _ => Severity::Critical,
        }
    }
}

/// A deviation from the plan, or an issue met along the way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// Something done differently from the plan; may waive a criterion once approved.
    Deviation,
    /// A problem met.
    #[default]
    Issue,
}

impl IssueKind {
    /// Both kinds.
    pub const ALL: [IssueKind; 2] = [IssueKind::Deviation, IssueKind::Issue];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            IssueKind::Deviation => "deviation",
            IssueKind::Issue => "issue",
        }
    }
}

/// An entry in the deviations and issues register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Id (the raising event's).
    #[serde(default)]
    pub id: ItemId,
    /// Deviation or issue.
    #[serde(default)]
    pub kind: IssueKind,
    /// What happened.
    pub title: String,
    /// How bad.
    #[serde(default)]
    pub severity: Severity,
    /// The corrective action.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub corrective_action: String,
    /// Where it stands.
    #[serde(default)]
    pub status: EntryStatus,
    /// The pass/fail criterion this deviation waives, once approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waives: Option<ItemId>,
    /// Who approved the deviation, when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<Stamp>,
}

/// A known error: a fault known at release time, with its workaround.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownError {
    /// Id (the recording event's).
    #[serde(default)]
    pub id: ItemId,
    /// The fault.
    pub title: String,
    /// How users get around it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workaround: String,
    /// The planned or delivered fix.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fix: String,
    /// Where it stands.
    #[serde(default)]
    pub status: EntryStatus,
}

/// A message to stakeholders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Communication {
    /// Id (the recording event's).
    #[serde(default)]
    pub id: ItemId,
    /// Who it went to.
    pub audience: String,
    /// How: email, intranet, meeting.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    /// What was said.
    pub message: String,
}

impl Release {
    /// Whether an approved deviation waives criterion `id`.
    pub fn criterion_waived(&self, id: &ItemId) -> bool {
        self.issues
            .iter()
            .any(|i| i.waives.as_ref() == Some(id) && i.approved.is_some())
    }
}

/// Likelihood and impact run from 1 to 5.
fn check_scale(risk: &Risk) -> Result<(), LifecycleError> {
    if (1..=5).contains(&risk.likelihood) && (1..=5).contains(&risk.impact) {
        return Ok(());
    }
    Err(LifecycleError::invalid(
        if (1..=5).contains(&risk.likelihood) {
            "impact"
        } else {
            "likelihood"
        },
        "Likelihood and impact run from 1 to 5.",
    ))
}

/// Only a deviation can waive a criterion.
fn check_waiver(issue: &Issue) -> Result<(), LifecycleError> {
    if issue.waives.is_some() && issue.kind != IssueKind::Deviation {
        return Err(LifecycleError::invalid(
            "waives",
            "Only a deviation can waive a pass/fail criterion.",
        ));
    }
    Ok(())
}

/// Decide [`ReleaseChange::RaiseRisk`].
pub(crate) fn decide_raise_risk(risk: Risk) -> Result<ReleaseChange, LifecycleError> {
    check_scale(&risk)?;
    text("title", &risk.title, "what could go wrong")?;
    Ok(ReleaseChange::RaiseRisk(risk))
}

/// Decide [`ReleaseChange::UpdateRisk`].
pub(crate) fn decide_update_risk(risk: Risk) -> Result<ReleaseChange, LifecycleError> {
    check_scale(&risk)?;
    Ok(ReleaseChange::UpdateRisk(risk))
}

/// Decide [`ReleaseChange::RaiseIssue`]: a waiver names a criterion of the plan.
pub(crate) fn decide_raise_issue(ask: &Ask, issue: Issue) -> Result<ReleaseChange, LifecycleError> {
    check_waiver(&issue)?;
    text("title", &issue.title, "what happened")?;
    if let Some(criterion) = &issue.waives {
        if !ask.release.criteria.iter().any(|c| &c.id == criterion) {
            return Err(LifecycleError::invalid(
                "waives",
                "That pass/fail criterion is not in the plan.",
            ));
        }
    }
    Ok(ReleaseChange::RaiseIssue(issue))
}

/// Decide [`ReleaseChange::UpdateIssue`].
pub(crate) fn decide_update_issue(issue: Issue) -> Result<ReleaseChange, LifecycleError> {
    check_waiver(&issue)?;
    Ok(ReleaseChange::UpdateIssue(issue))
}

/// Decide [`ReleaseChange::RecordKnownError`].
pub(crate) fn decide_known_error(error: KnownError) -> Result<ReleaseChange, LifecycleError> {
    text("title", &error.title, "the known error")?;
    Ok(ReleaseChange::RecordKnownError(error))
}

/// Decide [`ReleaseChange::RecordCommunication`].
pub(crate) fn decide_communication(
    message: Communication,
) -> Result<ReleaseChange, LifecycleError> {
    text("message", &message.message, "the message")?;
    text("audience", &message.audience, "who it went to")?;
    Ok(ReleaseChange::RecordCommunication(message))
}

/// Apply [`ReleaseChange::RaiseRisk`].
pub(crate) fn apply_raise_risk(release: &mut Release, risk: &Risk, at: &At) {
    release.risks.push(Risk {
        id: at.new_id(),
        ..risk.clone()
    });
}

/// Apply [`ReleaseChange::UpdateRisk`].
pub(crate) fn apply_update_risk(release: &mut Release, risk: &Risk) -> Result<(), String> {
    *find(&mut release.risks, &risk.id, |r| &r.id, "risk")? = risk.clone();
    Ok(())
}

/// Apply [`ReleaseChange::RaiseIssue`].
pub(crate) fn apply_raise_issue(release: &mut Release, issue: &Issue, at: &At) {
    release.issues.push(Issue {
        id: at.new_id(),
        approved: None,
        ..issue.clone()
    });
}

/// Apply [`ReleaseChange::UpdateIssue`]: a changed waiver needs a fresh approval.
pub(crate) fn apply_update_issue(release: &mut Release, issue: &Issue) -> Result<(), String> {
    let entry = find(
        &mut release.issues,
        &issue.id,
        |i| &i.id,
        "deviation or issue",
    )?;
    let approved = entry.approved.take();
    let keep = approved.filter(|_| entry.waives == issue.waives);
    *entry = Issue {
        approved: keep,
        ..issue.clone()
    };
    Ok(())
}

/// Apply [`ReleaseChange::ApproveDeviation`].
pub(crate) fn apply_approve(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    let entry = find(&mut release.issues, id, |i| &i.id, "deviation")?;
    require(
        entry.kind == IssueKind::Deviation,
        "only a deviation can be approved",
    )?;
    require(
        entry.approved.is_none(),
        "the deviation is already approved",
    )?;
    entry.approved = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::RecordKnownError`].
pub(crate) fn apply_known_error(release: &mut Release, error: &KnownError, at: &At) {
    release.known_errors.push(KnownError {
        id: at.new_id(),
        ..error.clone()
    });
}

/// Apply [`ReleaseChange::UpdateKnownError`].
pub(crate) fn apply_update_known_error(
    release: &mut Release,
    error: &KnownError,
) -> Result<(), String> {
    *find(
        &mut release.known_errors,
        &error.id,
        |e| &e.id,
        "known error",
    )? = error.clone();
    Ok(())
}

/// Apply [`ReleaseChange::RecordCommunication`].
pub(crate) fn apply_communication(release: &mut Release, message: &Communication, at: &At) {
    release.communications.push(Communication {
        id: at.new_id(),
        ..message.clone()
    });
}

/// What deployment needs from the registers: a mitigation for every open high risk, and
/// no open critical issue.
pub(crate) fn deployment_needs(release: &Release, missing: &mut Vec<Missing>) {
    for risk in release.risks.iter().filter(|r| {
        r.status == EntryStatus::Open
            && r.severity() >= Severity::High
            && r.mitigation.trim().is_empty()
    }) {
        missing.push(Missing::new(
            Section::Risks,
            format!("a mitigation for the risk “{}”", risk.title),
        ));
    }
    for issue in release
        .issues
        .iter()
        .filter(|i| i.status == EntryStatus::Open && i.severity == Severity::Critical)
    {
        missing.push(Missing::new(
            Section::Issues,
            format!("the critical issue “{}” resolved", issue.title),
        ));
    }
}
