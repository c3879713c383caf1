//! The release page's deployment runbook: the overrun warning, the runs so far, the run
//! controls (start a rehearsal or the live run, switch to back-out with a reason, end the
//! run), the Gantt chart ([`gantt`]), the task table with each task's steps offered only
//! when the domain accepts them now, and, for the release manager, the task form
//! ([`form`]) and CSV import, export and templates ([`csv`]). Every rule is the domain's
//! (`src/domain/release/runbook/`); this file asks it what to show and offer.

pub mod csv;
pub mod form;
pub mod gantt;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::common::{offer, on, person_here};
use super::gated::Gated;
use super::opener::opener;
use super::ReleaseCtx;
use crate::domain::schedule::minute;
use crate::domain::{
    duration_text, plan, refusal, run_summaries, Book, ItemId, Release, ReleaseChange, RunKind,
    Runbook, Section, Step, Task, TaskId,
};
use crate::ui::act::{act_status, Act};
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, editor::focus, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;
use gantt::{gantt, Chart, Row};

/// The runbook as a change to offer: the domain says who may edit it, and when.
fn edit_sample() -> ReleaseChange {
    ReleaseChange::SetRunbook(Runbook::default())
}

/// How many tasks the table and the Gantt show at first. A runbook imported from a
/// spreadsheet may have thousands; drawing them all takes the page seconds, so the rest
/// wait behind "Show all …". The table's caption and the chart's description say "the
/// first 100" in words.
const SHOWN_AT_FIRST: usize = 100;

/// The chart of the run going (forecast at `now`), or of the plan from the first window,
/// drawing the first `shown` tasks.
pub fn chart(r: &Release, now: DateTime<Utc>, shown: usize) -> Option<Chart> {
    let window = r.runbook_window();
    let going = r.current_run().is_some();
    let fc = if going {
        r.run_forecast(now)?
    } else {
        plan(&r.runbook, window.map_or(now, |w| w.start)).ok()?
    };
    let rows = fc
        .tasks
        .iter()
        .filter_map(|t| {
            let task = r.runbook.task(&t.id)?;
            Some(Row {
                id: t.id.to_string(),
                title: task.title.clone(),
                kind: task.kind.label(),
                plan: (t.planned_start, t.planned_finish),
                bar: (t.start, t.finish),
                actual: t.actual_start.is_some(),
                critical: t.critical,
                late: t.late,
                fixed: task.fixed_start,
            })
        })
        .collect();
    Some(Chart {
        rows,
        now: going.then_some(now),
        window_end: window.map(|w| w.end),
        shown,
    })
}

/// A task's owner as people read it: the person's name, or the team's.
pub fn owner_name(book: &Book, task: &Task) -> String {
    book.person_name(&task.owner.as_str().into()).to_owned()
}

/// The button of one step on one task of a run: "Finish" (named “Finish T3 Stop the web
/// tier” for a screen reader), offered only when the domain accepts it now.
pub fn step_button(act: Act, change: crate::domain::Change, step: Step, task: &Task) -> AnyView {
    let label = format!("{} {} {}", step.label(), task.id, task.title);
    view! {
        <button class="button button--secondary runbook__step" type="button" aria-label=label
            disabled=act.busy on:click=move |_| act.run(change.clone(), |_| {})>{step.label()}</button>
    }
    .into_any()
}

