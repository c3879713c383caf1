//! The runbooks a release of each category usually starts from. Like the checklists of
//! `domain::templates`, a template is a hint: the release manager applies it as the
//! runbook's first draft (an ordinary, checked change) and edits it; nothing here counts
//! for a gate.

use super::{Runbook, Task, TaskId, TaskKind};
use crate::domain::version::Category;

/// One task of a template: id, title, stage, kind, minutes, predecessors.
pub type TemplateTask = (
    &'static str,
    &'static str,
    &'static str,
    TaskKind,
    u32,
    &'static [&'static str],
);

const PREP: &str = "Preparation";
const CUT: &str = "Cutover";
const CHECK: &str = "Verification";
const BACK: &str = "Back-out";

const MAJOR: &[TemplateTask] = &[
    (
        "T1",
        "Announce the maintenance window",
        PREP,
        TaskKind::Communication,
        10,
        &[],
    ),
    (
        "T2",
        "Back up the databases",
        PREP,
        TaskKind::Task,
        45,
        &["T1"],
    ),
    (
        "T3",
        "Go/no-go: backups verified, team ready",
        PREP,
        TaskKind::GoNoGo,
        10,
        &["T2"],
    ),
    (
        "T4",
        "Stop the service and drain the queues",
        CUT,
        TaskKind::Task,
        20,
        &["T3"],
    ),
    (
        "T5",
        "Deploy the release package",
        CUT,
        TaskKind::Task,
        60,
        &["T4"],
    ),
    ("T6", "Migrate the data", CUT, TaskKind::Task, 45, &["T4"]),
    (
        "T7",
        "Start the service",
        CUT,
        TaskKind::Task,
        15,
        &["T5", "T6"],
    ),
    ("T8", "Smoke test", CHECK, TaskKind::Task, 30, &["T7"]),
    (
        "T9",
        "Service restored",
        CHECK,
        TaskKind::Milestone,
        0,
        &["T8"],
    ),
    (
        "T10",
        "Tell users the service is back",
        CHECK,
        TaskKind::Communication,
        10,
        &["T9"],
    ),
    (
        "B1",
        "Restore the databases from the backup",
        BACK,
        TaskKind::Backout,
        60,
        &[],
    ),
    (
        "B2",
        "Redeploy the previous version",
        BACK,
        TaskKind::Backout,
        45,
        &["B1"],
    ),
];

const MINOR: &[TemplateTask] = &[
    (
        "T1",
        "Announce the change",
        PREP,
        TaskKind::Communication,
        10,
        &[],
    ),
    ("T2", "Go/no-go", PREP, TaskKind::GoNoGo, 5, &["T1"]),
    (
        "T3",
        "Deploy the release package",
        CUT,
        TaskKind::Task,
        30,
        &["T2"],
    ),
    ("T4", "Smoke test", CHECK, TaskKind::Task, 20, &["T3"]),
    (
        "T5",
        "Tell users it is done",
        CHECK,
        TaskKind::Communication,
        5,
        &["T4"],
    ),
    (
        "B1",
        "Redeploy the previous version",
        BACK,
        TaskKind::Backout,
        30,
        &[],
    ),
];

const EMERGENCY: &[TemplateTask] = &[
    (
        "T1",
        "Tell the incident's stakeholders",
        PREP,
        TaskKind::Communication,
        5,
        &[],
    ),
    ("T2", "Deploy the fix", CUT, TaskKind::Task, 20, &["T1"]),
    (
        "T3",
        "Verify the incident is resolved",
        CHECK,
        TaskKind::Task,
        15,
        &["T2"],
    ),
    (
        "B1",
        "Redeploy the previous version",
        BACK,
        TaskKind::Backout,
        20,
        &[],
    ),
];

/// The runbook a release of `category` usually starts from (revision 0; saving it as
/// the runbook sets the revision).
pub fn runbook_template(category: Category) -> Runbook {
    let tasks = match category {
        Category::Major => MAJOR,
        Category::Minor => MINOR,
        Category::Emergency => EMERGENCY,
    };
    Runbook {
        revision: 0,
        tasks: tasks
            .iter()
            .map(|&(id, title, stage, kind, minutes, after)| Task {
                id: TaskId::from(id),
                title: title.into(),
                stage: stage.into(),
                kind,
                minutes,
                after: after.iter().map(|&a| TaskId::from(a)).collect(),
                ..Task::default()
            })
            .collect(),
    }
}
