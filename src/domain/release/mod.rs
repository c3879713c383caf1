//! A release (release package) and everything recorded about it across its four phases.
//!
//! This file holds the aggregate: [`Release`], its [`Status`] and [`Phase`] and the
//! [`Gate`]s it passes; `common` holds what the concept files share. Each ITIL concept has
//! its own file here, owning its types, the decide and apply of its changes, the rule
//! (roles, statuses, name) of each change, its words and its items in gate checklists:
//!
//! - `package`: details, approach, the configuration item changes, cancellation;
//! - `plan`: the written plan, the pilot and the pass/fail criteria;
//! - `approvals`: approval chains and rounds, change management's authorizations;
//! - `build_test`: builds, documents and test runs;
//! - `milestones`: the dated build and test schedule;
//! - `waves`: deployment waves, their windows, readiness, deployment and verification;
//! - `backout`: the back-out plan, backing out and re-planning;
//! - `early_life`: the "service live" and "fully operational" notifications;
//! - `registers`: risks, deviations and issues, known errors, communications;
//! - `review`: feedback, evaluations, confirmations and the post-implementation review;
//! - `handover`: knowledge transfer and training, and operations' acceptance;
//! - `acceptance`: utility and warranty, the service acceptance criteria at handover.
//! - `comments`: comments on the release and its sections, and their @mentions.
//! - `runbook/`: the deployment runbook, its runs, forecast, CSV and learned durations.

mod common;

pub(crate) mod acceptance;
pub(crate) mod approvals;
pub(crate) mod backout;
pub(crate) mod build_test;
pub(crate) mod comments;
pub(crate) mod early_life;
pub(crate) mod handover;
pub(crate) mod milestones;
pub(crate) mod package;
pub(crate) mod plan;
pub(crate) mod registers;
pub(crate) mod review;
pub mod runbook;
pub(crate) mod waves;

pub mod sections;

pub(crate) use common::{approver_text, find, in_status, require, text, Ask, At, Effect};
pub use common::{EDITABLE, OPEN};

pub use acceptance::{Acceptance, Judged, ServiceAcceptance, ACCEPTANCE_HELP};
pub use approvals::{ApprovalRound, Authorization, Decision, RoundOutcome};
pub use build_test::{BuildRecord, CriterionResult, DocumentRecord, TestKind, TestRun};
pub use comments::{Comment, OpenMention, Part};
pub use handover::{KnowledgeItem, KnowledgeKind};
pub use milestones::{milestones_between, Dated, Milestone, MilestoneKind};
pub use package::{Approach, Automation, CiAction, CiChange, Delivery, ReleaseDetails, Rollout};
pub use plan::{Criterion, Openness, Pilot, PlanText, Stage};
pub use registers::{Communication, EntryStatus, Issue, IssueKind, KnownError, Risk, Severity};
pub use review::{Evaluation, Feedback, Pir, PirOutcome, Review, ReviewCheck};
pub use runbook::{Run, RunKind, Runbook, Step, Task};
pub use waves::{start_barred, Override, Verification, Wave, WavePlan, WaveStatus, Window};

use super::ids::{EnvironmentId, PersonId, ReleaseId, ServiceId};
use super::policy::{Approver, GateKind};
use super::version::{Category, Version};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who did something, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The acting person.
    pub by: PersonId,
    /// When it happened (milliseconds since 1970 in JSON).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
}

/// Where a release stands. The four ITIL phases are [`Phase`]; a status is finer.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proposed; change management has not yet authorized planning.
    #[default]
    Draft,
    /// Phase 1: the release and deployment plan is being written and approved.
    Planning,
    /// Phase 2: the package is built and tested.
    BuildAndTest,
    /// Phase 3: deploying to the authorized environments.
    Deployment,
    /// Phase 3, after the "service live" notification: early life support.
    EarlyLifeSupport,
    /// Phase 4, after the "fully operational, SLAs enforced" notification.
    Review,
    /// Operations accepted the handover and the release is closed. Final.
    Closed,
    /// Stopped before deployment, with a reason. Final.
    Cancelled,
    /// The deployment was backed out; the release can be re-planned.
    BackedOut,
}

