//! Back-out: the plan that undoes a deployment (required before any wave starts),
//! backing out, and re-planning a backed-out release for a new cycle of gates.

use super::{in_status, text, At, Effect, Release, Status, WaveStatus};
use crate::domain::change::ReleaseChange;
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::permissions::{Rule, DEPLOYERS, MANAGERS};

/// Writing the back-out plan: until early life support ends.
pub(crate) const WRITE: Rule = Rule {
    roles: MANAGERS,
    allowed: &[
        Status::Draft,
        Status::Planning,
        Status::BuildAndTest,
        Status::Deployment,
        Status::EarlyLifeSupport,
    ],
    action: "write the back-out plan",
};

/// Executing the back-out plan.
pub(crate) const BACK_OUT: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::Deployment, Status::EarlyLifeSupport],
    action: "back out a deployment",
};

/// Re-planning a backed-out release.
pub(crate) const REPLAN: Rule = Rule {
    roles: MANAGERS,
    allowed: &[Status::BackedOut],
    action: "re-plan a release",
};

/// Decide [`ReleaseChange::SetBackoutPlan`].
pub(crate) fn decide_plan(plan: String) -> Result<ReleaseChange, LifecycleError> {
    text("backout_plan", &plan, "how the deployment is undone")?;
    Ok(ReleaseChange::SetBackoutPlan(plan))
}

/// Decide [`ReleaseChange::BackOut`].
pub(crate) fn decide_back_out(reason: String) -> Result<ReleaseChange, LifecycleError> {
    text("reason", &reason, "why the deployment is backed out")?;
    Ok(ReleaseChange::BackOut { reason })
}

/// Decide [`ReleaseChange::Replan`].
pub(crate) fn decide_replan(reason: String) -> Result<ReleaseChange, LifecycleError> {
    text("reason", &reason, "what changes in the new plan")?;
    Ok(ReleaseChange::Replan { reason })
}

/// Apply [`ReleaseChange::SetBackoutPlan`].
pub(crate) fn apply_plan(release: &mut Release, plan: &str) -> Result<(), String> {
    in_status(release, WRITE.allowed, "change the back-out plan")?;
    release.backout_plan = plan.to_owned();
    Ok(())
}

/// Apply [`ReleaseChange::BackOut`]: every wave deployed or deploying is undone.
pub(crate) fn apply_back_out(
    release: &mut Release,
    reason: &str,
    at: &At,
) -> Result<Effect, String> {
    in_status(release, BACK_OUT.allowed, "back out")?;
    for wave in &mut release.waves {
        if matches!(
            wave.status,
            WaveStatus::InProgress | WaveStatus::Verified | WaveStatus::Failed
        ) {
            wave.status = WaveStatus::BackedOut;
        }
    }
    release.status = Status::BackedOut;
    release.last_setback = Some((at.stamp(), format!("backed out: {reason}")));
    Ok(Effect::BackedOut)
}

/// Apply [`ReleaseChange::Replan`]: a new cycle, every wave planned again.
pub(crate) fn apply_replan(release: &mut Release) -> Result<(), String> {
    in_status(release, REPLAN.allowed, "re-plan")?;
    release.cycle += 1;
    release.status = Status::Planning;
    for wave in &mut release.waves {
        wave.status = WaveStatus::Planned;
        wave.readiness = None;
        wave.started = None;
    }
    Ok(())
}

/// What deployment needs from back-out: a back-out plan.
pub(crate) fn deployment_needs(release: &Release, missing: &mut Vec<Missing>) {
    if release.backout_plan.trim().is_empty() {
        missing.push(Missing::new(Section::Backout, "a back-out plan"));
    }
}
