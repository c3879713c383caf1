//! Runs of the runbook: starting a rehearsal or the live run, marking its tasks (start,
//! finish, skip, fail), switching it to back-out and ending it; which steps a person may
//! take now ("My tasks"); and what a deployment's authorization needs of the runs.

use super::{
    check_graph, forecast, Progress, Run, RunKind, Step, Task, TaskId, TaskKind, TaskState,
};
use crate::domain::book::Book;
use crate::domain::catalogue::Person;
use crate::domain::change::ReleaseChange;
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::ids::{ItemId, PersonId};
use crate::domain::limits::quoted;
use crate::domain::permissions::{roles_text, Rule, DEPLOYERS, EVERYONE};
use crate::domain::release::{in_status, require, text, Ask, At, Release, Status, OPEN};
use crate::domain::schedule::minute;
use crate::domain::version::Category;
use chrono::{DateTime, Utc};

/// Starting a run: release manager or operations; a rehearsal in build and test or
/// deployment, the live run in deployment only.
pub(crate) const RUN: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::BuildAndTest, Status::Deployment],
    action: "start a run of the runbook",
};

/// Marking a task of a run: its owner (when the owner is a person) or a release manager
/// or operations; `decide` checks which, since it depends on the task.
pub(crate) const MARK: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "mark a task of a run",
};

/// Switching a run to back-out.
pub(crate) const SWITCH: Rule = Rule {
    roles: DEPLOYERS,
    allowed: OPEN,
    action: "switch a run to back-out",
};

/// Ending a run.
pub(crate) const END: Rule = Rule {
    roles: DEPLOYERS,
    allowed: OPEN,
    action: "end a run",
};

fn going<'a>(release: &'a Release, id: &ItemId) -> Result<&'a Run, LifecycleError> {
    let run = release
        .run(id)
        .ok_or_else(|| LifecycleError::NotFound(["Run ", id.as_str()].concat()))?;
    if !run.is_going() {
        return Err(LifecycleError::WrongState(
            [&run.title(), " has ended."].concat(),
        ));
    }
    Ok(run)
}

/// The run with this id, going, to change it (`apply`).
fn going_mut<'a>(release: &'a mut Release, id: &ItemId) -> Result<&'a mut Run, String> {
    release
        .runs
        .iter_mut()
        .find(|r| &r.id == id && r.is_going())
        .ok_or_else(|| "the run is not going".to_owned())
}

fn state_err(message: &str) -> LifecycleError {
    LifecycleError::WrongState(message.to_owned())
}

/// Decide [`ReleaseChange::StartRun`]: one run at a time, a runbook with tasks and no
/// cycle, the live run only in deployment.
pub(crate) fn decide_start(ask: &Ask, kind: RunKind) -> Result<ReleaseChange, LifecycleError> {
    let release = ask.release;
    if let Some(run) = release.current_run() {
        return Err(state_err(
            &[&run.title(), " is going; end it first."].concat(),
        ));
    }
    if release.runbook.tasks.is_empty() {
        return Err(state_err(
            "The runbook has no task yet; plan its tasks first.",
        ));
    }
    if kind == RunKind::Live && release.status != Status::Deployment {
        return Err(state_err(
            &[
                "The live run starts in deployment; the release is ",
                release.status.phrase(),
                ".",
            ]
            .concat(),
        ));
    }
    check_graph(&release.runbook.tasks)?;
    Ok(ReleaseChange::StartRun(kind))
}

/// Apply [`ReleaseChange::StartRun`]: the run takes the event's id and the next number
/// among the runs of its kind.
pub(crate) fn apply_start(release: &mut Release, kind: RunKind, at: &At) -> Result<(), String> {
    in_status(release, RUN.allowed, "start a run")?;
    require(
        kind == RunKind::Rehearsal || release.status == Status::Deployment,
        "the live run starts in deployment",
    )?;
    require(release.current_run().is_none(), "another run is going")?;
    let number = release.runs.iter().filter(|r| r.kind == kind).count() as u32 + 1;
    release.runs.push(Run {
        id: at.new_id(),
        kind,
        number,
        revision: release.runbook.revision,
        started: at.stamp(),
        ended: None,
        backout: None,
        progress: Vec::new(),
    });
    Ok(())
}