impl Status {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Planning => "planning",
            Status::BuildAndTest => "build and test",
            Status::Deployment => "deployment",
            Status::EarlyLifeSupport => "early life support",
            Status::Review => "review",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
            Status::BackedOut => "backed out",
        }
    }

    /// The status as the end of "the release is …": "in planning", "deploying", "closed".
    pub fn phrase(self) -> &'static str {
        match self {
            Status::Draft => "a draft",
            Status::Planning => "in planning",
            Status::BuildAndTest => "in build and test",
            Status::Deployment => "deploying",
            Status::EarlyLifeSupport => "in early life support",
            Status::Review => "in review",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
            Status::BackedOut => "backed out",
        }
    }

    /// The ITIL phase this status belongs to, if the release is in one.
    pub fn phase(self) -> Option<Phase> {
        match self {
            Status::Planning => Some(Phase::Planning),
            Status::BuildAndTest => Some(Phase::BuildAndTest),
            Status::Deployment | Status::EarlyLifeSupport => Some(Phase::Deployment),
            Status::Review => Some(Phase::ReviewAndClose),
            Status::Draft | Status::Closed | Status::Cancelled | Status::BackedOut => None,
        }
    }

    /// Closed or cancelled: nothing more may change.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// Every status, in lifecycle order.
    pub const ALL: [Status; 9] = [
        Status::Draft,
        Status::Planning,
        Status::BuildAndTest,
        Status::Deployment,
        Status::EarlyLifeSupport,
        Status::Review,
        Status::Closed,
        Status::Cancelled,
        Status::BackedOut,
    ];

    /// The statuses the release page's stepper shows, in order.
    pub const STEPS: [Status; 5] = [
        Status::Planning,
        Status::BuildAndTest,
        Status::Deployment,
        Status::EarlyLifeSupport,
        Status::Review,
    ];

    /// The status as a step of the stepper, capitalised: "Review and close".
    pub fn step_label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Planning => "Planning",
            Status::BuildAndTest => "Build and test",
            Status::Deployment => "Deployment",
            Status::EarlyLifeSupport => "Early life support",
            Status::Review => "Review and close",
            Status::Closed => "Closed",
            Status::Cancelled => "Cancelled",
            Status::BackedOut => "Backed out",
        }
    }
}

/// The four phases of release and deployment management.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Release and deployment planning.
    Planning,
    /// Release build and test.
    BuildAndTest,
    /// Deployment, through early life support.
    Deployment,
    /// Review and close.
    ReviewAndClose,
}

impl Phase {
    /// Every phase, in lifecycle order.
    pub const ALL: [Phase; 4] = [
        Phase::Planning,
        Phase::BuildAndTest,
        Phase::Deployment,
        Phase::ReviewAndClose,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Planning => "planning",
            Phase::BuildAndTest => "build and test",
            Phase::Deployment => "deployment",
            Phase::ReviewAndClose => "review and close",
        }
    }
}

/// A gate a release passes; deployment is authorized per target environment.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// Planning may begin.
    Planning,
    /// Build and test may begin.
    Build,
    /// Deployment to this environment may begin.
    Deployment(EnvironmentId),
    /// The release may close.
    Close,
}

impl Gate {
    /// The kind of gate, which the policy's approval chains are keyed by.
    pub fn kind(&self) -> GateKind {
        match self {
            Gate::Planning => GateKind::Planning,
            Gate::Build => GateKind::Build,
            Gate::Deployment(_) => GateKind::Deployment,
            Gate::Close => GateKind::Close,
        }
    }
}

/// A release package and its whole life. Snapshots leave out what is empty or not yet
/// recorded, which keeps a large book's snapshot small and quick to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Id (that of the event that created it).
    pub id: ReleaseId,
    /// The service changed.
    pub service: ServiceId,
    /// Major, minor or emergency.
    pub category: Category,
    /// The release number, as the policy requires.
    pub version: Version,
    /// Name, RFCs, owner, audience, stakeholders, approach, dependencies.
    pub details: ReleaseDetails,
    /// The configuration item changes the package carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub package: Vec<CiChange>,
    /// Where it stands.
    pub status: Status,
    /// Re-planning after a back-out starts a new cycle; gates are passed per cycle.
    pub cycle: u32,
    /// Who created it, when.
    pub created: Stamp,
    /// The written plan.
    #[serde(default, skip_serializing_if = "PlanText::is_blank")]
    pub plan: PlanText,
    /// 5. The chain of approval for every gate.
    pub approval_chains: BTreeMap<GateKind, Vec<Approver>>,
    /// Pass/fail criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    /// Every approval round, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<ApprovalRound>,
    /// Every authorization by change management, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorizations: Vec<Authorization>,
    /// Build records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds: Vec<BuildRecord>,
    /// Documentation produced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentRecord>,
    /// Test runs, rehearsals and pilots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_runs: Vec<TestRun>,
    /// Deployment waves (one for a big bang per environment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waves: Vec<Wave>,
    /// How to undo the deployment; required before deployment starts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub backout_plan: String,
    /// The reason of the most recent rejection or back-out, shown while editing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_setback: Option<(Stamp, String)>,
    /// "Service live": early life support began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_live: Option<Stamp>,
    /// "Fully operational, SLAs enforced".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_operational: Option<Stamp>,
    /// Review and close records.
    #[serde(default, skip_serializing_if = "Review::is_blank")]
    pub review: Review,
    /// Risk register.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Deviations and issues, with corrective actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// Known errors with workarounds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_errors: Vec<KnownError>,
    /// Stakeholder communications sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communications: Vec<Communication>,
    /// Knowledge transfer and training items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knowledge: Vec<KnowledgeItem>,
    /// The dated build and test schedule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The deployment runbook.
    #[serde(default, skip_serializing_if = "Runbook::is_blank")]
    pub runbook: Runbook,
    /// Its runs (rehearsals and the live run), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<Run>,
    /// Comments on the release and its sections, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Why and when it was cancelled or closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<(Stamp, String)>,
    /// How many events of the log had been folded when this release last changed: its
    /// last event is number `last_change` of the log (1-based).
    pub last_change: u64,
}

impl Release {
    /// The display name with its number: "Payments v2.0".
    pub fn title(&self) -> String {
        format!("{} v{}", self.details.name, self.version)
    }
}
