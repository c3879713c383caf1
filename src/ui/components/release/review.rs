//! The release page's review and close: feedback, evaluation against performance goals,
//! the confirmations the review needs, the post-implementation review, operations' formal
//! acceptance of the handover, and cancelling a release that will not be deployed.

use leptos::prelude::*;

use super::operations::{form, text_input, Field, Input};
use super::waves::{button, can, lines, person_here, when, who, Dyn, Text};
use super::ReleaseCtx;
use crate::domain::{Change, PirOutcome, ReleaseChange, ReviewCheck, Section, Status};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::section_id;

const OUTCOMES: [(PirOutcome, &str); 3] = [
    (PirOutcome::Successful, "successful"),
    (PirOutcome::PartiallySuccessful, "partially successful"),
    (PirOutcome::Unsuccessful, "unsuccessful"),
];

const CHECKS: [ReviewCheck; 3] = [
    ReviewCheck::Quality,
    ReviewCheck::KnowledgeTransfer,
    ReviewCheck::KnownErrorsDocumented,
];

fn outcome_label(outcome: PirOutcome) -> &'static str {
    OUTCOMES
        .iter()
        .find(|(o, _)| *o == outcome)
        .map_or("", |(_, l)| l)
}

/// Review and close, then the handover to operations.
#[component]
pub fn ReviewSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let live =
        move || !ctx.read_only() && matches!(status(), Status::EarlyLifeSupport | Status::Review);
    let in_review = move || !ctx.read_only() && status() == Status::Review;
    let send = move |change: ReleaseChange| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            |_| {},
        )
    };
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
        let offer = in_review() && can(me, ReleaseChange::Confirm(ReviewCheck::Quality));
        CHECKS
            .into_iter()
            .map(|check| {
                let done = ctx.with(|r| r.review.check(check).cloned()).flatten();
                let label = check.label();
                let state = match &done {
                    Some(s) => format!("Confirmed by {}", who(desk, s)),
                    None => "Not confirmed yet".to_owned(),
                };
                let button = (offer && done.is_none()).then(|| {
                    button(
                        act,
                        format!("Confirm: {label}"),
                        "button button--secondary",
                        Box::new(move || send(ReleaseChange::Confirm(check))),
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
                    <p><strong>{format!("Outcome: {}", outcome_label(p.outcome))}</strong></p>
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
            {when(Box::new(move || live() && can(me, ReleaseChange::RecordFeedback { from: String::new(), text: String::new() })),
                Box::new(|| view! { <FeedbackForm /> }.into_any()))}
            <h3>"Performance evaluation"</h3>
            {Box::new(move || lines(evaluations())) as Dyn}
            {when(Box::new(move || live() && can(me, ReleaseChange::RecordEvaluation { goal: String::new(), target: String::new(), actual: String::new(), met: true })),
                Box::new(|| view! { <EvaluationForm /> }.into_any()))}
            <h3>"Review confirmations"</h3>
            <ul class="ops__plain">{Box::new(checks) as Dyn}</ul>
            <ActStatus act release=ctx.id() />
            <h3>"Post-implementation review"</h3>
            {Box::new(move || match pir() {
                Some(v) => v.into_any(),
                None => view! { <p>"Not recorded yet."</p> }.into_any(),
            }) as Dyn}
            {when(Box::new(move || in_review() && can(me, ReleaseChange::RecordPir { outcome: PirOutcome::Successful, summary: String::new() })),
                Box::new(|| view! { <PirForm /> }.into_any()))}
        </section>
        <Handover />
    }
}

#[component]
fn FeedbackForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let from = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let submit = Box::new(move || {
        act.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::RecordFeedback {
                    from: from.get_untracked(),
                    text: text.get_untracked(),
                },
            },
            move |_| text.set(String::new()),
        );
    });
    view! {
        <details class="ops__more">
            <summary>"Record feedback"</summary>
            {form(act, "feedback", "Record feedback".into(), vec![
                Field("from", "From (user, customer or team)", Input::Text, from),
                Field("text", "Feedback", Input::Area, text),
            ], None, "Record the feedback", ctx.id(), submit)}
        </details>
    }
}

