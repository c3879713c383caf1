//! The forward and backward pass over the runbook: planned, forecast and actual start and
//! finish of every task, its slack, and the critical path (the longest chain of tasks that
//! drives the finish). Pure: the start and `now` come in as arguments, the actuals from the
//! run. Times are counted in milliseconds inside, so the pass does no date arithmetic.

use super::{Run, Runbook, Task, TaskId, TaskKind, TaskState};
use crate::domain::book::Book;
use crate::domain::release::{Release, Wave, Window};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A cycle among the tasks' predecessors, in the order the tasks would run: the first
/// task again at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle(pub Vec<TaskId>);

impl Cycle {
    /// "The tasks T3 → T5 → T3 wait for each other (a cycle); take one predecessor out."
    pub fn message(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(TaskId::as_str).collect();
        [
            "The tasks ",
            &names.join(" → "),
            " wait for each other (a cycle); take one predecessor out.",
        ]
        .concat()
    }
}

/// One task's times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    /// The task.
    pub id: TaskId,
    /// Its start: actual when it started, else forecast.
    pub start: DateTime<Utc>,
    /// Its finish: actual when it finished, else forecast.
    pub finish: DateTime<Utc>,
    /// Its start in the plan (planned durations from the run's start, no actuals).
    pub planned_start: DateTime<Utc>,
    /// Its finish in the plan.
    pub planned_finish: DateTime<Utc>,
    /// When it actually started.
    pub actual_start: Option<DateTime<Utc>>,
    /// When it actually finished (was skipped, or failed).
    pub actual_finish: Option<DateTime<Utc>>,
    /// How many minutes it may slip without moving the finish.
    pub slack_minutes: i64,
    /// On the critical path.
    pub critical: bool,
    /// Finishing (or finished) later than planned.
    pub late: bool,
}

/// The times of the tasks on the path the run takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// The tasks on the path, in runbook order: without a run every task but the back-out
    /// steps; in a run also every task it marked, and in back-out mode the back-out steps
    /// instead of the normal tasks not yet started; tasks stopped by a failed go/no-go are
    /// left out.
    pub tasks: Vec<Timed>,
    /// The start (the plan's, or the run's).
    pub start: DateTime<Utc>,
    /// The finish: the latest finish of a task.
    pub finish: DateTime<Utc>,
    /// The critical path, first task first: each task's start is its predecessor's finish.
    pub critical_path: Vec<TaskId>,
}

impl Forecast {
    /// The times of one task, if it is on the path.
    pub fn timed(&self, id: &TaskId) -> Option<&Timed> {
        self.tasks.iter().find(|t| &t.id == id)
    }

    /// From start to finish, in minutes.
    pub fn minutes(&self) -> i64 {
        (self.finish - self.start).num_minutes()
    }
}

/// FNV-1a: task ids are short, and the map is rebuilt on every pass.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Task ids to their place in the runbook (the first task with an id wins).
pub(crate) type Index<'a> = HashMap<&'a str, usize, BuildHasherDefault<Fnv>>;

/// The index of the tasks' ids.
pub(crate) fn index(tasks: &[Task]) -> Index<'_> {
    let mut index = Index::with_capacity_and_hasher(tasks.len(), Default::default());
    for (i, task) in tasks.iter().enumerate() {
        index.entry(task.id.as_str()).or_insert(i);
    }
    index
}

/// The tasks as a graph: each task's predecessors by index (in one flat list), and an
/// order in which every task comes after its predecessors.
pub(crate) struct Graph {
    /// Where each task's predecessors begin in `pred_list`; one more entry at the end.
    pred_at: Vec<usize>,
    pred_list: Vec<usize>,
    /// The tasks, each after its predecessors.
    pub order: Vec<usize>,
}

impl Graph {
    /// The predecessors of task `i`.
    pub fn preds(&self, i: usize) -> &[usize] {
        &self.pred_list[self.pred_at[i]..self.pred_at[i + 1]]
    }
}

