//! The written release and deployment plan, its pilot, and the pass/fail criteria of the
//! test plan. Editing any part of the plan withdraws an approval already given for it.

use super::{
    in_status, require, text, Acceptance, At, Gate, Release, RoundOutcome, Status, EDITABLE,
};
use crate::domain::change::ReleaseChange;
use crate::domain::error::LifecycleError;
use crate::domain::ids::ItemId;
use crate::domain::permissions::{Rule, MANAGERS, TESTERS};
use serde::{Deserialize, Serialize};

/// Editing the written plan.
pub(crate) const EDIT: Rule = Rule {
    roles: MANAGERS,
    allowed: EDITABLE,
    action: "edit the release plan",
};

/// Adding a pass/fail criterion: testers write them too.
pub(crate) const ADD_CRITERION: Rule = Rule {
    roles: TESTERS,
    allowed: EDITABLE,
    action: "change pass/fail criteria",
};

/// Removing a pass/fail criterion.
pub(crate) const REMOVE_CRITERION: Rule = Rule {
    roles: MANAGERS,
    allowed: EDITABLE,
    action: "change pass/fail criteria",
};

/// A pilot: the release tried on a small group before everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pilot {
    /// Who takes part.
    pub scope: String,
    /// What a successful pilot looks like.
    pub success: String,
}

/// The written parts of the release and deployment plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanText {
    /// 1. What changes the release includes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub changes: String,
    /// 2. Who will be affected or impacted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub affected: String,
    /// 3. The risk the release may introduce (details in the risk register).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub risk_assessment: String,
    /// 7. Deployment schedule and strategy (windows in the waves).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub schedule: String,
    /// Build plan: specifications, procedures, timeline.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub build_plan: String,
    /// Test plan: procedures and timeline (criteria are listed separately).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub test_plan: String,
    /// An optional pilot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pilot: Option<Pilot>,
}

impl PlanText {
    /// No part written yet.
    pub fn is_blank(&self) -> bool {
        *self == PlanText::default()
    }
}

/// The stage at which a pass/fail criterion is judged.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Building the package.
    Build,
    /// Testing the package and its input CIs.
    #[default]
    Test,
    /// The pilot.
    Pilot,
    /// Verifying each deployment wave.
    Deployment,
}

impl Stage {
    /// Every stage, in the order they come.
    pub const ALL: [Stage; 4] = [Stage::Build, Stage::Test, Stage::Pilot, Stage::Deployment];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Build => "build",
            Stage::Test => "test",
            Stage::Pilot => "pilot",
            Stage::Deployment => "deployment",
        }
    }

    /// Criteria that must be met before deployment is authorized.
    pub fn before_deployment(self) -> bool {
        !matches!(self, Stage::Deployment)
    }
}

/// A pass/fail criterion from the test plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Id (the adding event's).
    pub id: ItemId,
    /// What must be true, e.g. "p95 checkout latency under 300 ms".
    pub text: String,
    /// When it is judged.
    #[serde(default)]
    pub stage: Stage,
    /// Utility or warranty, when it proves one (see `acceptance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

/// Decide [`ReleaseChange::AddCriterion`]: the criterion gets the event's id.
pub(crate) fn decide_criterion(
    new_id: ItemId,
    words: String,
    stage: Stage,
    acceptance: Option<Acceptance>,
) -> Result<ReleaseChange, LifecycleError> {
    text("text", &words, "what the criterion requires")?;
    Ok(ReleaseChange::AddCriterion {
        id: new_id,
        text: words,
        stage,
        acceptance,
    })
}

impl Release {
    /// Whether the release is open to `change` now, whoever asks: its status allows it
    /// (the change's rule), and a change to the plan does not wait for the plan's
    /// approvers (see `plan_edit`). What a view asks before it offers a change.
    pub fn open_to(&self, change: &ReleaseChange) -> bool {
        self.openness().admits(change)
    }

    /// What [`open_to`](Self::open_to) reads of the release: a view keeps this (it changes
    /// far less often than the release) and asks it about each change it may offer.
    pub fn openness(&self) -> Openness {
        Openness {
            status: self.status,
            plan_awaits_approvers: self.plan_awaits_approvers(),
        }
    }

    /// Whether the plan waits for its approvers' decision (the build gate's round of this
    /// cycle is pending): until they decide, it cannot change.
    pub fn plan_awaits_approvers(&self) -> bool {
        self.rounds
            .iter()
            .rev()
            .find(|r| r.gate == Gate::Build && r.cycle == self.cycle)
            .is_some_and(|r| r.outcome == RoundOutcome::Pending)
    }
}

/// What decides whether a release is open to a change, whoever asks (see
/// [`Release::open_to`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Openness {
    /// The release's status.
    pub status: Status,
    /// The plan waits for its approvers' decision.
    pub plan_awaits_approvers: bool,
}

impl Openness {
    /// Whether `change` may be made now: its status allows it (the change's rule), and a
    /// change to the plan does not wait for the plan's approvers (see `plan_edit`).
    pub fn admits(self, change: &ReleaseChange) -> bool {
        use ReleaseChange as C;
        let edits_plan = matches!(
            change,
            C::EditDetails(_)
                | C::SetPackage(_)
                | C::EditPlan(_)
                | C::AddCriterion { .. }
                | C::RemoveCriterion(_)
                | C::SetApprovalChain { .. }
        );
        change.allowed_in().contains(&self.status) && !(edits_plan && self.plan_awaits_approvers)
    }
}

/// Editing the plan withdraws an approval already given for the build gate: the approvers
/// approved a different plan. While a decision is pending the plan cannot change.
pub(crate) fn plan_edit(release: &mut Release) -> Result<(), String> {
    in_status(release, EDITABLE, "change the plan")?;
    let cycle = release.cycle;
    if let Some(round) = release
        .rounds
        .iter_mut()
        .rev()
        .find(|r| r.gate == Gate::Build && r.cycle == cycle)
    {
        match round.outcome {
            RoundOutcome::Pending => {
                return Err(
                    "the plan is waiting for its approvers; change it after their decision".into(),
                )
            }
            RoundOutcome::Approved => round.outcome = RoundOutcome::Withdrawn,
            RoundOutcome::Rejected | RoundOutcome::Withdrawn => {}
        }
    }
    Ok(())
}

/// Apply [`ReleaseChange::EditPlan`].
pub(crate) fn apply_plan(release: &mut Release, plan: &PlanText) -> Result<(), String> {
    plan_edit(release)?;
    release.plan = plan.clone();
    Ok(())
}

/// Apply [`ReleaseChange::AddCriterion`].
pub(crate) fn apply_add_criterion(
    release: &mut Release,
    words: &str,
    stage: Stage,
    acceptance: Option<Acceptance>,
    at: &At,
) -> Result<(), String> {
    plan_edit(release)?;
    release.criteria.push(Criterion {
        id: at.new_id(),
        text: words.to_owned(),
        stage,
        acceptance,
    });
    Ok(())
}

/// Apply [`ReleaseChange::RemoveCriterion`].
pub(crate) fn apply_remove_criterion(release: &mut Release, id: &ItemId) -> Result<(), String> {
    require(
        release.criteria.iter().any(|c| &c.id == id),
        "no such criterion",
    )?;
    plan_edit(release)?;
    release.criteria.retain(|c| &c.id != id);
    Ok(())
}
