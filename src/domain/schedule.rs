//! The deployment schedule: windows per environment and wave, and the conflicts the domain
//! finds in it — a window inside a freeze, two releases of the same service or carrying the
//! same configuration item in overlapping windows on one environment, and a release
//! scheduled before a release it depends on.

use super::book::Book;
use super::ids::{EnvironmentId, ItemId, ReleaseId};
use super::release::{Release, Status, Wave, WaveStatus, Window};
use crate::domain::order;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What is wrong with a window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// The window falls inside a freeze.
    Freeze {
        /// The freeze's name.
        freeze: String,
    },
    /// Another release deploys the same service or a shared item on the same environment.
    Overlap {
        /// The other release.
        other: ReleaseId,
    },
    /// A release this one depends on is scheduled later, or not at all, on this environment.
    Dependency {
        /// The release depended on.
        dependency: ReleaseId,
    },
}

/// A conflict on one wave's window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleConflict {
    /// The release whose window conflicts.
    pub release: ReleaseId,
    /// Its wave.
    pub wave: ItemId,
    /// Why.
    pub kind: ConflictKind,
    /// The reason, in words.
    pub message: String,
}

/// A release still heading for deployment: its windows count in the schedule.
fn is_scheduled(release: &Release) -> bool {
    !matches!(
        release.status,
        Status::Closed | Status::Cancelled | Status::BackedOut
    )
}

fn wave_is_pending(wave: &Wave) -> bool {
    !matches!(wave.status, WaveStatus::BackedOut)
}

/// The conflicts a wave of `release` would have on `environment` in `window`. Used both for
/// saved waves and for a window being dragged on the calendar, before anything is saved.
pub fn window_conflicts(
    book: &Book,
    release: &Release,
    wave: &ItemId,
    environment: &EnvironmentId,
    window: Window,
) -> Vec<ScheduleConflict> {
    window_conflicts_among(
        book,
        book.releases.values(),
        release,
        wave,
        environment,
        window,
    )
}

/// [`window_conflicts`], comparing the window only with the releases in `others` (which
/// must hold every scheduled release with a pending wave on `environment`).
fn window_conflicts_among<'a>(
    book: &Book,
    others: impl IntoIterator<Item = &'a Release>,
    release: &Release,
    wave: &ItemId,
    environment: &EnvironmentId,
    window: Window,
) -> Vec<ScheduleConflict> {
    let mut out = Vec::new();
    let conflict = |kind: ConflictKind, message: String| ScheduleConflict {
        release: release.id.clone(),
        wave: wave.clone(),
        kind,
        message,
    };
    let env_name = book
        .environments
        .get(environment)
        .map_or(environment.as_str(), |e| e.name.as_str());

    if let Some(policy) = book.policies.get(&release.service) {
        for freeze in policy
            .freeze_windows
            .iter()
            .filter(|f| f.covers(environment))
        {
            if let Some((from, to)) = freeze.overlapping(window.start, window.end) {
                out.push(conflict(
                    ConflictKind::Freeze {
                        freeze: freeze.name.clone(),
                    },
                    format!(
                        "the window falls in the freeze “{}” ({} to {}) on {env_name}",
                        freeze.name,
                        short(from),
                        short(to)
                    ),
                ));
            }
        }
    }

    for other in others {
        if other.id == release.id || !is_scheduled(other) {
            continue;
        }
        let same_service = other.service == release.service;
        let shared_ci = || {
            release
                .package
                .iter()
                .any(|c| other.package.iter().any(|o| o.ci == c.ci))
        };
        let clash = other.waves.iter().any(|w| {
            wave_is_pending(w)
                && &w.plan.environment == environment
                && w.plan.window.overlaps(&window)
        });
        if clash && (same_service || shared_ci()) {
            let why = if same_service {
                "the same service"
            } else {
                "a shared configuration item"
            };
            out.push(conflict(
                ConflictKind::Overlap {
                    other: other.id.clone(),
                },
                format!(
                    "{} deploys {why} on {env_name} in an overlapping window",
                    other.title()
                ),
            ));
        }
    }

    for dependency in &release.details.depends_on {
        let Some(dep) = book.releases.get(dependency) else {
            continue;
        };
        if dep.status == Status::Closed
            || book
                .deployed_version(&dep.service, environment)
                .is_some_and(|d| &d.release == dependency)
        {
            continue;
        }
        let dep_windows: Vec<&Window> = dep
            .waves
            .iter()
            .filter(|w| &w.plan.environment == environment && wave_is_pending(w))
            .map(|w| &w.plan.window)
            .collect();
        let message = if dep_windows.is_empty() {
            Some(format!(
                "it depends on {}, which is not scheduled on {env_name}",
                dep.title()
            ))
        } else if dep_windows.iter().any(|w| w.end > window.start) {
            Some(format!(
                "it is scheduled before {}, which it depends on, finishes on {env_name}",
                dep.title()
            ))
        } else {
            None
        };
        if let Some(message) = message {
            out.push(conflict(
                ConflictKind::Dependency {
                    dependency: dependency.clone(),
                },
                message,
            ));
        }
    }
    out
}

