//! The task form of the runbook: add a task, or edit or remove the one chosen. The planned
//! duration offers what earlier runs learned ("median 25 min, p90 40 min (3 runs)") with
//! a button that takes the median.

use leptos::prelude::*;

use super::super::common::{chosen, input_minute, on, options, parse_minute};
use super::ReleaseCtx;
use crate::domain::{learned, parse_minutes, ReleaseChange, Task, TaskId, TaskKind};
use crate::ui::act::Act;
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, effect, FieldSpec, FormOptions, RecordForm, When};

/// The select options of the catalogue's environments or the release's waves, "none" first.
fn choices(list: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "None in particular".to_owned())];
    out.extend(list);
    out
}

/// Add a task, or edit the one in `editing`.
#[component]
pub fn TaskForm(
    /// The task being edited; none while adding one.
    editing: RwSignal<Option<Task>>,
    /// Whether the form is open: a save or a cancel closes it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let act = Act::new();
    let [id, title, stage, kind, owner, environment, wave, minutes, after, fixed] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    kind.set(TaskKind::Task.label().to_owned());
    effect(move |_| {
        if let Some(t) = editing.get() {
            id.set(t.id.to_string());
            title.set(t.title.clone());
            stage.set(t.stage.clone());
            kind.set(t.kind.label().to_owned());
            owner.set(t.owner.clone());
            environment.set(
                t.environment
                    .as_ref()
                    .map_or(String::new(), |e| e.to_string()),
            );
            wave.set(t.wave.as_ref().map_or(String::new(), |w| w.to_string()));
            minutes.set(t.minutes.to_string());
            after.set(
                t.after
                    .iter()
                    .map(TaskId::as_str)
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            fixed.set(t.fixed_start.map(input_minute).unwrap_or_default());
        }
    });
    let reset = move || {
        open.set(false);
        editing.set(None);
        for s in [id, title, owner, minutes, after, fixed] {
            s.set(String::new());
        }
    };
    let environments = Signal::derive(move || {
        choices(desk.engine.with(|e| {
            e.book()
                .environments
                .values()
                .filter(|e| !e.retired)
                .map(|e| (e.id.to_string(), e.name.clone()))
                .collect()
        }))
    });
    let waves = Signal::derive(move || {
        choices(ctx.part(|r| {
            r.waves
                .iter()
                .map(|w| (w.id.to_string(), w.plan.name.clone()))
                .collect()
        }))
    });
    // What earlier runs learned of the task whose id is typed.
    let learned_now = Memo::new(move |_| {
        let typed = TaskId::from(id.get().trim());
        ctx.with(|r| learned(r).remove(&typed)).flatten()
    });
    let submit = Callback::new(move |()| {
        let Some(planned) = parse_minutes(&minutes.get_untracked()) else {
            return act.refuse(
                "minutes",
                "Enter the planned duration, such as 90, 1h30, 90m or 1:30.",
            );
        };
        let at = fixed.get_untracked();
        let fixed_start = parse_minute(&at);
        if !at.is_empty() && fixed_start.is_none() {
            return act.refuse(
                "fixed_start",
                "Enter the fixed start as a date and time, such as 2026-12-01 22:00.",
            );
        }
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let optional = |s: RwSignal<String>| Some(text(s)).filter(|t| !t.is_empty());
        let task = Task {
            id: text(id).into(),
            title: text(title),
            stage: text(stage),
            kind: chosen(&TaskKind::ALL, TaskKind::label, &kind.get_untracked()),
            owner: text(owner),
            environment: optional(environment).map(Into::into),
            wave: optional(wave).map(Into::into),
            minutes: planned,
            after: after
                .get_untracked()
                .split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Into::into)
                .collect(),
            fixed_start,
        };
        act.run_saying(
            on(ctx, ReleaseChange::SetTask(task)),
            "Task saved.",
            move |_| reset(),
        );
    });
    let editing_now = move || editing.with(Option::is_some);
    let fields = vec![
        FieldSpec::text("id", "Id", id)
            .help("Short and stable, such as T12: runs and predecessors name the task by it.")
            .required()
            .shown(move || !editing_now()),
        FieldSpec::text("title", "Task", title).required(),
        FieldSpec::text("stage", "Stage", stage).placeholder("Cutover"),
        FieldSpec::select(
            "kind",
            "Kind",
            kind,
            options(&TaskKind::ALL, TaskKind::label),
        ),
        FieldSpec::text("owner", "Owner", owner)
            .help("A person's id from the catalogue (they may mark it), or a team's name."),
        FieldSpec::select("environment", "Environment", environment, environments),
        FieldSpec::select("wave", "Wave", wave, waves),
        FieldSpec::text("minutes", "Planned duration", minutes)
            .help("Minutes, or 1h30, 90m, 1:30.")
            .required(),
        FieldSpec::text("after", "After", after)
            .help("The ids of its predecessors, separated by “;”."),
        FieldSpec::kind(
            "fixed_start",
            "Not before (UTC, optional)",
            fixed,
            "datetime-local",
        ),
    ];
    let offered = view! {
        {dy(move || learned_now.get().map(|l| {
            let median = l.median.to_string();
            view! {
                <p class="runbook__learned" role="status">"Learned from earlier runs: "{l.text()}" "
                    <button class="button button--secondary" type="button" on:click=move |_| minutes.set(median.clone())>"Use the median"</button>
                </p>
            }
        }).into_any())}
    }
    .into_any();
    let name = Signal::derive(move || {
        editing.with(|t| match t {
            Some(t) => format!("Edit the task {} “{}”", t.id, t.title),
            None => "Add a task".to_owned(),
        })
    });
    let options = FormOptions::new(act, "task", "", "")
        .add_or_edit(name, Signal::derive(editing_now), "task")
        .heading()
        .class("release__form")
        .release(ctx.id());
    let remove = move |_| {
        if let Some(id) = editing.with_untracked(|t| t.as_ref().map(|t| t.id.clone())) {
            act.run_saying(
                on(ctx, ReleaseChange::RemoveTask(id)),
                "Task removed.",
                move |_| reset(),
            );
        }
    };
    let actions = view! {
        <button class="button button--secondary" type="button" on:click=move |_| reset()>"Cancel"</button>
        <When cond=editing_now>
            <button class="button button--secondary" type="button" on:click=remove>"Remove the task"</button>
        </When>
    }
    .into_any();
    view! { <RecordForm options fields on_submit=submit extra=offered actions /> }
}