/// The runbook section.
#[component]
pub fn RunbookSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let editing = RwSignal::new(None::<Task>);
    let open = RwSignal::new(false);
    let shown = RwSignal::new(SHOWN_AT_FIRST);
    let may_edit = Signal::derive(move || offer(ctx, me, &edit_sample()));
    let now = move || {
        desk.minute.track();
        Utc::now()
    };
    let edit = move |task: Task| {
        editing.set(Some(task));
        open.set(true);
        request_animation_frame(|| focus("task-title"));
    };
    view! {
        <section class="release__section runbook" id=section_id(Section::Runbook) aria-labelledby="runbook-title">
            <h2 id="runbook-title">"Deployment runbook"</h2>
            <p class="release__help">"Its tasks with owners, durations and predecessors: rehearse them, then run them live in the window."</p>
            {dy(move || {
                let warning = desk.engine.with(|e| ctx.with(|r| r.runbook_overrun(e.book(), now()))).flatten();
                warning.map(|w| view! { <p class="runbook__overrun" role="alert">{w}</p> }).into_any()
            })}
            {dy(move || {
                let lines = ctx.with(|r| run_summaries(r, now())).unwrap_or_default();
                (!lines.is_empty()).then(|| view! {
                    <div class="runbook__runs"><h3>"Runs"</h3>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></div>
                }).into_any()
            })}
            <RunControls />
            {dy(move || ctx.with(|r| chart(r, now(), shown.get())).flatten().map(gantt).into_any())}
            {dy(move || {
                let editable = may_edit.get() && ctx.with(|r| r.current_run().is_none()).unwrap_or(false);
                let table = Table { ctx, me, act, now: now(), shown: shown.get() };
                desk.engine.with(|e| ctx.with(|r| table.view(e.book(), r, editable.then_some(edit))))
                    .flatten().unwrap_or_else(|| view! { <p>"No task in the runbook yet."</p> }.into_any())
            })}
            {dy(move || {
                let count = ctx.with(|r| r.runbook.tasks.len()).unwrap_or(0);
                (count > shown.get()).then(|| {
                    let label = ["Show all ", &count.to_string(), " tasks"].concat();
                    view! { <button class="button button--secondary" type="button" on:click=move |_| shown.set(usize::MAX)>{label}</button> }
                }).into_any()
            })}
            {move || act_status(act, Some(ctx.id()))}
            <When cond=may_edit>
                <div class="runbook__tools">
                <div class="opener">
                    <button class="button button--secondary" type="button"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| {
                            editing.set(None);
                            open.update(|o| *o = !*o);
                            request_animation_frame(|| focus("task-id"));
                        }>"Add a task"</button>
                </div>
                <When cond=move || open.get()><form::TaskForm editing open /></When>
                <csv::RunbookFiles />
                </div>
            </When>
        </section>
    }
}

/// The task table of the section: what it needs besides the book and the release.
struct Table {
    ctx: ReleaseCtx,
    me: Signal<Option<crate::domain::Person>>,
    act: Act,
    now: DateTime<Utc>,
    /// How many of the tasks to list, the first ones.
    shown: usize,
}

impl Table {
    /// The task table: one row per task, its state in the run going and the steps offered.
    fn view(
        self,
        book: &Book,
        r: &Release,
        edit: Option<impl Fn(Task) + Copy + 'static>,
    ) -> Option<AnyView> {
        let Table {
            ctx,
            me,
            act,
            now,
            shown,
        } = self;
        if r.runbook.tasks.is_empty() {
            return None;
        }
        let run = r.current_run();
        let who = me.with(|p| p.as_ref().map(|p| p.id.clone()));
        let total = r.runbook.tasks.len();
        let rows = r
        .runbook
        .tasks
        .iter()
        .take(shown)
        .map(|task| {
            let state = run
                .and_then(|run| run.state_of(&task.id))
                .map_or("", |s| s.label());
            let steps = match (run, &who) {
                (Some(run), Some(who)) => r
                    .offered_steps(book, who, &task.id, now)
                    .into_iter()
                    .map(|step| {
                        let change = on(
                            ctx,
                            ReleaseChange::MarkTask {
                                run: run.id.clone(),
                                task: task.id.clone(),
                                step,
                            },
                        );
                        step_button(act, change, step, task)
                    })
                    .collect_view()
                    .into_any(),
                _ => ().into_any(),
            };
            let edit_button = edit.map(|edit| {
                let t = task.clone();
                let label = format!("Edit {} {}", task.id, task.title);
                view! { <button class="button button--secondary" type="button" aria-label=label on:click=move |_| edit(t.clone())>"Edit"</button> }
            });
            let after: Vec<&str> = task.after.iter().map(TaskId::as_str).collect();
            view! {
                <tr>
                    <td>{task.id.to_string()}</td>
                    <th scope="row">{task.title.clone()}<span class="runbook__kind">{[task.kind.label(), " · ", &task.stage].concat()}</span></th>
                    <td>{owner_name(book, task)}</td>
                    <td>{duration_text(i64::from(task.minutes))}</td>
                    <td>{after.join(", ")}</td>
                    <td>{state}</td>
                    <td class="runbook__actions">{steps}{edit_button}</td>
                </tr>
            }
        })
        .collect_view();
        let part = if total > shown {
            [": the first 100 of ", &total.to_string(), " tasks"].concat()
        } else {
            String::new()
        };
        let caption = format!("Revision {} of the runbook{part}", r.runbook.revision);
        Some(view! {
        <div class="release__table-wrap">
            <table class="release__table runbook__table">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Id"</th><th scope="col">"Task"</th><th scope="col">"Owner"</th>
                    <th scope="col">"Planned"</th><th scope="col">"After"</th><th scope="col">"State"</th><th scope="col">"Actions"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }.into_any())
    }
}