/// Every conflict of every scheduled wave of one release.
pub fn release_conflicts(book: &Book, release: &Release) -> Vec<ScheduleConflict> {
    release
        .waves
        .iter()
        .filter(|w| matches!(w.status, WaveStatus::Planned | WaveStatus::Ready))
        .flat_map(|w| window_conflicts(book, release, &w.id, &w.plan.environment, w.plan.window))
        .collect()
}

/// Every conflict in the book's schedule.
///
/// Each window is compared only with the releases whose pending waves overlap it on its
/// environment, found in a list of windows sorted by start: a book of 10,000 releases is
/// not scanned again for every wave.
pub fn all_conflicts(book: &Book) -> Vec<ScheduleConflict> {
    let mut schedule: HashMap<&EnvironmentId, Spans<'_>> = HashMap::new();
    for release in book.releases.values().filter(|r| is_scheduled(r)) {
        for wave in release.waves.iter().filter(|w| wave_is_pending(w)) {
            schedule
                .entry(&wave.plan.environment)
                .or_default()
                .add(wave.plan.window, release);
        }
    }
    for spans in schedule.values_mut() {
        spans.order_by_start();
    }
    let mut out = Vec::new();
    for release in book.releases.values().filter(|r| is_scheduled(r)) {
        for wave in release
            .waves
            .iter()
            .filter(|w| matches!(w.status, WaveStatus::Planned | WaveStatus::Ready))
        {
            let environment = &wave.plan.environment;
            let window = wave.plan.window;
            let others = schedule
                .get(environment)
                .map(|spans| spans.overlapping(window))
                .unwrap_or_default();
            out.extend(window_conflicts_among(
                book,
                others,
                release,
                &wave.id,
                environment,
                window,
            ));
        }
    }
    out
}

/// The pending windows on one environment with their releases, sorted by start.
#[derive(Default)]
struct Spans<'a> {
    spans: Vec<(Window, &'a Release)>,
    longest: chrono::Duration,
}

impl<'a> Spans<'a> {
    fn add(&mut self, window: Window, release: &'a Release) {
        self.longest = self.longest.max(window.end - window.start);
        self.spans.push((window, release));
    }

    fn order_by_start(&mut self) {
        order::sort_by_key(&mut self.spans, |(w, _)| w.start);
    }

    /// The releases (each once, in book order) with a window overlapping `window`: those
    /// starting before it ends, and no longer ago than the longest window before it starts.
    fn overlapping(&self, window: Window) -> Vec<&'a Release> {
        let from = self
            .spans
            .partition_point(|(w, _)| w.start <= window.start - self.longest);
        let to = self.spans.partition_point(|(w, _)| w.start < window.end);
        let mut found: Vec<&'a Release> = self.spans[from..to.max(from)]
            .iter()
            .filter(|(w, _)| w.overlaps(&window))
            .map(|(_, r)| *r)
            .collect();
        order::sort_by(&mut found, |a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        found
    }
}

fn short(at: DateTime<Utc>) -> String {
    format!("{} UTC", minute(at))
}

/// A time to the minute as people write it: `2026-12-01 22:00`. Written by hand rather
/// than with chrono's `format`, whose pattern machinery costs the browser bundle 10 KB.
pub fn minute(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A date as people write it: `2026-12-01`.
pub fn date(at: DateTime<Utc>) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day())
}

/// When `at` was, seen from `now`, as people say it: "just now", "5 minutes ago", "3 hours
/// ago", "yesterday", "3 days ago", and from a week on the date ("2026-11-27"). Days are
/// calendar days in UTC, so 23:50 is "yesterday" at 08:00. A time up to an hour ahead (a
/// device whose clock runs behind) is "just now"; one further ahead is its date and time.
pub fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - at).num_minutes();
    let days = (now.date_naive() - at.date_naive()).num_days();
    let n = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match (minutes, days) {
        (..-60, _) => format!("{} UTC", minute(at)),
        (..1, _) => "just now".into(),
        (..60, _) => n(minutes, "minute"),
        (_, 0) => n(minutes / 60, "hour"),
        (_, 1) => "yesterday".into(),
        (_, ..7) => n(days, "day"),
        _ => date(at),
    }
}
