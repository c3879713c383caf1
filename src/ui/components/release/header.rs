//! The top of a release's page: its title and facts, the phase stepper, the checklist of
//! what the next gate still needs, and the next actions the person at this browser may take.

use leptos::prelude::*;

use crate::ui::kit::dy;

use super::common::on;
use super::gated::Gated;
use super::ReleaseCtx;
use crate::domain::describe::describe;
use crate::domain::schedule::date;
use crate::domain::{
    gate_name, gate_phrase, may_decide, next_step, Gate, ReleaseChange, RoundOutcome, Status,
};
use crate::ui::act::{may, me, Act, ActStatus, MissingList};
use crate::ui::desk::Desk;
use crate::ui::kit::{Field, FieldSpec, When};
use crate::ui::route::{release_href, section_href};
use crate::ui::state::AppState;

/// The release's title, facts, stepper, next-step checklist and next actions.
#[component]
pub fn ReleaseHeader() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = me();
    let act = Act::new();
    let note = RwSignal::new(String::new());
    let id = ctx.id();

    let title = move || ctx.with(|r| r.title()).unwrap_or_default();
    let facts = move || {
        desk.engine.with(|e| {
            ctx.with(|r| {
                let service = e
                    .book()
                    .services
                    .get(&r.service)
                    .map_or(r.service.as_str(), |s| s.name.as_str())
                    .to_owned();
                (service, r.category.label(), r.status.label())
            })
        })
    };
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let ended = move || {
        ctx.with(|r| match (r.status, &r.ended, &r.last_setback) {
            (Status::Cancelled, Some((_, why)), _) => Some(format!("Cancelled: {why}")),
            // The domain keeps the reason as "backed out: <why>".
            (Status::BackedOut, _, Some((_, why))) => Some(format!(
                "The deployment was backed out ({}). The release can be re-planned.",
                why.trim_start_matches("backed out: ")
            )),
            (Status::Closed, ..) => Some("Closed: operations accepted the handover.".to_owned()),
            _ => None,
        })
        .flatten()
    };

    // Time travel: the event the page shows the release as of.
    let past = move || {
        let at = ctx.as_of.get()?;
        desk.engine.with(|e| {
            let event = e.log().events().iter().find(|ev| ev.id == at)?;
            Some(format!(
                "Showing this release as it was on {} after: {}",
                date(event.at),
                describe(e.book(), event)
            ))
        })
    };

    let checklist = move || {
        desk.engine
            .with(|e| ctx.with(|r| next_step(e.book(), r)).flatten())
    };

    // The next actions this person may take on the next gate (a memo: the actions are
    // rebuilt only when the gate or what this person may do changes).
    let actions = Memo::new(move |_| {
        if ctx.read_only() {
            return None;
        }
        let person = me.get();
        desk.engine.with(|e| {
            ctx.with(|r| {
                let book = e.book();
                let gate = next_step(book, r)?.gate?;
                let phrase = gate_phrase(book, &gate);
                let has_chain = r
                    .approval_chains
                    .get(&gate.kind())
                    .is_some_and(|c| !c.is_empty());
                let round = r.round(&gate);
                let outcome = round.map(|r| r.outcome);
                let request = on(ctx, ReleaseChange::RequestApproval(gate.clone()));
                let may_request = has_chain
                    && !matches!(
                        outcome,
                        Some(RoundOutcome::Pending | RoundOutcome::Approved)
                    )
                    && may(person.as_ref(), &request);
                let decide = matches!(
                    (round.and_then(|r| r.next()), person.as_ref()),
                    (Some(next), Some(p)) if may_decide(p, next)
                );
                let authorize = on(
                    ctx,
                    ReleaseChange::Authorize {
                        gates: vec![gate.clone()],
                        emergency: false,
                        note: String::new(),
                    },
                );
                let may_authorize = may(person.as_ref(), &authorize);
                Some((gate, phrase, may_request, decide, may_authorize))
            })
            .flatten()
        })
    });
    // The gate of the last action taken here and its name. Its outcome is shown with that
    // gate's buttons while they are offered; once the gate is passed (authorized), the next
    // gate's buttons take their place, and the outcome moves above them, under the name of
    // the gate it concerns, so "Authorized." never reads as being about the next gate.
    let acted = RwSignal::new(None::<(Gate, String)>);
    let act_on = move |gate: &Gate| {
        if acted.with_untracked(|a| a.as_ref().is_none_or(|(g, _)| g != gate)) {
            let name = desk.engine.with_untracked(|e| gate_name(e.book(), gate));
            acted.set(Some((gate.clone(), name)));
        }
    };
    // The acted gate's name when its outcome is shown away from the buttons.
    let passed = move || {
        let current = actions.with(|a| a.as_ref().map(|a| a.0.clone()));
        acted
            .get()
            .filter(|(gate, _)| current.as_ref() != Some(gate))
            .map(|(_, name)| name)
    };

    let request = move |gate: Gate| {
        act_on(&gate);
        act.run_saying(
            on(ctx, ReleaseChange::RequestApproval(gate)),
            "Approval requested.",
            |_| {},
        )
    };
    let authorize = move |gate: Gate| {
        act_on(&gate);
        act.run_saying(
            on(
                ctx,
                ReleaseChange::Authorize {
                    gates: vec![gate],
                    emergency: false,
                    note: note.get_untracked().trim().to_owned(),
                },
            ),
            "Authorized.",
            move |_| note.set(String::new()),
        )
    };

    // "Release created." from the wizard, under the title of the release it created; the
    // notice is spent when this page closes.
    let state = AppState::expect();
    let created = id.0.clone();
    let notice = move || {
        state.notice.with(|n| {
            n.as_ref()
                .filter(|(r, _)| *r == created)
                .map(|(_, m)| m.clone())
        })
    };
    on_cleanup(move || state.notice.set(None));

    let now_href = release_href(&id.0);
    let approvals_href = section_href(&id.0, crate::domain::Section::Approvals);
    view! {
        <header class="release__header">
            {dy(move || (past().map(|text| view! {
                <div class="release__past" role="note">
                    <p>{text}</p>
                    <a href=now_href.clone()>"Back to the release as it is now"</a>
                </div>
            })).into_any())}
            <h1 class="page__title">{title}</h1>
            <p class="release__notice" role="status">{notice}</p>
            {dy(move || (facts().map(|(service, category, status)| view! {
                <dl class="release__facts">
                    <div><dt>"Service"</dt><dd>{service}</dd></div>
                    <div><dt>"Category"</dt><dd>{category}</dd></div>
                    <div><dt>"Status"</dt><dd>{status}</dd></div>
                </dl>
            })).into_any())}
            <ol class="stepper" aria-label="Phases of the release">
                {dy(move || ({
                    let now = status();
                    let at = Status::STEPS.iter().position(|s| *s == now);
                    let done_before = match now {
                        Status::Closed => Status::STEPS.len(),
                        _ => at.unwrap_or(0),
                    };
                    Status::STEPS.iter().enumerate().map(|(i, step)| ({
                        let current = at == Some(i);
                        let done = i < done_before;
                        view! {
                            <li class="stepper__step"
                                class:stepper__step--current=current
                                class:stepper__step--done=done
                                aria-current=current.then_some("step")>
                                {step.step_label()}
                                {done.then_some(view! { <span class="stepper__note">" (done)"</span> }.into_any())}
                            </li>
                        }
                    }).into_any()).collect_view()
                }).into_any())}
            </ol>
            {dy(move || (match status() {
                Status::Draft => Some("A draft: change management has not yet authorized planning.".to_owned()),
                _ => ended(),
            }.map(|text| view! { <p class="release__standing">{text}</p> })).into_any())}
            {dy(move || (checklist().map(|list| {
                let ready = list.missing.is_empty();
                view! {
                    <section class="release__checklist" aria-labelledby="checklist-title">
                        <h2 id="checklist-title">"Next step: "{list.step}</h2>
                        {if ready {
                            view! { <p>"Nothing is missing for this step."</p> }.into_any()
                        } else {
                            view! {
                                <p>"Still needed:"</p>
                                <MissingList missing=list.missing release=Some(ctx.id()) />
                            }.into_any()
                        }}
                    </section>
                }
            })).into_any())}
            {dy(move || (passed().map(|name| view! {
                <div class="release__acted" role="group" aria-label=format!("Outcome for {name}")>
                    <p class="release__acted-gate">{format!("{name}:")}</p>
                    <ActStatus act release=ctx.id() />
                </div>
            })).into_any())}
            {dy(move || (actions.get().map(|(gate, phrase, may_request, decide, may_authorize)| {
                let (g1, g2) = (gate.clone(), gate);
                let asking = format!("Request approval for {phrase}");
                let authorizing = format!("Authorize {phrase}");
                view! {
                    <div class="release__actions">
                        // Shown disabled with the domain's reason while it would refuse them
                        // (docs/ui-kit.md, "What is offered").
                        {may_request.then(|| view! {
                            <Gated act change=ReleaseChange::RequestApproval(g1.clone()) label=asking key="request".into()
                                on_click=Callback::new(move |()| request(g1.clone())) />
                        }.into_any())}
                        {decide.then(|| view! {
                            <a class="button button--secondary" href=approvals_href.clone()>
                                "Your approval decision is awaited"
                            </a>
                        }.into_any())}
                        {may_authorize.then(|| view! {
                            <div class="release__authorize">
                                <Field act form="authorize" spec=FieldSpec::text("note", "CAB note (optional)", note) />
                                <Gated act change=ReleaseChange::Authorize { gates: vec![g2.clone()], emergency: false, note: String::new() }
                                    label=authorizing key="authorize".into()
                                    on_click=Callback::new(move |()| authorize(g2.clone())) />
                            </div>
                        }.into_any())}
                        <When cond=move || passed().is_none()><ActStatus act release=ctx.id() /></When>
                    </div>
                }
            })).into_any())}
        </header>
    }
}
