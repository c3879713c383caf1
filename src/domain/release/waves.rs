//! Deployment waves: a target group in one environment, a window, the order in which
//! components deploy, readiness, deployment, verification and remediation.
//!
//! A wave starts only inside its window (`[start, end)`, in UTC; a window that crosses
//! midnight is simply one that ends the next day) and outside every freeze of its service's
//! release policy that covers its environment, unless change management recorded an
//! emergency override on it ([`Override`]), which someone other than its authorizer then
//! starts. The check is made when the start is decided, at the command's own time, which
//! becomes the event's `at`; and again, by the same [`start_refused`], when a signed start
//! is folded (`trust::admit`), against the book as it stood before it and at its own time,
//! so a start another device's modified app recorded outside its window does not count.
//! Starts an app without the rule recorded (before [`WINDOW_RULE_SINCE`]) fold as they did.
//! Verification and remediation are not bound to the window: the work started in time, and
//! checking that it works may run past the window's end (the wave shows when it was
//! verified).

use super::{
    find, in_status, require, text, Ask, At, Effect, Gate, Release, Rollout, Stamp, Status, OPEN,
};
use crate::domain::book::Book;
use crate::domain::change::{Change, ReleaseChange};
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::event::Event;
use crate::domain::gates::need;
use crate::domain::ids::{CiId, EnvironmentId, ItemId, PersonId};
use crate::domain::permissions::{Rule, CAB, DEPLOYERS, MANAGERS};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Planning a new wave: until deployment is under way.
pub(crate) const ADD: Rule = Rule {
    roles: MANAGERS,
    allowed: &[
        Status::Draft,
        Status::Planning,
        Status::BuildAndTest,
        Status::Deployment,
    ],
    action: "schedule deployment waves",
};

/// Rescheduling or dropping a wave: the wave's own status decides (planned or ready).
pub(crate) const RESCHEDULE: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "schedule deployment waves",
};

/// The target group confirms it is ready.
pub(crate) const READINESS: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::BuildAndTest, Status::Deployment],
    action: "confirm readiness",
};

/// Starting to deploy a wave.
pub(crate) const START: Rule = Rule {
    roles: DEPLOYERS,
    allowed: &[Status::Deployment, Status::EarlyLifeSupport],
    action: "deploy and verify waves",
};

/// Verifying or remediating a wave: the wave's own status decides.
pub(crate) const VERIFY: Rule = Rule {
    roles: DEPLOYERS,
    allowed: OPEN,
    action: "deploy and verify waves",
};

/// Change management's emergency override of a wave's window and of freezes: the
/// authorizer needs change-management authority (the CAB), like any authorization.
pub(crate) const OVERRIDE: Rule = Rule {
    roles: CAB,
    allowed: &[
        Status::BuildAndTest,
        Status::Deployment,
        Status::EarlyLifeSupport,
    ],
    action: "authorize an emergency deployment outside its window",
};

/// An emergency override recorded on a wave: it may start outside its window or inside a
/// freeze. Who authorized it and when is the stamp of the event that recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// Why the wave cannot wait for its window, e.g. an incident number.
    pub reason: String,
    /// Who authorized it (holding change-management authority), when.
    pub stamp: Stamp,
}

impl Override {
    /// "emergency override by Carl Chen: Incident INC-4471", wherever the wave is shown.
    pub fn words(&self, book: &Book) -> String {
        format!(
            "emergency override by {}: {}",
            book.person_name(&self.stamp.by),
            self.reason
        )
    }
}

/// A span of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Window {
    /// Starts.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub start: DateTime<Utc>,
    /// Ends (exclusive).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub end: DateTime<Utc>,
}

impl Window {
    /// Whether two windows share any instant.
    pub fn overlaps(&self, other: &Window) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a wave stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaveStatus {
    /// Scheduled.
    #[default]
    Planned,
    /// The target group confirmed it is ready.
    Ready,
    /// Deploying.
    InProgress,
    /// Deployed and verified working for its users.
    Verified,
    /// Verification failed: remediate or back out.
    Failed,
    /// Undone by the back-out plan.
    BackedOut,
}

impl WaveStatus {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            WaveStatus::Planned => "planned",
            WaveStatus::Ready => "ready",
            WaveStatus::InProgress => "in progress",
            WaveStatus::Verified => "verified",
            WaveStatus::Failed => "failed verification",
            WaveStatus::BackedOut => "backed out",
        }
    }
}

/// The fields of a wave a release manager plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WavePlan {
    /// Name, e.g. "Wave 1: Nordic stores".
    pub name: String,
    /// The target environment.
    pub environment: EnvironmentId,
    /// The users, sites or customers in this wave.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_group: String,
    /// The deployment window.
    pub window: Window,
    /// The order in which the package's items deploy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<CiId>,
}

