//! The records kept inside a release: authorizations, builds, documents, pass/fail criteria
//! and test runs, and the registers (risks, deviations and issues, known errors,
//! communications, knowledge transfer and training).

use super::ids::ItemId;
use super::release::{Gate, Stamp};
use serde::{Deserialize, Serialize};

/// Change management let a release through a gate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    /// The gate.
    pub gate: Gate,
    /// The plan cycle it counts for.
    pub cycle: u32,
    /// Given by the emergency CAB, with approval chains waived.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emergency: bool,
    /// The CAB's note or reference.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Who authorized, when.
    pub stamp: Stamp,
}

/// A record of one build, precise enough to repeat it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildRecord {
    /// Id (the recording event's).
    #[serde(default)]
    pub id: ItemId,
    /// What was built, e.g. "payments-api 4.3.0 container image".
    pub name: String,
    /// Inputs with their versions: source revisions, base images, libraries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// The steps taken, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Checksums of what was produced, e.g. "sha256:…".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checksums: Vec<String>,
    /// Where the produced package is kept (definitive media library).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
}

/// A document produced for the release: build instructions, runbook, user guide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Id (the recording event's).
    #[serde(default)]
    pub id: ItemId,
    /// Title.
    pub title: String,
    /// Where it is kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
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
}

/// The kind of a test run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// Testing an input configuration item.
    InputCi,
    /// Testing the assembled release package.
    #[default]
    Package,
    /// Practising the deployment shortly before it happens.
    Rehearsal,
    /// The release tried on a small group first.
    Pilot,
}

impl TestKind {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TestKind::InputCi => "input CI test",
            TestKind::Package => "package test",
            TestKind::Rehearsal => "rehearsal",
            TestKind::Pilot => "pilot",
        }
    }
}

/// The outcome of one criterion in one test run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    /// The criterion judged.
    pub criterion: ItemId,
    /// Met or not.
    pub passed: bool,
    /// Evidence or measurement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A test run, rehearsal or pilot with its results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRun {
    /// Id (the recording event's).
    #[serde(default)]
    pub id: ItemId,
    /// What kind of run.
    #[serde(default)]
    pub kind: TestKind,
    /// Name, e.g. "Regression suite 14".
    pub name: String,
    /// Results per criterion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<CriterionResult>,
    /// Observations.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The plan cycle it counts for (set when recorded).
    #[serde(default)]
    pub cycle: u32,
}

impl TestRun {
    /// Every result passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.passed)
    }
}

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

/// Knowledge transfer or training.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnowledgeKind {
    /// Handing knowledge to support and operations.
    #[default]
    Transfer,
    /// Training staff or users.
    Training,
}

/// A knowledge transfer or training item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeItem {
    /// Id (the adding event's).
    #[serde(default)]
    pub id: ItemId,
    /// Transfer or training.
    #[serde(default)]
    pub kind: KnowledgeKind,
    /// The topic.
    pub topic: String,
    /// Who receives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// When it was delivered, by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Stamp>,
}
