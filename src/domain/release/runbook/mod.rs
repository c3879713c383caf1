//! The deployment runbook: the tasks of a deployment or cutover in stages, each with an
//! owner, a planned duration and its predecessors, and the runs (rehearsals and the live
//! run) that execute one revision of it. This file owns the types, their words and the
//! editing of the runbook; `runs` the runs and the marking of tasks; `forecast` the pure
//! forward and backward pass; `csv` import and export; `learning` learned durations and
//! run statistics; `templates` the runbooks a category usually starts from.

mod csv;
mod forecast;
mod learning;
mod runs;
mod templates;

pub use csv::{export_csv, import_csv, parse_minutes, RowError, CSV_HEADER};
pub use forecast::{forecast, plan, Cycle, Forecast, Timed};
pub use learning::{learned, run_stats, run_summaries, run_summary, Learned, RunStats};
pub(crate) use runs::{
    admit_mark, apply_end, apply_mark, apply_start, apply_switch, decide_end, decide_mark,
    decide_start, decide_switch, deployment_needs, END, MARK, RUN, SWITCH,
};
pub use runs::{my_tasks, MyTask};
pub use templates::runbook_template;

use super::{in_status, require, text, Ask, Release, Stamp, OPEN};
use crate::domain::change::ReleaseChange;
use crate::domain::error::LifecycleError;
pub use crate::domain::ids::TaskId;
use crate::domain::ids::{EnvironmentId, ItemId, PersonId};
use crate::domain::limits::{date_in_range, quoted};
use crate::domain::permissions::{Rule, MANAGERS};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Editing the runbook (the whole of it, or one task): by the release manager, in every
/// open status, but never while a run is going.
pub(crate) const EDIT: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "edit the runbook",
};

/// The longest planned duration of one task: a week, in minutes.
pub const MAX_MINUTES: u32 = 10_080;

/// What a task of the runbook is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Work someone does.
    #[default]
    Task,
    /// A point reached (usually 0 minutes).
    Milestone,
    /// The decision whether to go on; failing it stops every task that depends on it.
    GoNoGo,
    /// A message to stakeholders.
    Communication,
    /// A back-out step: the live path only once the run switches to back-out.
    Backout,
}

impl TaskKind {
    /// Every kind, as a form offers them.
    pub const ALL: [TaskKind; 5] = [
        TaskKind::Task,
        TaskKind::Milestone,
        TaskKind::GoNoGo,
        TaskKind::Communication,
        TaskKind::Backout,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TaskKind::Task => "Task",
            TaskKind::Milestone => "Milestone",
            TaskKind::GoNoGo => "Go/no-go decision",
            TaskKind::Communication => "Communication",
            TaskKind::Backout => "Back-out step",
        }
    }

    /// The word of the CSV file's `kind` column: "task", "go_no_go", "backout".
    pub fn slug(self) -> &'static str {
        match self {
            TaskKind::Task => "task",
            TaskKind::Milestone => "milestone",
            TaskKind::GoNoGo => "go_no_go",
            TaskKind::Communication => "communication",
            TaskKind::Backout => "backout",
        }
    }
}

/// One task of the runbook.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Stable identity across revisions ("T12", the CSV id); learning matches by it.
    pub id: TaskId,
    /// What is done.
    pub title: String,
    /// The stage it belongs to: "Preparation", "Cutover", "Verification" …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stage: String,
    /// What it is.
    #[serde(default)]
    pub kind: TaskKind,
    /// A person id of the catalogue, or a team's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The environment it works on, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<EnvironmentId>,
    /// The wave of the release it deploys in, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<ItemId>,
    /// The planned duration in minutes (0 for a milestone).
    #[serde(default)]
    pub minutes: u32,
    /// Its predecessors: it starts when they are done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<TaskId>,
    /// Not before this time (milliseconds since 1970 in JSON).
    #[serde(
        default,
        with = "chrono::serde::ts_milliseconds_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub fixed_start: Option<DateTime<Utc>>,
}

/// The runbook of a release: its tasks in the order people read them, and its revision
/// (raised by every change, so a run says which version it executed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runbook {
    /// Raised by each change to the runbook.
    #[serde(default)]
    pub revision: u32,
    /// The tasks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

impl Runbook {
    /// Nothing planned and never changed.
    pub fn is_blank(&self) -> bool {
        self.revision == 0 && self.tasks.is_empty()
    }

    /// The task with this id.
    pub fn task(&self, id: &TaskId) -> Option<&Task> {
        self.tasks.iter().find(|t| &t.id == id)
    }

    /// The stages in the order their first task comes.
    pub fn stages(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for task in &self.tasks {
            if !out.contains(&task.stage.as_str()) {
                out.push(&task.stage);
            }
        }
        out
    }
}

