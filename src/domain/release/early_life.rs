//! Early life support: the formal "service live" notification once every wave is
//! deployed and verified, and "fully operational, SLAs enforced" when support ends.

use super::{in_status, require, At, Release, Status, WaveStatus};
use crate::domain::error::{Missing, Section};
use crate::domain::gates::Checklist;
use crate::domain::permissions::{Rule, DEPLOYERS};

/// "Service live": only while deploying.
pub(crate) const SERVICE_LIVE: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::Deployment],
    action: "send the operational notifications",
};

/// "Fully operational": only in early life support.
pub(crate) const FULLY_OPERATIONAL: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::EarlyLifeSupport],
    action: "send the operational notifications",
};

/// The checklist of "service live": every wave deployed and verified.
pub(crate) fn service_live(release: &Release) -> Checklist {
    let pending: Vec<Missing> = release
        .waves
        .iter()
        .filter(|w| w.status != WaveStatus::Verified)
        .map(|w| {
            Missing::new(
                Section::Waves,
                format!(
                    "wave “{}” deployed and verified ({} now)",
                    w.plan.name,
                    w.status.label()
                ),
            )
        })
        .collect();
    Checklist {
        step: "Service live (early life support)".into(),
        gate: None,
        missing: pending,
    }
}

/// Apply [`ReleaseChange::DeclareServiceLive`](crate::domain::ReleaseChange::DeclareServiceLive).
pub(crate) fn apply_service_live(release: &mut Release, at: &At) -> Result<(), String> {
    in_status(release, SERVICE_LIVE.allowed, "declare the service live")?;
    require(
        !release.waves.is_empty()
            && release
                .waves
                .iter()
                .all(|w| w.status == WaveStatus::Verified),
        "every wave must be deployed and verified first",
    )?;
    release.status = Status::EarlyLifeSupport;
    release.service_live = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::DeclareFullyOperational`](crate::domain::ReleaseChange::DeclareFullyOperational).
pub(crate) fn apply_fully_operational(release: &mut Release, at: &At) -> Result<(), String> {
    in_status(
        release,
        FULLY_OPERATIONAL.allowed,
        "declare the service fully operational",
    )?;
    release.status = Status::Review;
    release.fully_operational = Some(at.stamp());
    Ok(())
}