/// Whether `person` may mark `task`: its owner, or a release manager or operations.
fn may_mark(person: Option<&Person>, task: &Task) -> bool {
    person.is_some_and(|p| p.id.as_str() == task.owner || DEPLOYERS.iter().any(|r| p.has(*r)))
}

/// The marking rule at fold: a mark that arrived from elsewhere counts only when its
/// author is the task's owner or a release manager or operations (as `decide` asks).
pub(crate) fn admit_mark(
    book: &Book,
    person: &Person,
    release: &crate::domain::ids::ReleaseId,
    task: &TaskId,
) -> Result<(), String> {
    let task = book
        .releases
        .get(release)
        .and_then(|r| r.runbook.task(task));
    match task {
        Some(t) if !may_mark(Some(person), t) => Err([
            &person.name,
            " may not mark task ",
            t.id.as_str(),
            ": that needs its owner or ",
            &roles_text(DEPLOYERS),
        ]
        .concat()),
        _ => Ok(()),
    }
}

/// Whether `step` may follow the task's current state: the state machine `apply` keeps.
fn step_follows(task: &Task, state: Option<TaskState>, step: Step) -> Result<(), &'static str> {
    use TaskState as S;
    let gate_failed = task.kind == TaskKind::GoNoGo && state == Some(S::Failed);
    match (step, state) {
        (_, Some(S::Done)) => Err("the task is already done"),
        (_, Some(S::Skipped)) => Err("the task was skipped"),
        (_, Some(S::Failed)) if gate_failed => Err("the go/no-go decision was “no go”"),
        (Step::Start, Some(S::Running)) => Err("the task is already running"),
        (Step::Finish | Step::Fail, Some(S::Failed)) => Err("the task failed; start it again"),
        _ => Ok(()),
    }
}

/// Why `person` may not take `step` on `task` of the run `run` at `now`, if they may not:
/// the run going, the person (the task's owner, a release manager or operations), the
/// task's state, and for a task not yet started its predecessors done or skipped, its
/// fixed start reached, no failed go/no-go before it, and the run's path (back-out steps
/// only in back-out mode, and then only they).
pub(crate) fn check_mark(
    book: &Book,
    release: &Release,
    person: Option<&Person>,
    (run, id, step): (&ItemId, &TaskId, Step),
    now: DateTime<Utc>,
) -> Result<(), LifecycleError> {
    if !MARK.allowed.contains(&release.status) {
        return Err(LifecycleError::WrongState(
            ["The release is ", release.status.phrase(), "."].concat(),
        ));
    }
    let run = going(release, run)?;
    let runbook = &release.runbook;
    let task = runbook
        .task(id)
        .ok_or_else(|| LifecycleError::NotFound(["Task ", id.as_str()].concat()))?;
    if !may_mark(person, task) {
        let owner = book
            .people
            .get(&PersonId::from(task.owner.as_str()))
            .map_or("", |p| p.name.as_str());
        let mut needs = roles_text(DEPLOYERS);
        if !owner.is_empty() {
            needs = [owner, " (its owner) or ", &needs].concat();
        }
        return Err(LifecycleError::NotPermitted {
            action: ["mark task ", id.as_str()].concat(),
            needs,
        });
    }
    let state = run.state_of(id);
    step_follows(task, state, step).map_err(state_err)?;
    if matches!(state, Some(TaskState::Running)) {
        return Ok(());
    }
    let backout = run.backout.is_some();
    match (task.kind == TaskKind::Backout, backout) {
        (false, true) => {
            return Err(state_err(
                "The run switched to back-out: only back-out steps go on.",
            ))
        }
        (true, false) => {
            return Err(state_err(
                "Back-out steps run only once the run switches to back-out.",
            ))
        }
        _ => {}
    }
    if task.kind != TaskKind::Backout {
        if let Some(gate) = forecast::stopped_by(runbook, run, id) {
            return Err(state_err(
                &["Stopped by the failed go/no-go ", &quoted(&gate.title), "."].concat(),
            ));
        }
    }
    let waiting: Vec<&str> = task
        .after
        .iter()
        .filter(|p| {
            let state = run.state_of(p);
            let clear = state.is_some_and(TaskState::clears);
            // In back-out mode, the normal tasks left behind no longer hold a step up.
            let left = backout
                && runbook.task(p).is_some_and(|t| t.kind != TaskKind::Backout)
                && state != Some(TaskState::Running);
            !(clear || left)
        })
        .map(|p| p.as_str())
        .collect();
    if !waiting.is_empty() {
        return Err(state_err(
            &[
                "Task ",
                id.as_str(),
                " waits for ",
                &waiting.join(", "),
                " to be done.",
            ]
            .concat(),
        ));
    }
    if let Some(fixed) = task.fixed_start.filter(|at| now < *at) {
        return Err(state_err(
            &[
                "Task ",
                id.as_str(),
                " may not start before ",
                &minute(fixed),
                " UTC.",
            ]
            .concat(),
        ));
    }
    Ok(())
}

