//! DORA's four key metrics of software delivery, computed from the book's own events:
//! deployment frequency, lead time for changes, change failure rate and time to restore.
//!
//! A **deployment** is the start of a wave on a production environment (an event that
//! counted: rejected and conflicting events are left out). Each start counts, so a release
//! deployed to two production environments, or again after a back-out and a re-plan, is
//! several deployments. A deployment **fails** when its verification fails, when it is
//! remediated, or when the release is backed out while it is deployed; it is **restored**
//! when it is verified as working after that, or when the back-out undoes it. Its **lead
//! time** runs from the release's first authorization by change management (the RFC
//! authorized for planning) to its first verification as working.
//!
//! The metrics come from the log rather than the folded state, because a re-plan clears a
//! wave's start and a later setback replaces an earlier one; the log keeps them all, and a
//! prefix of it gives the figures as they were (time travel).

use super::book::Book;
use super::change::{Change, ReleaseChange};
use super::event::Event;
use super::ids::{EnvironmentId, EventId, ItemId, ReleaseId, ServiceId};
use super::order;
use chrono::{DateTime, Datelike, Duration, Utc};

/// One production deployment and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    /// The release deployed.
    pub release: ReleaseId,
    /// Its service.
    pub service: ServiceId,
    /// The production environment.
    pub environment: EnvironmentId,
    /// When the wave started.
    pub started: DateTime<Utc>,
    /// When the release's change was authorized: where its lead time starts.
    pub authorized: DateTime<Utc>,
    /// When it was first verified as working.
    pub verified: Option<DateTime<Utc>>,
    /// When it was first found failing (a failed verification, a remediation, a back-out).
    pub failed: Option<DateTime<Utc>>,
    /// When service was restored after the failure (verified again, or backed out).
    pub restored: Option<DateTime<Utc>>,
}

impl Deployment {
    /// Minutes from the authorization to the first verification as working.
    pub fn lead_minutes(&self) -> Option<i64> {
        self.verified.map(|v| (v - self.authorized).num_minutes())
    }

    /// Minutes from the failure to the restoration.
    pub fn restore_minutes(&self) -> Option<i64> {
        Some((self.restored? - self.failed?).num_minutes())
    }
}

/// Every production deployment in `events` (a book's log, or a prefix of it for the figures
/// as they were), oldest first. `book` names the environments, services and waves, and says
/// which events did not count.
pub fn deployments(book: &Book, events: &[Event]) -> Vec<Deployment> {
    let mut skipped: Vec<&EventId> = book
        .rejected
        .iter()
        .map(|r| &r.event)
        .chain(book.conflicts.iter().map(|c| &c.event))
        .collect();
    order::sort_by_key(&mut skipped, |id| *id);
    let mut out: Vec<Deployment> = Vec::new();
    // The deployment each production wave has going, by wave id (unique in a book), sorted
    // for a binary search: an index into `out`.
    let mut going: Vec<(&ItemId, usize)> = Vec::new();
    for event in events {
        let Change::Release { id, change } = &event.what else {
            continue;
        };
        if skipped.binary_search(&&event.id).is_ok() {
            continue;
        }
        let at = event.at;
        let of_wave = |going: &[(&ItemId, usize)], wave: &ItemId| {
            going
                .binary_search_by(|(w, _)| (*w).cmp(wave))
                .ok()
                .map(|k| going[k].1)
        };
        match change {
            ReleaseChange::StartWave(wave) => {
                let Some(release) = book.releases.get(id) else {
                    continue;
                };
                let Some(plan) = release.wave(wave).map(|w| &w.plan) else {
                    continue;
                };
                let production = book
                    .environments
                    .get(&plan.environment)
                    .is_some_and(|e| e.production);
                if production {
                    match going.binary_search_by(|(w, _)| (*w).cmp(wave)) {
                        Ok(k) => going[k].1 = out.len(),
                        Err(k) => going.insert(k, (wave, out.len())),
                    }
                    // The first authorization by change management is the RFC's: the
                    // release's authorizations are kept, oldest first, across re-plans.
                    let authorized = release
                        .authorizations
                        .first()
                        .map_or(release.created.at, |a| a.stamp.at);
                    out.push(Deployment {
                        release: id.clone(),
                        service: release.service.clone(),
                        environment: plan.environment.clone(),
                        started: at,
                        authorized,
                        verified: None,
                        failed: None,
                        restored: None,
                    });
                }
            }
            ReleaseChange::VerifyWave { wave, passed, .. } => {
                if let Some(d) = of_wave(&going, wave).map(|n| &mut out[n]) {
                    if *passed {
                        d.verified.get_or_insert(at);
                        if d.failed.is_some() {
                            d.restored.get_or_insert(at);
                        }
                    } else {
                        d.failed.get_or_insert(at);
                    }
                }
            }
            ReleaseChange::RemediateWave { wave, .. } => {
                if let Some(d) = of_wave(&going, wave).map(|n| &mut out[n]) {
                    d.failed.get_or_insert(at);
                }
            }
            ReleaseChange::BackOut { .. } => {
                going.retain(|(_, n)| {
                    let d = &mut out[*n];
                    if &d.release != id {
                        return true;
                    }
                    d.failed.get_or_insert(at);
                    d.restored.get_or_insert(at);
                    false
                });
            }
            _ => {}
        }
    }
    out
}

