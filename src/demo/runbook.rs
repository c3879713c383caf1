//! The demo's runbook: Warehouse 3.0's cutover in two stages (twelve tasks with a go/no-go
//! and two back-out steps) and its first rehearsal, finished, with the deployment running
//! late; the warehouse's policy then asks every major release for a finished rehearsal.

use super::catalogue::{OPERATIONS, RELEASE_MANAGER, TESTER};
use super::Script;
use crate::domain::{
    Change, ItemId, LifecycleError, ReleaseChange, ReleaseId, RunKind, Runbook, Step, Task, TaskId,
    TaskKind,
};
use chrono::{DateTime, Duration, Utc};

const PREP: &str = "Preparation";
const CUT: &str = "Cutover";

/// Id, title, stage, kind, owner, minutes, predecessors.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    TaskKind,
    &'static str,
    u32,
    &'static [&'static str],
);

const TASKS: [Row; 12] = [
    (
        "P1",
        "Announce the maintenance window to the sites",
        PREP,
        TaskKind::Communication,
        RELEASE_MANAGER,
        10,
        &[],
    ),
    (
        "P2",
        "Back up the WMS database",
        PREP,
        TaskKind::Task,
        OPERATIONS,
        40,
        &["P1"],
    ),
    (
        "P3",
        "Go/no-go: backup verified, robots parked",
        PREP,
        TaskKind::GoNoGo,
        RELEASE_MANAGER,
        10,
        &["P2"],
    ),
    (
        "C1",
        "Stop the WMS application",
        CUT,
        TaskKind::Task,
        OPERATIONS,
        10,
        &["P3"],
    ),
    (
        "C2",
        "Deploy wms-app 3.0",
        CUT,
        TaskKind::Task,
        OPERATIONS,
        45,
        &["C1"],
    ),
    (
        "C3",
        "Update the scanner firmware",
        CUT,
        TaskKind::Task,
        "Scanner team",
        50,
        &["P3"],
    ),
    (
        "C4",
        "Migrate the slotting data",
        CUT,
        TaskKind::Task,
        OPERATIONS,
        30,
        &["C2"],
    ),
    (
        "C5",
        "Start the WMS and reconnect the robots",
        CUT,
        TaskKind::Task,
        OPERATIONS,
        20,
        &["C4", "C3"],
    ),
    (
        "C6",
        "Smoke test picking and packing",
        CUT,
        TaskKind::Task,
        TESTER,
        30,
        &["C5"],
    ),
    (
        "C7",
        "Warehouse live again",
        CUT,
        TaskKind::Milestone,
        RELEASE_MANAGER,
        0,
        &["C6"],
    ),
    (
        "B1",
        "Restore the WMS database from the backup",
        CUT,
        TaskKind::Backout,
        OPERATIONS,
        45,
        &["P3"],
    ),
    (
        "B2",
        "Reinstall wms-app 2.4",
        CUT,
        TaskKind::Backout,
        OPERATIONS,
        30,
        &["B1"],
    ),
];

/// The rehearsal, step by step: who marks which task, and the minutes until the next
/// step (each command also takes a minute of the script's clock). The scanner firmware
/// runs beside the deployment; the deployment and the migration run late.
const REHEARSED: [(&str, &str, Step, i64); 18] = [
    ("P1", RELEASE_MANAGER, Step::Start, 7),
    ("P1", RELEASE_MANAGER, Step::Finish, 0),
    ("P2", OPERATIONS, Step::Start, 41),
    ("P2", OPERATIONS, Step::Finish, 0),
    ("P3", RELEASE_MANAGER, Step::Finish, 0),
    ("C3", OPERATIONS, Step::Start, 0),
    ("C1", OPERATIONS, Step::Start, 11),
    ("C1", OPERATIONS, Step::Finish, 0),
    ("C2", OPERATIONS, Step::Start, 30),
    ("C3", OPERATIONS, Step::Finish, 38),
    ("C2", OPERATIONS, Step::Finish, 0),
    ("C4", OPERATIONS, Step::Start, 37),
    ("C4", OPERATIONS, Step::Finish, 0),
    ("C5", OPERATIONS, Step::Start, 17),
    ("C5", OPERATIONS, Step::Finish, 0),
    ("C6", TESTER, Step::Start, 24),
    ("C6", TESTER, Step::Finish, 0),
    ("C7", RELEASE_MANAGER, Step::Finish, 0),
];

fn on(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

/// Plan Warehouse 3.0's runbook, its cutover in the production wave, and rehearse it from
/// `at` (or later, when the script's clock is already past it).
pub(super) fn rehearsed(
    s: &mut Script,
    wms3: &ReleaseId,
    at: DateTime<Utc>,
) -> Result<(), LifecycleError> {
    let prod = s.engine.book().releases[wms3]
        .waves
        .iter()
        .find(|w| w.plan.environment.as_str() == "prod")
        .map(|w| w.id.clone());
    let tasks = TASKS
        .iter()
        .map(|&(id, title, stage, kind, owner, minutes, after)| Task {
            id: TaskId::from(id),
            title: title.into(),
            stage: stage.into(),
            kind,
            owner: owner.into(),
            environment: Some("prod".into()),
            wave: if stage == CUT { prod.clone() } else { None },
            minutes,
            after: after.iter().map(|&a| TaskId::from(a)).collect(),
            fixed_start: None,
        })
        .collect();
    s.ok(
        RELEASE_MANAGER,
        on(
            wms3,
            ReleaseChange::SetRunbook(Runbook { revision: 0, tasks }),
        ),
    )?;
    s.now = s.now.max(at);
    let run = ItemId::from(&s.ok(
        RELEASE_MANAGER,
        on(wms3, ReleaseChange::StartRun(RunKind::Rehearsal)),
    )?);
    for (task, who, step, wait) in REHEARSED {
        let change = ReleaseChange::MarkTask {
            run: run.clone(),
            task: task.into(),
            step,
        };
        s.ok(who, on(wms3, change))?;
        s.now += Duration::minutes(wait);
    }
    s.ok(RELEASE_MANAGER, on(wms3, ReleaseChange::EndRun(run)))?;
    let mut policy = s.engine.book().policy(&"warehouse".into());
    policy.rehearse_major = true;
    s.ok(RELEASE_MANAGER, Change::Policy(policy))?;
    Ok(())
}
