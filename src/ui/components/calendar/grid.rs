//! The slots of the calendar and what they hold: the month grid (a day a cell) here, the
//! week's time grid in [`super::week`], the agenda in [`super::agenda`]. Deployment windows
//! in their environment's colour, freezes shaded and named, conflicts with their reason. A
//! movable window can be dragged onto another slot; the move is only proposed (the move
//! panel shows its conflicts) until someone saves it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use leptos::ev::DragEvent;
use leptos::prelude::*;

use super::{
    at_midnight, freezes_between, monday_of, month_name, CalendarCtx, Chip, Proposal, WEEKDAYS,
};
use crate::ui::desk::Desk;

/// A day in words: "Monday 21 December 2026".
pub(super) fn day_words(day: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        full_weekday(day),
        day.day(),
        month_name(day.month()),
        day.year()
    )
}

fn full_weekday(day: NaiveDate) -> &'static str {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    NAMES[day.weekday().num_days_from_monday() as usize]
}

/// The freezes and windows of one slot `[from, until)`, and its label.
fn slot_label(words: String, freezes: &[String], windows: usize) -> String {
    let mut label = words;
    if !freezes.is_empty() {
        label.push_str(", change freeze: ");
        label.push_str(&freezes.join("; "));
    }
    match windows {
        0 => {}
        1 => label.push_str(", 1 deployment window"),
        n => label.push_str(&format!(", {n} deployment windows")),
    }
    label
}

/// What every slot of one view reads: the windows shown, the environment filter, and
/// whether the person may move windows. The view is rebuilt when any of them changes, so
/// the slots themselves hold no reactive state but the drop target's outline.
#[derive(Clone)]
pub(super) struct Cells {
    pub chips: std::rc::Rc<Vec<Chip>>,
    pub env: Option<crate::domain::EnvironmentId>,
    pub may_move: bool,
}

/// What one slot (a day, or an hour of the week) holds, in one place: a new kind of item
/// (a milestone …) is a field here, filled by [`Cells::items`] and drawn by [`slot`].
pub(super) struct SlotItems {
    /// The names of the freezes covering any part of the slot.
    pub freezes: Vec<String>,
    /// The windows starting in the slot, and (`continuing`) those running on into it.
    pub windows: Vec<Placed>,
}

/// A window as one slot shows it.
#[derive(Clone)]
pub(super) struct Placed {
    pub chip: Chip,
    /// The part after midnight of a window that started on an earlier day.
    pub continued: bool,
    /// In the week's time grid: where the window's block sits.
    pub place: Option<Place>,
}

/// A window's block in the week's time grid, in minutes from the top of its first hour's
/// cell, and its lane among the day's windows that overlap. Whole numbers only: CSS does
/// the division, so the bundle carries no float formatting.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub offset: i64,
    pub minutes: i64,
    pub lane: usize,
    pub lanes: usize,
}

impl Cells {
    pub(super) fn new(
        chips: Vec<Chip>,
        env: Option<crate::domain::EnvironmentId>,
        may_move: bool,
    ) -> Cells {
        Cells {
            chips: std::rc::Rc::new(chips),
            env,
            may_move,
        }
    }

    /// The freezes over `[from, until)` and the windows starting in it; with `continuing`,
    /// also the windows that started before and run on into it.
    pub(super) fn items(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        continuing: bool,
    ) -> SlotItems {
        let freezes = Desk::expect()
            .engine
            .with_untracked(|e| freezes_between(e.book(), from, until, self.env.as_ref()));
        let windows = self
            .chips
            .iter()
            .filter(|c| {
                (c.window.start >= from || (continuing && c.window.end > from))
                    && c.window.start < until
            })
            .map(|c| Placed {
                chip: c.clone(),
                continued: c.window.start < from,
                place: None,
            })
            .collect();
        SlotItems { freezes, windows }
    }
}

/// A slot a window can be dropped on: a day (month view and agenda, `keep_time`: a drop
/// keeps the window's time of day) or an hour (week view: a drop starts the window at the
/// hour), with what it holds; in the agenda (`heading`) it names its day in a heading.
#[allow(clippy::too_many_arguments)]
pub(super) fn slot(
    cells: &Cells,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    words: String,
    number: Option<u32>,
    outside: bool,
    keep_time: bool,
    heading: bool,
    items: SlotItems,
) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let SlotItems { freezes, windows } = items;
    let label = slot_label(
        words.clone(),
        &freezes,
        windows.iter().filter(|w| !w.continued).count(),
    );
    let chips = cells.chips.clone();
    let on_over = move |ev: DragEvent| {
        let Some((release, wave)) = ctx.dragging.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let original = chips
            .iter()
            .find(|c| c.release == release && c.wave == wave)
            .map_or(from, |c| c.window.start);
        let start = if keep_time {
            from + Duration::seconds(i64::from(original.num_seconds_from_midnight()))
        } else {
            from
        };
        ctx.drag_over(start);
    };
    let on_drop = move |ev: DragEvent| {
        if ctx.dragging.get_untracked().is_some() {
            ev.prevent_default();
            ctx.dropped.set(true);
        }
    };
    let is_target = move || {
        ctx.proposal.with(|p| {
            p.as_ref()
                .is_some_and(|p| p.start >= from && p.start < until)
        })
    };
    let (may_move, frozen) = (cells.may_move, !freezes.is_empty());
    view! {
        <td class="cal-slot" class:cal-slot--outside=outside
            class:cal-slot--frozen=frozen
            class:cal-slot--target=is_target
            aria-label=label
            on:dragover=on_over on:drop=on_drop>
            {number.map(|n| view! { <span class="cal-slot__number" aria-hidden="true">{n}</span> })}
            {heading.then(|| view! { <h3 class="cal-day__title">{words}</h3> })}
            {freezes.into_iter().map(|f| (view! {
                <p class="cal-slot__freeze">{format!("Freeze: {f}")}</p>
            }).into_any()).collect_view()}
            <ul class="cal-slot__windows">
                {windows.into_iter().map(|w| (window_chip(w, may_move)).into_any()).collect_view()}
            </ul>
            {super::milestones::milestone_markers(from, until)}
        </td>
    }
}