/// The figures of one period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Deployments started in the period.
    pub deployments: u32,
    /// Of those, how many failed.
    pub failures: u32,
    /// The median lead time of deployments verified in the period, in minutes.
    pub lead_minutes: Option<i64>,
    /// The median time to restore of failures restored in the period, in minutes.
    pub restore_minutes: Option<i64>,
}

impl Figures {
    /// The change failure rate in whole per cent, when anything was deployed.
    pub fn failure_percent(&self) -> Option<u32> {
        (self.deployments > 0)
            .then(|| (self.failures * 100 + self.deployments / 2) / self.deployments)
    }
}

/// One week of a trend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// Its Monday, 00:00 UTC.
    pub start: DateTime<Utc>,
    /// Its figures.
    pub figures: Figures,
}

/// The four metrics over the last weeks: week by week, and over the whole span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dora {
    /// The weeks, oldest first; the last is the week of `now`.
    pub weeks: Vec<Week>,
    /// The whole span.
    pub total: Figures,
    /// Days in the span (to the end of `now`'s day): what the frequency is per.
    pub days: i64,
}

/// The metrics of `deployments` (of `service`, or of all) over the `weeks` weeks up to
/// `now`, Monday to Sunday in UTC.
pub fn metrics(
    deployments: &[Deployment],
    service: Option<&ServiceId>,
    now: DateTime<Utc>,
    weeks: u32,
) -> Dora {
    let today = now.date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first = monday - Duration::weeks(i64::from(weeks.max(1)) - 1);
    let start = first.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc());
    let end = (today + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .map_or(now, |t| t.and_utc());
    let mine: Vec<&Deployment> = deployments
        .iter()
        .filter(|d| service.is_none_or(|s| &d.service == s))
        .collect();
    let week_starts = (0..weeks.max(1)).map(|n| start + Duration::weeks(i64::from(n)));
    let weeks = week_starts
        .map(|from| Week {
            start: from,
            figures: figures(&mine, from, from + Duration::weeks(1)),
        })
        .collect();
    Dora {
        weeks,
        total: figures(&mine, start, end),
        days: (end - start).num_days(),
    }
}

/// The figures of `[from, until)`.
fn figures(deployments: &[&Deployment], from: DateTime<Utc>, until: DateTime<Utc>) -> Figures {
    let within = |at: Option<DateTime<Utc>>| at.is_some_and(|t| t >= from && t < until);
    let started: Vec<&&Deployment> = deployments
        .iter()
        .filter(|d| within(Some(d.started)))
        .collect();
    let leads = deployments
        .iter()
        .filter(|d| within(d.verified))
        .filter_map(|d| d.lead_minutes());
    let restores = deployments
        .iter()
        .filter(|d| within(d.restored))
        .filter_map(|d| d.restore_minutes());
    Figures {
        deployments: count(started.len()),
        failures: count(started.iter().filter(|d| d.failed.is_some()).count()),
        lead_minutes: median(leads.collect()),
        restore_minutes: median(restores.collect()),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The median (the lower middle of an even count), or `None` of nothing.
fn median(mut values: Vec<i64>) -> Option<i64> {
    order::sort_by_key(&mut values, |v| *v);
    let mid = values.len().checked_sub(1)? / 2;
    values.get(mid).copied()
}

/// DORA's performance bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    /// The best performers.
    Elite,
    /// High performers.
    High,
    /// Medium performers.
    Medium,
    /// Low performers.
    Low,
}

impl Band {
    /// The word a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Band::Elite => "elite",
            Band::High => "high",
            Band::Medium => "medium",
            Band::Low => "low",
        }
    }
}

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

