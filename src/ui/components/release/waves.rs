//! The release page's deployment: the waves in order (environment, window, order of
//! components, readiness, start, verification, remediation) and the back-out plan, with
//! back-out and re-planning. Also the small helpers the other operational sections share:
//! who did something and when, and whether the person here may do it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::components::kit::dy;

use super::operations::text_input;
use super::ReleaseCtx;
use crate::domain::schedule::minute;
use crate::domain::{
    Change, CiId, EnvironmentId, EventId, ItemId, Person, ReleaseChange, ReleaseId, Rollout,
    Section, Stamp, Status, WavePlan, WaveStatus, Window,
};
use crate::ui::act::{may, me, Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::{section_href, section_id};
use chrono::{DateTime, NaiveDate, Utc};

/// "Olga Okafor, 2026-11-27 10:02 UTC": who did something, when. Untracked: the views
/// that call it already follow their release, and must not rebuild (losing what a person
/// is typing) on every event elsewhere in the book.
pub fn who(desk: Desk, stamp: &Stamp) -> String {
    desk.engine.with_untracked(|e| {
        format!(
            "{}, {} UTC",
            e.book().person_name(&stamp.by),
            minute(stamp.at)
        )
    })
}

/// Who recorded a register entry and when: its id is that of the event that recorded it.
pub fn recorded(desk: Desk, id: &ItemId) -> String {
    desk.engine.with_untracked(|e| {
        let log = e.log();
        let event = log
            .position(&EventId(id.0.clone()))
            .and_then(|i| log.events().get(i));
        match event {
            Some(ev) => format!(
                "Recorded by {}, {} UTC",
                e.book().person_name(&ev.by),
                minute(ev.at)
            ),
            None => String::new(),
        }
    })
}

/// The person at this browser, changing only when they do (not on every event, as the
/// book they are read from does), so views that ask [`can`] are not rebuilt needlessly.
pub fn person_here() -> Signal<Option<Person>> {
    let me = me();
    Memo::new(move |_| me.get()).into()
}

/// Whether the person at this browser may make this kind of change to a release.
pub fn can(me: Signal<Option<Person>>, change: ReleaseChange) -> bool {
    me.with(|p| {
        may(
            p.as_ref(),
            &Change::Release {
                id: ReleaseId::default(),
                change,
            },
        )
    })
}

/// A field's error from the domain, under the field, with a page-unique id.
#[component]
pub fn FieldNote(
    /// The action whose error is shown.
    act: Act,
    /// The domain's field name.
    field: &'static str,
    /// The element id (the input's `aria-describedby`).
    id: String,
) -> impl IntoView {
    view! { <p class="field__error" id=id role="alert">{dy(move || (act.field_error(field)).into_any())}</p> }
}

/// A part of a view rebuilt when what it reads changes. Every such part of these sections
/// has this one type, so the bundle carries the reactive rendering code once rather than
/// once per closure (the wasm size budget).
pub type Dyn = Box<dyn Fn() -> AnyView + Send>;

/// Reactive text, one type for all of it (see [`Dyn`]).
pub type Text = Box<dyn Fn() -> String + Send>;

/// `view` while `cond` holds; rebuilt only when `cond` changes (a `Show` of one type).
pub fn when(cond: Box<dyn Fn() -> bool + Send + Sync>, view: Dyn) -> Dyn {
    let shown = Memo::new(move |_| cond());
    Box::new(move || if shown.get() { view() } else { ().into_any() })
}

/// A list kept by item id: each item's view (and its form's state) lives as long as the
/// item does.
pub fn keyed(
    ids: Box<dyn Fn() -> Vec<ItemId> + Send + Sync>,
    item: fn(ItemId) -> AnyView,
) -> AnyView {
    view! { <For each=move || ids() key=|id: &ItemId| id.clone() children=move |id| item(id) /> }
        .into_any()
}

/// A button that runs `run`, disabled while `act` is busy.
pub fn button(act: Act, label: String, class: &'static str, run: Box<dyn Fn() + Send>) -> AnyView {
    view! {
        <button class=class type="button" prop:disabled=act.busy on:click=move |_| run()>{label}</button>
    }
    .into_any()
}

/// A plain list of lines.
pub fn lines(lines: Vec<String>) -> AnyView {
    view! { <ul class="ops__plain">{lines.into_iter().map(|l| (view! { <li>{l}</li> }).into_any()).collect_view()}</ul> }
        .into_any()
}

/// A `datetime-local` value read as UTC: `2026-12-01T22:00`.
fn parse_minute(text: &str) -> Option<DateTime<Utc>> {
    let (day, time) = text.split_once('T')?;
    let mut d = day.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, dd) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, min) = (t.next()??, t.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, dd)?
        .and_hms_opt(h, min, 0)
        .map(|n| n.and_utc())
}

