//! The release page's review and close: feedback, evaluation against performance goals,
//! the confirmations the review needs, and the post-implementation review.

use leptos::prelude::*;

use super::common::{
    button, chosen, folded_form, lines, offer, on, options, person_here, section_form, send,
    send_clearing, who,
};
use super::ReleaseCtx;
use crate::domain::{PirOutcome, ReleaseChange, ReviewCheck, Section};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Dyn, FieldSpec, When};
use crate::ui::route::section_id;

/// The review of a release: feedback, evaluations, confirmations and the PIR.
#[component]
pub fn ReviewSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let feedback = move || {
        ctx.with(|r| {
            r.review
                .feedback
                .iter()
                .map(|f| {
                    format!(
                        "{}: “{}” — recorded by {}",
                        f.from,
                        f.text,
                        who(desk, &f.stamp)
                    )
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let evaluations = move || {
        ctx.with(|r| {
            r.review
                .evaluations
                .iter()
                .map(|e| {
                    let met = if e.met { "met" } else { "not met" };
                    format!(
                        "{}: expected {}, measured {} — {met}; {}",
                        e.goal,
                        e.target,
                        e.actual,
                        who(desk, &e.stamp)
                    )
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let checks = move || {
        let may_confirm = offer(ctx, me, &ReleaseChange::Confirm(ReviewCheck::Quality));
        ReviewCheck::ALL
            .into_iter()
            .map(|check| {
                let done = ctx.with(|r| r.review.check(check).cloned()).flatten();
                let label = check.label();
                let state = match &done {
                    Some(s) => format!("Confirmed by {}", who(desk, s)),
                    None => "Not confirmed yet".to_owned(),
                };
                let button = (may_confirm && done.is_none()).then(|| {
                    button(
                        act,
                        format!("Confirm: {label}"),
                        "button button--secondary",
                        Box::new(move || send(act, ctx, ReleaseChange::Confirm(check))),
                    )
                });
                view! { <li><strong>{label}</strong>" — "{state}" "{button}</li> }
            })
            .collect_view()
            .into_any()
    };
    let pir = move || {
        ctx.with(|r| {
            r.review.pir.as_ref().map(|p| {
                view! {
                    <p><strong>{format!("Outcome: {}", p.outcome.label())}</strong></p>
                    <p class="ops__text">{p.summary.clone()}</p>
                    <p class="ops__stamp">{format!("Reviewed by {}", who(desk, &p.stamp))}</p>
                }
            })
        })
        .flatten()
    };
    view! {
        <section class="release__section ops" id=section_id(Section::Review) aria-labelledby="review-title">
            <h2 id="review-title">"Review"</h2>
            <h3>"Feedback"</h3>
            {Box::new(move || lines(feedback())) as Dyn}
            <When cond={move || offer(ctx, me, &ReleaseChange::RecordFeedback { from: String::new(), text: String::new() })}><FeedbackForm /></When>
            <h3>"Performance evaluation"</h3>
            {Box::new(move || lines(evaluations())) as Dyn}
            <super::acceptance::ServiceAcceptanceView id="review-acceptance" />
            <When cond={move || offer(ctx, me, &ReleaseChange::RecordEvaluation { goal: String::new(), target: String::new(), actual: String::new(), met: true })}><EvaluationForm /></When>
            <h3>"Review confirmations"</h3>
            <ul class="ops__plain">{Box::new(checks) as Dyn}</ul>
            <ActStatus act release=ctx.id() />
            <h3>"Post-implementation review"</h3>
            {Box::new(move || match pir() {
                Some(v) => v.into_any(),
                None => view! { <p>"Not recorded yet."</p> }.into_any(),
            }) as Dyn}
            <When cond={move || offer(ctx, me, &ReleaseChange::RecordPir { outcome: PirOutcome::Successful, summary: String::new() })}><PirForm /></When>
        </section>
    }
}

#[component]
fn FeedbackForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let from = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::RecordFeedback {
            from: from.get_untracked(),
            text: text.get_untracked(),
        };
        send_clearing(act, ctx, change, vec![text]);
    });
    let fields = vec![
        FieldSpec::text("from", "From (user, customer or team)", from),
        FieldSpec::area("text", "Feedback", text),
    ];
    let title = "Record feedback";
    let options = section_form(act, ctx, "feedback", title, "Record the feedback");
    folded_form(options, title, fields, submit)
}

#[component]
fn EvaluationForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let goal = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let actual = RwSignal::new(String::new());
    let met = RwSignal::new("true".to_owned());
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::RecordEvaluation {
            goal: goal.get_untracked(),
            target: target.get_untracked(),
            actual: actual.get_untracked(),
            met: !met.with_untracked(String::is_empty),
        };
        send_clearing(act, ctx, change, vec![goal, target, actual]);
    });
    let fields = vec![
        FieldSpec::text("goal", "Performance goal", goal),
        FieldSpec::text("target", "Expected", target),
        FieldSpec::text("actual", "Measured", actual),
        FieldSpec::check("met", "Goal met", met),
    ];
    let title = "Record a performance evaluation";
    let options = section_form(act, ctx, "eval", title, "Record the evaluation");
    folded_form(options, title, fields, submit)
}

#[component]
fn PirForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let outcome = RwSignal::new(PirOutcome::ALL[0].label().to_owned());
    let summary = RwSignal::new(String::new());
    let submit = Callback::new(move |()| {
        let change = ReleaseChange::RecordPir {
            outcome: chosen(
                &PirOutcome::ALL,
                PirOutcome::label,
                &outcome.get_untracked(),
            ),
            summary: summary.get_untracked(),
        };
        act.run(on(ctx, change), |_| {});
    });
    let fields = vec![
        FieldSpec::select(
            "outcome",
            "Outcome",
            outcome,
            options(&PirOutcome::ALL, PirOutcome::label),
        ),
        FieldSpec::area("summary", "Findings and lessons", summary),
    ];
    let title = "Record the post-implementation review";
    let options = section_form(act, ctx, "pir", title, "Record the review");
    folded_form(options, title, fields, submit)
}
