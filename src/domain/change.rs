//! Changes to a book. A person asks for a [`Change`] (the command); once [`decide`] accepts
//! it, the same change, with ids filled in, is what the [`Event`] records.
//!
//! Keeping one vocabulary for both halves means the audit trail reads exactly as people
//! asked, and the JSON of an event is the JSON of the command that caused it.
//!
//! [`decide`]: super::decide
//! [`Event`]: super::Event

use super::catalogue::{ConfigurationItem, Environment, Person, Service};
use super::error::Section;
use super::ids::TaskId;
use super::ids::{CiId, EnvironmentId, EventId, ItemId, PersonId, ReleaseId, ServiceId};
use super::permissions::Rule;
use super::policy::{Approver, GateKind, ReleasePolicy};
use super::release::{
    approvals, backout, build_test, comments, early_life, handover, milestones, package, plan,
    registers, review, runbook, waves, Status,
};
use super::release::{
    Acceptance, BuildRecord, CiChange, Communication, DocumentRecord, Gate, Issue, KnowledgeItem,
    KnownError, Milestone, PirOutcome, PlanText, ReleaseDetails, ReviewCheck, Risk, Stage, TestRun,
    WavePlan,
};
use super::release::{RunKind, Runbook, Step, Task};
use super::trust::{Enrolment, KeyId};
use super::version::{Category, Version};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the caller supplies with every command: the time, the acting person and a fresh,
/// globally unique id for the first event (later events of the same command get `id.1`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Now, as the caller's clock says.
    pub now: DateTime<Utc>,
    /// Who acts.
    pub actor: PersonId,
    /// A fresh, unique event id.
    pub id: EventId,
    /// The key this device signs with for the actor, named in every event it makes (the edge
    /// signs them once they have their place in the log).
    pub key: Option<KeyId>,
}

/// A new release as the wizard submits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRelease {
    /// The service changed.
    pub service: ServiceId,
    /// Major, minor or emergency.
    pub category: Category,
    /// The number; must be the one the policy gives next for the category.
    pub version: Version,
    /// Name, RFCs, ownership, audience, approach, dependencies.
    pub details: ReleaseDetails,
    /// The configuration item changes carried.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub package: Vec<CiChange>,
}

/// A change to the book: the command a person gives and, once accepted, the event recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Add a person or change their name and roles.
    Person(Person),
    /// Add a service or edit it.
    Service(Service),
    /// Add an environment or edit it.
    Environment(Environment),
    /// Add a configuration item or edit it.
    Ci(ConfigurationItem),
    /// Retire a service (no active releases may remain).
    RetireService(ServiceId),
    /// Retire an environment (no active release may still plan to deploy there).
    RetireEnvironment(EnvironmentId),
    /// Retire a configuration item (no active release package may carry it).
    RetireCi(CiId),
    /// Set a service's release policy.
    Policy(ReleasePolicy),
    /// Create a release in draft; its id is the event's.
    CreateRelease(Box<NewRelease>),
    /// Change one release.
    Release {
        /// Which release.
        id: ReleaseId,
        /// What changes.
        change: ReleaseChange,
    },
    /// Enrol a device key for a person (a keeper; or the founder, for their own key).
    Enrol(Box<Enrolment>),
    /// Revoke a device key (a keeper): its later changes no longer count.
    Revoke {
        /// The key.
        key: KeyId,
        /// Why ("laptop lost").
        reason: String,
    },
    /// Acknowledge a conflict the merge of two logs reported, saying how it was settled.
    ResolveConflict {
        /// The event in conflict.
        event: EventId,
        /// How it was settled.
        note: String,
    },
}