/// The graph of the tasks, or the cycle that keeps it from having an order. Unknown
/// predecessors are left out (`decide` refuses them; a merge may leave one).
pub(crate) fn graph(tasks: &[Task]) -> Result<Graph, Cycle> {
    let n = tasks.len();
    let index = index(tasks);
    let mut g = Graph {
        pred_at: Vec::with_capacity(n + 1),
        pred_list: Vec::with_capacity(2 * n),
        order: Vec::with_capacity(n),
    };
    let mut succ_count = vec![0usize; n + 1];
    for task in tasks {
        g.pred_at.push(g.pred_list.len());
        for p in &task.after {
            if let Some(&p) = index.get(p.as_str()) {
                g.pred_list.push(p);
                succ_count[p] += 1;
            }
        }
    }
    g.pred_at.push(g.pred_list.len());
    // The successors, flat like the predecessors.
    let mut succ_at = vec![0usize; n + 1];
    for i in 0..n {
        succ_at[i + 1] = succ_at[i] + succ_count[i];
    }
    let mut fill = succ_at.clone();
    let mut succ_list = vec![0usize; g.pred_list.len()];
    let mut waiting: Vec<usize> = vec![0; n];
    for (i, wait) in waiting.iter_mut().enumerate() {
        let preds = g.preds(i);
        *wait = preds.len();
        for &p in preds {
            succ_list[fill[p]] = i;
            fill[p] += 1;
        }
    }
    g.order.extend((0..n).filter(|&i| waiting[i] == 0));
    let mut next = 0;
    while next < g.order.len() {
        let i = g.order[next];
        next += 1;
        for &s in &succ_list[succ_at[i]..succ_at[i + 1]] {
            waiting[s] -= 1;
            if waiting[s] == 0 {
                g.order.push(s);
            }
        }
    }
    if g.order.len() == n {
        return Ok(g);
    }
    // Every task left waits for another task left: walk back until one comes again.
    let Some(mut at) = (0..n).find(|&i| waiting[i] > 0) else {
        return Ok(g);
    };
    let mut walk: Vec<usize> = Vec::new();
    loop {
        if let Some(from) = walk.iter().position(|&w| w == at) {
            // `walk` went from each task to a predecessor: reversed, it runs forwards.
            let mut cycle = vec![tasks[at].id.clone()];
            cycle.extend(walk[from..].iter().rev().map(|&i| tasks[i].id.clone()));
            return Err(Cycle(cycle));
        }
        walk.push(at);
        match g.preds(at).iter().find(|&&p| waiting[p] > 0) {
            Some(&p) => at = p,
            None => return Ok(g),
        }
    }
}

/// The cycle among the tasks, if there is one.
pub(crate) fn find_cycle(tasks: &[Task]) -> Option<Cycle> {
    graph(tasks).err()
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

const MINUTE: i64 = 60_000;

/// One pass's result per task (by index): start and finish in milliseconds.
struct Pass {
    start: Vec<i64>,
    finish: Vec<i64>,
}

/// The forward pass over the tasks on the path: each starts at the latest of `start`,
/// its fixed start, its predecessors' finishes and (when not yet started) `now`; actuals
/// stand where known, a task running finishes no earlier than `now`.
fn forward(
    tasks: &[Task],
    g: &Graph,
    on: &[bool],
    run: Option<&Run>,
    start: i64,
    now: i64,
) -> Pass {
    let n = tasks.len();
    let mut pass = Pass {
        start: vec![start; n],
        finish: vec![start; n],
    };
    for &i in &g.order {
        if !on[i] {
            continue;
        }
        let task = &tasks[i];
        let mut earliest = task.fixed_start.map_or(start, ms).max(start);
        for &p in g.preds(i) {
            if on[p] {
                earliest = earliest.max(pass.finish[p]);
            }
        }
        let planned = i64::from(task.minutes) * MINUTE;
        let progress = run.and_then(|r| r.progress_of(&task.id));
        let (s, f) = match progress {
            Some(p) => match (p.started.map(ms), p.finished.map(ms)) {
                (Some(s), Some(f)) => (s, f.max(s)),
                (Some(s), None) => (s, (s + planned).max(now)),
                (None, Some(f)) => (f, f),
                (None, None) => (earliest.max(now), earliest.max(now) + planned),
            },
            None => {
                let s = earliest.max(now);
                (s, s + planned)
            }
        };
        pass.start[i] = s;
        pass.finish[i] = f;
    }
    pass
}

/// Which tasks are on the path of `run` (or of the plan, without a run).
fn on_path(runbook: &Runbook, g: &Graph, run: Option<&Run>) -> Vec<bool> {
    let tasks = &runbook.tasks;
    let backout = run.is_some_and(|r| r.backout.is_some());
    let stopped = stopped(tasks, g, run);
    tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let marked = run.is_some_and(|r| r.progress_of(&t.id).is_some());
            let is_backout = t.kind == TaskKind::Backout;
            marked || (is_backout == backout && (is_backout || stopped[i].is_none()))
        })
        .collect()
}

