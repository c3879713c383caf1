//! Large synthetic books for benchmarks and soak tests, built through the domain's commands.
//!
//! Every release is created, planned, approved, built, deployed and reviewed by the people
//! whose role each step needs, exactly as the walk helpers do it for the tests, so a large
//! book obeys every rule a small one does: numbers follow the release policy, deployment
//! windows never overlap another release of the same service, production windows stay out
//! of the year-end freeze, and no more than one major release a quarter reaches production.
//! Everything is deterministic: the same arguments give the same log, event for event.

use super::catalogue::{catalogue, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER};
use super::walk::{
    build_and_test, deploy_all, deploy_wave, new_release, pass_gate, plan, review_and_close,
    write_plan, PlanShape,
};
use super::Script;
use crate::domain::order;
use crate::domain::{
    numbering, Book, Category, Change, Communication, EntryStatus, EnvironmentId, Gate, Issue,
    IssueKind, KnownError, LifecycleError, Period, ReleaseChange, ReleaseId, Risk, Rollout,
    ServiceId, Severity,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Where a synthetic release is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    /// Created, nothing more.
    Draft,
    /// Planning authorized and the plan written, not yet approved.
    Planning,
    /// Plan approved and build authorized; build and tests recorded.
    BuildAndTest,
    /// Deployed and verified on the first environment only.
    Deploying,
    /// Deployed everywhere; service live, in early life support.
    EarlyLifeSupport,
    /// Fully operational; the review has begun.
    Review,
    /// Reviewed, handed over and closed.
    Closed,
    /// An emergency release taken to closed with the emergency CAB authorizing gates
    /// several at once.
    Emergency,
    /// Cancelled after planning began.
    Cancelled,
    /// The first wave failed verification and the deployment was backed out.
    BackedOut,
    /// Backed out, then re-planned (a second cycle).
    Replanned,
}

/// How [`book`] deals out fates: one in twenty releases of each kind below, more of the
/// closed ones, as a long-lived book would look.
const DEAL: [Fate; 20] = [
    Fate::Closed,
    Fate::Draft,
    Fate::Planning,
    Fate::BuildAndTest,
    Fate::Closed,
    Fate::Deploying,
    Fate::EarlyLifeSupport,
    Fate::Closed,
    Fate::Cancelled,
    Fate::Review,
    Fate::Closed,
    Fate::BackedOut,
    Fate::Draft,
    Fate::Closed,
    Fate::Planning,
    Fate::Replanned,
    Fate::BuildAndTest,
    Fate::Closed,
    Fate::Deploying,
    Fate::Emergency,
];

impl Fate {
    /// The fate [`book`] gives its `n`-th release.
    pub fn dealt(n: usize) -> Fate {
        DEAL[n % DEAL.len()]
    }
}

/// The first day of the synthetic calendar: Monday 4 January 2027, 09:00 UTC.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A script over the demo organisation (people, services, environments, configuration
/// items and policies) and nothing else. Freeze windows repeat yearly from `start`'s year.
pub fn organisation(prefix: &str, start: DateTime<Utc>) -> Result<Script, LifecycleError> {
    organisation_with(prefix, start, false)
}

/// [`organisation`], signed with the demo keys when `signed` (the release manager founds
/// the book, then enrols everyone), so every later command is signed too.
pub fn organisation_with(
    prefix: &str,
    start: DateTime<Utc>,
    signed: bool,
) -> Result<Script, LifecycleError> {
    let mut s = Script::new(prefix, start);
    if signed {
        super::book::sign_demo(&mut s)?;
    }
    for (actor, change) in catalogue(chrono::Datelike::year(&start)) {
        s.ok(actor, change)?;
    }
    if signed {
        super::book::enrol_demo(&mut s)?;
    }
    Ok(s)
}

/// Hands out deployment windows: for each service, one slot after another, twelve hours
/// apart, so that no two releases of a service (or of a configuration item, which belongs
/// to one service) ever overlap on an environment; a slot whose windows would fall in a
/// freeze is skipped.
#[derive(Clone, Debug)]
pub struct Calendar {
    next: BTreeMap<ServiceId, DateTime<Utc>>,
    first: DateTime<Utc>,
    majors: BTreeSet<(ServiceId, (i32, u32))>,
}

