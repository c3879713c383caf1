//! Release policies: how a service numbers its releases, how often each category may ship,
//! the default rollout, the approval chain at each gate, freeze windows and test minimums.

use super::catalogue::Role;
use super::ids::{EnvironmentId, ItemId, PersonId, ServiceId};
use super::release::Approach;
use super::version::Category;
use chrono::{DateTime, Datelike, Duration, Months, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The four gates at which change management authorizes a release to go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    /// Planning may begin.
    Planning,
    /// The plan is approved; build and test may begin.
    Build,
    /// The package may be deployed to a target environment.
    Deployment,
    /// The review is done and operations accepted the handover; the release may close.
    Close,
}

impl GateKind {
    /// Every gate in lifecycle order.
    pub const ALL: [GateKind; 4] = [
        GateKind::Planning,
        GateKind::Build,
        GateKind::Deployment,
        GateKind::Close,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            GateKind::Planning => "start of planning",
            GateKind::Build => "build and test",
            GateKind::Deployment => "deployment",
            GateKind::Close => "closure",
        }
    }
}

/// One link in an approval chain: a role (anyone holding it) or a named person.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approver {
    /// Anyone who holds the role.
    Role(Role),
    /// This person only.
    Person(PersonId),
}

/// A period in which a category may ship only so often.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A calendar week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 4] = [Period::Week, Period::Month, Period::Quarter, Period::Year];

    /// A key that is equal for two instants in the same period.
    pub fn key(self, at: DateTime<Utc>) -> (i32, u32) {
        match self {
            Period::Week => {
                let week = at.iso_week();
                (week.year(), week.week())
            }
            Period::Month => (at.year(), at.month()),
            Period::Quarter => (at.year(), (at.month() - 1) / 3),
            Period::Year => (at.year(), 0),
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// At most `max` releases of `category` may reach production per `period`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrequencyLimit {
    /// The category limited.
    pub category: Category,
    /// How many may ship in one period.
    pub max: u32,
    /// The period counted.
    pub period: Period,
}

/// How a freeze window repeats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Once.
    #[default]
    Once,
    /// Every week at the same time.
    Weekly,
    /// Every month on the same day.
    Monthly,
    /// Every year on the same date (year-end freeze).
    Yearly,
}

impl Repeat {
    /// Every repetition, in the order a form offers them.
    pub const ALL: [Repeat; 4] = [
        Repeat::Once,
        Repeat::Weekly,
        Repeat::Monthly,
        Repeat::Yearly,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Weekly => "every week",
            Repeat::Monthly => "every month",
            Repeat::Yearly => "every year",
        }
    }
}

/// A time when nothing may be deployed, to some environments or all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeWindow {
    /// Id within the policy.
    pub id: ItemId,
    /// Why the freeze exists, e.g. "Year-end trading".
    pub name: String,
    /// First occurrence starts.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub start: DateTime<Utc>,
    /// First occurrence ends.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub end: DateTime<Utc>,
    /// How it repeats.
    #[serde(default)]
    pub repeat: Repeat,
    /// The environments frozen; empty means every environment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<EnvironmentId>,
}

impl FreezeWindow {
    /// The occurrence of this freeze that overlaps `[start, end)`, if any.
    pub fn overlapping(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let length = self.end - self.start;
        let occurrence = |n: u32| -> Option<DateTime<Utc>> {
            match self.repeat {
                Repeat::Once => (n == 0).then_some(self.start),
                Repeat::Weekly => self
                    .start
                    .checked_add_signed(Duration::try_weeks(i64::from(n))?),
                Repeat::Monthly => self.start.checked_add_months(Months::new(n)),
                Repeat::Yearly => self
                    .start
                    .checked_add_months(Months::new(n.checked_mul(12)?)),
            }
        };
        // Jump close to the window first so that a weekly freeze from years ago stays cheap.
        let behind = start.signed_duration_since(self.end);
        let first = match self.repeat {
            Repeat::Once => 0,
            Repeat::Weekly => behind.num_weeks(),
            Repeat::Monthly => behind.num_days() / 31,
            Repeat::Yearly => behind.num_days() / 366,
        };
        let first = u32::try_from(first.max(0)).unwrap_or(u32::MAX);
        for n in first..first.saturating_add(64) {
            // Past the last date there is no further occurrence.
            let from = occurrence(n)?;
            if from >= end {
                return None;
            }
            let to = from.checked_add_signed(length)?;
            if to > start {
                return Some((from, to));
            }
        }
        None
    }

    /// Whether the freeze applies to `environment`.
    pub fn covers(&self, environment: &EnvironmentId) -> bool {
        self.environments.is_empty() || self.environments.contains(environment)
    }
}

/// A service's release policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasePolicy {
    /// The service it governs.
    pub service: ServiceId,
    /// How often each category may reach production.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frequency: Vec<FrequencyLimit>,
    /// The rollout a new release starts with.
    #[serde(default)]
    pub default_approach: Approach,
    /// The ordered chain of approvers each gate needs, before change management authorizes it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub approval_chains: BTreeMap<GateKind, Vec<Approver>>,
    /// When nothing may be deployed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freeze_windows: Vec<FreezeWindow>,
    /// The fewest pass/fail criteria a test plan may have.
    #[serde(default = "one")]
    pub min_pass_criteria: u32,
    /// A major release's deployment authorization needs a finished rehearsal of its runbook.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rehearse_major: bool,
}

fn one() -> u32 {
    1
}

impl ReleasePolicy {
    /// The policy a service has until someone sets one: no limits, no chains, one criterion.
    pub fn default_for(service: ServiceId) -> Self {
        ReleasePolicy {
            service,
            frequency: Vec::new(),
            default_approach: Approach::default(),
            approval_chains: BTreeMap::new(),
            freeze_windows: Vec::new(),
            min_pass_criteria: 1,
            rehearse_major: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn weekly_freeze_repeats() {
        let freeze = FreezeWindow {
            id: "f".into(),
            name: "Friday freeze".into(),
            start: Utc
                .with_ymd_and_hms(2026, 1, 2, 12, 0, 0)
                .single()
                .expect("valid"),
            end: Utc
                .with_ymd_and_hms(2026, 1, 2, 23, 0, 0)
                .single()
                .expect("valid"),
            repeat: Repeat::Weekly,
            environments: vec![],
        };
        // 2026-12-04 is a Friday.
        assert!(freeze.overlapping(at(4, 13), at(4, 14)).is_some());
        assert!(freeze.overlapping(at(3, 13), at(3, 14)).is_none());
    }
}
