//! The dated build and test schedule: milestones such as build complete, test environment
//! ready, test start and end, rehearsal, UAT sign-off and go/no-go, each with a date, an
//! optional environment and whether it is done. The written build and test plans say how;
//! the milestones say when, and the calendar shows them on their days.

use super::{in_status, require, text, Ask, At, Release, Status, OPEN};
use crate::domain::book::Book;
use crate::domain::change::ReleaseChange;
use crate::domain::error::LifecycleError;
use crate::domain::ids::{EnvironmentId, ItemId};
use crate::domain::limits::date_in_range;
use crate::domain::order;
use crate::domain::permissions::{Rule, TESTERS};
use crate::domain::schedule::date;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Planning, editing or removing a milestone: by the release manager or a tester, at any
/// time until the release ends.
pub(crate) const SCHEDULE: Rule = Rule {
    roles: TESTERS,
    allowed: OPEN,
    action: "plan the build and test schedule",
};

/// What a milestone marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// The release package is built.
    BuildComplete,
    /// The test environment is set up for the release.
    TestEnvironmentReady,
    /// Testing begins.
    TestStart,
    /// Testing ends.
    TestEnd,
    /// The deployment is practised shortly before it happens.
    Rehearsal,
    /// Users accept the release (user acceptance testing signed off).
    UatSignOff,
    /// The decision whether to deploy.
    GoNoGo,
    /// Anything else the schedule needs; its name says what.
    #[default]
    Other,
}

impl MilestoneKind {
    /// Every kind, in the order they usually come.
    pub const ALL: [MilestoneKind; 8] = [
        MilestoneKind::BuildComplete,
        MilestoneKind::TestEnvironmentReady,
        MilestoneKind::TestStart,
        MilestoneKind::TestEnd,
        MilestoneKind::Rehearsal,
        MilestoneKind::UatSignOff,
        MilestoneKind::GoNoGo,
        MilestoneKind::Other,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::BuildComplete => "Build complete",
            MilestoneKind::TestEnvironmentReady => "Test environment ready",
            MilestoneKind::TestStart => "Test start",
            MilestoneKind::TestEnd => "Test end",
            MilestoneKind::Rehearsal => "Rehearsal",
            MilestoneKind::UatSignOff => "UAT sign-off",
            MilestoneKind::GoNoGo => "Go/no-go decision",
            MilestoneKind::Other => "Other milestone",
        }
    }
}

/// The pairs of kinds whose order matters: the first comes no later than the second.
const ORDER: [(MilestoneKind, MilestoneKind); 6] = [
    (MilestoneKind::BuildComplete, MilestoneKind::TestStart),
    (
        MilestoneKind::TestEnvironmentReady,
        MilestoneKind::TestStart,
    ),
    (MilestoneKind::TestStart, MilestoneKind::TestEnd),
    (MilestoneKind::TestEnd, MilestoneKind::UatSignOff),
    (MilestoneKind::Rehearsal, MilestoneKind::GoNoGo),
    (MilestoneKind::UatSignOff, MilestoneKind::GoNoGo),
];

/// One dated milestone of the build and test schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// Id (the event's that planned it); empty in a change that plans a new one.
    #[serde(default)]
    pub id: ItemId,
    /// What it marks.
    #[serde(default)]
    pub kind: MilestoneKind,
    /// Its own name, e.g. "Regression suite green"; the kind's words when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The day (midnight UTC; milliseconds since 1970 in JSON).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub date: DateTime<Utc>,
    /// The environment it concerns, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<EnvironmentId>,
    /// Reached.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

impl Milestone {
    /// What a person reads: its name, or its kind's words.
    pub fn title(&self) -> &str {
        if self.name.trim().is_empty() {
            self.kind.label()
        } else {
            &self.name
        }
    }
}

impl Release {
    /// The milestones by date (then as planned).
    pub fn schedule(&self) -> Vec<&Milestone> {
        let mut list: Vec<&Milestone> = self.milestones.iter().collect();
        order::sort_by_key(&mut list, |m| m.date);
        list
    }