/// For each task, the failed go/no-go that stops it (itself excluded), if one does.
fn stopped(tasks: &[Task], g: &Graph, run: Option<&Run>) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = vec![None; tasks.len()];
    let Some(run) = run else {
        return out;
    };
    for &i in &g.order {
        out[i] = g.preds(i).iter().find_map(|&p| {
            let failed = tasks[p].kind == TaskKind::GoNoGo
                && run.state_of(&tasks[p].id) == Some(TaskState::Failed);
            if failed {
                Some(p)
            } else {
                out[p]
            }
        });
    }
    out
}

/// The failed go/no-go that stops `id` in `run`, if one does.
pub(crate) fn stopped_by<'a>(runbook: &'a Runbook, run: &Run, id: &TaskId) -> Option<&'a Task> {
    let g = graph(&runbook.tasks).ok()?;
    let at = runbook.tasks.iter().position(|t| &t.id == id)?;
    stopped(&runbook.tasks, &g, Some(run))[at].map(|i| &runbook.tasks[i])
}

/// The forward and backward pass of `run` (or the plan) from `start`, at `now`.
fn compute(
    runbook: &Runbook,
    run: Option<&Run>,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Forecast, Cycle> {
    let tasks = &runbook.tasks;
    let g = graph(tasks)?;
    let on = on_path(runbook, &g, run);
    let (start, now) = (ms(start), ms(now).max(ms(start)));
    let planned = forward(tasks, &g, &on, None, start, start);
    let pass = match run {
        Some(_) => forward(tasks, &g, &on, run, start, now),
        None => Pass {
            start: planned.start.clone(),
            finish: planned.finish.clone(),
        },
    };
    let finish = (0..tasks.len())
        .filter(|&i| on[i])
        .map(|i| pass.finish[i])
        .max()
        .unwrap_or(start);
    // Backward pass: the latest finish that does not move the finish.
    let mut latest = vec![finish; tasks.len()];
    for &i in g.order.iter().rev() {
        if !on[i] {
            continue;
        }
        let late_start = latest[i] - (pass.finish[i] - pass.start[i]);
        for &p in g.preds(i) {
            latest[p] = latest[p].min(late_start);
        }
    }
    // The critical path: back from the last finish through the predecessor that drives
    // each start.
    let mut critical = vec![false; tasks.len()];
    let mut path: Vec<TaskId> = Vec::new();
    let mut at = (0..tasks.len())
        .filter(|&i| on[i])
        .max_by_key(|&i| (pass.finish[i], usize::MAX - i));
    while let Some(i) = at {
        critical[i] = true;
        path.push(tasks[i].id.clone());
        at = g
            .preds(i)
            .iter()
            .copied()
            .find(|&p| on[p] && !critical[p] && pass.finish[p] == pass.start[i]);
    }
    path.reverse();
    let out = tasks
        .iter()
        .enumerate()
        .filter(|&(i, _)| on[i])
        .map(|(i, task)| {
            let progress = run.and_then(|r| r.progress_of(&task.id));
            Timed {
                id: task.id.clone(),
                start: time(pass.start[i]),
                finish: time(pass.finish[i]),
                planned_start: time(planned.start[i]),
                planned_finish: time(planned.finish[i]),
                actual_start: progress.and_then(|p| p.started),
                actual_finish: progress.and_then(|p| p.finished),
                slack_minutes: (latest[i] - pass.finish[i]) / MINUTE,
                critical: critical[i],
                late: pass.finish[i] > planned.finish[i],
            }
        })
        .collect();
    Ok(Forecast {
        tasks: out,
        start: time(start),
        finish: time(finish),
        critical_path: path,
    })
}

/// The plan with no actuals, from `start`: every task but the back-out steps.
pub fn plan(runbook: &Runbook, start: DateTime<Utc>) -> Result<Forecast, Cycle> {
    compute(runbook, None, start, start)
}

/// The forecast of `run` at `now`: actuals where known, the tasks left not before `now`,
/// back-out mode and failed go/no-go decisions respected.
pub fn forecast(runbook: &Runbook, run: &Run, now: DateTime<Utc>) -> Result<Forecast, Cycle> {
    compute(runbook, Some(run), run.started.at, now)
}

impl Release {
    /// The forecast of the run going at `now`, if one is going.
    pub fn run_forecast(&self, now: DateTime<Utc>) -> Option<Forecast> {
        let run = self.current_run()?;
        forecast(&self.runbook, run, now).ok()
    }

    /// The window the runbook deploys in: that of the wave the first task naming a wave
    /// names, else the first wave's by start. The plan starts at its start when no run is
    /// going.
    pub fn runbook_window(&self) -> Option<Window> {
        self.runbook_wave().map(|w| w.plan.window)
    }

    /// The wave of [`Release::runbook_window`].
    fn runbook_wave(&self) -> Option<&Wave> {
        let named = self.runbook.tasks.iter().find_map(|t| t.wave.as_ref());
        named
            .and_then(|w| self.wave(w))
            .or_else(|| self.waves.iter().min_by_key(|w| w.plan.window.start))
    }

    /// "Forecast to overrun the Production window by 40 min; critical path through “…”,
    /// “…”." when the forecast finish of the live run going (or, when no run is going and
    /// no live run ended, of the plan from the start of [`Release::runbook_window`]) passes
    /// the end of the window of a wave its tasks deploy in (tasks that
    /// name none count in the runbook's window).
    /// `None` when it fits.
    pub fn runbook_overrun(&self, book: &Book, now: DateTime<Utc>) -> Option<String> {
        let first = self.runbook_wave()?;
        let fc = match self.current_run() {
            Some(run) if run.kind == super::RunKind::Live => {
                forecast(&self.runbook, run, now).ok()?
            }
            Some(_) => plan(&self.runbook, first.plan.window.start).ok()?,
            None if self.runs.iter().any(|r| r.kind == super::RunKind::Live) => return None,
            None => plan(&self.runbook, first.plan.window.start).ok()?,
        };
        let mut worst: Option<(i64, &str)> = None;
        for wave in &self.waves {
            let finish = fc
                .tasks
                .iter()
                .filter(|t| {
                    let named = self.runbook.task(&t.id).and_then(|x| x.wave.as_ref());
                    named.map_or(wave.id == first.id, |w| *w == wave.id)
                })
                .map(|t| t.finish)
                .max();
            let over = finish.map_or(0, |f| (f - wave.plan.window.end).num_minutes());
            if over > 0 && worst.is_none_or(|(m, _)| over > m) {
                let env = &wave.plan.environment;
                let name = book
                    .environments
                    .get(env)
                    .map_or(env.as_str(), |e| e.name.as_str());
                worst = Some((over, name));
            }
        }
        let (over, name) = worst?;
        let left: Vec<String> = fc
            .critical_path
            .iter()
            .filter(|id| fc.timed(id).is_some_and(|t| t.actual_finish.is_none()))
            .filter_map(|id| self.runbook.task(id))
            .map(|t| crate::domain::limits::quoted(&t.title))
            .collect();
        let mut out = [
            "Forecast to overrun the ",
            name,
            " window by ",
            &super::duration_text(over),
        ]
        .concat();
        if !left.is_empty() {
            out.push_str("; critical path through ");
            out.push_str(&left.join(", "));
        }
        out.push('.');
        Some(out)
    }
}
