//! Moving a deployment window: the proposed window (from a drag or typed in), its conflicts
//! re-checked by the domain at every change, and "Save new window" or "Cancel". Nothing is
//! saved until the person says so.

use chrono::Duration;
use leptos::prelude::*;

use crate::ui::kit::dy;

use super::{at_midnight, clock, parse_clock, parse_date, CalendarCtx};
use crate::domain::schedule::{date, minute, window_conflicts};
use crate::domain::{Change, ReleaseChange, WavePlan, Window};
use crate::ui::act::Act;
use crate::ui::desk::Desk;
use crate::ui::kit::{effect, error_id, GroupError, When};

/// What the panel shows of the proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Moving {
    title: String,
    wave_name: String,
    old: Window,
    plan: WavePlan,
    conflicts: Vec<String>,
}

/// The move form for the proposed window, when there is one.
#[component]
pub fn MovePanel(
    /// The page's action, whose outcome stays shown after the panel closes.
    act: Act,
) -> impl IntoView {
    let ctx = CalendarCtx::expect();
    let desk = Desk::expect();
    let moving = Memo::new(move |_| {
        let proposal = ctx.proposal.get()?;
        desk.engine.with(|e| {
            let book = e.book();
            let release = book.releases.get(&proposal.release)?;
            let wave = release.wave(&proposal.wave)?;
            let old = wave.plan.window;
            let window = Window {
                start: proposal.start,
                end: proposal.start + (old.end - old.start),
            };
            let env = &wave.plan.environment;
            let env_name = book
                .environments
                .get(env)
                .map_or(env.as_str(), |e| e.name.as_str());
            Some(Moving {
                title: format!("{} → {env_name}", release.title()),
                wave_name: wave.plan.name.clone(),
                old,
                conflicts: window_conflicts(book, release, &wave.id, env, window)
                    .into_iter()
                    .map(|c| c.message)
                    .collect(),
                plan: WavePlan {
                    window,
                    ..wave.plan.clone()
                },
            })
        })
    });
    // A new day keeps the time of day; a new time keeps the day.
    let set_day = move |text: String| {
        let (Some(mut p), Some(day)) = (ctx.proposal.get_untracked(), parse_date(&text)) else {
            return;
        };
        p.start = at_midnight(day) + (p.start - at_midnight(p.start.date_naive()));
        ctx.proposal.set(Some(p));
    };
    let set_time = move |text: String| {
        let (Some(mut p), Some((h, m))) = (ctx.proposal.get_untracked(), parse_clock(&text)) else {
            return;
        };
        p.start = at_midnight(p.start.date_naive())
            + Duration::hours(i64::from(h))
            + Duration::minutes(i64::from(m));
        ctx.proposal.set(Some(p));
    };
    let date_ref = NodeRef::<leptos::html::Input>::new();
    effect(move |_| {
        if let Some(input) = date_ref.get() {
            if ctx.dragging.get_untracked().is_none() {
                let _ = input.focus();
            }
        }
    });
    let save = move |_| {
        let (Some(proposal), Some(m)) = (ctx.proposal.get_untracked(), moving.get_untracked())
        else {
            return;
        };
        let change = Change::Release {
            id: proposal.release,
            change: ReleaseChange::EditWave {
                id: proposal.wave,
                plan: m.plan,
            },
        };
        act.run_saying(change, "Saved the new window.", move |_| {
            ctx.proposal.set(None);
            focus_title();
        });
    };
    let cancel = move || {
        ctx.proposal.set(None);
        act.error.set(None);
        act.done
            .set(Some("Move cancelled; the window is unchanged.".into()));
        focus_title();
    };
    let with = move |f: fn(&Moving) -> String| {
        move || moving.with(|m| m.as_ref().map(f).unwrap_or_default())
    };
    let conflicts =
        move || moving.with(|m| m.as_ref().map(|m| m.conflicts.clone()).unwrap_or_default());
    view! {
        <When cond=move || moving.with(Option::is_some)>
            <section class="panel cal-move" aria-labelledby="cal-move-title"
                on:keydown=move |ev| if ev.key() == "Escape" { cancel() }>
                <h2 class="panel__title" id="cal-move-title">{with(|m| format!("Move the window of {}", m.title))}</h2>
                <p>{with(|m| format!("{}: now {} to {} UTC.", m.wave_name, minute(m.old.start), minute(m.old.end)))}</p>
                <div class="cal-move__fields">
                    <div class="field">
                        <label class="field__label" for="cal-move-date">"New start date"</label>
                        <input class="field__input" id="cal-move-date" type="date" node_ref=date_ref
                            prop:value=with(|m| date(m.plan.window.start))
                            aria-invalid=move || act.invalid("window")
                            aria-describedby=error_id("cal-move", "window")
                            on:change=move |ev| set_day(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label class="field__label" for="cal-move-time">"New start time (UTC)"</label>
                        <input class="field__input" id="cal-move-time" type="time"
                            prop:value=with(|m| clock(m.plan.window.start))
                            aria-invalid=move || act.invalid("window")
                            aria-describedby=error_id("cal-move", "window")
                            on:change=move |ev| set_time(event_target_value(&ev)) />
                    </div>
                </div>
                <GroupError act form="cal-move" field="window" />
                <div class="cal-move__check" aria-live="polite">
                    <p>{with(|m| format!("Proposed window: {} to {} UTC.", minute(m.plan.window.start), minute(m.plan.window.end)))}</p>
                    <When
                        cond=move || !conflicts().is_empty()
                        fallback=|| view! { <p class="cal-move__ok">"No conflicts for the proposed window."</p> }
                    >
                        <p class="cal-move__warn">"Conflicts for the proposed window:"</p>
                        <ul class="cal-move__conflicts" aria-label="Conflicts for the proposed window">
                            {dy(move || (conflicts().into_iter().map(|c| (view! { <li>{c}</li> }).into_any()).collect_view()).into_any())}
                        </ul>
                    </When>
                </div>
                <div class="cal-move__actions">
                    <button class="button" type="button" on:click=save disabled=move || act.busy.get()>"Save new window"</button>
                    <button class="button button--secondary" type="button" on:click=move |_| cancel()>"Cancel"</button>
                </div>
            </section>
        </When>
    }
}

/// Give the focus back to the calendar's title once the form closes, so that the keyboard
/// continues from the calendar rather than from the top of the page.
fn focus_title() {
    use wasm_bindgen::JsCast;
    if let Some(title) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("calendar-title"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = title.focus();
    }
}
