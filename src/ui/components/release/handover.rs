//! The release page's handover to operations: knowledge transfer and training, planned
//! and delivered, and operations' formal acceptance of the handover (with cancelling a
//! release that will not be deployed, which also ends it).

use leptos::prelude::*;

use super::common::{allowed, button, offer, on, open_for, person_here, recorded, send, who};
use super::form::{form, text_input, when, Dyn, Field, Input, Text};
use super::labels::kind_label;
use super::ReleaseCtx;
use crate::domain::{ItemId, KnowledgeItem, KnowledgeKind, ReleaseChange, Section, Status};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
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
    let submit = move || {
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
    };
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
                                    {format!(" — {}{}", kind_label(k.kind),
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
            {when(Box::new(may_manage), Box::new(move || view! {
                <details class="ops__more">
                    <summary>"Plan knowledge transfer or training"</summary>
                    {form(add, "knowledge", "Plan knowledge transfer or training".into(), vec![
                        Field("topic", "Topic", Input::Text, topic),
                        Field("audience", "Who receives it", Input::Text, audience),
                        Field("training", "This is training (not a knowledge transfer)", Input::Check, training),
                    ], None, "Plan this item", ctx.id(), Box::new(submit))}
                </details>
            }.into_any()))}
        </section>
    }
}

/// Operations' formal acceptance of the handover, and the end of the release.
#[component]
pub fn HandoverSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
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
    let send = move |change: ReleaseChange| send(act, ctx, change);
    view! {
        <section class="release__section ops" id=section_id(Section::Handover) aria-labelledby="handover-title">
            <h2 id="handover-title">"Handover to operations"</h2>
            <p class="ops__help">"The release cannot close until operations formally accepts the handover; change management then authorizes the closure."</p>
            <p>{Box::new(move || match accepted() {
                Some(s) => format!("Operations accepted the handover — {}", who(desk, &s)),
                None => "Operations has not accepted the handover yet.".to_owned(),
            }) as Text}</p>
            <p><strong>{Box::new(move || ended().unwrap_or_default()) as Text}</strong></p>
            {Box::new(move || if let Some(may_accept) = acceptance() {
                if may_accept {
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