/// Decide [`ReleaseChange::MarkTask`]: see [`check_mark`]; the time is the event's.
pub(crate) fn decide_mark(
    ask: &Ask,
    (run, task, step): (ItemId, TaskId, Step),
    now: DateTime<Utc>,
) -> Result<ReleaseChange, LifecycleError> {
    check_mark(ask.book, ask.release, ask.actor, (&run, &task, step), now)?;
    Ok(ReleaseChange::MarkTask { run, task, step })
}

/// Apply [`ReleaseChange::MarkTask`]: the run going, the task in the runbook, the step
/// following the task's state; the event's time is the actual time.
pub(crate) fn apply_mark(
    release: &mut Release,
    (run, task, step): (&ItemId, &TaskId, Step),
    at: &At,
) -> Result<(), String> {
    in_status(release, MARK.allowed, "mark a task")?;
    let found = release
        .runbook
        .task(task)
        .ok_or("the task is not in the runbook")?;
    let found = found.clone();
    let run = going_mut(release, run)?;
    step_follows(&found, run.state_of(task), step)?;
    let time = Some(at.0.at);
    let by = at.0.by.clone();
    match run.progress.iter_mut().find(|p| &p.task == task) {
        Some(p) => {
            p.state = step.state();
            p.by = by;
            if step == Step::Start {
                p.started = time;
                p.finished = None;
            } else {
                p.finished = time;
            }
        }
        None => run.progress.push(Progress {
            task: task.clone(),
            state: step.state(),
            started: time.filter(|_| step == Step::Start),
            finished: time.filter(|_| step != Step::Start),
            by,
        }),
    }
    Ok(())
}

/// Decide [`ReleaseChange::SwitchToBackout`]: the run going and not yet switched, a
/// reason, and a back-out step to run.
pub(crate) fn decide_switch(
    ask: &Ask,
    run: ItemId,
    reason: String,
) -> Result<ReleaseChange, LifecycleError> {
    let found = going(ask.release, &run)?;
    if found.backout.is_some() {
        return Err(state_err("The run already switched to back-out."));
    }
    text("reason", &reason, "why the run backs out")?;
    if !ask
        .release
        .runbook
        .tasks
        .iter()
        .any(|t| t.kind == TaskKind::Backout)
    {
        return Err(state_err(
            "The runbook has no back-out step; add the steps that undo the deployment.",
        ));
    }
    Ok(ReleaseChange::SwitchToBackout { run, reason })
}

