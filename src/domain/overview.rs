//! The dashboard's view of a book: how many releases stand in each status, the "what is
//! deployed where" grid in promotion order, and the releases with conflicts to settle.
//! Built on [`query`](super::query); pure like the rest of the domain.

use super::book::Book;
use super::catalogue::{Environment, Service};
use super::query::{self, InUse};
use super::release::{Release, Status};
use super::schedule::all_conflicts;
use crate::domain::order;
use std::collections::BTreeMap;

/// How many releases are in each status: every status, in lifecycle order, zeros included.
pub fn status_counts(book: &Book) -> Vec<(Status, usize)> {
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    for release in book.releases.values() {
        *counts.entry(release.status).or_default() += 1;
    }
    Status::ALL
        .into_iter()
        .map(|s| (s, counts.get(&s).copied().unwrap_or(0)))
        .collect()
}

/// A status as an address names it: its serialized (snake_case) name, `build_and_test`.
pub fn status_slug(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Planning => "planning",
        Status::BuildAndTest => "build_and_test",
        Status::Deployment => "deployment",
        Status::EarlyLifeSupport => "early_life_support",
        Status::Review => "review",
        Status::Closed => "closed",
        Status::Cancelled => "cancelled",
        Status::BackedOut => "backed_out",
    }
}

/// The status an address names, the reverse of [`status_slug`].
pub fn status_from_slug(slug: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| status_slug(*s) == slug)
}

/// One row of the "what is deployed where" grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixRow<'a> {
    /// The service.
    pub service: &'a Service,
    /// For each column, the version in use there (the latest deployment not backed out,
    /// or the catalogue's baseline on a production environment) and whether anything was
    /// ever deployed there.
    pub cells: Vec<(Option<InUse<'a>>, bool)>,
}

/// Services × environments → the version in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix<'a> {
    /// The columns: environments in promotion order (Test before Staging before
    /// Production); retired ones only when something was deployed there.
    pub environments: Vec<&'a Environment>,
    /// The rows: services by name; retired ones only when something was deployed.
    pub rows: Vec<MatrixRow<'a>>,
}

/// The "what is deployed where" grid of the book.
pub fn matrix(book: &Book) -> Matrix<'_> {
    let ever = |service: &Service, env: &Environment| {
        book.deployed
            .get(&service.id)
            .and_then(|m| m.get(&env.id))
            .is_some_and(|h| !h.is_empty())
    };
    let mut environments: Vec<&Environment> = book
        .environments
        .values()
        .filter(|e| !e.retired || book.services.values().any(|s| ever(s, e)))
        .collect();
    order::sort_by(&mut environments, |a, b| {
        (a.order, &a.id).cmp(&(b.order, &b.id))
    });
    let mut services: Vec<&Service> = book
        .services
        .values()
        .filter(|s| !s.retired || book.deployed.get(&s.id).is_some_and(|m| !m.is_empty()))
        .collect();
    order::sort_by(&mut services, |a, b| {
        (&a.name, &a.id).cmp(&(&b.name, &b.id))
    });
    let rows = services
        .into_iter()
        .map(|service| MatrixRow {
            service,
            cells: environments
                .iter()
                .map(|env| {
                    (
                        query::in_use(book, &service.id, &env.id),
                        ever(service, env),
                    )
                })
                .collect(),
        })
        .collect();
    Matrix { environments, rows }
}

/// A release with conflicts to settle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflicted<'a> {
    /// The release.
    pub release: &'a Release,
    /// Events of merged logs that could not be applied, not yet settled.
    pub merged: usize,
    /// Deployment windows in a freeze, overlapping another release, or before a dependency.
    pub schedule: usize,
}

/// Every open conflict of the book: the releases concerned (in id order) and the number of
/// merge conflicts that concern no release.
pub fn open_conflicts(book: &Book) -> (Vec<Conflicted<'_>>, usize) {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut loose = 0;
    for conflict in book.open_conflicts() {
        match &conflict.release {
            Some(id) if book.releases.contains_key(id) => {
                counts.entry(id.as_str()).or_default().0 += 1;
            }
            _ => loose += 1,
        }
    }
    let scheduled = all_conflicts(book);
    for conflict in &scheduled {
        counts.entry(conflict.release.as_str()).or_default().1 += 1;
    }
    let releases = book
        .releases
        .values()
        .filter_map(|release| {
            let (merged, schedule) = counts.get(release.id.as_str()).copied()?;
            Some(Conflicted {
                release,
                merged,
                schedule,
            })
        })
        .collect();
    (releases, loose)
}