/// Start a run, or (while one is going) its state, the switch to back-out and its end.
#[component]
fn RunControls() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    view! {
        {dy(move || {
            let going = ctx.with(|r| r.current_run().map(|run| (run.id.clone(), run.title(), run.backout.clone(), minute(run.started.at)))).flatten();
            match going {
                // An empty runbook has nothing to run: "No task yet" says what is missing.
                None if ctx.with(|r| r.runbook.tasks.is_empty()).unwrap_or(true) => ().into_any(),
                None => view! { <div class="runbook__controls">{RunKind::ALL
                    .into_iter()
                    .filter(|k| offer(ctx, me, &ReleaseChange::StartRun(*k)))
                    .map(|kind| {
                        let label = ["Start the ", &kind.label().to_ascii_lowercase()].concat();
                        let key = ["run-", kind.label()].concat().replace(' ', "-");
                        let run = move |()| act.run(on(ctx, ReleaseChange::StartRun(kind)), |_| {});
                        view! { <div class="runbook__control"><Gated act change=ReleaseChange::StartRun(kind) label key on_click=Callback::new(run) /></div> }
                    })
                    .collect_view()}</div> }
                    .into_any(),
                Some((id, title, backout, since)) => {
                    let end = ReleaseChange::EndRun(id.clone());
                    let backed = backout.map(|(stamp, why)| {
                        let text = desk.engine.with(|e| super::common::stamp_text(e.book(), &stamp));
                        view! { <p class="runbook__backout" role="status">{format!("Backing out since {text}: {why}")}</p> }
                    });
                    let may_end = offer(ctx, me, &end);
                    let may_switch = offer(ctx, me, &ReleaseChange::SwitchToBackout { run: id.clone(), reason: String::new() });
                    let switch_id = id.clone();
                    let end_run = move |()| act.run(on(ctx, ReleaseChange::EndRun(id.clone())), |_| {});
                    view! {
                        <div class="runbook__going">
                            <h3>{format!("{title} going since {since} UTC")}</h3>
                            {(backed.is_none() && may_switch).then(|| switch_offer(ctx, me, switch_id))}
                            {backed}
                            {may_end.then(|| view! { <Gated act change=end label="End the run".to_owned() key="run-end".to_owned() class="button button--secondary" on_click=Callback::new(end_run) /> })}
                        </div>
                    }.into_any()
                }
            }
        })}
        {move || act_status(act, Some(ctx.id()))}
    }
}

/// The switch to back-out: its form behind a button when the domain would accept a switch
/// now (given a reason), else the button disabled with the domain's reason (no back-out
/// step in the runbook, say). The switch does not depend on the time, so the book decides.
fn switch_offer(
    ctx: ReleaseCtx,
    me: Signal<Option<crate::domain::Person>>,
    run: ItemId,
) -> AnyView {
    let desk = Desk::expect();
    let change = ReleaseChange::SwitchToBackout {
        run: run.clone(),
        reason: "-".into(),
    };
    let who = me.with_untracked(|p| p.as_ref().map(|p| p.id.clone()));
    let why = who.and_then(|who| {
        desk.engine
            .with_untracked(|e| refusal(e.book(), &who, on(ctx, change), Utc::now()))
    });
    match why {
        None => opener(Signal::from(true), "Switch the run to back-out", move || {
            view! { <BackoutSwitch run=run.clone() /> }.into_any()
        }),
        Some(why) => view! {
            <button class="button button--secondary" type="button" disabled aria-describedby="why-backout">"Switch the run to back-out"</button>
            <p class="gated__why" id="why-backout">{why.to_string()}</p>
        }
        .into_any(),
    }
}

/// Switch the run going to back-out, with the reason.
#[component]
fn BackoutSwitch(run: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let reason = RwSignal::new(String::new());
    let fields = vec![FieldSpec::area("reason", "Why back out", reason)
        .help("Such as “Go/no-go failed: the smoke tests of the payment API are red”.")
        .required()];
    let on_submit = Callback::new(move |()| {
        let change = ReleaseChange::SwitchToBackout {
            run: run.clone(),
            reason: reason.get_untracked().trim().to_owned(),
        };
        act.run_saying(on(ctx, change), "Switched to back-out.", |_| {});
    });
    let options = FormOptions::new(
        act,
        "backout-switch",
        "Switch to back-out",
        "Switch to back-out",
    )
    .class("release__form")
    .release(ctx.id());
    view! { <RecordForm options fields on_submit /> }
}
