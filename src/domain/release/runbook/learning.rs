//! What the runs teach: each task's learned duration (the median and 90th percentile of
//! its actual durations in the runs that ended, matched by task id across revisions), the
//! run summaries that compare runs, and the statistics of a run for the post-implementation
//! review: planned against actual, late tasks, critical path slips, back-out time.

use super::{duration_text, forecast, plan, Run, RunKind, TaskId, TaskState};
use crate::domain::order;
use crate::domain::release::Release;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A task's learned duration, in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Learned {
    /// The median of its actual durations.
    pub median: u32,
    /// The 90th percentile (nearest rank).
    pub p90: u32,
    /// How many runs it was done in.
    pub samples: usize,
}

impl Learned {
    /// "median 25 min, p90 40 min (3 runs)".
    pub fn text(&self) -> String {
        [
            "median ",
            &duration_text(i64::from(self.median)),
            ", p90 ",
            &duration_text(i64::from(self.p90)),
            " (",
            &crate::domain::plural::count(self.samples, "run"),
            ")",
        ]
        .concat()
    }
}

/// The learned duration of each task done (started and finished) in a run that ended.
pub fn learned(release: &Release) -> BTreeMap<TaskId, Learned> {
    let mut samples: BTreeMap<TaskId, Vec<u32>> = BTreeMap::new();
    for run in release.runs.iter().filter(|r| !r.is_going()) {
        for p in run.progress.iter().filter(|p| p.state == TaskState::Done) {
            if let (Some(s), Some(f)) = (p.started, p.finished) {
                let minutes = u32::try_from((f - s).num_minutes()).unwrap_or(0);
                samples.entry(p.task.clone()).or_default().push(minutes);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (task, mut minutes) in samples {
        order::sort(&mut minutes);
        let n = minutes.len();
        let median = (minutes[(n - 1) / 2] + minutes[n / 2]) / 2;
        let p90 = minutes[(9 * n).div_ceil(10) - 1];
        out.insert(
            task,
            Learned {
                median,
                p90,
                samples: n,
            },
        );
    }
    out
}

/// One line per run, oldest first: "Rehearsal 2: 3 h 10 min", "Live run forecast: 2 h 55
/// min", with "(backed out)" after a run that switched to back-out.
pub fn run_summaries(release: &Release, now: DateTime<Utc>) -> Vec<String> {
    release
        .runs
        .iter()
        .map(|run| run_summary(release, run, now))
        .collect()
}

/// One run's line of [`run_summaries`]; `now` counts only for a run still going.
pub fn run_summary(release: &Release, run: &Run, now: DateTime<Utc>) -> String {
    let (what, minutes) = match &run.ended {
        Some(end) => (": ", (end.at - run.started.at).num_minutes()),
        None => (
            " forecast: ",
            forecast(&release.runbook, run, now).map_or(0, |f| f.minutes()),
        ),
    };
    let backout = if run.backout.is_some() {
        " (backed out)"
    } else {
        ""
    };
    [&run.title(), what, &duration_text(minutes), backout].concat()
}

/// The statistics of a run that ended, for the review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStats {
    /// The run.
    pub run: String,
    /// The plan's length, in minutes.
    pub planned_minutes: i64,
    /// From start to end, in minutes.
    pub actual_minutes: i64,
    /// Tasks that took longer than planned.
    pub late: Vec<TaskId>,
    /// Late tasks on the plan's critical path: each moved the finish.
    pub critical_slips: Vec<TaskId>,
    /// From the switch to back-out to the end of the run, in minutes.
    pub backout_minutes: Option<i64>,
}

impl RunStats {
    /// The statistics as lines a report lists.
    pub fn lines(&self) -> Vec<String> {
        let ids = |list: &[TaskId]| -> String {
            if list.is_empty() {
                "none".into()
            } else {
                list.iter()
                    .map(TaskId::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let mut out = vec![
            [
                &self.run,
                ": planned ",
                &duration_text(self.planned_minutes),
                ", actual ",
                &duration_text(self.actual_minutes),
            ]
            .concat(),
            ["Late tasks: ", &ids(&self.late)].concat(),
            ["Critical path slips: ", &ids(&self.critical_slips)].concat(),
        ];
        if let Some(m) = self.backout_minutes {
            out.push(["Back-out time: ", &duration_text(m)].concat());
        }
        out
    }
}

/// The statistics of `run` (ended) of `release`.
pub fn run_stats(release: &Release, run: &Run) -> Option<RunStats> {
    let end = run.ended.as_ref()?.at;
    let planned = plan(&release.runbook, run.started.at).ok()?;
    let actual = forecast(&release.runbook, run, end).ok()?;
    // Late: took longer than planned, whatever its start (a delay before it is not its own).
    let late: Vec<TaskId> = actual
        .tasks
        .iter()
        .filter(|t| {
            let took = t
                .actual_start
                .zip(t.actual_finish)
                .map(|(s, f)| (f - s).num_minutes());
            let planned = release
                .runbook
                .task(&t.id)
                .map_or(0, |x| i64::from(x.minutes));
            took.is_some_and(|m| m > planned)
        })
        .map(|t| t.id.clone())
        .collect();
    let critical_slips = planned
        .critical_path
        .iter()
        .filter(|id| late.contains(id))
        .cloned()
        .collect();
    Some(RunStats {
        run: run.title(),
        planned_minutes: planned.minutes(),
        actual_minutes: (end - run.started.at).num_minutes(),
        late,
        critical_slips,
        backout_minutes: run
            .backout
            .as_ref()
            .map(|(s, _)| (end - s.at).num_minutes()),
    })
}

impl Release {
    /// The statistics of the latest live run that ended (for the post-implementation
    /// review), or of the latest rehearsal that ended when there is no live run.
    pub fn run_statistics(&self) -> Option<RunStats> {
        let ended = |kind: RunKind| {
            self.runs
                .iter()
                .rev()
                .find(|r| r.kind == kind && !r.is_going())
        };
        let run = ended(RunKind::Live).or_else(|| ended(RunKind::Rehearsal))?;
        run_stats(self, run)
    }
}