/// One verification of a wave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Working for its users?
    pub passed: bool,
    /// What was checked and seen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Who verified, when.
    pub stamp: Stamp,
}

/// A deployment wave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wave {
    /// Id (the adding event's).
    pub id: ItemId,
    /// What was planned.
    pub plan: WavePlan,
    /// Where it stands.
    pub status: WaveStatus,
    /// Readiness of the target group, confirmed.
    pub readiness: Option<Stamp>,
    /// When deployment began.
    pub started: Option<Stamp>,
    /// Verifications, oldest first.
    pub verifications: Vec<Verification>,
    /// Remediation attempts after a failed verification.
    pub remediations: Vec<(Stamp, String)>,
    /// The emergency override that lets it start outside its window or in a freeze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<Override>,
}

impl WaveStatus {
    /// Every wave status, in the order a wave goes through them.
    pub const ALL: [WaveStatus; 6] = [
        WaveStatus::Planned,
        WaveStatus::Ready,
        WaveStatus::InProgress,
        WaveStatus::Verified,
        WaveStatus::Failed,
        WaveStatus::BackedOut,
    ];
}

impl Release {
    /// The wave with this id.
    pub fn wave(&self, id: &ItemId) -> Option<&Wave> {
        self.waves.iter().find(|w| &w.id == id)
    }
}

/// A wave's plan names a live environment, a window that ends after it starts, and only
/// components from the release package.
fn check_wave(ask: &Ask, plan: &WavePlan) -> Result<(), LifecycleError> {
    text("name", &plan.name, "a name for the wave")?;
    match ask.book.environments.get(&plan.environment) {
        None => {
            return Err(LifecycleError::invalid(
                "environment",
                format!("There is no environment “{}”.", plan.environment),
            ))
        }
        Some(e) if e.retired => {
            return Err(LifecycleError::invalid(
                "environment",
                format!("{} is retired.", e.name),
            ))
        }
        Some(_) => {}
    }
    if plan.window.end <= plan.window.start {
        return Err(LifecycleError::invalid(
            "window",
            "The window must end after it starts.",
        ));
    }
    if let Some(ci) = plan
        .components
        .iter()
        .find(|ci| !ask.release.package.iter().any(|c| &c.ci == *ci))
    {
        return Err(LifecycleError::invalid(
            "components",
            format!("“{ci}” is not in the release package."),
        ));
    }
    Ok(())
}

/// Decide [`ReleaseChange::AddWave`]: the wave gets the event's id.
pub(crate) fn decide_add(ask: &Ask, plan: WavePlan) -> Result<ReleaseChange, LifecycleError> {
    check_wave(ask, &plan)?;
    Ok(ReleaseChange::AddWave {
        id: ask.new_id.clone(),
        plan,
    })
}

/// Decide [`ReleaseChange::EditWave`].
pub(crate) fn decide_edit(
    ask: &Ask,
    id: ItemId,
    plan: WavePlan,
) -> Result<ReleaseChange, LifecycleError> {
    check_wave(ask, &plan)?;
    Ok(ReleaseChange::EditWave { id, plan })
}

/// Decide [`ReleaseChange::RemediateWave`].
pub(crate) fn decide_remediate(
    wave: ItemId,
    notes: String,
) -> Result<ReleaseChange, LifecycleError> {
    text("notes", &notes, "what was done to remediate")?;
    Ok(ReleaseChange::RemediateWave { wave, notes })
}

fn wave_in<'a>(
    release: &'a mut Release,
    id: &ItemId,
    allowed: &[WaveStatus],
    doing: &str,
) -> Result<&'a mut Wave, String> {
    let wave = find(&mut release.waves, id, |w| &w.id, "wave")?;
    if allowed.contains(&wave.status) {
        Ok(wave)
    } else {
        Err(format!(
            "cannot {doing} a wave that is {}",
            wave.status.label()
        ))
    }
}

