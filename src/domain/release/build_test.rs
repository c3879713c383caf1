//! Release build and test: the build records (precise enough to repeat a build), the
//! documents produced, and the test runs, rehearsals and pilots with their results
//! against the plan's pass/fail criteria.

use super::{in_status, require, text, At, Release, Status, OPEN};
use crate::domain::change::ReleaseChange;
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::ids::ItemId;
use crate::domain::permissions::{Rule, MANAGERS, TESTERS};
use serde::{Deserialize, Serialize};

/// Recording a build: only while building and testing.
pub(crate) const BUILD: Rule = Rule {
    roles: MANAGERS,
    allowed: &[Status::BuildAndTest],
    action: "record builds and documents",
};

/// Recording a document: at any time until the release ends.
pub(crate) const DOCUMENT: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "record builds and documents",
};

/// Recording a test run, rehearsal or pilot.
pub(crate) const TEST_RUN: Rule = Rule {
    roles: TESTERS,
    allowed: &[Status::BuildAndTest, Status::Deployment],
    action: "record test runs",
};

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
    /// Every kind, in the order a form offers them.
    pub const ALL: [TestKind; 4] = [
        TestKind::InputCi,
        TestKind::Package,
        TestKind::Rehearsal,
        TestKind::Pilot,
    ];

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

impl Release {
    /// A criterion is met when its latest recorded result passed.
    pub fn criterion_met(&self, id: &ItemId) -> Option<bool> {
        self.test_runs
            .iter()
            .rev()
            .filter(|run| run.cycle == self.cycle)
            .find_map(|run| run.results.iter().find(|r| &r.criterion == id))
            .map(|r| r.passed)
    }
}

/// Decide [`ReleaseChange::RecordBuild`].
pub(crate) fn decide_build(build: BuildRecord) -> Result<ReleaseChange, LifecycleError> {
    text("name", &build.name, "what was built")?;
    Ok(ReleaseChange::RecordBuild(build))
}

/// Decide [`ReleaseChange::RecordDocument`].
pub(crate) fn decide_document(document: DocumentRecord) -> Result<ReleaseChange, LifecycleError> {
    text("title", &document.title, "the document's title")?;
    Ok(ReleaseChange::RecordDocument(document))
}

/// Decide [`ReleaseChange::RecordTestRun`].
pub(crate) fn decide_test_run(run: TestRun) -> Result<ReleaseChange, LifecycleError> {
    text("name", &run.name, "a name for the test run")?;
    Ok(ReleaseChange::RecordTestRun(run))
}

/// Apply [`ReleaseChange::RecordBuild`].
pub(crate) fn apply_build(
    release: &mut Release,
    build: &BuildRecord,
    at: &At,
) -> Result<(), String> {
    in_status(release, BUILD.allowed, "record a build")?;
    release.builds.push(BuildRecord {
        id: at.new_id(),
        ..build.clone()
    });
    Ok(())
}

/// Apply [`ReleaseChange::RecordDocument`].
pub(crate) fn apply_document(
    release: &mut Release,
    document: &DocumentRecord,
    at: &At,
) -> Result<(), String> {
    in_status(release, DOCUMENT.allowed, "record a document")?;
    release.documents.push(DocumentRecord {
        id: at.new_id(),
        ..document.clone()
    });
    Ok(())
}

/// Apply [`ReleaseChange::RecordTestRun`]: every result names a criterion of the plan.
pub(crate) fn apply_test_run(release: &mut Release, run: &TestRun, at: &At) -> Result<(), String> {
    in_status(release, TEST_RUN.allowed, "record a test run")?;
    for result in &run.results {
        require(
            release.criteria.iter().any(|c| c.id == result.criterion),
            "a result names a criterion the plan does not have",
        )?;
    }
    release.test_runs.push(TestRun {
        id: at.new_id(),
        cycle: release.cycle,
        ..run.clone()
    });
    Ok(())
}

/// What deployment needs from build and test: a build record, every criterion judged
/// before deployment met (or waived), and a successful pilot when the plan has one.
pub(crate) fn deployment_needs(release: &Release, missing: &mut Vec<Missing>) {
    if release.builds.is_empty() {
        missing.push(Missing::new(Section::Builds, "a build record"));
    }
    let unmet: Vec<&str> = release
        .criteria
        .iter()
        .filter(|c| c.stage.before_deployment())
        .filter(|c| release.criterion_met(&c.id) != Some(true) && !release.criterion_waived(&c.id))
        .map(|c| c.text.as_str())
        .collect();
    if !unmet.is_empty() {
        let total = release
            .criteria
            .iter()
            .filter(|c| c.stage.before_deployment())
            .count();
        missing.push(Missing::new(
            Section::Tests,
            format!(
                "{} of {total} pass/fail criteria are not met: {}",
                unmet.len(),
                unmet.join(", ")
            ),
        ));
    }
    if release.plan.pilot.is_some() {
        let pilot = release
            .test_runs
            .iter()
            .rev()
            .find(|r| r.kind == TestKind::Pilot && r.cycle == release.cycle);
        if !pilot.is_some_and(|p| p.passed()) {
            missing.push(Missing::new(
                Section::Tests,
                "a successful pilot (the plan includes one)",
            ));
        }
    }
}