/// A change to one release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseChange {
    /// Edit name, RFCs, ownership, audience, stakeholders, approach, dependencies.
    EditDetails(ReleaseDetails),
    /// Replace the list of configuration item changes.
    SetPackage(Vec<CiChange>),
    /// Edit the written plan.
    EditPlan(PlanText),
    /// Set the approval chain for a gate.
    SetApprovalChain {
        /// The gate.
        gate: GateKind,
        /// Approvers in order.
        chain: Vec<Approver>,
    },
    /// Add a pass/fail criterion.
    AddCriterion {
        /// Id, filled in by the domain.
        #[serde(default)]
        id: ItemId,
        /// What must be true.
        text: String,
        /// When it is judged.
        stage: Stage,
        /// Utility or warranty, when it proves one (absent in older books).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        acceptance: Option<Acceptance>,
    },
    /// Remove a pass/fail criterion.
    RemoveCriterion(ItemId),
    /// Plan a deployment wave.
    AddWave {
        /// Id, filled in by the domain.
        #[serde(default)]
        id: ItemId,
        /// The wave.
        plan: WavePlan,
    },
    /// Change a planned wave (target, window, order of components).
    EditWave {
        /// The wave.
        id: ItemId,
        /// Its new plan.
        plan: WavePlan,
    },
    /// Drop a planned wave.
    RemoveWave(ItemId),
    /// Write the back-out plan.
    SetBackoutPlan(String),
    /// Ask the gate's approval chain to decide.
    RequestApproval(Gate),
    /// Approve or reject as the next approver in the chain.
    DecideApproval {
        /// The gate.
        gate: Gate,
        /// Approve (true) or reject.
        approve: bool,
        /// Why.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
    },
    /// Change management authorizes gates. Normally one; an emergency CAB may authorize
    /// several at once for an emergency release, and each is recorded as its own event.
    /// Authorizing [`Gate::Close`] closes the release.
    Authorize {
        /// The gates, in order.
        gates: Vec<Gate>,
        /// Authorized by the emergency CAB, approval chains waived.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        emergency: bool,
        /// The CAB's note.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// Record a build.
    RecordBuild(BuildRecord),
    /// Record documentation produced.
    RecordDocument(DocumentRecord),
    /// Record a test run, rehearsal or pilot.
    RecordTestRun(TestRun),
    /// Add a risk to the register.
    RaiseRisk(Risk),
    /// Update a risk (by its id).
    UpdateRisk(Risk),
    /// Add a deviation or issue.
    RaiseIssue(Issue),
    /// Update a deviation or issue (by its id); approval is separate.
    UpdateIssue(Issue),
    /// Approve a deviation, which then waives its criterion.
    ApproveDeviation(ItemId),
    /// Record a known error.
    RecordKnownError(KnownError),
    /// Update a known error (by its id).
    UpdateKnownError(KnownError),
    /// Record a stakeholder communication.
    RecordCommunication(Communication),
    /// Add a knowledge transfer or training item.
    AddKnowledgeItem(KnowledgeItem),
    /// Mark a knowledge transfer or training item delivered.
    CompleteKnowledgeItem(ItemId),
    /// The target group of a wave confirmed it is ready.
    ConfirmReadiness(ItemId),
    /// Start deploying a wave.
    StartWave(ItemId),
    /// Change management's emergency override: the wave may start outside its window or
    /// inside a freeze.
    OverrideWindow {
        /// The wave.
        wave: ItemId,
        /// Why it cannot wait, e.g. the incident.
        reason: String,
    },
    /// Record whether a deployed wave works for its users.
    VerifyWave {
        /// The wave.
        wave: ItemId,
        /// Working?
        passed: bool,
        /// What was checked.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        notes: String,
    },
    /// Record a remediation of a failed wave; it is then verified again.
    RemediateWave {
        /// The wave.
        wave: ItemId,
        /// What was done.
        notes: String,
    },
    /// Execute the back-out plan: the deployment is undone.
    BackOut {
        /// Why.
        reason: String,
    },
    /// Re-plan a backed-out release; every gate must be passed again.
    Replan {
        /// What changes this time.
        reason: String,
    },
    /// Formal notification: the service is live; early life support begins.
    DeclareServiceLive,
    /// Formal notification: fully operational, SLAs enforced.
    DeclareFullyOperational,
    /// Record feedback.
    RecordFeedback {
        /// Who gave it.
        from: String,
        /// What they said.
        text: String,
    },
    /// Record an evaluation against a performance goal.
    RecordEvaluation {
        /// The goal.
        goal: String,
        /// Expected.
        target: String,
        /// Measured.
        actual: String,
        /// Met?
        met: bool,
    },
    /// Confirm one of the review's checks.
    Confirm(ReviewCheck),
    /// Change management's post-implementation review.
    RecordPir {
        /// Verdict.
        outcome: PirOutcome,
        /// Findings.
        summary: String,
    },
    /// Operations formally accepts the handover.
    AcceptHandover {
        /// Conditions or remarks.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// Cancel the release before deployment.
    Cancel {
        /// Why.
        reason: String,
    },
    /// Plan a milestone of the build and test schedule, or change one (same id).
    SetMilestone(Milestone),
    /// Take a milestone out of the schedule.
    RemoveMilestone(ItemId),
    /// Replace the whole runbook (the editor's save, a CSV import, a template); the
    /// domain sets its revision.
    SetRunbook(Runbook),
    /// Add a task to the runbook, or change the task with its id.
    SetTask(Task),
    /// Take a task out of the runbook.
    RemoveTask(TaskId),
    /// Start a run of the runbook's current revision; the run's id is the event's.
    StartRun(RunKind),
    /// Start, finish, skip or fail a task of a run, at the event's time.
    MarkTask {
        /// The run.
        run: ItemId,
        /// The task.
        task: TaskId,
        /// What happens to it.
        step: Step,
    },
    /// Switch a run to back-out: the back-out steps become its path.
    SwitchToBackout {
        /// The run.
        run: ItemId,
        /// Why.
        reason: String,
    },
    /// End a run; what is not done stays as it is.
    EndRun(ItemId),
    /// Comment on the release or one of its sections; the domain resolves the @mentions.
    Comment {
        /// Id, filled in by the domain.
        #[serde(default)]
        id: ItemId,
        /// The section; `None` for the release as a whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<Section>,
        /// The text, mentions as `@id` or `@Name`.
        text: String,
        /// The people mentioned, filled in by the domain.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        mentions: Vec<PersonId>,
    },
    /// Change the text of one's own comment (the log keeps the earlier one).
    EditComment {
        /// The comment.
        id: ItemId,
        /// The new text.
        text: String,
        /// The people mentioned, filled in by the domain.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        mentions: Vec<PersonId>,
    },
    /// Delete one's own comment.
    DeleteComment(ItemId),
    /// Mark a mention of oneself seen: the release no longer waits for this person.
    SeeMention(ItemId),
}

impl ReleaseChange {
    /// This change's rule. Each arm names its variants, so a new change does not compile
    /// until it has a rule.
    pub fn rule(&self) -> Rule {
        use ReleaseChange as C;
        match self {
            C::EditDetails(_) | C::SetPackage(_) => package::EDIT,
            C::Cancel { .. } => package::CANCEL,
            C::EditPlan(_) => plan::EDIT,
            C::AddCriterion { .. } => plan::ADD_CRITERION,
            C::RemoveCriterion(_) => plan::REMOVE_CRITERION,
            C::SetApprovalChain { .. } => approvals::SET_CHAIN,
            C::RequestApproval(gate) => approvals::request(gate),
            C::DecideApproval { .. } => approvals::DECIDE,
            C::Authorize { gates, .. } => approvals::authorize(gates),
            C::RecordBuild(_) => build_test::BUILD,
            C::RecordDocument(_) => build_test::DOCUMENT,
            C::RecordTestRun(_) => build_test::TEST_RUN,
            C::AddWave { .. } => waves::ADD,
            C::EditWave { .. } | C::RemoveWave(_) => waves::RESCHEDULE,
            C::ConfirmReadiness(_) => waves::READINESS,
            C::StartWave(_) => waves::START,
            C::OverrideWindow { .. } => waves::OVERRIDE,
            C::VerifyWave { .. } | C::RemediateWave { .. } => waves::VERIFY,
            C::SetBackoutPlan(_) => backout::WRITE,
            C::BackOut { .. } => backout::BACK_OUT,
            C::Replan { .. } => backout::REPLAN,
            C::DeclareServiceLive => early_life::SERVICE_LIVE,
            C::DeclareFullyOperational => early_life::FULLY_OPERATIONAL,
            C::RaiseRisk(_) => registers::RAISE_RISK,
            C::UpdateRisk(_) => registers::UPDATE_RISK,
            C::RaiseIssue(_) => registers::RAISE_ISSUE,
            C::UpdateIssue(_) => registers::UPDATE_ISSUE,
            C::ApproveDeviation(_) => registers::APPROVE_DEVIATION,
            C::RecordKnownError(_) | C::UpdateKnownError(_) => registers::KNOWN_ERROR,
            C::RecordCommunication(_) => registers::COMMUNICATION,
            C::RecordFeedback { .. } => review::FEEDBACK,
            C::RecordEvaluation { .. } => review::EVALUATION,
            C::Confirm(_) => review::CONFIRM,
            C::RecordPir { .. } => review::PIR,
            C::AddKnowledgeItem(_) | C::CompleteKnowledgeItem(_) => handover::KNOWLEDGE,
            C::AcceptHandover { .. } => handover::ACCEPT,
            C::SetMilestone(_) | C::RemoveMilestone(_) => milestones::SCHEDULE,
            C::SetRunbook(_) | C::SetTask(_) | C::RemoveTask(_) => runbook::EDIT,
            C::StartRun(_) => runbook::RUN,
            C::MarkTask { .. } => runbook::MARK,
            C::SwitchToBackout { .. } => runbook::SWITCH,
            C::EndRun(_) => runbook::END,
            C::Comment { .. } => comments::COMMENT,
            C::EditComment { .. } | C::DeleteComment(_) => comments::EDIT,
            C::SeeMention(_) => comments::SEE,
        }
    }

    /// The release statuses that allow this change.
    pub fn allowed_in(&self) -> &'static [Status] {
        self.rule().allowed
    }
}
