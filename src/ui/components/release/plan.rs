//! The release and deployment plan: its written parts (the changes, who is affected, the
//! risk assessment, the schedule, the build plan, the test plan and an optional pilot),
//! shown and edited in ITIL words, and its pass/fail criteria, each with whether the latest
//! test run met it (or an approved deviation waives it). The category's hints
//! (`domain::templates`) are placeholders and suggestions only: what a gate counts is what
//! people write and add.

use leptos::prelude::*;

use super::common::{chosen, offer, on, options, person_here, recorded_on as recorded};
use super::opener::opener;
use super::ReleaseCtx;
use crate::domain::templates::hints;
use crate::domain::{Acceptance, Category, ItemId, Pilot, PlanText, ReleaseChange, Section, Stage};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
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
            {opener(Signal::derive(may_edit), "Edit the plan", plan_form)}
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn plan_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let plan = ctx.part(|r| r.plan.clone());
    let hints = hints(ctx.with(|r| r.category).unwrap_or(Category::Minor));
    let [a, b, c, d, e, f] = hints.parts;
    let [g, h] = hints.pilot.unwrap_or(["", ""]);
    let placeholders = [a, b, c, d, e, f, g, h];
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
        act.run(on(ctx, ReleaseChange::EditPlan(text)), |_| ());
    });
    // The category's hint is each part's placeholder: an example, never a value.
    let field = |i: usize| {
        let (label, help) = PARTS[i];
        let spec = FieldSpec::area(FIELDS[i], label, values[i]).help(help);
        match placeholders[i] {
            "" => spec,
            hint => spec.placeholder(hint),
        }
    };
    let mut fields: Vec<FieldSpec> = (0..6).map(field).collect();
    let check = FieldSpec::check("pilot", "The plan includes a pilot", pilot);
    fields.push(match hints.pilot {
        Some(_) => check.help("A release of this category usually has one."),
        None => check,
    });
    fields.extend((6..8).map(|i| field(i).shown(move || !pilot.with(String::is_empty))));
    let options = FormOptions::new(act, "plan", "Edit the plan", "Save the plan")
        .class("release__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit /> }.into_any()
}

