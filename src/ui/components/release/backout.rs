//! The release page's back-out plan: writing it, backing the deployment out, and
//! re-planning the release afterwards.

use super::opener::opener;
use leptos::prelude::*;

use super::common::{offer, on, person_here, who, Text};
use super::ReleaseCtx;
use crate::domain::{ReleaseChange, Section, Status};
use crate::ui::act::Act;
use crate::ui::desk::Desk;
use crate::ui::kit::{FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

/// The back-out plan; backing the deployment out; re-planning afterwards.
#[component]
pub fn BackoutSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let plan = RwSignal::new(ctx.release.with_untracked(|r| {
        r.as_ref()
            .map(|r| r.backout_plan.clone())
            .unwrap_or_default()
    }));
    let reason = RwSignal::new(String::new());
    let replan = RwSignal::new(String::new());
    let (plan_act, back_act, replan_act) = (Act::new(), Act::new(), Act::new());
    let save_plan = Callback::new(move |()| {
        let change = ReleaseChange::SetBackoutPlan(plan.get_untracked());
        plan_act.run(on(ctx, change), |_| {});
    });
    let back_out = Callback::new(move |()| {
        let change = ReleaseChange::BackOut {
            reason: reason.get_untracked(),
        };
        back_act.run(on(ctx, change), move |_| reason.set(String::new()));
    });
    let re_plan = Callback::new(move |()| {
        let change = ReleaseChange::Replan {
            reason: replan.get_untracked(),
        };
        replan_act.run(on(ctx, change), move |_| replan.set(String::new()));
    });
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
    let editable = move || offer(ctx, me, &ReleaseChange::SetBackoutPlan(String::new()));
    let may_back_out = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::BackOut {
                reason: String::new(),
            },
        )
    };
    let may_replan = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::Replan {
                reason: String::new(),
            },
        )
    };
    view! {
        <section class="release__section ops" id=section_id(Section::Backout) aria-labelledby="backout-title">
            <h2 id="backout-title">"Back-out plan"</h2>
            <p class="ops__help">"How the deployment is undone if it fails; it must exist before any wave starts."</p>
            <p class="ops__text">{Box::new(shown) as Text}</p>
            <When cond=move || status() == Status::BackedOut>
                <p class="ops__alert" role="status">"This release is backed out: the deployment was undone. Re-plan it to deploy again, or cancel it."</p>
            </When>
            <p>{Box::new(move || setback().unwrap_or_default()) as Text}</p>
            {opener(Signal::derive(editable), "Write the back-out plan", move || view! {
                <RecordForm
                    options=FormOptions::new(plan_act, "backout", "Write the back-out plan", "Save the back-out plan")
                        .class("ops__form").release(ctx.id())
                    fields=vec![FieldSpec::area("backout_plan", "Back-out plan", plan)]
                    on_submit=save_plan />
            }.into_any())}
            <When cond=may_back_out>
                <RecordForm
                    options=FormOptions::new(back_act, "back_out", "Back out the deployment", "Back out the deployment")
                        .heading().class("ops__form ops__form--danger").release(ctx.id())
                        .note("Undoes every started wave; the release can then be re-planned.".to_owned())
                    fields=vec![FieldSpec::area("reason", "Why the deployment is backed out", reason)]
                    on_submit=back_out />
            </When>
            <When cond=may_replan>
                <RecordForm
                    options=FormOptions::new(replan_act, "replan", "Re-plan the release", "Re-plan the release")
                        .heading().class("ops__form").release(ctx.id())
                        .note("Starts a new plan cycle: every gate must be passed again.".to_owned())
                    fields=vec![FieldSpec::area("reason", "What changes in the new plan", replan)]
                    on_submit=re_plan />
            </When>
        </section>
    }
}
