//! The release and deployment plan: its written parts (the changes, who is affected, the
//! risk assessment, the schedule, the build plan, the test plan and an optional pilot),
//! shown and edited in ITIL words.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::components::kit::dy;

use super::common::{offer, on, person_here};
use super::form::TextField as Field;
use super::ReleaseCtx;
use crate::domain::{Pilot, PlanText, ReleaseChange, Section};
use crate::ui::act::{Act, ActStatus};
use crate::ui::route::section_id;

/// The parts of the plan as people read them: label, help line.
const PARTS: [(&str, &str); 8] = [
    (
        "Changes included",
        "What the release changes: features, fixes and the configuration items they touch.",
    ),
    (
        "Who is affected",
        "The users, customers, teams and services the release affects or impacts.",
    ),
    (
        "Risk assessment",
        "The risk the release may introduce; each risk goes in the risk register.",
    ),
    (
        "Deployment schedule and strategy",
        "When and how the release is deployed; the windows are set on the waves.",
    ),
    (
        "Build plan",
        "Specifications, procedures and timeline for building the release package.",
    ),
    (
        "Test plan",
        "Test procedures and timeline; the pass/fail criteria are listed below.",
    ),
    (
        "Pilot scope",
        "Who takes part in the pilot, if the plan has one.",
    ),
    ("Pilot success", "What a successful pilot looks like."),
];

fn parts(plan: &PlanText) -> [String; 8] {
    let pilot = plan.pilot.clone().unwrap_or_default();
    [
        plan.changes.clone(),
        plan.affected.clone(),
        plan.risk_assessment.clone(),
        plan.schedule.clone(),
        plan.build_plan.clone(),
        plan.test_plan.clone(),
        pilot.scope,
        pilot.success,
    ]
}

/// The plan section of the release page.
#[component]
pub fn PlanSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let editing = RwSignal::new(false);
    let may_edit = move || offer(ctx, me, &ReleaseChange::EditPlan(PlanText::default()));
    let shown = move || ctx.with(|r| (parts(&r.plan), r.plan.pilot.is_some()));
    view! {
        <section class="release__section" id=section_id(Section::Plan) aria-labelledby="plan-title">
            <h2 id="plan-title">"Release and deployment plan"</h2>
            {dy(move || (shown().map(|(texts, pilot)| view! {
                <dl class="release__plan">
                    {texts.into_iter().zip(PARTS).enumerate()
                        .filter(|(i, _)| *i < 6 || pilot)
                        .map(|(_, (text, (label, _)))| ({
                            let empty = text.is_empty();
                            view! {
                                <div>
                                    <dt>{label}</dt>
                                    <dd class:release__empty=empty>
                                        {if empty { "Not written yet".to_owned() } else { text }}
                                    </dd>
                                </div>
                            }
                        }).into_any()).collect_view()}
                    {(!pilot).then_some(view! { <div><dt>"Pilot"</dt><dd>"The plan has no pilot."</dd></div> }.into_any())}
                </dl>
            })).into_any())}
            {dy(move || (may_edit().then(|| view! {
                <button class="button button--secondary" type="button"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    "Edit the plan"
                </button>
            }.into_any())).into_any())}
            {dy(move || ((editing.get() && may_edit()).then(|| view! { <PlanForm editing /> }.into_any())).into_any())}
        </section>
    }
}

#[component]
fn PlanForm(editing: RwSignal<bool>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let plan = ctx
        .release
        .with_untracked(|r| r.as_ref().map(|r| r.plan.clone()))
        .unwrap_or_default();
    let pilot = RwSignal::new(plan.pilot.is_some());
    let values = parts(&plan).map(RwSignal::new);
    const IDS: [&str; 8] = [
        "plan-changes",
        "plan-affected",
        "plan-risk",
        "plan-schedule",
        "plan-build",
        "plan-test",
        "plan-pilot-scope",
        "plan-pilot-success",
    ];
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let [changes, affected, risk_assessment, schedule, build_plan, test_plan, scope, success] =
            values.map(|v| v.get_untracked().trim().to_owned());
        let text = PlanText {
            changes,
            affected,
            risk_assessment,
            schedule,
            build_plan,
            test_plan,
            pilot: pilot.get_untracked().then_some(Pilot { scope, success }),
        };
        act.run(on(ctx, ReleaseChange::EditPlan(text)), move |_| {
            editing.set(false)
        });
    };
    let field = move |i: usize| {
        let (label, help) = PARTS[i];
        view! { <Field id=IDS[i] label help value=values[i] act multiline=true /> }
    };
    view! {
        <form class="release__form" on:submit=submit>
            {(0..6).map(field).collect_view()}
            <label class="release__choice" for="plan-pilot">
                <input type="checkbox" id="plan-pilot" prop:checked=move || pilot.get()
                    on:change=move |ev| pilot.set(event_target_checked(&ev)) />
                "The plan includes a pilot"
            </label>
            {dy(move || (pilot.get().then(|| (6..8).map(field).collect_view())).into_any())}
            <button class="button" type="submit" disabled=act.busy>"Save the plan"</button>
            <ActStatus act release=ctx.id() />
        </form>
    }
}