/// Why `wave` may not start at `now` without an emergency override: `now` is outside its
/// window, or inside a freeze of the release policy on its environment. `None` when it may.
/// `when` introduces the time in the words: "it is now" for a start asked for, "it was
/// started at" for a start already recorded elsewhere.
pub fn start_barred(
    book: &Book,
    release: &Release,
    wave: &Wave,
    now: DateTime<Utc>,
    when: &str,
) -> Option<String> {
    let plan = &wave.plan;
    let env = book
        .environments
        .get(&plan.environment)
        .map_or(plan.environment.as_str(), |e| e.name.as_str());
    let (start, end) = (plan.window.start, plan.window.end);
    if now < start || now >= end {
        return Some(format!(
            "the window of “{}” on {env} is {}; {when} {} UTC. Start it inside its window, or ask change management to record an emergency override",
            plan.name,
            span(start, end),
            day_minute(now)
        ));
    }
    let policy = book.policies.get(&release.service)?;
    policy
        .freeze_windows
        .iter()
        .filter(|f| f.covers(&plan.environment))
        .find_map(|f| {
            let (from, to) = f.overlapping(now, now + chrono::Duration::seconds(1))?;
            Some(format!(
                "{env} is in the change freeze “{}” ({}); {when} {} UTC. Start the wave after the freeze, or ask change management to record an emergency override",
                f.name,
                span(from, to),
                day_minute(now)
            ))
        })
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "12 Dec 22:00", as a person reads a time in a message.
fn day_minute(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let month = MONTHS
        .get(at.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month} {:02}:{:02}", at.day(), at.hour(), at.minute())
}

/// "12 Dec 22:00–02:00 UTC" when the span ends within a day of its start (across midnight
/// too), else "12 Dec 22:00 – 14 Dec 02:00 UTC".
fn span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    use chrono::Timelike;
    if end - start < chrono::Duration::days(1) {
        format!(
            "{}–{:02}:{:02} UTC",
            day_minute(start),
            end.hour(),
            end.minute()
        )
    } else {
        format!("{} – {} UTC", day_minute(start), day_minute(end))
    }
}

/// When the window rule began (format version 3; 5 December 2026, 00:00 UTC, in
/// milliseconds): a start dated before it, of a release created before it, was recorded by
/// an app without the rule, and the fold takes it as it did.
pub const WINDOW_RULE_SINCE: i64 = 1_796_428_800_000;

/// The ready wave `id` of `release`, when the release may start one: the only start the
/// window rule judges (any other is refused by `apply`'s own words).
fn startable<'a>(release: &'a Release, id: &ItemId) -> Option<&'a Wave> {
    START.allowed.contains(&release.status).then_some(())?;
    release.wave(id).filter(|w| w.status == WaveStatus::Ready)
}

/// Why `by` (named `who`: "you", or their name) may not start `wave` at `now`: outside its
/// window or in a freeze without an emergency override, or under an override they authorized
/// themselves (an emergency change needs a second, named person with authority). `None`
/// when they may. `decide` and the fold both ask this; `when` as for [`start_barred`].
pub(crate) fn start_refused(
    book: &Book,
    release: &Release,
    wave: &Wave,
    by: Option<&PersonId>,
    who: &str,
    now: DateTime<Utc>,
    when: &str,
) -> Option<String> {
    match &wave.emergency {
        Some(o) if by == Some(&o.stamp.by) => Some(format!(
            "{who} authorized this wave's emergency override, so someone else must start it: an emergency change needs a second person"
        )),
        Some(_) => None,
        None => start_barred(book, release, wave, now, when),
    }
}

/// Decide [`ReleaseChange::StartWave`] at `now` (see [`start_refused`]).
pub(crate) fn decide_start(
    ask: &Ask,
    id: ItemId,
    now: DateTime<Utc>,
) -> Result<ReleaseChange, LifecycleError> {
    let by = ask.actor.map(|p| &p.id);
    match startable(ask.release, &id)
        .and_then(|wave| start_refused(ask.book, ask.release, wave, by, "you", now, "it is now"))
    {
        Some(why) => Err(LifecycleError::WrongState(why)),
        None => Ok(ReleaseChange::StartWave(id)),
    }
}