/// The four metrics, each with its definition and DORA's bands (State of DevOps 2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// How often production is deployed.
    Frequency,
    /// From authorization to working in production.
    LeadTime,
    /// The share of deployments that fail.
    FailureRate,
    /// From a failure to service restored.
    TimeToRestore,
}

impl Metric {
    /// The four, in DORA's order.
    pub const ALL: [Metric; 4] = [
        Metric::Frequency,
        Metric::LeadTime,
        Metric::FailureRate,
        Metric::TimeToRestore,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Frequency => "Deployment frequency",
            Metric::LeadTime => "Lead time for changes",
            Metric::FailureRate => "Change failure rate",
            Metric::TimeToRestore => "Time to restore service",
        }
    }

    /// What it measures here, in words.
    pub fn definition(self) -> &'static str {
        match self {
            Metric::Frequency => "Deployments to production environments: each wave started on one counts, again after a back-out and re-plan.",
            Metric::LeadTime => "From change management's first authorization of the release (its RFC) to its wave verified as working in production; the median of the deployments verified that week.",
            Metric::FailureRate => "Deployments whose verification failed, that were remediated or backed out, out of the deployments started that week.",
            Metric::TimeToRestore => "From a production deployment found failing to it verified as working after remediation, or to the back-out; the median of the restorations that week.",
        }
    }

    /// DORA's bands for it, in words.
    pub fn bands(self) -> &'static str {
        match self {
            Metric::Frequency => "Elite: several a day. High: daily to weekly. Medium: weekly to monthly. Low: less than monthly.",
            Metric::LeadTime => "Elite: under a day. High: a day to a week. Medium: a week to a month. Low: more than a month.",
            Metric::FailureRate => "Elite: 5 % or less. High: 10 %. Medium: 15 %. Low: more.",
            Metric::TimeToRestore => "Elite: under an hour. High: under a day. Medium: under a week. Low: a week or more.",
        }
    }

    /// A week's value as a number for the chart (deployments, minutes or per cent).
    pub fn value(self, f: &Figures) -> Option<i64> {
        match self {
            Metric::Frequency => Some(i64::from(f.deployments)),
            Metric::LeadTime => f.lead_minutes,
            Metric::FailureRate => f.failure_percent().map(i64::from),
            Metric::TimeToRestore => f.restore_minutes,
        }
    }

    /// A value in words: "3 deployments", "2 d 4 h", "25 %".
    pub fn words(self, value: Option<i64>) -> String {
        match (self, value) {
            (_, None) => "none".to_owned(),
            (Metric::Frequency, Some(n)) => {
                super::plural::count(usize::try_from(n).unwrap_or(0), "deployment")
            }
            (Metric::FailureRate, Some(p)) => format!("{p} %"),
            (_, Some(m)) => duration_words(m),
        }
    }

    /// The band of the whole span's figures, when there is something to judge.
    pub fn band(self, dora: &Dora) -> Option<Band> {
        let f = &dora.total;
        let band = |limits: [i64; 3], v: i64| {
            if v < limits[0] {
                Band::Elite
            } else if v < limits[1] {
                Band::High
            } else if v < limits[2] {
                Band::Medium
            } else {
                Band::Low
            }
        };
        match self {
            // Days between deployments, in tenths: several a day, daily to weekly, weekly
            // to monthly.
            Metric::Frequency => {
                let n = i64::from(f.deployments);
                (n > 0).then(|| band([10, 71, 301], dora.days * 10 / n))
            }
            Metric::LeadTime => f.lead_minutes.map(|m| band([DAY, 7 * DAY, 30 * DAY], m)),
            Metric::FailureRate => f.failure_percent().map(|p| band([6, 11, 16], i64::from(p))),
            Metric::TimeToRestore => f.restore_minutes.map(|m| band([HOUR, DAY, 7 * DAY], m)),
        }
    }
}

/// Minutes in words: "45 min", "3 h 10 min" (as a runbook says them), and from a day on
/// "2 d 4 h".
pub fn duration_words(minutes: i64) -> String {
    let m = minutes.max(0);
    if m < DAY {
        return super::duration_text(m);
    }
    match (m % DAY) / HOUR {
        0 => format!("{} d", m / DAY),
        rest => format!("{} d {rest} h", m / DAY),
    }
}