/// One deployment window: its release (a link), time, wave, conflicts, and the move
/// controls; the part of a window continued from the day before only names and links it.
fn window_chip(placed: Placed, may_move: bool) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let Placed {
        chip,
        continued,
        place,
    } = placed;
    let movable = chip.movable && may_move && !continued;
    // In the week's time grid the block sits at its start and is as long as the window.
    let (top, height, left, width) = match place {
        Some(p) => (
            format!("calc(var(--cal-hour) * {} / 60)", p.offset),
            format!("calc(var(--cal-hour) * {} / 60 - 2px)", p.minutes),
            format!("calc(100% * {} / {})", p.lane, p.lanes),
            format!("calc(100% / {})", p.lanes),
        ),
        // An empty value sets nothing.
        None => Default::default(),
    };
    let (release, wave, start) = (chip.release, chip.wave, chip.window.start);
    let (drag_release, drag_wave) = (release.clone(), wave.clone());
    let on_start = move |ev: DragEvent| {
        if let Some(data) = ev.data_transfer() {
            let _ = data.set_data("text/plain", drag_wave.as_str());
            data.set_effect_allowed("move");
        }
        ctx.dropped.set(false);
        ctx.dragging
            .set(Some((drag_release.clone(), drag_wave.clone())));
    };
    let on_end = move |_: DragEvent| {
        if !ctx.dropped.get_untracked() {
            ctx.proposal.set(None);
        }
        ctx.dragging.set(None);
    };
    let open_move = move |_| {
        ctx.proposal.set(Some(Proposal {
            release: release.clone(),
            wave: wave.clone(),
            start,
        }))
    };
    let (title, conflict) = (chip.title, !chip.conflicts.is_empty());
    view! {
        <li class=format!("cal-window cal-env-{}", chip.env_index % 6)
            class:cal-window--conflict=conflict
            class:cal-window--continued=continued
            style:top=top style:height=height style:left=left style:width=width
            draggable=if movable { "true" } else { "false" }
            on:dragstart=on_start on:dragend=on_end>
            <a class="cal-window__title" href=chip.href>{title.clone()}</a>
            {continued.then(|| view! { <span class="cal-window__detail">"Continued from the day before"</span> })}
            <span class="cal-window__detail">{chip.detail}</span>
            {chip.conflicts.into_iter().map(|c| (view! {
                <span class="cal-window__conflict">{format!("Conflict: {c}")}</span>
            }).into_any()).collect_view()}
            {movable.then(|| view! {
                <button class="cal-window__move" type="button"
                    aria-label=format!("Move the window of {title}") on:click=open_move>
                    "Move"
                </button>
            }.into_any())}
        </li>
    }
}

/// The weeks of the month that holds `first` (its first day), Monday first.
pub fn month_grid(
    first: NaiveDate,
    chips: Vec<Chip>,
    env: Option<crate::domain::EnvironmentId>,
    may_move: bool,
) -> impl IntoView {
    let cells = Cells::new(chips, env, may_move);
    let start = monday_of(first);
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .map_or(first, |next| next - Duration::days(1));
    let weeks: Vec<Vec<NaiveDate>> = (0..6)
        .map(|w| (0..7).map(|d| start + Duration::days(w * 7 + d)).collect())
        .filter(|week: &Vec<NaiveDate>| week[0] <= last)
        .collect();
    view! {
        <div class="cal-scroll">
            <table class="cal-grid cal-grid--month" aria-labelledby="calendar-title">
                <thead>
                    <tr>{WEEKDAYS.iter().map(|d| (view! { <th scope="col">{*d}</th> }).into_any()).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks.into_iter().map(|week| (view! {
                        <tr>
                            {week.into_iter().map(|day| ({
                                let (from, until) = (at_midnight(day), at_midnight(day) + Duration::days(1));
                                slot(&cells, (from, until), day_words(day), Some(day.day()),
                                    day.month() != first.month(), true, false,
                                    cells.items(from, until, false))
                            }).into_any()).collect_view()}
                        </tr>
                    }).into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