/// Which kind of run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// A practice of the deployment.
    #[default]
    Rehearsal,
    /// The deployment itself.
    Live,
}

impl RunKind {
    /// Every kind.
    pub const ALL: [RunKind; 2] = [RunKind::Rehearsal, RunKind::Live];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            RunKind::Rehearsal => "Rehearsal",
            RunKind::Live => "Live run",
        }
    }
}

/// Where a task of a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Started, not yet finished.
    Running,
    /// Finished.
    Done,
    /// Not done, on purpose.
    Skipped,
    /// Failed (for a go/no-go: the decision was "no go").
    Failed,
}

impl TaskState {
    /// Every state.
    pub const ALL: [TaskState; 4] = [
        TaskState::Running,
        TaskState::Done,
        TaskState::Skipped,
        TaskState::Failed,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TaskState::Running => "running",
            TaskState::Done => "done",
            TaskState::Skipped => "skipped",
            TaskState::Failed => "failed",
        }
    }

    /// Done or skipped: its successors may start.
    pub fn clears(self) -> bool {
        matches!(self, TaskState::Done | TaskState::Skipped)
    }
}

/// What a person does to a task of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Begin it.
    Start,
    /// Finish it (for a go/no-go: "go").
    Finish,
    /// Leave it out.
    Skip,
    /// It failed (for a go/no-go: "no go").
    Fail,
}

impl Step {
    /// Every step, as the run's buttons offer them.
    pub const ALL: [Step; 4] = [Step::Start, Step::Finish, Step::Skip, Step::Fail];

    /// The words of its button.
    pub fn label(self) -> &'static str {
        match self {
            Step::Start => "Start",
            Step::Finish => "Finish",
            Step::Skip => "Skip",
            Step::Fail => "Fail",
        }
    }

    /// The state a task is in after this step.
    pub fn state(self) -> TaskState {
        match self {
            Step::Start => TaskState::Running,
            Step::Finish => TaskState::Done,
            Step::Skip => TaskState::Skipped,
            Step::Fail => TaskState::Failed,
        }
    }
}

/// Where one task of a run stands, with its actual times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The task.
    pub task: TaskId,
    /// Its state.
    pub state: TaskState,
    /// When it started (its start event's time).
    #[serde(
        default,
        with = "chrono::serde::ts_milliseconds_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub started: Option<DateTime<Utc>>,
    /// When it finished, was skipped or failed.
    #[serde(
        default,
        with = "chrono::serde::ts_milliseconds_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub finished: Option<DateTime<Utc>>,
    /// Who marked it last.
    pub by: PersonId,
}

/// One execution of a revision of the runbook: a rehearsal or the live run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// Id (the event's that started it).
    pub id: ItemId,
    /// Rehearsal or live.
    pub kind: RunKind,
    /// Its number among the runs of its kind: rehearsal 1, 2 …
    pub number: u32,
    /// The runbook revision it executes.
    pub revision: u32,
    /// Who started it, when.
    pub started: Stamp,
    /// Who ended it, when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Stamp>,
    /// Switched to back-out: who, when, why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backout: Option<(Stamp, String)>,
    /// Where its tasks stand, in the order they were first marked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<Progress>,
}

impl Run {
    /// "Rehearsal 2", "Live run".
    pub fn title(&self) -> String {
        match self.kind {
            RunKind::Rehearsal => ["Rehearsal ", &self.number.to_string()].concat(),
            RunKind::Live if self.number > 1 => ["Live run ", &self.number.to_string()].concat(),
            RunKind::Live => RunKind::Live.label().into(),
        }
    }

    /// Where this task stands in the run, if it was marked.
    pub fn progress_of(&self, task: &TaskId) -> Option<&Progress> {
        self.progress.iter().find(|p| &p.task == task)
    }

    /// The state of a task in this run; `None` when not yet started.
    pub fn state_of(&self, task: &TaskId) -> Option<TaskState> {
        self.progress_of(task).map(|p| p.state)
    }

    /// Still going.
    pub fn is_going(&self) -> bool {
        self.ended.is_none()
    }
}

impl Release {
    /// The run going, if any (at most one goes at a time).
    pub fn current_run(&self) -> Option<&Run> {
        self.runs.iter().find(|r| r.is_going())
    }

    /// The latest run of a kind, going or ended.
    pub fn latest_run(&self, kind: RunKind) -> Option<&Run> {
        self.runs.iter().rev().find(|r| r.kind == kind)
    }

    /// The run with this id.
    pub fn run(&self, id: &ItemId) -> Option<&Run> {
        self.runs.iter().find(|r| &r.id == id)
    }
}

