//! Queries the UI needs: releases by phase, approvals waiting for a person, upcoming
//! windows, open risks and deviations, and what version of each service is deployed where.

use super::book::{Book, Deployed};
use super::catalogue::Person;
use super::ids::{EnvironmentId, ServiceId};
use super::permissions::may_decide;
use super::policy::Approver;
use super::release::{Gate, Issue, Release, Risk, RoundOutcome, Severity, Status, Wave, Window};
use super::version::Version;
use crate::domain::order;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Releases grouped by status, in lifecycle order.
pub fn releases_by_status(book: &Book) -> BTreeMap<Status, Vec<&Release>> {
    let mut out: BTreeMap<Status, Vec<&Release>> = BTreeMap::new();
    for release in book.releases.values() {
        out.entry(release.status).or_default().push(release);
    }
    out
}

/// An approval waiting for someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingApproval<'a> {
    /// The release.
    pub release: &'a Release,
    /// The gate.
    pub gate: Gate,
    /// Whose decision is awaited.
    pub approver: Approver,
    /// Position in the chain (0-based) and the chain's length.
    pub step: (usize, usize),
}

/// Every approval waiting for a decision, or only those `person` can make.
pub fn pending_approvals<'a>(book: &'a Book, person: Option<&Person>) -> Vec<PendingApproval<'a>> {
    let mut out = Vec::new();
    for release in book.releases.values().filter(|r| !r.status.is_final()) {
        for round in release
            .rounds
            .iter()
            .filter(|r| r.outcome == RoundOutcome::Pending && r.cycle == release.cycle)
        {
            let Some(next) = round.next() else { continue };
            if person.is_none_or(|p| may_decide(p, next)) {
                out.push(PendingApproval {
                    release,
                    gate: round.gate.clone(),
                    approver: next.clone(),
                    step: (round.decisions.len(), round.chain.len()),
                });
            }
        }
    }
    out
}

/// A deployment window on the schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledWindow<'a> {
    /// The release.
    pub release: &'a Release,
    /// The wave.
    pub wave: &'a Wave,
}

impl ScheduledWindow<'_> {
    /// The window.
    pub fn window(&self) -> Window {
        self.wave.plan.window
    }
}

/// Windows that end after `from` and start before `until`, by start time.
pub fn windows_between<'a>(
    book: &'a Book,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<ScheduledWindow<'a>> {
    let range = Window {
        start: from,
        end: until,
    };
    let mut out: Vec<ScheduledWindow<'a>> = book
        .releases
        .values()
        .filter(|r| !matches!(r.status, Status::Cancelled))
        .flat_map(|release| {
            release
                .waves
                .iter()
                .map(move |wave| ScheduledWindow { release, wave })
        })
        .filter(|w| w.wave.plan.window.overlaps(&range))
        .collect();
    order::sort_by_key(&mut out, |w| {
        (w.wave.plan.window.start, w.release.id.clone())
    });
    out
}

/// Open risks of active releases, most severe first.
pub fn open_risks(book: &Book) -> Vec<(&Release, &Risk)> {
    let mut out: Vec<(&Release, &Risk)> = active(book)
        .flat_map(|r| {
            r.risks
                .iter()
                .filter(|x| x.status.is_open())
                .map(move |x| (r, x))
        })
        .collect();
    order::sort_by_key(&mut out, |(_, risk)| {
        std::cmp::Reverse((
            risk.severity(),
            u16::from(risk.likelihood) * u16::from(risk.impact),
        ))
    });
    out
}

/// Open deviations and issues of active releases, most severe first.
pub fn open_issues(book: &Book) -> Vec<(&Release, &Issue)> {
    let mut out: Vec<(&Release, &Issue)> = active(book)
        .flat_map(|r| {
            r.issues
                .iter()
                .filter(|x| x.status.is_open())
                .map(move |x| (r, x))
        })
        .collect();
    order::sort_by_key(&mut out, |(_, issue)| std::cmp::Reverse(issue.severity));
    out
}

/// Counts of open risks and issues per severity, for the dashboard.
pub fn severity_counts(book: &Book) -> BTreeMap<Severity, (usize, usize)> {
    let mut out: BTreeMap<Severity, (usize, usize)> = BTreeMap::new();
    for (_, risk) in open_risks(book) {
        out.entry(risk.severity()).or_default().0 += 1;
    }
    for (_, issue) in open_issues(book) {
        out.entry(issue.severity).or_default().1 += 1;
    }
    out
}

/// Releases in early life support.
pub fn in_early_life_support(book: &Book) -> Vec<&Release> {
    book.releases
        .values()
        .filter(|r| r.status == Status::EarlyLifeSupport)
        .collect()
}

fn active(book: &Book) -> impl Iterator<Item = &Release> {
    book.releases.values().filter(|r| !r.status.is_final())
}

/// The version of a service in use on an environment: the latest deployment not backed
/// out, or else, on a production environment, the service's baseline from the catalogue
/// (what ran there before Release Desk tracked the service).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InUse<'a> {
    /// Deployed and verified through a release.
    Deployed(&'a Deployed),
    /// The catalogue's baseline: nothing deployed since, or every deployment backed out.
    Baseline(Version),
}

impl InUse<'_> {
    /// The version in use.
    pub fn version(self) -> Version {
        match self {
            InUse::Deployed(d) => d.version,
            InUse::Baseline(v) => v,
        }
    }

    /// What a person reads: "5.6", or "5.5 (baseline)".
    pub fn label(self) -> String {
        match self {
            InUse::Deployed(d) => d.version.to_string(),
            InUse::Baseline(v) => format!("{v} (baseline)"),
        }
    }
}

/// The version of `service` in use on `environment`, if any (see [`InUse`]).
pub fn in_use<'a>(
    book: &'a Book,
    service: &ServiceId,
    environment: &EnvironmentId,
) -> Option<InUse<'a>> {
    if let Some(deployed) = book.deployed_version(service, environment) {
        return Some(InUse::Deployed(deployed));
    }
    let live = book.environments.get(environment)?.production;
    let baseline = book.services.get(service)?.baseline;
    (live && baseline != Version::default()).then_some(InUse::Baseline(baseline))
}

/// What is deployed where: for each service, each environment's version in use,
/// the catalogue's baseline included.
pub fn deployment_matrix(book: &Book) -> BTreeMap<&ServiceId, BTreeMap<&EnvironmentId, InUse<'_>>> {
    let mut out: BTreeMap<&ServiceId, BTreeMap<&EnvironmentId, InUse<'_>>> = BTreeMap::new();
    for service in book.services.keys() {
        for environment in book.environments.keys() {
            if let Some(current) = in_use(book, service, environment) {
                out.entry(service).or_default().insert(environment, current);
            }
        }
    }
    out
}

/// The deployment history of one service on one environment, newest first.
pub fn deployment_history<'a>(
    book: &'a Book,
    service: &ServiceId,
    environment: &EnvironmentId,
) -> Vec<&'a Deployed> {
    book.deployed
        .get(service)
        .and_then(|m| m.get(environment))
        .map(|h| h.iter().rev().collect())
        .unwrap_or_default()
}
