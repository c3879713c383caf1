//! Deployment waves: a target group in one environment, a window, the order in which
//! components deploy, readiness, verification, remediation and back-out.

use super::ids::{CiId, EnvironmentId, ItemId};
use super::release::Stamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A span of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Window {
    /// Starts.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub start: DateTime<Utc>,
    /// Ends (exclusive).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub end: DateTime<Utc>,
}

impl Window {
    /// Whether two windows share any instant.
    pub fn overlaps(&self, other: &Window) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a wave stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaveStatus {
    /// Scheduled.
    #[default]
    Planned,
    /// The target group confirmed it is ready.
    Ready,
    /// Deploying.
    InProgress,
    /// Deployed and verified working for its users.
    Verified,
    /// Verification failed: remediate or back out.
    Failed,
    /// Undone by the back-out plan.
    BackedOut,
}

impl WaveStatus {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            WaveStatus::Planned => "planned",
            WaveStatus::Ready => "ready",
            WaveStatus::InProgress => "in progress",
            WaveStatus::Verified => "verified",
            WaveStatus::Failed => "failed verification",
            WaveStatus::BackedOut => "backed out",
        }
    }
}

/// The fields of a wave a release manager plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WavePlan {
    /// Name, e.g. "Wave 1: Nordic stores".
    pub name: String,
    /// The target environment.
    pub environment: EnvironmentId,
    /// The users, sites or customers in this wave.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_group: String,
    /// The deployment window.
    pub window: Window,
    /// The order in which the package's items deploy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<CiId>,
}

/// One verification of a wave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Working for its users?
    pub passed: bool,
    /// What was checked and seen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Who verified, when.
    pub stamp: Stamp,
}

/// A deployment wave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wave {
    /// Id (the adding event's).
    pub id: ItemId,
    /// What was planned.
    pub plan: WavePlan,
    /// Where it stands.
    pub status: WaveStatus,
    /// Readiness of the target group, confirmed.
    pub readiness: Option<Stamp>,
    /// When deployment began.
    pub started: Option<Stamp>,
    /// Verifications, oldest first.
    pub verifications: Vec<Verification>,
    /// Remediation attempts after a failed verification.
    pub remediations: Vec<(Stamp, String)>,
}