/// The runbook may not change while a run is going.
fn no_run_going(release: &Release) -> Result<(), LifecycleError> {
    match release.current_run() {
        Some(run) => Err(LifecycleError::WrongState(
            [
                "The runbook cannot change while ",
                &run.title(),
                " is going; end the run first.",
            ]
            .concat(),
        )),
        None => Ok(()),
    }
}

/// The checks of one task in the release (catalogue and waves), beyond the runbook.
fn check_task(ask: &Ask, task: &mut Task) -> Result<(), LifecycleError> {
    task.id = TaskId(task.id.0.trim().to_owned());
    task.title = task.title.trim().to_owned();
    task.stage = task.stage.trim().to_owned();
    task.owner = task.owner.trim().to_owned();
    if task.id.0.is_empty() {
        return Err(LifecycleError::invalid(
            "id",
            "Enter the task's id, e.g. T12.",
        ));
    }
    text("title", &task.title, "what the task does")?;
    if task.minutes > MAX_MINUTES {
        return Err(LifecycleError::invalid(
            "minutes",
            "A task takes at most a week (10,080 minutes); split it.",
        ));
    }
    if task.fixed_start.is_some_and(|at| !date_in_range(at)) {
        return Err(LifecycleError::invalid(
            "fixed_start",
            "Enter a date between the years 1 and 9999.",
        ));
    }
    let unknown = |field, what: &str, name: &str, then: &str| {
        LifecycleError::invalid(field, [what, &quoted(name), then].concat())
    };
    if let Some(env) = task.environment.take() {
        let environments = &ask.book.environments;
        let found = environments.get(&env).or_else(|| {
            environments
                .values()
                .find(|e| e.name.eq_ignore_ascii_case(env.as_str()))
        });
        let found = found.ok_or_else(|| {
            let then = "; choose one of the catalogue.";
            unknown(
                "environment",
                "There is no environment ",
                env.as_str(),
                then,
            )
        })?;
        task.environment = Some(found.id.clone());
    }
    if let Some(wave) = task.wave.take() {
        let found = ask
            .release
            .waves
            .iter()
            .find(|w| w.id == wave || w.plan.name.eq_ignore_ascii_case(wave.as_str()));
        let found = found.ok_or_else(|| {
            unknown(
                "wave",
                "The release has no wave ",
                wave.as_str(),
                "; plan it first.",
            )
        })?;
        task.wave = Some(found.id.clone());
    }
    Ok(())
}

/// The checks of the runbook as a whole: unique ids, known predecessors, no cycle.
pub(crate) fn check_graph(tasks: &[Task]) -> Result<(), LifecycleError> {
    let index = forecast::index(tasks);
    for (i, task) in tasks.iter().enumerate() {
        if index.get(task.id.as_str()) != Some(&i) {
            return Err(LifecycleError::invalid(
                "id",
                ["Two tasks have the id ", &quoted(task.id.as_str()), "."].concat(),
            ));
        }
    }
    for task in tasks {
        if let Some(unknown) = task.after.iter().find(|p| !index.contains_key(p.as_str())) {
            return Err(LifecycleError::invalid(
                "after",
                [
                    "Task ",
                    task.id.as_str(),
                    " comes after ",
                    &quoted(unknown.as_str()),
                    ", which is not in the runbook.",
                ]
                .concat(),
            ));
        }
    }
    forecast::find_cycle(tasks).map_or(Ok(()), |cycle| {
        Err(LifecycleError::invalid("after", cycle.message()))
    })
}

/// Decide [`ReleaseChange::SetRunbook`]: every task checked, no run going; the revision
/// is the next one.
pub(crate) fn decide_set_runbook(
    ask: &Ask,
    mut runbook: Runbook,
) -> Result<ReleaseChange, LifecycleError> {
    no_run_going(ask.release)?;
    for task in &mut runbook.tasks {
        check_task(ask, task)?;
    }
    check_graph(&runbook.tasks)?;
    runbook.revision = ask.release.runbook.revision + 1;
    Ok(ReleaseChange::SetRunbook(runbook))
}

/// Decide [`ReleaseChange::SetTask`]: a new task or an edit of one with the same id.
pub(crate) fn decide_set_task(ask: &Ask, mut task: Task) -> Result<ReleaseChange, LifecycleError> {
    no_run_going(ask.release)?;
    check_task(ask, &mut task)?;
    let mut tasks = ask.release.runbook.tasks.clone();
    match tasks.iter_mut().find(|t| t.id == task.id) {
        Some(old) => *old = task.clone(),
        None => tasks.push(task.clone()),
    }
    check_graph(&tasks)?;
    Ok(ReleaseChange::SetTask(task))
}

