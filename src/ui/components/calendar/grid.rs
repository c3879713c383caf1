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

/// A cell a window can be dropped on: a day (month view) or an hour (week view).
#[component]
fn Slot(
    /// Where the slot starts and ends.
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    /// How the slot reads: "Monday 21 December 2026" or "… 22:00".
    words: String,
    /// The visible heading of the cell ("21", or nothing in the week grid).
    #[prop(optional, into)]
    number: String,
    /// Outside the month shown.
    #[prop(optional)]
    outside: bool,
    /// Dropping here keeps the window's time of day (month view) or starts it here (week).
    keep_time: bool,
    /// The windows of the range.
    chips: Memo<Vec<Chip>>,
) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let desk = Desk::expect();
    let freezes = Memo::new(move |_| {
        let env = ctx.env.get();
        desk.engine
            .with(|e| freezes_between(e.book(), from, until, env.as_ref()))
    });
    let here = move || {
        chips.with(|all| {
            all.iter()
                .filter(|c| c.window.start >= from && c.window.start < until)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let target = move |original: DateTime<Utc>| {
        if keep_time {
            from + Duration::seconds(i64::from(original.num_seconds_from_midnight()))
        } else {
            from
        }
    };
    let on_over = move |ev: DragEvent| {
        let Some((release, wave)) = ctx.dragging.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let original = chips.with_untracked(|all| {
            all.iter()
                .find(|c| c.release == release && c.wave == wave)
                .map(|c| c.window.start)
        });
        let start = match (original, ctx.proposal.get_untracked()) {
            (Some(at), _) => at,
            (None, Some(Proposal { start, .. })) => start,
            (None, None) => from,
        };
        ctx.drag_over(target(start));
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
    let label = move || slot_label(words.clone(), &freezes.get(), here().len());
    view! {
        <td class="cal-slot" class:cal-slot--outside=outside
            class:cal-slot--frozen=move || freezes.with(|f| !f.is_empty())
            class:cal-slot--target=is_target
            aria-label=label
            on:dragover=on_over on:drop=on_drop>
            {(!number.is_empty()).then(|| view! { <span class="cal-slot__number" aria-hidden="true">{number.clone()}</span> })}
            {move || freezes.get().into_iter().map(|f| view! {
                <p class="cal-slot__freeze">{format!("Freeze: {f}")}</p>
            }).collect_view()}
            <ul class="cal-slot__windows">
                {move || here().into_iter().map(|chip| view! { <WindowChip chip=chip /> }).collect_view()}
            </ul>
        </td>
    }
}

/// One deployment window: its release (a link), time, wave, conflicts, and the move controls.
#[component]
fn WindowChip(chip: Chip) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let movable = move || chip.movable && ctx.may_move.get();
    let (release, wave, start) = (chip.release.clone(), chip.wave.clone(), chip.window.start);
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
    let moving = {
        let (release, wave) = (release.clone(), wave.clone());
        move || {
            ctx.proposal.with(|p| {
                p.as_ref()
                    .is_some_and(|p| p.release == release && p.wave == wave)
            })
        }
    };
    let open_move = move |_| {
        ctx.proposal.set(Some(Proposal {
            release: release.clone(),
            wave: wave.clone(),
            start,
        }))
    };
    let title = chip.title.clone();
    let has_conflict = !chip.conflicts.is_empty();
    view! {
        <li class=format!("cal-window cal-env-{}", chip.env_index % 6)
            class:cal-window--conflict=has_conflict
            class:cal-window--moving=moving
            draggable=move || if movable() { "true" } else { "false" }
            on:dragstart=on_start on:dragend=on_end>
            <a class="cal-window__title" href=chip.href.clone()>{chip.title.clone()}</a>
            <span class="cal-window__detail">{chip.detail.clone()}</span>
            {chip.conflicts.iter().map(|c| view! {
                <span class="cal-window__conflict">{format!("Conflict: {c}")}</span>
            }).collect_view()}
            <Show when=movable>
                <button class="cal-window__move" type="button"
                    aria-label=format!("Move the window of {title}") on:click=open_move.clone()>
                    "Move"
                </button>
            </Show>
        </li>
    }
}

/// The weeks of the month that holds `first`, Monday first.
#[component]
pub fn MonthGrid(
    /// The first day of the month.
    first: NaiveDate,
    /// The windows of the weeks shown.
    chips: Memo<Vec<Chip>>,
) -> impl IntoView {
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
                    <tr>{WEEKDAYS.iter().map(|d| view! { <th scope="col">{*d}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks.into_iter().map(|week| view! {
                        <tr>
                            {week.into_iter().map(|day| {
                                let from = at_midnight(day);
                                view! {
                                    <Slot from=from until=from + Duration::days(1) words=day_words(day)
                                        number=day.day().to_string() outside=day.month() != first.month()
                                        keep_time=true chips=chips />
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The seven days from `monday`, an hour a row.
#[component]
pub fn WeekGrid(
    /// The Monday the week starts.
    monday: NaiveDate,
    /// The windows of the week.
    chips: Memo<Vec<Chip>>,
) -> impl IntoView {
    let days: Vec<NaiveDate> = (0..7).map(|d| monday + Duration::days(d)).collect();
    let heads = days.clone();
    view! {
        <div class="cal-scroll">
            <table class="cal-grid cal-grid--week" aria-labelledby="calendar-title">
                <thead>
                    <tr>
                        <th scope="col">"UTC"</th>
                        {heads.into_iter().map(|d| view! {
                            <th scope="col">{format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], d.day())}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(0..24i64).map(|hour| {
                        let days = days.clone();
                        view! {
                            <tr>
                                <th scope="row" class="cal-grid__hour">{format!("{hour:02}:00")}</th>
                                {days.into_iter().map(|day| {
                                    let from = at_midnight(day) + Duration::hours(hour);
                                    view! {
                                        <Slot from=from until=from + Duration::hours(1)
                                            words=format!("{}, {hour:02}:00", day_words(day))
                                            keep_time=false chips=chips />
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