/// Hours between two slots of one service; a slot's waves span 2 days and 10 hours, but
/// each environment's windows within a slot are shorter than this.
const SLOT_HOURS: i64 = 12;

impl Calendar {
    /// Slots from four weeks after `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        Calendar {
            next: BTreeMap::new(),
            first: start + Duration::weeks(4),
            majors: BTreeSet::new(),
        }
    }

    /// The next free plan for a release of `service`: one wave per environment a day apart
    /// (a big bang), or for a phased rollout, two production waves six hours apart. The
    /// first window opens no earlier than an hour after `now`: waves deploy inside their
    /// windows, so a script that deployed a release is already past the earlier slots.
    pub fn shape(
        &mut self,
        book: &Book,
        service: &ServiceId,
        rollout: Rollout,
        now: DateTime<Utc>,
    ) -> PlanShape {
        let mut environments: Vec<_> = book.environments.values().filter(|e| !e.retired).collect();
        order::sort_by_key(&mut environments, |e| e.order);
        let slot = self.next.entry(service.clone()).or_insert(self.first);
        *slot = (*slot).max(now + Duration::hours(1));
        let waves = loop {
            let mut waves = Vec::new();
            for (day, environment) in environments.iter().enumerate() {
                let at = *slot + Duration::days(day as i64);
                waves.push((
                    format!("{} rollout", environment.name),
                    environment.id.clone(),
                    at,
                    4,
                ));
                if environment.production && rollout == Rollout::Phased {
                    let second = at + Duration::hours(6);
                    waves.push((
                        format!("{} second wave", environment.name),
                        environment.id.clone(),
                        second,
                        4,
                    ));
                }
            }
            let policy = book.policy(service);
            let frozen = waves.iter().any(|(_, env, at, hours)| {
                policy.freeze_windows.iter().any(|f| {
                    f.covers(env) && f.overlapping(*at, *at + Duration::hours(*hours)).is_some()
                })
            });
            *slot += Duration::hours(SLOT_HOURS);
            if !frozen {
                break waves;
            }
        };
        PlanShape {
            rollout,
            waves,
            pilot: false,
        }
    }

    /// Whether a major release of `service` deploying in `shape` keeps within the policy's
    /// one major a quarter; if so, the quarter is taken.
    fn take_major(&mut self, service: &ServiceId, shape: &PlanShape) -> bool {
        let Some(last) = shape.waves.iter().map(|w| w.2).max() else {
            return false;
        };
        let quarter = Period::Quarter.key(last);
        let first = shape
            .waves
            .iter()
            .map(|w| w.2)
            .min()
            .map(|at| Period::Quarter.key(at));
        // A release whose waves straddle two quarters is left minor, to stay simple.
        first == Some(quarter) && self.majors.insert((service.clone(), quarter))
    }
}

