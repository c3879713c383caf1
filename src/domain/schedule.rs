//! The deployment schedule: windows per environment and wave, and the conflicts the domain
//! finds in it — a window inside a freeze, two releases of the same service or carrying the
//! same configuration item in overlapping windows on one environment, and a release
//! scheduled before a release it depends on.

use super::book::Book;
use super::ids::{EnvironmentId, ItemId, ReleaseId};
use super::release::{Release, Status};
use super::wave::{Wave, WaveStatus, Window};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

    for other in book.releases.values() {
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
pub fn all_conflicts(book: &Book) -> Vec<ScheduleConflict> {
    book.releases
        .values()
        .filter(|r| is_scheduled(r))
        .flat_map(|r| release_conflicts(book, r))
        .collect()
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