/// The criteria section of the release page.
#[component]
pub fn CriteriaSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let may_add = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::AddCriterion {
                id: ItemId::default(),
                text: String::new(),
                stage: Stage::Test,
                acceptance: None,
            },
        )
    };
    let may_remove = move || offer(ctx, me, &ReleaseChange::RemoveCriterion(ItemId::default()));
    let rows = move || {
        ctx.with(|r| {
            r.criteria
                .iter()
                .map(|c| {
                    let result = if r.criterion_waived(&c.id) {
                        "Waived by an approved deviation"
                    } else {
                        match r.criterion_met(&c.id) {
                            Some(true) => "Met",
                            Some(false) => "Not met",
                            None => "Not yet tested",
                        }
                    };
                    let words = match c.acceptance {
                        Some(kind) => format!("{} ({})", c.text, kind.label()),
                        None => c.text.clone(),
                    };
                    (c.id.clone(), words, c.stage.label(), result)
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    // The category's suggestions not added yet; adding one is the person's choice.
    let suggested = move || {
        ctx.with(|r| {
            hints(r.category)
                .criteria
                .iter()
                .filter(|(text, _)| !r.criteria.iter().any(|c| c.text.trim() == *text))
                .copied()
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    view! {
        <section class="release__section" id=section_id(Section::Criteria) aria-labelledby="criteria-title">
            <h2 id="criteria-title">"Pass/fail criteria"</h2>
            <p class="release__help">"What must be true at each stage for the release to go on. A criterion is met when its latest test result passed."</p>
            <div class="release__table-wrap">
                <table class="release__table">
                    <thead><tr>
                        <th scope="col">"Criterion"</th><th scope="col">"Judged at"</th>
                        <th scope="col">"Result"</th><th scope="col">"Recorded"</th>
                        <When cond=may_remove><th scope="col"><span class="release__hidden">"Remove"</span></th></When>
                    </tr></thead>
                    <tbody>
                        {dy(move || ({
                            let remove = may_remove();
                            rows().into_iter().map(|(id, words, stage, result)| ({
                                let who = recorded(desk, &id);
                                let label = format!(" the criterion “{words}”");
                                view! {
                                    <tr>
                                        <td>{words}</td><td>{stage}</td>
                                        <td class="release__result" class:release__result--met=result == "Met"
                                            class:release__result--failed=result == "Not met">{result}</td>
                                        <td class="release__stamp">{who}</td>
                                        {remove.then(|| view! {
                                            <td><button class="button button--secondary" type="button"
                                                disabled=act.busy
                                                on:click=move |_| act.run_saying(
                                                    on(ctx, ReleaseChange::RemoveCriterion(id.clone())),
                                                    "Criterion removed.", |_| {})>"Remove"<span class="release__hidden">{label}</span></button></td>
                                        }.into_any())}
                                    </tr>
                                }
                            }).into_any()).collect_view()
                        }).into_any())}
                    </tbody>
                </table>
            </div>
            <When cond={move || rows().is_empty()}><p>"No pass/fail criteria yet."</p></When>
            {opener(Signal::derive(may_add), "Add a criterion", criterion_form)}
            <When cond=may_add>
                <When cond=move || !suggested().is_empty()>
                    <h3 class="panel__title" id="criteria-suggested">"Suggested criteria"</h3>
                    <p class="release__help">{move || ctx.with(|r| format!("What a {} release usually needs; add those that apply.", r.category.label()))}</p>
                    <ul class="release__suggestions" aria-labelledby="criteria-suggested">
                        {dy(move || (suggested().into_iter().map(|(words, stage)| view! {
                            <li>
                                <span>{words}" ("{stage.label()}")"</span>
                                <button class="button button--secondary" type="button" disabled=act.busy
                                    on:click=move |_| act.run_saying(
                                        on(ctx, ReleaseChange::AddCriterion { id: ItemId::default(), text: words.to_owned(), stage, acceptance: None }),
                                        "Criterion added.", |_| {})>
                                    "Add"<span class="release__hidden">{format!(" the criterion “{words}”")}</span>
                                </button>
                            </li>
                        }.into_any()).collect_view()).into_any())}
                    </ul>
                </When>
            </When>
            <ActStatus act release=ctx.id() />
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn criterion_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let add = Act::new();
    let text = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Test.label().to_owned());
    let acceptance = RwSignal::new(String::new());
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::AddCriterion {
            id: ItemId::default(),
            text: text.get_untracked().trim().to_owned(),
            stage: chosen(&Stage::ALL, Stage::label, &stage.get_untracked()),
            acceptance: acceptance
                .with_untracked(|a| Acceptance::ALL.into_iter().find(|k| k.label() == a)),
        };
        add.run_saying(on(ctx, change), "Criterion added.", |_| ());
    });
    let fields = vec![
        FieldSpec::text("text", "Criterion", text)
            .help("Something measurable, e.g. “p95 checkout latency under 300 ms”."),
        FieldSpec::select(
            "stage",
            "Judged at",
            stage,
            options(&Stage::ALL, Stage::label),
        ),
        FieldSpec::select(
            "acceptance",
            "Service acceptance",
            acceptance,
            vec![
                (String::new(), "Neither".to_owned()),
                ("utility".to_owned(), "Utility: fit for purpose".to_owned()),
                ("warranty".to_owned(), "Warranty: fit for use".to_owned()),
            ],
        )
        .help("Whether the criterion proves the utility (does what users need) or the warranty (availability, capacity, continuity, security) that operations accept at handover."),
    ];
    let options = FormOptions::new(add, "criterion", "Add a criterion", "Add criterion")
        .class("release__form release__form--inline");
    view! { <RecordForm options fields on_submit=submit /> }.into_any()
}
