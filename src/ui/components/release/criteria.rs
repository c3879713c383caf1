//! The pass/fail criteria of the test plan, each with whether the latest test run met it
//! (or an approved deviation waives it), and the form to add one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::components::kit::dy;

use super::common::{offer, on, person_here, recorded_on as recorded};
use super::form::TextField as Field;
use super::labels::{stage_label, STAGES};
use super::ReleaseCtx;
use crate::domain::{ItemId, ReleaseChange, Section, Stage};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::section_id;

/// The criteria section of the release page.
#[component]
pub fn CriteriaSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let text = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Test);
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
                    (c.id.clone(), c.text.clone(), stage_label(c.stage), result)
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let change = ReleaseChange::AddCriterion {
            id: ItemId::default(),
            text: text.get_untracked().trim().to_owned(),
            stage: stage.get_untracked(),
        };
        act.run_saying(on(ctx, change), "Criterion added.", move |_| {
            text.set(String::new())
        });
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
                        {dy(move || (may_remove().then(|| view! { <th scope="col"><span class="release__hidden">"Remove"</span></th> }.into_any())).into_any())}
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
            {dy(move || (rows().is_empty().then_some(view! { <p>"No pass/fail criteria yet."</p> }.into_any())).into_any())}
            {dy(move || (may_add().then(|| view! {
                <form class="release__form release__form--inline" on:submit=submit>
                    <h3>"Add a criterion"</h3>
                    <Field id="criterion-text" label="Criterion" value=text act field="text"
                        help="Something measurable, e.g. “p95 checkout latency under 300 ms”." />
                    <div class="field">
                        <label class="field__label" for="criterion-stage">"Judged at"</label>
                        <select class="field__input" id="criterion-stage"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                stage.set(STAGES.into_iter().find(|s| stage_label(*s) == v).unwrap_or_default());
                            }>
                            {STAGES.into_iter().map(|s| (view! {
                                <option value=stage_label(s) selected=move || stage.get() == s>{stage_label(s)}</option>
                            }).into_any()).collect_view()}
                        </select>
                    </div>
                    <button class="button" type="submit" disabled=act.busy>"Add criterion"</button>
                </form>
            }.into_any())).into_any())}
            <ActStatus act release=ctx.id() />
        </section>
    }
}
