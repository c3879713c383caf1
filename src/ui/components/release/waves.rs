//! The release page's deployment waves, in order: environment, window, order of
//! components, readiness, start, verification and remediation, with the form to plan or
//! change a wave.

use super::opener::opener;
use leptos::prelude::*;

use super::common::{
    button, field_error, fixed, input_minute, keyed, lines, offer, on, parse_minute, person_here,
    who, Text,
};
use super::gated::Gated;
use super::ReleaseCtx;
use crate::domain::schedule::minute;
use crate::domain::{
    CiId, EnvironmentId, ItemId, ReleaseChange, Section, WavePlan, WaveStatus, Window,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Dyn, Field, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::{section_href, section_id};

/// The deployment waves of a release.
#[component]
pub fn WavesSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let approach = move || {
        ctx.with(|r| r.details.approach.rollout.explain(r.waves.len()))
            .unwrap_or_default()
    };
    let ids = move || {
        ctx.with(|r| r.waves.iter().map(|w| w.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    // Planning a new wave has its own statuses (until deployment is under way); the roles
    // are those of any wave change.
    let may_plan = move || {
        offer(ctx, me, &ReleaseChange::RemoveWave(ItemId::default()))
            && ctx
                .with(|r| crate::domain::waves_plannable_in().contains(&r.status))
                .unwrap_or(false)
    };
    let approach: Text = Box::new(approach);
    view! {
        <section class="release__section ops" id=section_id(Section::Waves) aria-labelledby="waves-title">
            <h2 id="waves-title">"Deployment waves"</h2>
            <p class="ops__help">{approach}</p>
            <When cond=move || ids().is_empty()><p>"No deployment wave is planned yet."</p></When>
            <ol class="ops__list">{keyed(Box::new(ids), |id| view! { <WaveItem id /> }.into_any())}</ol>
            {opener(Signal::derive(may_plan), "Plan a wave", || view! { <WaveForm key="new".into() wave=None /> }.into_any())}
        </section>
    }
}

/// One wave: what was planned and how it went, with the next action on it.
#[component]
fn WaveItem(id: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let key = id.0.clone();
    let wave = {
        let id = id.clone();
        Memo::new(move |_| ctx.with(|r| r.wave(&id).cloned()).flatten())
    };
    let notes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let send = move |change: ReleaseChange| {
        act.run(on(ctx, change), move |_| {
            notes.set(String::new());
            reason.set(String::new());
        });
    };
    let body: Dyn = Box::new(move || {
        let Some(w) = wave.get() else {
            return ().into_any();
        };
        let read_only = ctx.read_only();
        let name = w.plan.name.clone();
        let (env, components) = desk.engine.with_untracked(|e| {
            let book = e.book();
            let env = book
                .environments
                .get(&w.plan.environment)
                .map_or(w.plan.environment.0.clone(), |e| e.name.clone());
            let components: Vec<String> = w
                .plan
                .components
                .iter()
                .map(|c| book.cis.get(c).map_or(c.0.clone(), |ci| ci.name.clone()))
                .collect();
            (env, components)
        });
        let readiness = w.readiness.as_ref().map_or_else(
            || "Not confirmed yet".to_owned(),
            |s| format!("Confirmed by {}", who(desk, s)),
        );
        let started = w.started.as_ref().map_or_else(
            || "Not started".to_owned(),
            |s| format!("Started by {}", who(desk, s)),
        );
        let verifications = w
            .verifications
            .iter()
            .map(|v| {
                let outcome = if v.passed { "Working" } else { "Failed" };
                let notes = if v.notes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", v.notes)
                };
                format!("{outcome}{notes} — {}", who(desk, &v.stamp))
            })
            .collect();
        let remediations = w
            .remediations
            .iter()
            .map(|(s, text)| format!("{text} — {}", who(desk, s)))
            .collect();
        let unverified = w.verifications.is_empty().then_some("Not verified yet");
        let has_remediations = !w.remediations.is_empty();
        let form = format!("wave-{key}");
        let actions = (!read_only).then(|| match w.status {
            WaveStatus::Planned
                if offer(ctx, me, &ReleaseChange::ConfirmReadiness(ItemId::default())) =>
            {
                let change = ReleaseChange::ConfirmReadiness(w.id.clone());
                let run = change.clone();
                view! { <Gated act change label=format!("Confirm readiness of {name}") key=format!("ready-{key}")
                    on_click=Callback::new(move |()| send(run.clone())) /> }.into_any()
            }
            WaveStatus::Ready
                if offer(ctx, me, &ReleaseChange::StartWave(ItemId::default())) =>
            {
                let change = ReleaseChange::StartWave(w.id.clone());
                let run = change.clone();
                view! { <Gated act change label=format!("Start deploying {name}") key=format!("start-{key}")
                    on_click=Callback::new(move |()| send(run.clone())) /> }.into_any()
            }
            WaveStatus::InProgress
                if offer(
                    ctx,
                    me,
                    &ReleaseChange::VerifyWave {
                        wave: ItemId::default(),
                        passed: true,
                        notes: String::new(),
                    },
                ) =>
            {
                let (pass, fail) = (w.id.clone(), w.id.clone());
                let verify = move |wave: ItemId, passed: bool| {
                    send(ReleaseChange::VerifyWave {
                        wave,
                        passed,
                        notes: notes.get_untracked(),
                    })
                };
                view! {
                    <div class="ops__form">
                        <Field act form=form.clone() spec=FieldSpec::area(
                            "notes", fixed(format!("What was checked on {name}")), notes) />
                        <div class="ops__buttons">
                            <Gated act change=ReleaseChange::VerifyWave { wave: w.id.clone(), passed: true, notes: String::new() }
                                label=format!("Record {name} as verified: working") key=format!("pass-{key}")
                                on_click=Callback::new(move |()| verify(pass.clone(), true)) />
                            <Gated act change=ReleaseChange::VerifyWave { wave: w.id.clone(), passed: false, notes: String::new() }
                                label=format!("Record {name} as failed verification") key=format!("fail-{key}")
                                class="button button--secondary"
                                on_click=Callback::new(move |()| verify(fail.clone(), false)) />
                        </div>
                    </div>
                }
                .into_any()
            }
            WaveStatus::Failed => {
                let id = w.id.clone();
                let remediate = offer(
                    ctx,
                    me,
                    &ReleaseChange::RemediateWave {
                        wave: ItemId::default(),
                        notes: String::new(),
                    },
                )
                .then(|| {
                    view! {
                        <Field act form=form.clone() spec=FieldSpec::area(
                            "notes", fixed(format!("Remediation done on {name}")), notes) />
                        {button(act, format!("Record remediation of {name}"), "button",
                            Box::new(move || send(ReleaseChange::RemediateWave { wave: id.clone(), notes: notes.get_untracked() })))}
                    }
                });
                view! {
                    <div class="ops__form ops__alert">
                        <p>"This wave failed verification. Remediate it and verify again, or back out the whole deployment."</p>
                        {remediate}
                        <a href=section_href(&ctx.id().0, Section::Backout)>"Back out the deployment instead"</a>
                    </div>
                }
                .into_any()
            }
            _ => ().into_any(),
        });
        let emergency = w
            .emergency
            .as_ref()
            .map(|o| format!("{} — authorized by {}", o.reason, who(desk, &o.stamp)));
        let may_override = !read_only
            && emergency.is_none()
            && matches!(w.status, WaveStatus::Planned | WaveStatus::Ready)
            && offer(
                ctx,
                me,
                &ReleaseChange::OverrideWindow {
                    wave: ItemId::default(),
                    reason: String::new(),
                },
            );
        let override_form = may_override.then(|| {
            let id = w.id.clone();
            view! {
                <details class="ops__more">
                    <summary>{format!("Emergency override for {name}")}</summary>
                    <p class="ops__help">"Lets this wave start outside its window or in a change freeze. Someone other than you starts it."</p>
                    <Field act form=format!("override-{key}") spec=FieldSpec::area(
                        "reason", fixed(format!("Why {name} cannot wait for its window")), reason) />
                    {button(act, format!("Record the emergency override for {name}"), "button",
                        Box::new(move || send(ReleaseChange::OverrideWindow { wave: id.clone(), reason: reason.get_untracked() })))}
                </details>
            }
        });
        let change = (!read_only
            && matches!(w.status, WaveStatus::Planned | WaveStatus::Ready)
            && offer(ctx, me, &ReleaseChange::RemoveWave(ItemId::default())))
        .then(|| {
            let (id, key, plan, name) = (w.id.clone(), key.clone(), w.plan.clone(), name.clone());
            opener(Signal::stored(true), format!("Change {name}"), move || {
                let id = id.clone();
                view! {
                    <WaveForm key=key.clone() wave=Some((id.clone(), plan.clone())) />
                    {button(act, format!("Remove {name}"), "button button--secondary",
                        Box::new(move || send(ReleaseChange::RemoveWave(id.clone()))))}
                }
                .into_any()
            })
        });
        view! {
            <h3 class="ops__title">
                {name.clone()}
                " "
                <span class=format!("ops__badge ops__badge--{:?}", w.status)>{w.status.label()}</span>
            </h3>
            <dl class="facts">
                <dt>"Environment"</dt>
                <dd>{env}</dd>
                <dt>"Target group"</dt>
                <dd>{if w.plan.target_group.is_empty() { "Everyone".to_owned() } else { w.plan.target_group.clone() }}</dd>
                <dt>"Window"</dt>
                <dd>{format!("{} – {} UTC", minute(w.plan.window.start), minute(w.plan.window.end))}</dd>
                <dt>"Components in order"</dt>
                <dd>
                    {if components.is_empty() {
                        view! { "The whole package" }.into_any()
                    } else {
                        view! { <ol class="ops__order">{components.into_iter().map(|c| (view! { <li>{c}</li> }).into_any()).collect_view()}</ol> }.into_any()
                    }}
                </dd>
                {emergency.map(|text| view! {
                    <dt>"Emergency override"</dt>
                    <dd class="ops__override">{text}</dd>
                }.into_any())}
                <dt>"Readiness"</dt>
                <dd>{readiness}</dd>
                <dt>"Deployment"</dt>
                <dd>{started}</dd>
                <dt>"Verification"</dt>
                <dd>{unverified}{lines(verifications)}</dd>
                {has_remediations.then(|| view! {
                    <dt>"Remediation"</dt>
                    <dd>{lines(remediations)}</dd>
                }.into_any())}
            </dl>
            {actions}
            {override_form}
            {change}
        }
        .into_any()
    });
    let label: Text = Box::new(move || {
        wave.with(|w| w.as_ref().map(|w| w.plan.name.clone()))
            .unwrap_or_default()
    });
    view! {
        <li class="ops__item" aria-label=label>
            {body}
            <ActStatus act release=ctx.id() />
        </li>
    }
}

/// Plan a new wave, or change a planned one.
#[component]
fn WaveForm(
    /// Makes element ids unique: "new" or the wave's id.
    key: String,
    /// The wave changed, if any.
    wave: Option<(ItemId, WavePlan)>,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let act = Act::new();
    let (editing, plan) = match wave {
        Some((id, plan)) => (Some(id), Some(plan)),
        None => (None, None),
    };
    // Both read the book as it is now, tracked: a component added to the package or an
    // environment added a moment ago on this page is offered without a reload.
    let envs = Memo::new(move |_| {
        desk.engine.with(|e| {
            e.book()
                .environments
                .values()
                .filter(|e| !e.retired)
                .map(|e| (e.id.0.clone(), e.name.clone()))
                .collect::<Vec<(String, String)>>()
        })
    });
    let package = Memo::new(move |_| {
        desk.engine.with(|e| {
            ctx.with(|r| {
                r.package
                    .iter()
                    .map(|c| {
                        let name = e
                            .book()
                            .cis
                            .get(&c.ci)
                            .map_or(c.ci.0.clone(), |ci| ci.name.clone());
                        (c.ci.clone(), name)
                    })
                    .collect::<Vec<(CiId, String)>>()
            })
            .unwrap_or_default()
        })
    });
    let p = plan.as_ref();
    let name = RwSignal::new(p.map(|p| p.name.clone()).unwrap_or_default());
    let env = RwSignal::new(p.map_or_else(
        || envs.with_untracked(|all| all.first().map(|e| e.0.clone()).unwrap_or_default()),
        |p| p.environment.0.clone(),
    ));
    let group = RwSignal::new(p.map(|p| p.target_group.clone()).unwrap_or_default());
    let start = RwSignal::new(p.map(|p| input_minute(p.window.start)).unwrap_or_default());
    let end = RwSignal::new(p.map(|p| input_minute(p.window.end)).unwrap_or_default());
    let order = RwSignal::new(p.map(|p| p.components.clone()).unwrap_or_default());
    let form_key = fixed(format!("wave-{key}"));
    let is_new = editing.is_none();
    let submit = Callback::new(move |()| {
        let (Some(from), Some(to)) = (
            parse_minute(&start.get_untracked()),
            parse_minute(&end.get_untracked()),
        ) else {
            act.refuse("window", "Enter when the window starts and when it ends.");
            return;
        };
        let plan = WavePlan {
            name: name.get_untracked().trim().to_owned(),
            environment: EnvironmentId(env.get_untracked()),
            target_group: group.get_untracked().trim().to_owned(),
            window: Window {
                start: from,
                end: to,
            },
            components: order.get_untracked(),
        };
        let change = match editing.clone() {
            Some(id) => ReleaseChange::EditWave { id, plan },
            None => ReleaseChange::AddWave {
                id: ItemId::default(),
                plan,
            },
        };
        act.run(on(ctx, change), move |_| {
            if is_new {
                name.set(String::new());
                group.set(String::new());
                order.set(Vec::new());
            }
        });
    });
    let order_text = move || {
        let chosen = order.get();
        let names: Vec<String> = package.with(|names| {
            chosen
                .iter()
                .filter_map(|c| names.iter().find(|(id, _)| id == c).map(|(_, n)| n.clone()))
                .collect()
        });
        if names.is_empty() {
            "Deploys the whole package.".to_owned()
        } else {
            format!("Deploys in this order: {}.", names.join(" → "))
        }
    };
    let boxes: Dyn = Box::new(move || {
        package
        .get()
        .into_iter()
        .map(|(ci, label)| {
            let ci2 = ci.clone();
            let id = format!("{form_key}-ci-{ci}");
            let for_id = id.clone();
            view! {
                <label class="ops__check" for=for_id>
                    <input type="checkbox" id=id prop:checked=move || order.with(|o| o.contains(&ci))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            order.update(|o| {
                                o.retain(|c| c != &ci2);
                                if on { o.push(ci2.clone()); }
                            });
                        } />
                    {label}
                </label>
            }
        })
        .collect_view()
        .into_any()
    });
    let components = view! {
        {field_error(act, "window", format!("{form_key}-window-error"))}
        <fieldset class="ops__fieldset" aria-describedby=format!("{form_key}-components-error")>
            <legend>"Components, ticked in deployment order"</legend>
            {boxes}
            <p class="ops__help" aria-live="polite">{Box::new(order_text) as Text}</p>
            {field_error(act, "components", format!("{form_key}-components-error"))}
        </fieldset>
    }
    .into_any();
    let fields = vec![
        FieldSpec::text("name", "Wave name", name),
        FieldSpec::select("environment", "Environment", env, envs),
        FieldSpec::text(
            "target_group",
            "Target group (users, sites or customers)",
            group,
        ),
        FieldSpec::kind("start", "Window starts (UTC)", start, "datetime-local"),
        FieldSpec::kind("end", "Window ends (UTC)", end, "datetime-local"),
    ];
    let (title, save) = if is_new {
        ("Plan a wave".to_owned(), "Plan this wave")
    } else {
        (
            format!("Change “{}”", name.get_untracked()),
            "Save the wave",
        )
    };
    let options = FormOptions::new(act, form_key, title, save)
        .class("ops__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit extra=components /> }
}
