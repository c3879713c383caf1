//! The calendar of deployment windows and freeze periods: a month, a week or the agenda
//! (a list of days, the view a phone opens on), one environment or all, with the state in
//! the address (`#/calendar?view=week&date=2026-12-14&env=prod`) so a link reproduces it. Windows can be moved by dragging or with the
//! "Move" form, conflicts checked before saving; the whole schedule exports as a `.ics` file.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use leptos::prelude::*;

use crate::domain::limits::quoted;
use crate::ui::kit::dy;

use crate::domain::{
    ical, Change, EnvironmentId, ItemId, ReleaseChange, ReleaseId, WavePlan, Window,
};
use crate::storage::transfer::download;
use crate::ui::act::{may, me, Act, ActStatus};
use crate::ui::components::calendar::agenda::agenda;
use crate::ui::components::calendar::grid::month_grid;
use crate::ui::components::calendar::move_panel::MovePanel;
use crate::ui::components::calendar::week::week_grid;
use crate::ui::components::calendar::{
    at_midnight, chips, environments, monday_of, month_name, parse_date, CalendarCtx,
};
use crate::ui::desk::Desk;
use crate::ui::state::AppState;

/// The calendar of deployment windows and freeze periods.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let me = me();
    let today = Utc::now().date_naive();
    // With no view in the address, a phone's width shows the agenda, a wider screen the
    // month, following the window as it is resized.
    let narrow = crate::ui::kit::media("(max-width: 640px)");
    let view = Memo::new(move |_| {
        state.route.with(|r| match r.param("view") {
            Some("week") => View::Week,
            Some("agenda") => View::Agenda,
            Some("month") => View::Month,
            _ if narrow.get() => View::Agenda,
            _ => View::Month,
        })
    });
    let week = Memo::new(move |_| view.get() == View::Week);
    let anchor = Memo::new(move |_| {
        state
            .route
            .with(|r| r.param("date").and_then(parse_date))
            .unwrap_or(today)
    });
    // A link whose date is not one a book can hold shows today, and says so.
    let bad_date = Memo::new(move |_| {
        state.route.with(|r| {
            r.param("date")
                .filter(|d| !d.is_empty() && parse_date(d).is_none())
                .map(|d| {
                    format!(
                        "The link's date {} is not a date between the years 1 and 9999, so the calendar shows today.",
                        quoted(d)
                    )
                })
        })
    });
    let env = Memo::new(move |_| {
        state.route.with(|r| {
            r.param("env")
                .filter(|e| !e.is_empty())
                .map(EnvironmentId::from)
        })
    });
    let set = move |key: &str, value: String| {
        state.replace(state.route.get_untracked().with_param(key, &value));
    };
    // Who may reschedule a wave: the domain's rule for `EditWave`.
    let may_move = Signal::derive(move || {
        let sample = Change::Release {
            id: ReleaseId::default(),
            change: ReleaseChange::EditWave {
                id: ItemId::default(),
                plan: WavePlan {
                    name: String::new(),
                    environment: EnvironmentId::default(),
                    target_group: String::new(),
                    window: Window {
                        start: DateTime::default(),
                        end: DateTime::default(),
                    },
                    components: Vec::new(),
                },
            },
        };
        me.with(|p| may(p.as_ref(), &sample))
    });
    let ctx = CalendarCtx {
        env,
        proposal: RwSignal::new(None),
        dragging: RwSignal::new(None),
        dropped: RwSignal::new(false),
        may_move,
    };
    provide_context(ctx);
    let act = Act::new();

    // The first day shown and the day after the last.
    let range = move || {
        let day = anchor.get();
        if week.get() {
            let monday = monday_of(day);
            (
                monday,
                monday
                    .checked_add_signed(Duration::days(7))
                    .unwrap_or(monday),
            )
        } else {
            // The weeks that hold a day of the month, as the month grid shows them.
            let first = day.with_day(1).unwrap_or(day);
            let last = first
                .checked_add_months(Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(first);
            let after = monday_of(last).checked_add_signed(Duration::days(7));
            (monday_of(first), after.unwrap_or(last))
        }
    };
    let shown = Memo::new(move |_| {
        let (from, until) = range();
        let env = env.get();
        desk.engine.with(|e| {
            chips(
                e.book(),
                at_midnight(from),
                at_midnight(until),
                env.as_ref(),
            )
        })
    });
    let title = move || {
        let day = anchor.get();
        if week.get() {
            let monday = monday_of(day);
            format!(
                "Week of {} {} {}",
                monday.day(),
                month_name(monday.month()),
                monday.year()
            )
        } else {
            format!("{} {}", month_name(day.month()), day.year())
        }
    };
    let step = move |forward: bool| {
        let day = anchor.get_untracked();
        let next = if week.get_untracked() {
            monday_of(day)
                .checked_add_signed(Duration::days(if forward { 7 } else { -7 }))
                .unwrap_or(day)
        } else {
            let first = day.with_day(1).unwrap_or(day);
            if forward {
                first.checked_add_months(Months::new(1))
            } else {
                first.checked_sub_months(Months::new(1))
            }
            .unwrap_or(first)
        };
        set("date", iso(next));
    };
    let unit = move || if week.get() { "week" } else { "month" };
    let envs = move || desk.engine.with(|e| environments(e.book()));
    let export_message = RwSignal::new(None::<String>);
    let export = move |_| {
        let events = desk
            .engine
            .with_untracked(|e| ical::schedule_events(e.book()));
        let freezes = events.iter().filter(|e| e.transparent).count();
        let text = ical::write(&events, Utc::now());
        export_message.set(Some(
            match download("release-calendar.ics", "text/calendar", &text) {
                Ok(()) => format!(
                    "Exported release-calendar.ics: {} of every environment and {}.",
                    crate::domain::plural::count(events.len() - freezes, "deployment window"),
                    crate::domain::plural::count(freezes, "change freeze")
                ),
                Err(_) => "The browser refused the download.".into(),
            },
        ));
    };

    view! {
        <section class="page calendar">
            <h1 class="page__title">"Calendar"</h1>
            <p class="calendar__help">
                "Deployment windows of every release by environment, with change freezes shaded. "
                "Times are in UTC. "
                {dy(move || (may_move.get().then_some("Drag a window to another day or hour, or use its Move button, to see the conflicts before saving.")).into_any())}
            </p>
            <div class="calendar__toolbar">
                <div class="calendar__nav" role="group" aria-label="Dates shown">
                    <button class="button button--secondary" type="button" on:click=move |_| step(false)>
                        {dy(move || (format!("Previous {}", unit())).into_any())}
                    </button>
                    <button class="button button--secondary" type="button" on:click=move |_| set("date", iso(today))>"Today"</button>
                    <button class="button button--secondary" type="button" on:click=move |_| step(true)>
                        {dy(move || (format!("Next {}", unit())).into_any())}
                    </button>
                </div>
                <div class="calendar__views" role="group" aria-label="View">
                    {View::ALL.into_iter().map(|v| view! {
                        <button class="button button--secondary" type="button" aria-pressed=move || (view.get() == v).to_string()
                            on:click=move |_| set("view", v.slug().into())>{v.label()}</button>
                    }).collect_view()}
                </div>
                <div class="field calendar__env">
                    <label class="field__label" for="calendar-env">"Environment"</label>
                    <select class="field__input" id="calendar-env"
                        on:change=move |ev| set("env", event_target_value(&ev))>
                        <option value="" selected=move || env.with(Option::is_none)>"All environments"</option>
                        {dy(move || (envs().into_iter().map(|(id, name)| ({
                            let value = id.0.clone();
                            view! {
                                <option value=value selected=move || env.with(|e| e.as_ref() == Some(&id))>{name}</option>
                            }
                        }).into_any()).collect_view()).into_any())}
                    </select>
                </div>
                <button class="button" type="button" on:click=export>"Export the calendar (.ics)"</button>
            </div>
            <p class="calendar__export" role="status">{dy(move || (export_message.get()).into_any())}</p>
            <p class="calendar__export calendar__bad-date" role="status">{dy(move || (bad_date.get()).into_any())}</p>
            <h2 class="calendar__title" id="calendar-title" tabindex="-1">{title}</h2>
            {dy(move || ({
                // Rebuilt whole when the book, the dates, the environment or the person
                // changes; a drag changes only the proposal, which the cells follow.
                desk.engine.track();
                let (from, _) = range();
                let (chips, env, may) = (shown.get(), env.get(), may_move.get());
                let summary = match (chips.len(), chips.iter().map(|c| c.conflicts.len()).sum::<usize>()) {
                    (0, _) => "No deployment windows in this view.".to_owned(),
                    (n, 0) => format!("{}, no conflicts.", crate::domain::plural::count(n, "deployment window")),
                    (n, c) => format!("{}, {} marked with their reason.", crate::domain::plural::count(n, "deployment window"), crate::domain::plural::count(c, "conflict")),
                };
                let first = anchor.get().with_day(1).unwrap_or(from);
                let grid = match view.get() {
                    View::Week => week_grid(from, chips, env, may).into_any(),
                    View::Month => month_grid(first, chips, env, may).into_any(),
                    View::Agenda => agenda(first, chips, env, may).into_any(),
                };
                view! {
                    <ul class="calendar__legend" aria-label="Legend">
                        {envs().into_iter().enumerate().map(|(i, (_, name))| (view! {
                            <li class=format!("calendar__key cal-env-{}", i % 6)>{name}</li>
                        }).into_any()).collect_view()}
                        <li class="calendar__key calendar__key--freeze">"Change freeze"</li>
                    </ul>
                    <p class="calendar__summary">{summary}</p>
                    {grid}
                }
            }).into_any())}
            <crate::ui::components::calendar::milestones::MilestoneList range=Signal::derive(range) />
            <div class="calendar__dock">
                <MovePanel act=act />
                <ActStatus act=act />
            </div>
        </section>
    }
}

/// The calendar's views, as the address names them (`view=week`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Month,
    Week,
    Agenda,
}

impl View {
    const ALL: [View; 3] = [View::Month, View::Week, View::Agenda];

    fn slug(self) -> &'static str {
        match self {
            View::Month => "month",
            View::Week => "week",
            View::Agenda => "agenda",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::Month => "Month view",
            View::Week => "Week view",
            View::Agenda => "Agenda",
        }
    }
}

/// `2026-12-01`.
fn iso(day: NaiveDate) -> String {
    crate::domain::schedule::date(at_midnight(day))
}
