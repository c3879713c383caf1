//! The pass/fail criteria of the test plan, each with whether the latest test run met it
//! (or an approved deviation waives it), and the form to add one.

use leptos::prelude::*;

use super::common::{offer, on, person_here, recorded_on as recorded};
use super::labels::{options, value, word, STAGES};
use super::ReleaseCtx;
use crate::domain::{ItemId, ReleaseChange, Section, Stage};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

/// The criteria section of the release page.
#[component]
pub fn CriteriaSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let add = Act::new();
    let text = RwSignal::new(String::new());
    let stage = RwSignal::new(word(&STAGES, &Stage::Test).to_owned());
    let may_add = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::AddCriterion {
                id: ItemId::default(),
                text: String::new(),
                stage: Stage::Test,
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
                    (
                        c.id.clone(),
                        c.text.clone(),
                        word(&STAGES, &c.stage),
                        result,
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::AddCriterion {
            id: ItemId::default(),
            text: text.get_untracked().trim().to_owned(),
            stage: value(&STAGES, &stage.get_untracked()),
        };
        add.run_saying(on(ctx, change), "Criterion added.", move |_| {
            text.set(String::new())
        });
    });
    let fields = vec![
        FieldSpec::text("text", "Criterion", text)
            .help("Something measurable, e.g. “p95 checkout latency under 300 ms”."),
        FieldSpec::select("stage", "Judged at", stage, options(&STAGES)),
    ];
    let options = FormOptions::new(add, "criterion", "Add a criterion", "Add criterion")
        .heading()
        .class("release__form release__form--inline");
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
            <When cond=may_add>
                <RecordForm options=options.clone() fields=fields.clone() on_submit=submit />
            </When>
            <ActStatus act release=ctx.id() />
        </section>
    }
}