/// The window rule at fold: why a signed `event` that starts a wave does not count in
/// `book` as it stands, at the event's own time. Starts from before the rule
/// ([`WINDOW_RULE_SINCE`]) count as they did.
pub(crate) fn admit_start(book: &Book, event: &Event) -> Result<(), String> {
    let Change::Release {
        id,
        change: ReleaseChange::StartWave(wave),
    } = &event.what
    else {
        return Ok(());
    };
    let Some(release) = book.releases.get(id) else {
        return Ok(());
    };
    let since = |at: DateTime<Utc>| at.timestamp_millis() >= WINDOW_RULE_SINCE;
    if !since(event.at) && !since(release.created.at) {
        return Ok(());
    }
    let who = book.person_name(&event.by);
    match startable(release, wave).and_then(|w| {
        start_refused(
            book,
            release,
            w,
            Some(&event.by),
            who,
            event.at,
            "it was started at",
        )
    }) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

/// Decide [`ReleaseChange::OverrideWindow`]: the reason is given.
pub(crate) fn decide_override(
    wave: ItemId,
    reason: String,
) -> Result<ReleaseChange, LifecycleError> {
    text("reason", &reason, "why the wave cannot wait for its window")?;
    Ok(ReleaseChange::OverrideWindow { wave, reason })
}

/// Apply [`ReleaseChange::OverrideWindow`]: on a wave not started yet.
pub(crate) fn apply_override(
    release: &mut Release,
    id: &ItemId,
    reason: &str,
    at: &At,
) -> Result<(), String> {
    in_status(release, OVERRIDE.allowed, "override a window")?;
    let wave = wave_in(
        release,
        id,
        &[WaveStatus::Planned, WaveStatus::Ready],
        "override the window of",
    )?;
    wave.emergency = Some(Override {
        reason: reason.to_owned(),
        stamp: at.stamp(),
    });
    Ok(())
}

/// Apply [`ReleaseChange::AddWave`].
pub(crate) fn apply_add(release: &mut Release, plan: &WavePlan, at: &At) -> Result<(), String> {
    in_status(release, ADD.allowed, "plan a wave")?;
    release.waves.push(Wave {
        id: at.new_id(),
        plan: plan.clone(),
        status: WaveStatus::Planned,
        readiness: None,
        started: None,
        verifications: Vec::new(),
        remediations: Vec::new(),
        emergency: None,
    });
    Ok(())
}

/// Apply [`ReleaseChange::EditWave`].
pub(crate) fn apply_edit(
    release: &mut Release,
    id: &ItemId,
    plan: &WavePlan,
) -> Result<(), String> {
    let wave = wave_in(
        release,
        id,
        &[WaveStatus::Planned, WaveStatus::Ready],
        "reschedule",
    )?;
    wave.plan = plan.clone();
    Ok(())
}

/// Apply [`ReleaseChange::RemoveWave`].
pub(crate) fn apply_remove(release: &mut Release, id: &ItemId) -> Result<(), String> {
    wave_in(
        release,
        id,
        &[WaveStatus::Planned, WaveStatus::Ready],
        "remove",
    )?;
    release.waves.retain(|w| &w.id != id);
    Ok(())
}

/// Apply [`ReleaseChange::ConfirmReadiness`].
pub(crate) fn apply_readiness(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    in_status(release, READINESS.allowed, "confirm readiness")?;
    let wave = wave_in(release, id, &[WaveStatus::Planned], "confirm readiness of")?;
    wave.status = WaveStatus::Ready;
    wave.readiness = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::StartWave`]: a back-out plan exists and deployment to the
/// wave's environment is authorized.
pub(crate) fn apply_start(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    in_status(release, START.allowed, "start a wave")?;
    require(
        !release.backout_plan.trim().is_empty(),
        "a back-out plan must exist before deployment starts",
    )?;
    let environment = release
        .wave(id)
        .ok_or("no such wave")?
        .plan
        .environment
        .clone();
    require(
        release.is_authorized(&Gate::Deployment(environment)),
        "deployment to this environment is not authorized",
    )?;
    let wave = wave_in(release, id, &[WaveStatus::Ready], "start")?;
    wave.status = WaveStatus::InProgress;
    wave.started = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::VerifyWave`]: a verified wave is deployed in its environment.
pub(crate) fn apply_verify(
    release: &mut Release,
    id: &ItemId,
    passed: bool,
    notes: &str,
    at: &At,
) -> Result<Effect, String> {
    let wave = wave_in(release, id, &[WaveStatus::InProgress], "verify")?;
    wave.status = if passed {
        WaveStatus::Verified
    } else {
        WaveStatus::Failed
    };
    wave.verifications.push(Verification {
        passed,
        notes: notes.to_owned(),
        stamp: at.stamp(),
    });
    Ok(if passed {
        Effect::Deployed(wave.plan.environment.clone())
    } else {
        Effect::None
    })
}

/// Apply [`ReleaseChange::RemediateWave`]: the wave is verified again.
pub(crate) fn apply_remediate(
    release: &mut Release,
    id: &ItemId,
    notes: &str,
    at: &At,
) -> Result<(), String> {
    let wave = wave_in(release, id, &[WaveStatus::Failed], "remediate")?;
    wave.status = WaveStatus::InProgress;
    wave.remediations.push((at.stamp(), notes.to_owned()));
    Ok(())
}

/// What the build gate needs from the waves: at least one, two or more for a phased
/// rollout, one per environment for a big bang.
pub(crate) fn build_needs(release: &Release, missing: &mut Vec<Missing>) {
    need(
        missing,
        !release.waves.is_empty(),
        Section::Waves,
        "at least one deployment wave",
    );
    match release.details.approach.rollout {
        Rollout::Phased => need(
            missing,
            release.waves.len() >= 2,
            Section::Waves,
            "two or more waves for a phased rollout",
        ),
        Rollout::BigBang => {
            let mut per_env: BTreeMap<_, usize> = BTreeMap::new();
            for wave in &release.waves {
                *per_env.entry(&wave.plan.environment).or_default() += 1;
            }
            need(
                missing,
                per_env.values().all(|n| *n == 1),
                Section::Waves,
                "one wave per environment for a big-bang rollout",
            );
        }
    }
}
