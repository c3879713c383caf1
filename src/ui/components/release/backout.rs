//! The release page's back-out plan: writing it, backing the deployment out, and
//! re-planning the release afterwards.

use leptos::prelude::*;

use super::common::{button, offer, on, person_here, who};
use super::form::{text_input, when, Text};
use super::ReleaseCtx;
use crate::domain::{ReleaseChange, Section, Status};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::section_id;

/// The back-out plan; backing the deployment out; re-planning afterwards.
#[component]
pub fn BackoutSection() -> impl IntoView {
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
        act.run(on(ctx, change), move |_| {
            reason.set(String::new());
            replan.set(String::new());
        })
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
