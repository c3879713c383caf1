//! The release page's handover to operations: knowledge transfer and training, planned
//! and delivered, and operations' formal acceptance of the handover (with cancelling a
//! release that will not be deployed, which also ends it).

use super::opener::opener;
use leptos::prelude::*;

use super::common::{allowed, button, offer, on, open_for, person_here, recorded, send, who, Text};
use super::ReleaseCtx;
use crate::domain::{ItemId, KnowledgeItem, KnowledgeKind, ReleaseChange, Section, Status};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Dyn, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

/// Knowledge transfer and training items, planned and delivered.
#[component]
pub fn KnowledgeSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let add = Act::new();
    let topic = RwSignal::new(String::new());
    let audience = RwSignal::new(String::new());
    let training = RwSignal::new(String::new());
    let may_manage = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::CompleteKnowledgeItem(ItemId::default()),
        )
    };
    let items = move || ctx.with(|r| r.knowledge.clone()).unwrap_or_default();
    let complete = move |id: ItemId| send(act, ctx, ReleaseChange::CompleteKnowledgeItem(id));
    let submit = Callback::new(move |()| {
        let item = KnowledgeItem {
            id: ItemId::default(),
            kind: if !training.get_untracked().is_empty() {
                KnowledgeKind::Training
            } else {
                KnowledgeKind::Transfer
            },
            topic: topic.get_untracked(),
            audience: audience.get_untracked(),
            done: None,
        };
        add.run(on(ctx, ReleaseChange::AddKnowledgeItem(item)), move |_| {
            topic.set(String::new());
            audience.set(String::new());
        });
    });
    let fields = vec![
        FieldSpec::text("topic", "Topic", topic),
        FieldSpec::text("audience", "Who receives it", audience),
        FieldSpec::check(
            "training",
            "This is training (not a knowledge transfer)",
            training,
        ),
    ];
    let options = FormOptions::new(
        add,
        "knowledge",
        "Plan knowledge transfer or training",
        "Plan this item",
    )
    .class("ops__form")
    .release(ctx.id());
    view! {
        <section class="release__section ops" id=section_id(Section::Knowledge) aria-labelledby="knowledge-title">
            <h2 id="knowledge-title">"Knowledge transfer and training"</h2>
            <p class="ops__help">"What support, operations and users learn before the handover."</p>
            {Box::new(move || {
                let items = items();
                if items.is_empty() {
                    return view! { <p>"No knowledge transfer or training is planned."</p> }.into_any();
                }
                let manage = may_manage();
                view! {
                    <ul class="ops__list">
                        {items.into_iter().map(|k| ({
                            let done = k.done.as_ref().map(|s| format!("Delivered — {}", who(desk, s)));
                            let id = k.id.clone();
                            let button = (manage && done.is_none()).then(|| button(act,
                                format!("Mark “{}” delivered", k.topic), "button button--secondary",
                                Box::new(move || complete(id.clone()))));
                            view! {
                                <li class="ops__item">
                                    <strong>{k.topic.clone()}</strong>
                                    {format!(" — {}{}", k.kind.label(),
                                        if k.audience.is_empty() { String::new() } else { format!(" for {}", k.audience) })}
                                    <p class="ops__stamp">{done.unwrap_or_else(|| "Planned, not delivered yet".into())}</p>
                                    <p class="ops__stamp">{recorded(desk, &k.id)}</p>
                                    {button}
                                </li>
                            }
                        }).into_any()).collect_view()}
                    </ul>
                }.into_any()
            }) as Dyn}
            <ActStatus act release=ctx.id() />
            {opener(Signal::derive(may_manage), "Plan knowledge transfer or training", move || view! { <RecordForm options=options.clone() fields=fields.clone() on_submit=submit /> }.into_any())}
        </section>
    }
}

/// Operations' formal acceptance of the handover, and the end of the release.
#[component]
pub fn HandoverSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let (act, cancel_act) = (Act::new(), Act::new());
    let note = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
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
    let accept = ReleaseChange::AcceptHandover {
        note: String::new(),
    };
    // Open to accepting, and whether this person is the one who may: the section says who
    // does when it is someone else.
    let acceptance = move || {
        (open_for(ctx, &accept) && accepted().is_none())
            .then(|| allowed(me, &on(ctx, accept.clone())))
    };
    let may_cancel = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::Cancel {
                reason: String::new(),
            },
        )
    };
    let accept_handover = Callback::new(move |()| {
        let change = ReleaseChange::AcceptHandover {
            note: note.get_untracked(),
        };
        act.run(on(ctx, change), |_| {});
    });
    let cancel = Callback::new(move |()| {
        let change = ReleaseChange::Cancel {
            reason: reason.get_untracked(),
        };
        cancel_act.run(on(ctx, change), |_| {});
    });
    view! {
        <section class="release__section ops" id=section_id(Section::Handover) aria-labelledby="handover-title">
            <h2 id="handover-title">"Handover to operations"</h2>
            <p class="ops__help">"The release cannot close until operations formally accepts the handover; change management then authorizes the closure."</p>
            <p>{Box::new(move || match accepted() {
                Some(s) => format!("Operations accepted the handover — {}", who(desk, &s)),
                None => "Operations has not accepted the handover yet.".to_owned(),
            }) as Text}</p>
            <p><strong>{Box::new(move || ended().unwrap_or_default()) as Text}</strong></p>
            <super::acceptance::ServiceAcceptanceView id="handover-acceptance" />
            {Box::new(move || match acceptance() {
                Some(true) => view! {
                    <RecordForm
                        options=FormOptions::new(act, "handover", "Accept the handover", "Accept the handover to operations")
                            .class("ops__form").release(ctx.id())
                        fields=vec![FieldSpec::area("note", "Conditions or remarks (optional)", note)]
                        on_submit=accept_handover />
                }.into_any(),
                Some(false) => view! { <p class="ops__help">"Only operations accepts the handover."</p> }.into_any(),
                None => ().into_any(),
            }) as Dyn}
            <When cond=may_cancel>
                <details class="ops__more">
                    <summary>"Cancel this release"</summary>
                    <RecordForm
                        options=FormOptions::new(cancel_act, "cancel", "Cancel the release", "Cancel the release")
                            .class("ops__form ops__form--danger").release(ctx.id())
                            .note("A release can be cancelled before it is deployed, or after a back-out. This is final.".to_owned())
                        fields=vec![FieldSpec::area("reason", "Why the release is cancelled", reason)]
                        on_submit=cancel />
                </details>
            </When>
        </section>
    }
}
