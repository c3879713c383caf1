//! A release (release package) and everything recorded about it across its four phases.

use super::ids::{CiId, EnvironmentId, ItemId, PersonId, ReleaseId, ServiceId};
use super::policy::{Approver, GateKind};
use super::records::{
    Authorization, BuildRecord, Communication, Criterion, DocumentRecord, Issue, KnowledgeItem,
    KnownError, Risk, TestRun,
};
use super::review::Review;
use super::version::{Category, Version};
use super::wave::Wave;
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

/// Big bang (everyone at once) or phased (waves of target groups).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rollout {
    /// Deployed to all users at once.
    #[default]
    BigBang,
    /// Deployed to a subset first, then to more users in scheduled waves.
    Phased,
}

/// Pushed from a central place to each user, or pulled by users from a central place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Sent out from a central location to every user.
    #[default]
    Push,
    /// Placed centrally; users download it when they choose.
    Pull,
}

/// Deployed by installation tooling, or by hand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automation {
    /// By installation software.
    #[default]
    Automatic,
    /// By people following a procedure.
    Manual,
}

/// How a release reaches its users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Approach {
    /// Big bang or phased.
    pub rollout: Rollout,
    /// Push or pull.
    pub delivery: Delivery,
    /// Automatic or manual.
    pub automation: Automation,
}

/// What a release package does to one configuration item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiAction {
    /// A new item, at this version.
    Add {
        /// Version introduced.
        version: String,
    },
    /// An existing item moves from one version to another.
    Upgrade {
        /// Version before.
        from: String,
        /// Version after.
        to: String,
    },
    /// The item is taken out of service.
    Retire,
}

/// One configuration item change carried by a release package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiChange {
    /// The item.
    pub ci: CiId,
    /// What happens to it.
    pub action: CiAction,
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

/// The basics of a release that can be edited until build starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDetails {
    /// A short name, e.g. "Payments autumn release".
    pub name: String,
    /// The change requests (RFC references) that authorize the release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rfcs: Vec<String>,
    /// 6. Ownership: the team ultimately responsible.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_team: String,
    /// 4. The audience: users, customers, organizations affected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// Affected stakeholders to keep informed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<String>,
    /// Big bang or phased, push or pull, automatic or manual.
    #[serde(default)]
    pub approach: Approach,
    /// Releases that must be deployed before this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ReleaseId>,
}

/// A decision in an approval round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Approved (true) or rejected.
    pub approve: bool,
    /// Why, in the approver's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// Who decided, when.
    pub stamp: Stamp,
}

/// Where an approval round stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundOutcome {
    /// Waiting for the next approver in the chain.
    Pending,
    /// Everyone in the chain approved.
    Approved,
    /// Someone rejected; the release went back to editing.
    Rejected,
    /// The plan changed after approval, so the approval no longer counts.
    Withdrawn,
}

/// One pass of a release through a gate's approval chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRound {
    /// The gate approved.
    pub gate: Gate,
    /// The plan cycle (a re-planned release starts a new cycle).
    pub cycle: u32,
    /// The ordered chain, copied from the release when the round was requested.
    pub chain: Vec<Approver>,
    /// Decisions in chain order.
    pub decisions: Vec<Decision>,
    /// Where it stands.
    pub outcome: RoundOutcome,
    /// Who asked for approval, when.
    pub requested: Stamp,
}

impl ApprovalRound {
    /// The approver whose decision is awaited, if the round is pending.
    pub fn next(&self) -> Option<&Approver> {
        match self.outcome {
            RoundOutcome::Pending => self.chain.get(self.decisions.len()),
            _ => None,
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

    /// The current round for `gate` in this cycle, if one was requested.
    pub fn round(&self, gate: &Gate) -> Option<&ApprovalRound> {
        self.rounds
            .iter()
            .rev()
            .find(|r| &r.gate == gate && r.cycle == self.cycle)
    }

    /// Whether change management authorized `gate` in this cycle.
    pub fn is_authorized(&self, gate: &Gate) -> bool {
        self.authorizations
            .iter()
            .any(|a| &a.gate == gate && a.cycle == self.cycle)
    }

    /// The wave with this id.
    pub fn wave(&self, id: &ItemId) -> Option<&Wave> {
        self.waves.iter().find(|w| &w.id == id)
    }

    /// A criterion is met when its latest recorded result passed.
    pub fn criterion_met(&self, id: &ItemId) -> Option<bool> {
        self.test_runs
            .iter()
            .rev()
            .filter(|run| run.cycle == self.cycle)
            .find_map(|run| run.results.iter().find(|r| &r.criterion == id))
            .map(|r| r.passed)
    }

    /// Whether an approved deviation waives criterion `id`.
    pub fn criterion_waived(&self, id: &ItemId) -> bool {
        self.issues
            .iter()
            .any(|i| i.waives.as_ref() == Some(id) && i.approved.is_some())
    }
}