#[component]
fn EvaluationForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let goal = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let actual = RwSignal::new(String::new());
    let met = RwSignal::new("true".to_owned());
    let submit = Box::new(move || {
        act.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::RecordEvaluation {
                    goal: goal.get_untracked(),
                    target: target.get_untracked(),
                    actual: actual.get_untracked(),
                    met: !met.with_untracked(String::is_empty),
                },
            },
            move |_| {
                goal.set(String::new());
                target.set(String::new());
                actual.set(String::new());
            },
        );
    });
    view! {
        <details class="ops__more">
            <summary>"Record a performance evaluation"</summary>
            {form(act, "eval", "Record a performance evaluation".into(), vec![
                Field("goal", "Performance goal", Input::Text, goal),
                Field("target", "Expected", Input::Text, target),
                Field("actual", "Measured", Input::Text, actual),
                Field("met", "Goal met", Input::Check, met),
            ], None, "Record the evaluation", ctx.id(), submit)}
        </details>
    }
}

#[component]
fn PirForm() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let outcome = RwSignal::new(OUTCOMES[0].1.to_owned());
    let summary = RwSignal::new(String::new());
    let submit = Box::new(move || {
        let chosen = OUTCOMES
            .iter()
            .find(|(_, l)| outcome.with_untracked(|o| o == l))
            .map_or(PirOutcome::Successful, |(o, _)| *o);
        act.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::RecordPir {
                    outcome: chosen,
                    summary: summary.get_untracked(),
                },
            },
            |_| {},
        );
    });
    let outcomes = OUTCOMES
        .iter()
        .map(|(_, l)| ((*l).to_owned(), (*l).to_owned()))
        .collect();
    view! {
        <details class="ops__more">
            <summary>"Record the post-implementation review"</summary>
            {form(act, "pir", "Record the post-implementation review".into(), vec![
                Field("outcome", "Outcome", Input::Select(outcomes), outcome),
                Field("summary", "Findings and lessons", Input::Area, summary),
            ], None, "Record the review", ctx.id(), submit)}
        </details>
    }
}

/// Operations' formal acceptance of the handover, and the end of the release.
#[component]
fn Handover() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let note = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let accepted = move || ctx.with(|r| r.review.handover.clone()).flatten();
    let ended = move || {
        ctx.with(|r| {
            r.ended.as_ref().map(|(s, why)| {
                let what = if r.status == Status::Cancelled {
                    "Cancelled"
                } else {
                    "Closed"
                };
                let why = if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                };
                format!("{what} by {}{why}", who(desk, s))
            })
        })
        .flatten()
    };
    let may_accept = move || {
        can(
            me,
            ReleaseChange::AcceptHandover {
                note: String::new(),
            },
        )
    };
    let may_cancel = move || {
        !ctx.read_only()
            && matches!(
                status(),
                Status::Draft | Status::Planning | Status::BuildAndTest | Status::BackedOut
            )
            && can(
                me,
                ReleaseChange::Cancel {
                    reason: String::new(),
                },
            )
    };
    let send = move |change: ReleaseChange| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            |_| {},
        )
    };
    view! {
        <section class="release__section ops" id=section_id(Section::Handover) aria-labelledby="handover-title">
            <h2 id="handover-title">"Handover to operations"</h2>
            <p class="ops__help">"The release cannot close until operations formally accepts the handover; change management then authorizes the closure."</p>
            <p>{Box::new(move || match accepted() {
                Some(s) => format!("Operations accepted the handover — {}", who(desk, &s)),
                None => "Operations has not accepted the handover yet.".to_owned(),
            }) as Text}</p>
            <p><strong>{Box::new(move || ended().unwrap_or_default()) as Text}</strong></p>
            {Box::new(move || if !ctx.read_only() && status() == Status::Review && accepted().is_none() {
                if may_accept() {
                    view! {
                        <div class="ops__form">
                            {text_input(act, "handover-note".into(), "Conditions or remarks (optional)".into(), "note", note, "area")}
                            {button(act, "Accept the handover to operations".into(), "button",
                                Box::new(move || send(ReleaseChange::AcceptHandover { note: note.get_untracked() })))}
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="ops__help">"Only operations accepts the handover."</p> }.into_any()
                }
            } else {
                ().into_any()
            }) as Dyn}
            {when(Box::new(may_cancel), Box::new(move || view! {
                <details class="ops__more">
                    <summary>"Cancel this release"</summary>
                    <div class="ops__form">
                        <p class="ops__help">"A release can be cancelled before it is deployed, or after a back-out. This is final."</p>
                        {text_input(act, "cancel-reason".into(), "Why the release is cancelled".into(), "reason", reason, "area")}
                        {button(act, "Cancel the release".into(), "button button--danger",
                            Box::new(move || send(ReleaseChange::Cancel { reason: reason.get_untracked() })))}
                    </div>
                </details>
            }.into_any()))}
            <ActStatus act release=ctx.id() />
        </section>
    }
}
