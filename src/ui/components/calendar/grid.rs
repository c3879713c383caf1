//! The month grid (a day a cell) and the week grid (an hour a cell): deployment windows in
//! their environment's colour, freezes shaded and named, conflicts with their reason. A
//! movable window can be dragged onto another cell; the move is only proposed (the move
//! panel shows its conflicts) until someone saves it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use leptos::ev::DragEvent;
use leptos::prelude::*;

use super::{
    at_midnight, freezes_between, monday_of, month_name, CalendarCtx, Chip, Proposal, WEEKDAYS,
};
use crate::ui::desk::Desk;

/// A day in words: "Monday 21 December 2026".
fn day_words(day: NaiveDate) -> String {
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

/// What every cell of one grid reads: the windows shown, the environment filter, and
/// whether the person may move windows. The grid is rebuilt when any of them changes, so
/// the cells themselves hold no reactive state but the drop target's outline.
#[derive(Clone)]
struct Cells {
    chips: std::rc::Rc<Vec<Chip>>,
    env: Option<crate::domain::EnvironmentId>,
    may_move: bool,
}

/// A cell a window can be dropped on: a day (month view, `keep_time`: a drop keeps the
/// window's time of day) or an hour (week view: a drop starts the window at the hour).
fn slot(
    cells: &Cells,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    words: String,
    number: Option<u32>,
    outside: bool,
    keep_time: bool,
) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let freezes = Desk::expect()
        .engine
        .with_untracked(|e| freezes_between(e.book(), from, until, cells.env.as_ref()));
    let here: Vec<Chip> = cells
        .chips
        .iter()
        .filter(|c| c.window.start >= from && c.window.start < until)
        .cloned()
        .collect();
    let label = slot_label(words, &freezes, here.len());
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
            {freezes.into_iter().map(|f| (view! {
                <p class="cal-slot__freeze">{format!("Freeze: {f}")}</p>
            }).into_any()).collect_view()}
            <ul class="cal-slot__windows">
                {here.into_iter().map(|chip| (window_chip(chip, may_move)).into_any()).collect_view()}
            </ul>
            {super::milestones::milestone_markers(from, until)}
        </td>
    }
}

/// One deployment window: its release (a link), time, wave, conflicts, and the move controls.
fn window_chip(chip: Chip, may_move: bool) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let movable = chip.movable && may_move;
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
            draggable=if movable { "true" } else { "false" }
            on:dragstart=on_start on:dragend=on_end>
            <a class="cal-window__title" href=chip.href>{title.clone()}</a>
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
    let cells = Cells {
        chips: std::rc::Rc::new(chips),
        env,
        may_move,
    };
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
                                let from = at_midnight(day);
                                slot(&cells, (from, from + Duration::days(1)), day_words(day),
                                    Some(day.day()), day.month() != first.month(), true)
                            }).into_any()).collect_view()}
                        </tr>
                    }).into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The seven days from `monday`, an hour a row.
pub fn week_grid(
    monday: NaiveDate,
    chips: Vec<Chip>,
    env: Option<crate::domain::EnvironmentId>,
    may_move: bool,
) -> impl IntoView {
    let cells = Cells {
        chips: std::rc::Rc::new(chips),
        env,
        may_move,
    };
    let days: Vec<NaiveDate> = (0..7).map(|d| monday + Duration::days(d)).collect();
    let heads = days.clone();
    view! {
        <div class="cal-scroll">
            <table class="cal-grid cal-grid--week" aria-labelledby="calendar-title">
                <thead>
                    <tr>
                        <th scope="col">"UTC"</th>
                        {heads.into_iter().map(|d| (view! {
                            <th scope="col">{format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], d.day())}</th>
                        }).into_any()).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(0..24i64).map(|hour| ({
                        let (days, cells) = (days.clone(), cells.clone());
                        view! {
                            <tr>
                                <th scope="row" class="cal-grid__hour">{format!("{hour:02}:00")}</th>
                                {days.into_iter().map(|day| ({
                                    let from = at_midnight(day) + Duration::hours(hour);
                                    slot(&cells, (from, from + Duration::hours(1)),
                                        format!("{}, {hour:02}:00", day_words(day)), None, false, false)
                                }).into_any()).collect_view()}
                            </tr>
                        }
                    }).into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