/// Decide [`ReleaseChange::RemoveTask`]: no other task may come after it.
pub(crate) fn decide_remove_task(ask: &Ask, id: TaskId) -> Result<ReleaseChange, LifecycleError> {
    no_run_going(ask.release)?;
    let tasks = &ask.release.runbook.tasks;
    if !tasks.iter().any(|t| t.id == id) {
        return Err(LifecycleError::NotFound(["Task ", id.as_str()].concat()));
    }
    let followers: Vec<&str> = tasks
        .iter()
        .filter(|t| t.after.contains(&id))
        .map(|t| t.id.as_str())
        .collect();
    if !followers.is_empty() {
        return Err(LifecycleError::invalid(
            "after",
            [
                "Task ",
                id.as_str(),
                " comes before ",
                &followers.join(", "),
                "; take it out of their predecessors first.",
            ]
            .concat(),
        ));
    }
    Ok(ReleaseChange::RemoveTask(id))
}

/// `apply`'s rule for every edit: open status, no run going.
fn editable(release: &Release) -> Result<(), String> {
    in_status(release, EDIT.allowed, "change the runbook")?;
    require(
        release.current_run().is_none(),
        "the runbook cannot change while a run is going",
    )
}

/// Apply [`ReleaseChange::SetRunbook`].
pub(crate) fn apply_set_runbook(release: &mut Release, runbook: &Runbook) -> Result<(), String> {
    editable(release)?;
    release.runbook.revision += 1;
    release.runbook.tasks = runbook.tasks.clone();
    Ok(())
}

/// Apply [`ReleaseChange::SetTask`]: replaces the task with its id, or adds it.
pub(crate) fn apply_set_task(release: &mut Release, task: &Task) -> Result<(), String> {
    editable(release)?;
    release.runbook.revision += 1;
    let tasks = &mut release.runbook.tasks;
    match tasks.iter_mut().find(|t| t.id == task.id) {
        Some(old) => *old = task.clone(),
        None => tasks.push(task.clone()),
    }
    Ok(())
}

/// Apply [`ReleaseChange::RemoveTask`]: it must still be there, and nothing come after it.
pub(crate) fn apply_remove_task(release: &mut Release, id: &TaskId) -> Result<(), String> {
    editable(release)?;
    let tasks = &release.runbook.tasks;
    require(
        tasks.iter().any(|t| &t.id == id),
        "the task is no longer in the runbook",
    )?;
    require(
        !tasks.iter().any(|t| t.after.contains(id)),
        "another task comes after it",
    )?;
    release.runbook.revision += 1;
    release.runbook.tasks.retain(|t| &t.id != id);
    Ok(())
}

/// The audit line of a runbook change: "Set the runbook (12 tasks)", "Finished T3 “Deploy”
/// in Rehearsal 2". `release` is the release as it stands, to name runs and tasks.
pub(crate) fn line(release: Option<&Release>, change: &ReleaseChange) -> String {
    use crate::domain::plural::count;
    use ReleaseChange as C;
    let run = |id: &ItemId| {
        release
            .and_then(|r| r.run(id))
            .map_or_else(|| ["run ", id.as_str()].concat(), Run::title)
    };
    let task = |id: &TaskId| match release.and_then(|r| r.runbook.task(id)) {
        Some(t) => [id.as_str(), " ", &quoted(&t.title)].concat(),
        None => id.to_string(),
    };
    match change {
        C::SetRunbook(book) => {
            ["Set the runbook (", &count(book.tasks.len(), "task"), ")"].concat()
        }
        C::SetTask(t) => ["Saved runbook task ", t.id.as_str(), " ", &quoted(&t.title)].concat(),
        C::RemoveTask(id) => ["Removed runbook task ", id.as_str()].concat(),
        C::StartRun(kind) => ["Started a run of the runbook: ", kind.label()].concat(),
        C::MarkTask {
            run: r,
            task: t,
            step,
        } => {
            let done = match step {
                Step::Start => "Started ",
                Step::Finish => "Finished ",
                Step::Skip => "Skipped ",
                Step::Fail => "Failed ",
            };
            [done, &task(t), " in ", &run(r)].concat()
        }
        C::SwitchToBackout { run: r, reason } => {
            ["Switched ", &run(r), " to back-out: ", reason].concat()
        }
        C::EndRun(r) => ["Ended ", &run(r)].concat(),
        _ => String::new(),
    }
}

/// A duration as people say it: "40 min", "2 h", "3 h 10 min".
pub fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => [m.to_string().as_str(), " min"].concat(),
        (h, 0) => [h.to_string().as_str(), " h"].concat(),
        (h, m) => [h.to_string().as_str(), " h ", &m.to_string(), " min"].concat(),
    }
}