    /// Where the schedule's order looks wrong, in words: a test end before its start, a
    /// go/no-go before the rehearsal or after the first deployment window. Warnings only:
    /// plans move, and the release manager decides.
    pub fn schedule_warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let of = |kind: MilestoneKind| self.milestones.iter().filter(move |m| m.kind == kind);
        for (first, then) in ORDER {
            for late in of(first) {
                if let Some(early) = of(then)
                    .filter(|m| m.date < late.date)
                    .min_by_key(|m| m.date)
                {
                    out.push(format!(
                        "“{}” ({}) comes before “{}” ({}).",
                        early.title(),
                        date(early.date),
                        late.title(),
                        date(late.date)
                    ));
                }
            }
        }
        let first_window = self.waves.iter().map(|w| w.plan.window.start).min();
        if let Some(window) = first_window {
            for go in of(MilestoneKind::GoNoGo).filter(|m| m.date > window) {
                out.push(format!(
                    "“{}” ({}) comes after the first deployment window ({}).",
                    go.title(),
                    date(go.date),
                    date(window)
                ));
            }
        }
        out
    }
}

/// A milestone on the calendar: the release it belongs to and the milestone.
pub type Dated<'a> = (&'a Release, &'a Milestone);

/// The milestones of every release still going (not cancelled) dated in `[from, until)`,
/// by date: what the calendar marks on its days.
pub fn milestones_between(
    book: &Book,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<Dated<'_>> {
    let mut out: Vec<Dated<'_>> = book
        .releases
        .values()
        .filter(|r| r.status != Status::Cancelled)
        .flat_map(|r| r.milestones.iter().map(move |m| (r, m)))
        .filter(|(_, m)| m.date >= from && m.date < until)
        .collect();
    order::sort_by_key(&mut out, |(_, m)| m.date);
    out
}

/// Decide [`ReleaseChange::SetMilestone`]: a name for an "other" milestone, a date a book
/// can hold, an environment of the catalogue; a new milestone gets the event's id.
pub(crate) fn decide_set(
    ask: &Ask,
    mut milestone: Milestone,
) -> Result<ReleaseChange, LifecycleError> {
    if milestone.kind == MilestoneKind::Other {
        text("name", &milestone.name, "what the milestone marks")?;
    }
    if !date_in_range(milestone.date) {
        return Err(LifecycleError::invalid(
            "date",
            "Enter a date between the years 1 and 9999.",
        ));
    }
    if let Some(env) = &milestone.environment {
        if !ask.book.environments.contains_key(env) {
            return Err(LifecycleError::invalid(
                "environment",
                format!("There is no environment “{env}”; choose one of the catalogue."),
            ));
        }
    }
    if milestone.id.0.is_empty() {
        milestone.id = ask.new_id.clone();
    } else if !ask.release.milestones.iter().any(|m| m.id == milestone.id) {
        return Err(LifecycleError::invalid(
            "name",
            "That milestone was removed meanwhile; plan it again.",
        ));
    }
    milestone.name = milestone.name.trim().to_owned();
    Ok(ReleaseChange::SetMilestone(milestone))
}

/// Apply [`ReleaseChange::SetMilestone`]: a milestone carrying the event's id is new; any
/// other must still be in the schedule (a merge may have removed it).
pub(crate) fn apply_set(
    release: &mut Release,
    milestone: &Milestone,
    at: &At,
) -> Result<(), String> {
    in_status(release, SCHEDULE.allowed, "plan a milestone")?;
    match release.milestones.iter_mut().find(|m| m.id == milestone.id) {
        Some(old) => *old = milestone.clone(),
        None => {
            require(
                milestone.id == at.new_id(),
                "the milestone is no longer in the schedule",
            )?;
            release.milestones.push(milestone.clone());
        }
    }
    Ok(())
}

/// Apply [`ReleaseChange::RemoveMilestone`].
pub(crate) fn apply_remove(release: &mut Release, id: &ItemId) -> Result<(), String> {
    in_status(release, SCHEDULE.allowed, "remove a milestone")?;
    let before = release.milestones.len();
    release.milestones.retain(|m| &m.id != id);
    require(
        release.milestones.len() < before,
        "the milestone is no longer in the schedule",
    )
}