fn on(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

/// The services of the book, in id order.
fn services(book: &Book) -> Vec<ServiceId> {
    book.services
        .values()
        .filter(|s| !s.retired)
        .map(|s| s.id.clone())
        .collect()
}

/// Create the `n`-th synthetic release of the book for `service` and take it to `fate`.
/// Returns its id.
pub fn release(
    s: &mut Script,
    calendar: &mut Calendar,
    service: &ServiceId,
    n: usize,
    fate: Fate,
) -> Result<ReleaseId, LifecycleError> {
    let book = s.engine.book();
    let rollout = book.policy(service).default_approach.rollout;
    let shape = calendar.shape(book, service, rollout, s.now);
    let category = match fate {
        Fate::Emergency => Category::Emergency,
        _ if n.is_multiple_of(20) && calendar.take_major(service, &shape) => Category::Major,
        _ => Category::Minor,
    };
    let version = numbering(book, service, category).suggested;
    let items: Vec<String> = book
        .cis
        .values()
        .filter(|ci| ci.service.as_ref() == Some(service) && !ci.retired)
        .map(|ci| ci.id.to_string())
        .take(1 + n % 3)
        .collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let name = format!("{} {} #{n}", book.services[service].name, category.label());
    let id = new_release(s, service.as_str(), category, version, &name, &items)?;
    registers(s, &id, n)?;
    take_to(s, &id, &shape, fate)?;
    Ok(id)
}

/// Some releases carry entries in their registers: a risk, a communication, an issue, a
/// known error. None of them stands in the way of a gate.
fn registers(s: &mut Script, id: &ReleaseId, n: usize) -> Result<(), LifecycleError> {
    if n.is_multiple_of(3) {
        let risk = Risk {
            id: Default::default(),
            title: format!("Peak load during rollout #{n}"),
            likelihood: 1 + (n % 5) as u8,
            impact: 1 + (n / 5 % 5) as u8,
            owner: "Operations".into(),
            mitigation: "Scale out before the window; back-out rehearsed".into(),
            status: EntryStatus::Open,
        };
        s.ok(RELEASE_MANAGER, on(id, ReleaseChange::RaiseRisk(risk)))?;
    }
    if n % 4 == 1 {
        let message = Communication {
            id: Default::default(),
            audience: "Store managers".into(),
            channel: "Intranet".into(),
            message: format!("Release #{n} is planned; expect a short outage in the window"),
        };
        s.ok(
            RELEASE_MANAGER,
            on(id, ReleaseChange::RecordCommunication(message)),
        )?;
    }
    if n % 7 == 2 {
        let issue = Issue {
            id: Default::default(),
            kind: IssueKind::Issue,
            title: "Test data refresh ran late".into(),
            severity: Severity::Low,
            corrective_action: "Refresh scheduled a day earlier".into(),
            status: EntryStatus::Open,
            waives: None,
            approved: None,
        };
        s.ok(STAKEHOLDER, on(id, ReleaseChange::RaiseIssue(issue)))?;
    }
    if n % 5 == 3 {
        let error = KnownError {
            id: Default::default(),
            title: "Receipt printer shows a stale logo".into(),
            workaround: "Restart the till once after the upgrade".into(),
            fix: "Next minor release".into(),
            status: EntryStatus::Open,
        };
        s.ok(
            RELEASE_MANAGER,
            on(id, ReleaseChange::RecordKnownError(error)),
        )?;
    }
    Ok(())
}

/// Take a release in draft to `fate`.
fn take_to(
    s: &mut Script,
    id: &ReleaseId,
    shape: &PlanShape,
    fate: Fate,
) -> Result<(), LifecycleError> {
    let first = shape.waves.first().map(|w| w.1.clone());
    match fate {
        Fate::Draft => {}
        Fate::Planning => {
            pass_gate(s, id, Gate::Planning)?;
            write_plan(s, id, shape)?;
        }
        Fate::Cancelled => {
            pass_gate(s, id, Gate::Planning)?;
            write_plan(s, id, shape)?;
            let reason = "Superseded by the next release".into();
            s.ok(RELEASE_MANAGER, on(id, ReleaseChange::Cancel { reason }))?;
        }
        Fate::BuildAndTest => {
            plan(s, id, shape)?;
            build_and_test(s, id)?;
        }
        Fate::Deploying => {
            plan(s, id, shape)?;
            build_and_test(s, id)?;
            deploy_first(s, id, first, true)?;
        }
        Fate::BackedOut | Fate::Replanned => {
            plan(s, id, shape)?;
            build_and_test(s, id)?;
            deploy_first(s, id, first, false)?;
            let reason = "Verification failed; restoring the previous version".into();
            s.ok(OPERATIONS, on(id, ReleaseChange::BackOut { reason }))?;
            if fate == Fate::Replanned {
                let reason = "Fix the failing check and rehearse again".into();
                s.ok(RELEASE_MANAGER, on(id, ReleaseChange::Replan { reason }))?;
            }
        }
        Fate::EarlyLifeSupport | Fate::Review | Fate::Closed => {
            plan(s, id, shape)?;
            build_and_test(s, id)?;
            deploy_all(s, id)?;
            match fate {
                Fate::Review => {
                    s.ok(OPERATIONS, on(id, ReleaseChange::DeclareFullyOperational))?;
                }
                Fate::Closed => review_and_close(s, id)?,
                _ => {}
            }
        }
        Fate::Emergency => emergency(s, id, shape)?,
    }
    Ok(())
}

/// Authorize deployment to the first wave's environment and deploy that wave.
fn deploy_first(
    s: &mut Script,
    id: &ReleaseId,
    environment: Option<EnvironmentId>,
    works: bool,
) -> Result<(), LifecycleError> {
    let environment =
        environment.ok_or_else(|| LifecycleError::NotFound("a deployment wave".into()))?;
    pass_gate(s, id, Gate::Deployment(environment))?;
    let wave = s
        .engine
        .book()
        .releases
        .get(id)
        .and_then(|r| r.waves.first())
        .map(|w| w.id.clone())
        .ok_or_else(|| LifecycleError::NotFound("a deployment wave".into()))?;
    deploy_wave(s, id, &wave, works)
}

/// The emergency path: the emergency CAB authorizes planning and build at once, then every
/// environment at once; each gate is still recorded as its own event.
fn emergency(s: &mut Script, id: &ReleaseId, shape: &PlanShape) -> Result<(), LifecycleError> {
    write_plan(s, id, shape)?;
    let cab = |gates: Vec<Gate>| {
        on(
            id,
            ReleaseChange::Authorize {
                gates,
                emergency: true,
                note: "Emergency CAB: card payments failing".into(),
            },
        )
    };
    s.ok(CHANGE_MANAGER, cab(vec![Gate::Planning, Gate::Build]))?;
    build_and_test(s, id)?;
    let mut environments: Vec<EnvironmentId> = Vec::new();
    for wave in &shape.waves {
        if !environments.contains(&wave.1) {
            environments.push(wave.1.clone());
        }
    }
    s.ok(
        CHANGE_MANAGER,
        cab(environments.into_iter().map(Gate::Deployment).collect()),
    )?;
    // Every environment is authorized now, so this only deploys and verifies the waves.
    deploy_all(s, id)?;
    review_and_close(s, id)
}

/// A book of `releases` releases over the demo organisation, spread across every phase
/// and the four services (see [`Fate::dealt`]), with event ids `s1`, `s2`, … About 25
/// events a release on average.
pub fn book(releases: usize, start: DateTime<Utc>) -> Result<Script, LifecycleError> {
    book_with(releases, start, false)
}

/// [`book`], signed when `signed` (see [`organisation_with`]).
pub fn book_with(
    releases: usize,
    start: DateTime<Utc>,
    signed: bool,
) -> Result<Script, LifecycleError> {
    let mut s = organisation_with("s", start, signed)?;
    let mut calendar = Calendar::new(start);
    let services = services(s.engine.book());
    for n in 0..releases {
        let service = &services[n % services.len()];
        release(&mut s, &mut calendar, service, n, Fate::dealt(n))?;
    }
    Ok(s)
}

/// Add closed releases, round the services, until the log has grown by at least `events`
/// events (about 55 a release). Numbering starts at `n`; returns the next `n`.
pub fn grow(
    s: &mut Script,
    calendar: &mut Calendar,
    events: usize,
    mut n: usize,
) -> Result<usize, LifecycleError> {
    let target = s.engine.log().len() + events;
    let services = services(s.engine.book());
    while s.engine.log().len() < target {
        let service = &services[n % services.len()];
        let fate = if n % 20 == 19 {
            Fate::Emergency
        } else {
            Fate::Closed
        };
        release(s, calendar, service, n, fate)?;
        n += 1;
    }
    Ok(n)
}

/// At least `events` events quickly: the demo organisation and closed releases, each a
/// few dozen events, with event ids `h1`, `h2`, …
pub fn history(events: usize, start: DateTime<Utc>) -> Result<Script, LifecycleError> {
    let mut s = organisation("h", start)?;
    let mut calendar = Calendar::new(start);
    let more = events.saturating_sub(s.engine.log().len());
    grow(&mut s, &mut calendar, more, 0)?;
    Ok(s)
}

/// A book of about `releases` releases and `events` events, as the storage benchmarks want
/// (10,000 and 100,000): a quarter of the releases dealt every fate as in [`book`], the
/// rest drafts, then risks raised on the drafts until the log is long enough.
pub fn sized(
    releases: usize,
    events: usize,
    start: DateTime<Utc>,
) -> Result<Script, LifecycleError> {
    sized_with(releases, events, start, false)
}

/// [`sized`], signed when `signed` (see [`organisation_with`]).
pub fn sized_with(
    releases: usize,
    events: usize,
    start: DateTime<Utc>,
    signed: bool,
) -> Result<Script, LifecycleError> {
    use crate::domain::{numbering, Category, Change, EntryStatus, ItemId, ReleaseChange, Risk};
    let mut s = book_with(releases / 4, start, signed)?;
    let services = services(s.engine.book());
    let mut drafts = Vec::new();
    while s.engine.book().releases.len() < releases {
        let service = &services[drafts.len() % services.len()];
        let version = numbering(s.engine.book(), service, Category::Minor).suggested;
        let name = format!("Draft {}", drafts.len() + 1);
        drafts.push(super::new_release(
            &mut s,
            service.as_str(),
            Category::Minor,
            version,
            &name,
            &[],
        )?);
    }
    let mut n = 0;
    while s.engine.log().len() < events && !drafts.is_empty() {
        let risk = Risk {
            id: ItemId::default(),
            title: format!("Risk {n}"),
            likelihood: 1 + (n % 5) as u8,
            impact: 1 + (n % 3) as u8,
            owner: "Rita Ramos".into(),
            mitigation: "Rehearse the back-out".into(),
            status: EntryStatus::Open,
        };
        let id = drafts[n % drafts.len()].clone();
        s.ok(
            super::RELEASE_MANAGER,
            Change::Release {
                id,
                change: ReleaseChange::RaiseRisk(risk),
            },
        )?;
        n += 1;
    }
    Ok(s)
}

/// The demo organisation and one release with at least `events` events of its own (the
/// release page benchmark): taken to early life support, then stakeholder communications
/// recorded until its timeline is long enough. Event ids are `l1`, `l2`, …; returns the
/// script and the release's id.
pub fn long_release(
    events: usize,
    start: DateTime<Utc>,
) -> Result<(Script, ReleaseId), LifecycleError> {
    let mut s = organisation("l", start)?;
    let before = s.engine.log().len();
    let mut calendar = Calendar::new(start);
    let service = services(s.engine.book())
        .into_iter()
        .next()
        .ok_or_else(|| LifecycleError::NotFound("a service".into()))?;
    let id = release(&mut s, &mut calendar, &service, 1, Fate::EarlyLifeSupport)?;
    let mut n = 0;
    while s.engine.log().len() - before < events {
        // Every event after the organisation's concerns this release.
        n += 1;
        let message = Communication {
            id: Default::default(),
            audience: "Store managers".into(),
            channel: "Intranet".into(),
            message: format!("Early life support update #{n}: no new incidents"),
        };
        s.ok(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::RecordCommunication(message)),
        )?;
    }
    Ok((s, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{fold, Status};

    #[test]
    fn a_synthetic_book_reaches_every_status_and_verifies() -> Result<(), LifecycleError> {
        let s = book(80, start())?;
        let book = s.engine.book();
        assert_eq!(book.releases.len(), 80);
        let statuses: BTreeSet<Status> = book.releases.values().map(|r| r.status).collect();
        for status in Status::ALL {
            assert!(
                statuses.contains(&status),
                "no release is {}",
                status.label()
            );
        }
        assert!(book
            .releases
            .values()
            .any(|r| r.category == Category::Major));
        assert!(book
            .releases
            .values()
            .any(|r| r.category == Category::Emergency));
        assert!(book.conflicts.is_empty());
        assert!(s.engine.log().verify().is_ok());
        assert_eq!(&fold(s.engine.log().events()), book);
        Ok(())
    }

    #[test]
    fn a_long_release_has_its_events() -> Result<(), LifecycleError> {
        let (s, id) = long_release(500, start())?;
        let release = &s.engine.book().releases[&id];
        assert_eq!(release.status, Status::EarlyLifeSupport);
        let own = s
            .engine
            .log()
            .events()
            .iter()
            .filter(|e| crate::domain::history::concerns(e, &id))
            .count();
        assert!(own >= 500, "{own} events");
        Ok(())
    }

    #[test]
    fn history_is_deterministic_and_long_enough() -> Result<(), LifecycleError> {
        let a = history(3_000, start())?;
        let b = history(3_000, start())?;
        assert!(a.engine.log().len() >= 3_000);
        assert_eq!(a.engine.log(), b.engine.log());
        Ok(())
    }
}