/// Apply [`ReleaseChange::SwitchToBackout`].
pub(crate) fn apply_switch(
    release: &mut Release,
    run: &ItemId,
    reason: &str,
    at: &At,
) -> Result<(), String> {
    in_status(release, SWITCH.allowed, "switch a run to back-out")?;
    let run = going_mut(release, run)?;
    require(
        run.backout.is_none(),
        "the run already switched to back-out",
    )?;
    run.backout = Some((at.stamp(), reason.to_owned()));
    Ok(())
}

/// Decide [`ReleaseChange::EndRun`]: the run going.
pub(crate) fn decide_end(ask: &Ask, run: ItemId) -> Result<ReleaseChange, LifecycleError> {
    going(ask.release, &run)?;
    Ok(ReleaseChange::EndRun(run))
}

/// Apply [`ReleaseChange::EndRun`]: what is not done stays as it is.
pub(crate) fn apply_end(release: &mut Release, run: &ItemId, at: &At) -> Result<(), String> {
    in_status(release, END.allowed, "end a run")?;
    let run = going_mut(release, run)?;
    run.ended = Some(at.stamp());
    Ok(())
}

/// What a deployment's authorization needs of the runs: when the service's policy asks
/// it, a major release has finished a rehearsal.
pub(crate) fn deployment_needs(book: &Book, release: &Release, missing: &mut Vec<Missing>) {
    let asks = book.policy(&release.service).rehearse_major && release.category == Category::Major;
    let rehearsed = release
        .runs
        .iter()
        .any(|r| r.kind == RunKind::Rehearsal && !r.is_going());
    if asks && !rehearsed {
        missing.push(Missing::new(
            Section::Runbook,
            "a finished rehearsal of the runbook (the release policy asks one of a major release)",
        ));
    }
}

impl Release {
    /// Why `person` may not take `step` on `task` of the run going at `now`, or `None`
    /// when the domain would accept it: what a view asks before it offers the step.
    pub fn step_refusal(
        &self,
        book: &Book,
        person: &PersonId,
        task: &TaskId,
        step: Step,
        now: DateTime<Utc>,
    ) -> Option<LifecycleError> {
        let Some(run) = self.current_run() else {
            return Some(state_err("No run is going."));
        };
        check_mark(
            book,
            self,
            book.people.get(person),
            (&run.id, task, step),
            now,
        )
        .err()
    }

    /// The steps `person` may take on `task` of the run going at `now`.
    pub fn offered_steps(
        &self,
        book: &Book,
        person: &PersonId,
        task: &TaskId,
        now: DateTime<Utc>,
    ) -> Vec<Step> {
        let Some(run) = self.current_run() else {
            return Vec::new();
        };
        let actor = book.people.get(person);
        Step::ALL
            .into_iter()
            .filter(|&step| check_mark(book, self, actor, (&run.id, task, step), now).is_ok())
            .collect()
    }

    /// The tasks of the run going that `person` may act on at `now`, each with the steps
    /// offered ("My tasks"), in runbook order.
    pub fn my_tasks(
        &self,
        book: &Book,
        person: &PersonId,
        now: DateTime<Utc>,
    ) -> Vec<(&Task, Vec<Step>)> {
        self.runbook
            .tasks
            .iter()
            .map(|task| (task, self.offered_steps(book, person, &task.id, now)))
            .filter(|(_, steps)| !steps.is_empty())
            .collect()
    }
}

/// A task `person` may act on now, in a run going: its release, the task, the steps.
pub type MyTask<'a> = (&'a Release, &'a Task, Vec<Step>);

/// The tasks of every run going in the book that `person` may act on at `now` (the "My
/// tasks" page), release by release in the book's order, each in runbook order.
pub fn my_tasks<'a>(book: &'a Book, person: &PersonId, now: DateTime<Utc>) -> Vec<MyTask<'a>> {
    book.releases
        .values()
        .filter(|r| r.current_run().is_some())
        .flat_map(|r| {
            r.my_tasks(book, person, now)
                .into_iter()
                .map(move |(task, steps)| (r, task, steps))
        })
        .collect()
}
