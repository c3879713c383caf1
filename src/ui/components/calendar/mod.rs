//! The calendar's parts: the month grid ([`grid`], which also owns what a day holds), the
//! week's time grid ([`week`]), the agenda ([`agenda`]) and the form that moves a
//! deployment window ([`move_panel`]), sharing one [`CalendarCtx`]: the environment shown,
//! the move being proposed (by dragging or by the form) and who may move windows.
//!
//! Every time on the calendar is UTC, as the domain stores it.

pub mod agenda;
pub mod grid;
pub mod milestones;
pub mod move_panel;
pub mod week;

use crate::domain::order;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use leptos::prelude::*;

use crate::domain::schedule::{all_conflicts, minute};
use crate::domain::{
    plan, query, Book, EnvironmentId, ItemId, Release, ReleaseId, Status, Wave, WaveStatus, Window,
};
use crate::ui::route::release_href;

/// A window being moved: the wave and its proposed new start (the length stays).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// The release.
    pub release: ReleaseId,
    /// The wave.
    pub wave: ItemId,
    /// The proposed start.
    pub start: DateTime<Utc>,
}

/// What the calendar's parts share.
#[derive(Clone, Copy)]
pub struct CalendarCtx {
    /// The environment shown, or every environment.
    pub env: Memo<Option<EnvironmentId>>,
    /// The move being proposed, not yet saved.
    pub proposal: RwSignal<Option<Proposal>>,
    /// The wave being dragged.
    pub dragging: RwSignal<Option<(ReleaseId, ItemId)>>,
    /// The drag ended on a slot (so the proposal stays for saving).
    pub dropped: RwSignal<bool>,
    /// The person at this browser may reschedule waves.
    pub may_move: Signal<bool>,
}

impl CalendarCtx {
    /// The context provided by the calendar page.
    ///
    /// # Panics
    /// Outside the calendar page: a programming error.
    pub fn expect() -> CalendarCtx {
        expect_context::<CalendarCtx>()
    }

    /// Propose `start` for the wave being dragged; nothing is saved.
    pub fn drag_over(&self, start: DateTime<Utc>) {
        if let Some((release, wave)) = self.dragging.get_untracked() {
            let next = Proposal {
                release,
                wave,
                start,
            };
            if self.proposal.with_untracked(|p| p.as_ref() != Some(&next)) {
                self.proposal.set(Some(next));
            }
        }
    }
}

/// One deployment window as the grids show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    /// The release.
    pub release: ReleaseId,
    /// The wave.
    pub wave: ItemId,
    /// "Storefront redesign v6.0.0 → Production".
    pub title: String,
    /// The wave's name and status.
    pub detail: String,
    /// The environment's position, for its colour.
    pub env_index: usize,
    /// The window.
    pub window: Window,
    /// The link to the release.
    pub href: String,
    /// Each conflict's reason.
    pub conflicts: Vec<String>,
    /// Still planned or ready, in a release not ended: it may be rescheduled.
    pub movable: bool,
}

/// The windows overlapping `[from, until)` on `env` (or every environment), with conflicts.
pub fn chips(
    book: &Book,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    env: Option<&EnvironmentId>,
) -> Vec<Chip> {
    let conflicts = all_conflicts(book);
    let envs = environments(book);
    query::windows_between(book, from, until)
        .into_iter()
        .filter(|w| env.is_none_or(|e| &w.wave.plan.environment == e))
        .map(|w| {
            let env_id = &w.wave.plan.environment;
            let env_index = envs.iter().position(|(id, _)| id == env_id).unwrap_or(0);
            let env_name = envs
                .iter()
                .find(|(id, _)| id == env_id)
                .map_or(env_id.as_str(), |(_, n)| n.as_str());
            Chip {
                release: w.release.id.clone(),
                wave: w.wave.id.clone(),
                title: format!("{} → {env_name}", w.release.title()),
                detail: format!(
                    "{}–{} UTC · {} ({}{}{})",
                    clock(w.wave.plan.window.start),
                    clock(w.wave.plan.window.end),
                    w.wave.plan.name,
                    w.wave.status.label(),
                    w.wave
                        .emergency
                        .as_ref()
                        .map_or_else(String::new, |o| format!("; {}", o.words(book))),
                    runbook_span(w.release, w.wave)
                ),
                env_index,
                window: w.wave.plan.window,
                href: release_href(&w.release.id.0),
                conflicts: conflicts
                    .iter()
                    .filter(|c| c.release == w.release.id && c.wave == w.wave.id)
                    .map(|c| c.message.clone())
                    .collect(),
                movable: matches!(w.wave.status, WaveStatus::Planned | WaveStatus::Ready)
                    && !w.release.status.is_final()
                    && w.release.status != Status::EarlyLifeSupport,
            }
        })
        .collect()
}

/// "; runbook 22:00–23:50" on the window the release's runbook deploys in: the span of
/// its plan from the window's start, or the forecast of the run going.
fn runbook_span(r: &Release, wave: &Wave) -> String {
    let window = r.runbook_window();
    if r.runbook.tasks.is_empty() || window != Some(wave.plan.window) {
        return String::new();
    }
    r.run_forecast(Utc::now())
        .or_else(|| plan(&r.runbook, wave.plan.window.start).ok())
        .map_or_else(String::new, |f| {
            format!("; runbook {}–{}", clock(f.start), clock(f.finish))
        })
}

/// The environments in promotion order: (id, name).
pub fn environments(book: &Book) -> Vec<(EnvironmentId, String)> {
    let mut envs: Vec<_> = book.environments.values().filter(|e| !e.retired).collect();
    order::sort_by_key(&mut envs, |e| (e.order, e.id.clone()));
    envs.into_iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

/// The names of the freezes covering any part of `[from, until)` on `env` (or any
/// environment), each once, with the environments they freeze.
pub fn freezes_between(
    book: &Book,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    env: Option<&EnvironmentId>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for freeze in book.policies.values().flat_map(|p| &p.freeze_windows) {
        if env.is_some_and(|e| !freeze.covers(e)) || freeze.overlapping(from, until).is_none() {
            continue;
        }
        let name = if env.is_some() || freeze.environments.is_empty() {
            freeze.name.clone()
        } else {
            let names: Vec<&str> = freeze
                .environments
                .iter()
                .map(|e| {
                    book.environments
                        .get(e)
                        .map_or(e.as_str(), |e| e.name.as_str())
                })
                .collect();
            format!("{} ({})", freeze.name, names.join(", "))
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Midnight UTC at the start of `day`.
pub fn at_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or_default()
}

/// The Monday of `day`'s week.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day.checked_sub_signed(Duration::days(i64::from(
        day.weekday().num_days_from_monday(),
    )))
    .unwrap_or(day)
}

/// `2026-12-01` read by hand (chrono's parser carries its format machinery). Only the
/// years a book can hold (1 to 9999, see `domain::limits`) read as a date, so a link or a
/// field cannot lead the calendar's arithmetic to the edge of chrono's range.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `22:30` read by hand: (hour, minute).
pub fn parse_clock(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// `22:00`.
pub fn clock(at: DateTime<Utc>) -> String {
    minute(at).split_off(11)
}

/// The month's name.
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// The weekdays' short names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
