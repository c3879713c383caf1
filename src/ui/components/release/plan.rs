//! The release and deployment plan: its written parts (the changes, who is affected, the
//! risk assessment, the schedule, the build plan, the test plan and an optional pilot),
//! shown and edited in ITIL words.

use leptos::prelude::*;

use super::common::{offer, on, person_here};
use super::ReleaseCtx;
use crate::domain::{Pilot, PlanText, ReleaseChange, Section};
use crate::ui::act::Act;
use crate::ui::kit::{dy, FieldSpec, FormOptions, RecordForm, When};
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
            <When cond=may_edit><button class="button button--secondary" type="button"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    "Edit the plan"
                </button></When>
            <When cond={move || editing.get() && may_edit()}><PlanForm editing /></When>
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
    let pilot = RwSignal::new(if plan.pilot.is_some() { "true" } else { "" }.to_owned());
    let values = parts(&plan).map(RwSignal::new);
    // The domain's names of the parts, which also make their ids (`plan-changes` …).
    const FIELDS: [&str; 8] = [
        "changes",
        "affected",
        "risk",
        "schedule",
        "build",
        "test",
        "pilot-scope",
        "pilot-success",
    ];
    let submit = Callback::new(move |()| {
        let [changes, affected, risk_assessment, schedule, build_plan, test_plan, scope, success] =
            values.map(|v| v.get_untracked().trim().to_owned());
        let text = PlanText {
            changes,
            affected,
            risk_assessment,
            schedule,
            build_plan,
            test_plan,
            pilot: pilot
                .with_untracked(|p| !p.is_empty())
                .then_some(Pilot { scope, success }),
        };
        act.run(on(ctx, ReleaseChange::EditPlan(text)), move |_| {
            editing.set(false)
        });
    });
    let field = |i: usize| {
        let (label, help) = PARTS[i];
        FieldSpec::area(FIELDS[i], label, values[i]).help(help)
    };
    let mut fields: Vec<FieldSpec> = (0..6).map(field).collect();
    fields.push(FieldSpec::check(
        "pilot",
        "The plan includes a pilot",
        pilot,
    ));
    fields.extend((6..8).map(|i| field(i).shown(move || !pilot.with(String::is_empty))));
    let options = FormOptions::new(act, "plan", "Edit the plan", "Save the plan")
        .class("release__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit /> }
}
