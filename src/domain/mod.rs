//! The release lifecycle: pure, event-sourced Rust with no browser, no clock and no IO.
//!
//! A person's command is a [`Change`]. [`decide`] checks it against every rule and returns
//! [`Event`]s or a [`LifecycleError`] that lists what is missing; [`apply`] folds events into
//! the [`Book`]; the [`Log`] orders, chains, verifies and merges events; [`Document`] is the
//! versioned JSON form. Time, ids and the acting person come in through [`Context`].

mod apply;
mod book;
mod catalogue;
mod change;
mod decide;
pub mod describe;
mod document;
pub mod dora;
mod engine;
mod error;
mod event;
mod gates;
pub mod history;
pub mod ical;
mod ids;
pub mod limits;
mod log;
mod numbering;
pub mod order;
pub mod overview;
mod permissions;
pub mod plural;
mod policy;
pub mod query;
mod release;
pub mod report;
pub mod schedule;
pub mod search;
pub mod templates;
pub mod trust;
mod version;
pub mod waiting;

// The paths the records had before they moved into `release/`, kept so code written
// against them (the reports) compiles unchanged. Name new code's imports from `release`.
mod records {
    pub use super::release::{EntryStatus, IssueKind, KnowledgeKind, Severity, Stage};
}
mod review {
    pub use super::release::{PirOutcome, ReviewCheck};
}

pub use apply::{apply, fold, fold_with, try_apply};
pub use book::{Book, Conflict, Deployed};
pub use catalogue::rules::check_new;
pub use catalogue::{CiKind, ConfigurationItem, Environment, Person, Role, Service};
pub use change::{Change, Context, NewRelease, ReleaseChange};
pub use decide::{decide, decide_new};
pub use document::{Document, DocumentError, FORMAT, VERSION};
pub use engine::{Engine, Incoming, MergeReport};
pub use error::{LifecycleError, Missing, Section};
pub use event::Event;
pub use gates::{gate_name, gate_phrase, missing_for, next_step, Checklist};
pub use ids::{CiId, EnvironmentId, EventId, ItemId, PersonId, ReleaseId, ServiceId, TaskId};
pub use log::{BrokenLink, Hash, IdClash, Log};
pub use numbering::{counts_for_numbering, numbering, Numbering};
pub use permissions::{
    may, may_decide, may_in, offer, refusal, roles_for, roles_text, waves_plannable_in, Rule,
};
pub use policy::{Approver, FreezeWindow, FrequencyLimit, GateKind, Period, ReleasePolicy, Repeat};
pub use release::comments::{
    mention_at_caret, mention_waits, open_mentions, parts as comment_parts,
    suggest as suggest_mentions, thread_label, COMMENT_CHARS,
};
pub use release::runbook::{
    duration_text, export_csv, forecast, import_csv, learned, my_tasks, parse_minutes, plan,
    run_stats, run_summaries, run_summary, runbook_template, Cycle, Forecast, Learned, MyTask,
    Progress, RowError, Run, RunKind, RunStats, Runbook, Step, Task, TaskKind, TaskState, Timed,
    CSV_HEADER, MAX_MINUTES,
};
pub use release::sections::{section_states, SectionState};
pub use release::{
    milestones_between, Approach, ApprovalRound, Authorization, Automation, BuildRecord, CiAction,
    CiChange, Comment, Communication, Criterion, CriterionResult, Dated, Decision, Delivery,
    DocumentRecord, EntryStatus, Evaluation, Feedback, Gate, Issue, IssueKind, KnowledgeItem,
    KnowledgeKind, KnownError, Milestone, MilestoneKind, OpenMention, Part, Phase, Pilot, Pir,
    PirOutcome, PlanText, Release, ReleaseDetails, Review, ReviewCheck, Risk, Rollout,
    RoundOutcome, Severity, Stage, Stamp, Status, TestKind, TestRun, Verification, Wave, WavePlan,
    WaveStatus, Window, EDITABLE, OPEN,
};
pub use release::{start_barred, Openness, Override};
pub use release::{Acceptance, Judged, ServiceAcceptance, ACCEPTANCE_HELP};
pub use version::{Category, Version, VersionSyntaxError};