fn input_minute(at: DateTime<Utc>) -> String {
    minute(at).replacen(' ', "T", 1)
}

const PLANNABLE: &[Status] = &[
    Status::Draft,
    Status::Planning,
    Status::BuildAndTest,
    Status::Deployment,
];

/// The deployment waves and the back-out plan of a release.
#[component]
pub fn WavesSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let approach = move || {
        ctx.with(|r| match r.details.approach.rollout {
            Rollout::Phased => format!(
                "Phased rollout: {} wave(s), each to a target group in turn.",
                r.waves.len()
            ),
            Rollout::BigBang => "Big bang: everyone at once in each environment.".to_owned(),
        })
        .unwrap_or_default()
    };
    let ids = move || {
        ctx.with(|r| r.waves.iter().map(|w| w.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let may_plan = move || {
        !ctx.read_only()
            && PLANNABLE.contains(&status())
            && can(me, ReleaseChange::RemoveWave(ItemId::default()))
    };
    let approach: Text = Box::new(approach);
    view! {
        <section class="release__section ops" id=section_id(Section::Waves) aria-labelledby="waves-title">
            <h2 id="waves-title">"Deployment waves"</h2>
            <p class="ops__help">{approach}</p>
            {when(Box::new(move || ids().is_empty()), Box::new(|| view! { <p>"No deployment wave is planned yet."</p> }.into_any()))}
            <ol class="ops__list">{keyed(Box::new(ids), |id| view! { <WaveItem id /> }.into_any())}</ol>
            {when(Box::new(may_plan), Box::new(|| view! {
                <details class="ops__more">
                    <summary>"Plan a wave"</summary>
                    <WaveForm key="new".into() wave=None />
                </details>
            }.into_any()))}
        </section>
        <BackoutSection />
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
    let send = move |change: ReleaseChange| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| notes.set(String::new()),
        );
    };
    let body: Dyn = Box::new(move || {
        let Some(w) = wave.get() else {
            return ().into_any();
        };
        let (status, read_only) = (ctx.with(|r| r.status).unwrap_or_default(), ctx.read_only());
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
        let deploying = matches!(status, Status::Deployment | Status::EarlyLifeSupport);
        let field_id = format!("wave-{key}-notes");
        let actions = (!read_only).then(|| match w.status {
            WaveStatus::Planned
                if matches!(status, Status::BuildAndTest | Status::Deployment)
                    && can(me, ReleaseChange::ConfirmReadiness(ItemId::default())) =>
            {
                let id = w.id.clone();
                button(act, format!("Confirm readiness of {name}"), "button",
                    Box::new(move || send(ReleaseChange::ConfirmReadiness(id.clone()))))
            }
            WaveStatus::Ready
                if deploying && can(me, ReleaseChange::StartWave(ItemId::default())) =>
            {
                let id = w.id.clone();
                button(act, format!("Start deploying {name}"), "button",
                    Box::new(move || send(ReleaseChange::StartWave(id.clone()))))
            }
            WaveStatus::InProgress
                if can(
                    me,
                    ReleaseChange::VerifyWave {
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
                        <label class="field__label" for=field_id.clone()>{format!("What was checked on {name}")}</label>
                        <textarea class="field__input" id=field_id.clone() rows="2"
                            prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        <div class="ops__buttons">
                            {button(act, format!("Record {name} as verified: working"), "button",
                                Box::new(move || verify(pass.clone(), true)))}
                            {button(act, format!("Record {name} as failed verification"), "button button--secondary",
                                Box::new(move || verify(fail.clone(), false)))}
                        </div>
                    </div>
                }
                .into_any()
            }
            WaveStatus::Failed => {
                let id = w.id.clone();
                let remediate = can(
                    me,
                    ReleaseChange::RemediateWave {
                        wave: ItemId::default(),
                        notes: String::new(),
                    },
                )
                .then(|| {
                    let error_id = format!("{field_id}-error");
                    view! {
                        <label class="field__label" for=field_id.clone()>{format!("Remediation done on {name}")}</label>
                        <textarea class="field__input" id=field_id.clone() rows="2"
                            aria-invalid=move || act.invalid("notes") aria-describedby=error_id.clone()
                            prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        <FieldNote act field="notes" id=error_id />
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
        let change = (!read_only
            && matches!(w.status, WaveStatus::Planned | WaveStatus::Ready)
            && PLANNABLE.contains(&status)
            && can(me, ReleaseChange::RemoveWave(ItemId::default())))
        .then(|| {
            let id = w.id.clone();
            view! {
                <details class="ops__more">
                    <summary>{format!("Change {name}")}</summary>
                    <WaveForm key=key.clone() wave=Some((w.id.clone(), w.plan.clone())) />
                    {button(act, format!("Remove {name}"), "button button--secondary",
                        Box::new(move || send(ReleaseChange::RemoveWave(id.clone()))))}
                </details>
            }
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
    let envs: Vec<(String, String)> = desk.engine.with_untracked(|e| {
        e.book()
            .environments
            .values()
            .filter(|e| !e.retired)
            .map(|e| (e.id.0.clone(), e.name.clone()))
            .collect()
    });
    let package: Vec<(CiId, String)> = desk.engine.with_untracked(|e| {
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
                .collect()
        })
        .unwrap_or_default()
    });
    let p = plan.as_ref();
    let name = RwSignal::new(p.map(|p| p.name.clone()).unwrap_or_default());
    let env = RwSignal::new(p.map_or_else(
        || envs.first().map(|e| e.0.clone()).unwrap_or_default(),
        |p| p.environment.0.clone(),
    ));
    let group = RwSignal::new(p.map(|p| p.target_group.clone()).unwrap_or_default());
    let start = RwSignal::new(p.map(|p| input_minute(p.window.start)).unwrap_or_default());
    let end = RwSignal::new(p.map(|p| input_minute(p.window.end)).unwrap_or_default());
    let order = RwSignal::new(p.map(|p| p.components.clone()).unwrap_or_default());
    let fid = |field: &str| format!("wave-{key}-{field}");
    let is_new = editing.is_none();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
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
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| {
                if is_new {
                    name.set(String::new());
                    group.set(String::new());
                    order.set(Vec::new());
                }
            },
        );
    };
    let window_error = fid("window-error");
    let env_id = fid("environment");
    let names = package.clone();
    let order_text = move || {
        let chosen = order.get();
        let names: Vec<&str> = chosen
            .iter()
            .filter_map(|c| {
                names
                    .iter()
                    .find(|(id, _)| id == c)
                    .map(|(_, n)| n.as_str())
            })
            .collect();
        if names.is_empty() {
            "Deploys the whole package.".to_owned()
        } else {
            format!("Deploys in this order: {}.", names.join(" → "))
        }
    };
    let boxes = package
        .iter()
        .map(|(ci, label)| {
            let (ci, ci2) = (ci.clone(), ci.clone());
            let id = fid(&format!("ci-{ci}"));
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
                    {label.clone()}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="ops__form" aria-label=if is_new { "Plan a wave".to_owned() } else { format!("Change “{}”", name.get_untracked()) } on:submit=submit>
            {text_input(act, fid("name"), "Wave name".into(), "name", name, "text")}
            <div class="field">
                <label class="field__label" for=env_id.clone()>"Environment"</label>
                <select class="field__input" id=env_id on:change=move |ev| env.set(event_target_value(&ev))>
                    {envs.into_iter().map(|(id, label)| ({
                        let chosen = id.clone();
                        view! { <option value=id selected=env.get_untracked() == chosen>{label}</option> }
                    }).into_any()).collect_view()}
                </select>
            </div>
            {text_input(act, fid("target_group"), "Target group (users, sites or customers)".into(), "target_group", group, "text")}
            {text_input(act, fid("start"), "Window starts (UTC)".into(), "start", start, "datetime-local")}
            {text_input(act, fid("end"), "Window ends (UTC)".into(), "end", end, "datetime-local")}
            <FieldNote act field="window" id=window_error />
            <fieldset class="ops__fieldset">
                <legend>"Components, ticked in deployment order"</legend>
                {boxes}
                <p class="ops__help" aria-live="polite">{Box::new(order_text) as Text}</p>
                <FieldNote act field="components" id=fid("components-error") />
            </fieldset>
            <button class="button" type="submit" prop:disabled=act.busy>
                {if is_new { "Plan this wave" } else { "Save the wave" }}
            </button>
            <ActStatus act release=ctx.id() />
        </form>
    }
}

/// The back-out plan; backing the deployment out; re-planning afterwards.
#[component]
fn BackoutSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let plan = RwSignal::new(ctx.release.with_untracked(|r| {
        r.as_ref()
            .map(|r| r.backout_plan.clone())
            .unwrap_or_default()
    }));
    let reason = RwSignal::new(String::new());
    let replan = RwSignal::new(String::new());
    let send = move |change: ReleaseChange| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| {
                reason.set(String::new());
                replan.set(String::new());
            },
        )
    };
    let shown = move || {
        ctx.with(|r| r.backout_plan.clone())
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "No back-out plan is written yet.".to_owned())
    };
    let setback = move || {
        ctx.with(|r| {
            r.last_setback
                .as_ref()
                .filter(|(_, why)| why.starts_with("backed out"))
                .map(|(s, why)| {
                    format!(
                        "Last back-out — {}: {}",
                        who(desk, s),
                        why.trim_start_matches("backed out: ")
                    )
                })
        })
        .flatten()
    };
    let editable = move || {
        !ctx.read_only()
            && matches!(
                status(),
                Status::Draft
                    | Status::Planning
                    | Status::BuildAndTest
                    | Status::Deployment
                    | Status::EarlyLifeSupport
            )
            && can(me, ReleaseChange::SetBackoutPlan(String::new()))
    };
    let may_back_out = move || {
        !ctx.read_only()
            && matches!(status(), Status::Deployment | Status::EarlyLifeSupport)
            && can(
                me,
                ReleaseChange::BackOut {
                    reason: String::new(),
                },
            )
    };
    let may_replan = move || {
        !ctx.read_only()
            && status() == Status::BackedOut
            && can(
                me,
                ReleaseChange::Replan {
                    reason: String::new(),
                },
            )
    };
    view! {
        <section class="release__section ops" id=section_id(Section::Backout) aria-labelledby="backout-title">
            <h2 id="backout-title">"Back-out plan"</h2>
            <p class="ops__help">"How the deployment is undone if it fails; it must exist before any wave starts."</p>
            <p class="ops__text">{Box::new(shown) as Text}</p>
            {when(Box::new(move || status() == Status::BackedOut), Box::new(|| view! {
                <p class="ops__alert" role="status">"This release is backed out: the deployment was undone. Re-plan it to deploy again, or cancel it."</p>
            }.into_any()))}
            <p>{Box::new(move || setback().unwrap_or_default()) as Text}</p>
            {when(Box::new(editable), Box::new(move || view! {
                <details class="ops__more">
                    <summary>"Write the back-out plan"</summary>
                    <div class="ops__form">
                        {text_input(act, "backout-plan".into(), "Back-out plan".into(), "backout_plan", plan, "area")}
                        {button(act, "Save the back-out plan".into(), "button",
                            Box::new(move || send(ReleaseChange::SetBackoutPlan(plan.get_untracked()))))}
                    </div>
                </details>
            }.into_any()))}
            {when(Box::new(may_back_out), Box::new(move || view! {
                <div class="ops__form">
                    <h3>"Back out the deployment"</h3>
                    <p class="ops__help">"Undoes every started wave; the release can then be re-planned."</p>
                    {text_input(act, "backout-reason".into(), "Why the deployment is backed out".into(), "reason", reason, "area")}
                    {button(act, "Back out the deployment".into(), "button button--danger",
                        Box::new(move || send(ReleaseChange::BackOut { reason: reason.get_untracked() })))}
                </div>
            }.into_any()))}
            {when(Box::new(may_replan), Box::new(move || view! {
                <div class="ops__form">
                    <h3>"Re-plan the release"</h3>
                    <p class="ops__help">"Starts a new plan cycle: every gate must be passed again."</p>
                    {text_input(act, "replan-reason".into(), "What changes in the new plan".into(), "reason", replan, "area")}
                    {button(act, "Re-plan the release".into(), "button",
                        Box::new(move || send(ReleaseChange::Replan { reason: replan.get_untracked() })))}
                </div>
            }.into_any()))}
            <ActStatus act release=ctx.id() />
        </section>
    }
}
