//! The approval chain of every gate with each round and decision, the approver's decision
//! form, and change management's authorizations (including the emergency CAB's).

use leptos::prelude::*;

use super::common::{field_error, fixed, offer, on, person_here, stamp_text};
use super::ReleaseCtx;
use crate::domain::waiting::round_since;
use crate::domain::{
    gate_name, gate_phrase, may_decide, Approver, Book, Category, Gate, GateKind, PersonId,
    ReleaseChange, Role, RoundOutcome, Section,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::components::waiting::{remind_href, remind_link};
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, Field, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

fn approver_text(book: &Book, approver: &Approver) -> String {
    match approver {
        Approver::Role(role) => format!("any {}", role.label()),
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}

/// The approvals section and the authorization section of the release page.
#[component]
pub fn ApprovalsSection() -> impl IntoView {
    view! {
        <ApprovalsPart />
        <AuthorizationPart />
    }
}

#[component]
fn ApprovalsPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let changing = RwSignal::new(false);
    let may_chain = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::SetApprovalChain {
                gate: GateKind::Build,
                chain: Vec::new(),
            },
        )
    };
    let chains = move || {
        desk.engine.with(|e| {
            ctx.with(|r| {
                GateKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let chain = r.approval_chains.get(&kind).cloned().unwrap_or_default();
                        let names: Vec<String> =
                            chain.iter().map(|a| approver_text(e.book(), a)).collect();
                        (kind, chain, names)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    // Every round, newest first, with its decisions in words.
    let rounds = move || {
        desk.engine.with(|e| {
            let book = e.book();
            ctx.with(|r| {
                r.rounds
                    .iter()
                    .rev()
                    .map(|round| {
                        let outcome = match round.next() {
                            Some(next) if round.outcome == RoundOutcome::Pending => {
                                format!("Waiting for {}", approver_text(book, next))
                            }
                            Some(_) | None => round.outcome.standing().to_owned(),
                        };
                        let decisions: Vec<String> = round
                            .decisions
                            .iter()
                            .map(|d| {
                                let verb = if d.approve { "Approved" } else { "Rejected" };
                                let said = if d.comment.is_empty() {
                                    String::new()
                                } else {
                                    format!(": “{}”", d.comment)
                                };
                                format!("{verb} by {}{said}", stamp_text(book, &d.stamp))
                            })
                            .collect();
                        let current = round.cycle == r.cycle;
                        // A reminder to the approver the round waits for, unless that is
                        // the person here (who decides above) or the page shows the past.
                        let remind = round
                            .next()
                            .filter(|n| {
                                current
                                    && round.outcome == RoundOutcome::Pending
                                    && !ctx.read_only()
                                    && !me.with(|p| p.as_ref().is_some_and(|p| may_decide(p, n)))
                            })
                            .map(|next| {
                                let phrase = gate_phrase(book, &round.gate);
                                let href = remind_href(
                                    book,
                                    next,
                                    r,
                                    &format!("approve {phrase}"),
                                    round_since(round),
                                );
                                let label = format!("Remind by e-mail: {phrase}");
                                (href, label, approver_text(book, next))
                            });
                        (
                            gate_name(book, &round.gate),
                            format!("Requested by {}", stamp_text(book, &round.requested)),
                            outcome,
                            decisions,
                            (round.cycle > 0).then(|| format!("plan cycle {}", round.cycle + 1)),
                            current,
                            remind,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    // The pending round this person decides, if any: its gate and phrase.
    let mine = move || {
        if ctx.read_only() {
            return None;
        }
        let person = me.get()?;
        desk.engine.with(|e| {
            ctx.with(|r| {
                r.rounds
                    .iter()
                    .filter(|x| x.cycle == r.cycle)
                    .find(|x| x.next().is_some_and(|n| may_decide(&person, n)))
                    .map(|x| (x.gate.clone(), gate_phrase(e.book(), &x.gate)))
            })
            .flatten()
        })
    };
    view! {
        <section class="release__section" id=section_id(Section::Approvals) aria-labelledby="approvals-title">
            <h2 id="approvals-title">"Approvals"</h2>
            {dy(move || (mine().map(|(gate, phrase)| view! { <Decide gate phrase /> })).into_any())}
            <h3>"Approval chains"</h3>
            <p class="release__help">"Who approves each gate, in order, before change management authorizes it."</p>
            <ul class="release__chains">
                {dy(move || ({
                    let edit = may_chain() && changing.get();
                    chains().into_iter().map(|(kind, chain, names)| ({
                        let words = if names.is_empty() { "no approval needed".to_owned() } else { names.join(" → ") };
                        view! {
                            <li>
                                <strong>{kind.label()}</strong>": "{words}
                                {edit.then(|| view! { <ChainEditor kind chain=chain.clone() act /> }.into_any())}
                            </li>
                        }
                    }).into_any()).collect_view()
                }).into_any())}
            </ul>
            <When cond=may_chain><button class="button button--secondary" type="button"
                    aria-expanded=move || changing.get().to_string()
                    on:click=move |_| changing.update(|c| *c = !*c)>
                    "Change the approval chains"
                </button></When>
            {field_error(act, "chain", "chain-error".into())}
            <ActStatus act release=ctx.id() />
            <h3>"Approval rounds"</h3>
            {dy(move || ({
                let list = rounds();
                if list.is_empty() {
                    view! { <p>"No approval has been requested yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="release__rounds">
                            {list.into_iter().map(|(gate, requested, outcome, decisions, cycle, current, remind)| (view! {
                                <li class="release__round" class:release__round--past=!current>
                                    <p><strong>{gate}</strong>{cycle.map(|c| format!(" ({c})"))}": "{outcome}</p>
                                    <p class="release__stamp">{requested}</p>
                                    {(!decisions.is_empty()).then(|| view! {
                                        <ul>{decisions.into_iter().map(|d| (view! { <li>{d}</li> }).into_any()).collect_view()}</ul>
                                    }.into_any())}
                                    {remind.map(|(href, label, whom)| remind_link(href, label, whom))}
                                </li>
                            }).into_any()).collect_view()}
                        </ol>
                    }.into_any()
                }
            }).into_any())}
        </section>
    }
}

/// Add to or remove from one gate's chain.
#[component]
fn ChainEditor(kind: GateKind, chain: Vec<Approver>, act: Act) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let set_chain = move |kind: GateKind, chain: Vec<Approver>| {
        act.run(
            on(ctx, ReleaseChange::SetApprovalChain { gate: kind, chain }),
            |_| {},
        )
    };
    let pick = RwSignal::new(String::new());
    let mut choices = vec![(String::new(), "Choose a role or a person".to_owned())];
    choices.extend(
        Role::ALL
            .into_iter()
            .map(|r| (r.label().to_owned(), format!("any {}", r.label()))),
    );
    desk.engine.with_untracked(|e| {
        choices.extend(
            e.book()
                .people
                .values()
                .map(|p| (format!("person:{}", p.id.0), p.name.clone())),
        )
    });
    let current = StoredValue::new(chain.clone());
    let add = move |_| {
        let value = pick.get_untracked();
        let approver = if let Some(id) = value.strip_prefix("person:") {
            Approver::Person(PersonId(id.to_owned()))
        } else if let Some(role) = Role::ALL.into_iter().find(|r| r.label() == value) {
            Approver::Role(role)
        } else {
            return act.refuse("chain", "Choose who approves.");
        };
        let mut chain = current.get_value();
        chain.push(approver);
        set_chain(kind, chain);
    };
    let names = desk.engine.with_untracked(|e| {
        chain
            .iter()
            .map(|a| approver_text(e.book(), a))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="release__chain-edit">
            {names.into_iter().enumerate().map(|(i, name)| (view! {
                <button class="button button--secondary" type="button" disabled=act.busy
                    on:click=move |_| {
                        let mut chain = current.get_value();
                        chain.remove(i);
                        set_chain(kind, chain);
                    }>
                    {format!("Remove {name} from the {} chain", kind.label())}
                </button>
            }).into_any()).collect_view()}
            <Field act form=format!("chain-{}", kind.label().replace(' ', "-")) spec=FieldSpec::select(
                "approver",
                fixed(format!("Add an approver to the {} chain", kind.label())),
                pick,
                choices,
            ) />
            <button class="button button--secondary" type="button" disabled=act.busy on:click=add>
                {format!("Add to the {} chain", kind.label())}
            </button>
        </div>
    }
}

/// The decision form for the approver the chain waits for.
#[component]
fn Decide(gate: Gate, phrase: String) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let comment = RwSignal::new(String::new());
    let gate = StoredValue::new(gate);
    let decide = move |approve: bool| {
        let change = ReleaseChange::DecideApproval {
            gate: gate.get_value(),
            approve,
            comment: comment.get_untracked().trim().to_owned(),
        };
        let said = if approve { "Approved." } else { "Rejected." };
        act.run_saying(on(ctx, change), said, move |_| comment.set(String::new()));
    };
    let submit = Callback::new(move |()| decide(true));
    let fields = vec![FieldSpec::area("comment", "Comment", comment)
        .help("Why you approve or reject; a rejection needs a reason.")];
    let reject = view! {
        <button class="button button--secondary" type="button" disabled=act.busy
            on:click=move |_| decide(false)>{format!("Reject {phrase}")}</button>
    }
    .into_any();
    let options = FormOptions::new(
        act,
        "decide",
        format!("Your decision on {phrase}"),
        format!("Approve {phrase}"),
    )
    .heading()
    .class("release__form release__decide")
    .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit actions=reject /> }
}

#[component]
fn AuthorizationPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let records = move || {
        desk.engine.with(|e| {
            let book = e.book();
            ctx.with(|r| {
                r.authorizations
                    .iter()
                    .map(|a| {
                        let mut text = format!(
                            "{}: authorized by {}",
                            gate_name(book, &a.gate),
                            stamp_text(book, &a.stamp)
                        );
                        if a.emergency {
                            text.push_str(" by the emergency CAB, approval chains waived");
                        }
                        if a.cycle > 0 {
                            text.push_str(&format!(" (plan cycle {})", a.cycle + 1));
                        }
                        (text, a.note.clone())
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    // The emergency CAB may authorize several gates of an emergency release at once. What
    // is being chosen lives here, so a rebuild of the form (the book or the time changed)
    // keeps the ticked gates and the note.
    let choice = EmergencyChoice {
        act: Act::new(),
        note: RwSignal::new(String::new()),
        chosen: RwSignal::new(Vec::new()),
    };
    let emergency = move || {
        if ctx.read_only() {
            return None;
        }
        let open = desk.engine.with(|e| {
            ctx.with(|r| {
                if r.category != Category::Emergency {
                    return None;
                }
                let mut gates = vec![Gate::Planning, Gate::Build];
                for wave in &r.waves {
                    let gate = Gate::Deployment(wave.plan.environment.clone());
                    if !gates.contains(&gate) {
                        gates.push(gate);
                    }
                }
                let open: Vec<(Gate, String)> = gates
                    .into_iter()
                    .filter(|g| !r.is_authorized(g))
                    .map(|g| {
                        let name = gate_name(e.book(), &g);
                        (g, name)
                    })
                    .collect();
                (!open.is_empty()).then_some(open)
            })
            .flatten()
        })?;
        // The first gate to authorize decides the statuses that allow it (the domain's
        // table); the later ones are checked in turn when the command comes.
        let change = ReleaseChange::Authorize {
            gates: vec![open[0].0.clone()],
            emergency: true,
            note: String::new(),
        };
        offer(ctx, me, &change).then_some(open)
    };
    view! {
        <section class="release__section" id=section_id(Section::Authorization) aria-labelledby="authorization-title">
            <h2 id="authorization-title">"Change authorizations"</h2>
            <p class="release__help">"Change management authorizes each gate once its approval chain has approved; an emergency CAB may authorize an emergency release's gates at once."</p>
            {dy(move || ({
                let list = records();
                if list.is_empty() {
                    view! { <p>"No gate has been authorized yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="release__records">
                            {list.into_iter().map(|(text, note)| (view! {
                                <li>{text}{(!note.is_empty()).then(|| view! { <span class="release__note">{format!(" — “{note}”")}</span> }.into_any())}</li>
                            }).into_any()).collect_view()}
                        </ul>
                    }.into_any()
                }
            }).into_any())}
            {dy(move || (emergency().map(|open| view! { <EmergencyCab open choice /> })).into_any())}
        </section>
    }
}

/// What the emergency CAB is choosing: kept by the section across rebuilds of the form.
#[derive(Clone, Copy)]
struct EmergencyChoice {
    act: Act,
    note: RwSignal<String>,
    chosen: RwSignal<Vec<Gate>>,
}

#[component]
fn EmergencyCab(open: Vec<(Gate, String)>, choice: EmergencyChoice) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let EmergencyChoice { act, note, chosen } = choice;
    let order: Vec<Gate> = open.iter().map(|(g, _)| g.clone()).collect();
    let submit = Callback::new(move |()| {
        let picked = chosen.get_untracked();
        let gates: Vec<Gate> = order
            .iter()
            .filter(|g| picked.contains(g))
            .cloned()
            .collect();
        let change = ReleaseChange::Authorize {
            gates,
            emergency: true,
            note: note.get_untracked().trim().to_owned(),
        };
        act.run_saying(
            on(ctx, change),
            "Authorized by the emergency CAB.",
            move |_| {
                chosen.set(Vec::new());
                note.set(String::new());
            },
        );
    });
    let gates = view! {
        <fieldset class="release__choices" aria-describedby="ecab-gates-error">
            <legend>"Gates to authorize now"</legend>
            {open.into_iter().enumerate().map(|(i, (gate, name))| ({
                let id = format!("ecab-gate-{i}");
                let gate = StoredValue::new(gate);
                view! {
                    <label class="release__choice">
                        <input type="checkbox" id=id
                            prop:checked=move || chosen.with(|c| c.contains(&gate.get_value()))
                            on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let g = gate.get_value();
                            chosen.update(|c| { c.retain(|x| x != &g); if on { c.push(g) } });
                        } />
                        {name}
                    </label>
                }
            }).into_any()).collect_view()}
            {field_error(act, "gates", "ecab-gates-error".into())}
        </fieldset>
    }
    .into_any();
    let fields = vec![FieldSpec::text("note", "CAB note", note)
        .help("The emergency CAB's reference, e.g. the incident number.")];
    let options = FormOptions::new(
        act,
        "ecab",
        "Emergency CAB authorization",
        "Authorize the chosen gates as the emergency CAB",
    )
    .heading()
    .class("release__form")
    .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit extra=gates /> }
}
