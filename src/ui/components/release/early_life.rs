//! The release page's early life support: the two formal notifications ("service live,
//! early life support begins" and "fully operational, SLAs enforced") and the known errors
//! with their workarounds and fixes.

use super::opener::opener;
use leptos::prelude::*;

use super::common::{keyed, offer, or_none, person_here, recorded, send, who, Entry, Text};
use super::entry_form::{entry_options, send_entry, status_field, status_of, EntryWords};
use super::gated::Gated;
use super::ReleaseCtx;
use crate::domain::{EntryStatus, ItemId, KnownError, ReleaseChange};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Dyn, FieldSpec, RecordForm, When};

/// Early life support on a release page: its notifications and known errors.
#[component]
pub fn EarlyLifeSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let notify = move |change: ReleaseChange| send(act, ctx, change);
    let live = move || ctx.with(|r| r.service_live.clone()).flatten();
    let operational = move || ctx.with(|r| r.fully_operational.clone()).flatten();
    view! {
        <section class="release__section ops" id="section-operations" aria-labelledby="operations-title">
            <h2 id="operations-title">"Early life support"</h2>
            <h3>"Operational notifications"</h3>
            <dl class="facts">
                <dt>"Service live, early life support begins"</dt>
                <dd>{Box::new(move || match live() {
                    Some(s) => format!("Notified by {}", who(desk, &s)),
                    None => "Not yet: every wave must be deployed and verified first.".to_owned(),
                }) as Text}</dd>
                <dt>"Fully operational, SLAs enforced"</dt>
                <dd>{Box::new(move || match operational() {
                    Some(s) => format!("Notified by {}", who(desk, &s)),
                    None => "Not yet: sent when early life support ends.".to_owned(),
                }) as Text}</dd>
            </dl>
            <When cond={move || offer(ctx, me, &ReleaseChange::DeclareServiceLive)}>
                <Gated act change=ReleaseChange::DeclareServiceLive key="live".into()
                    label="Notify: service live, early life support begins".into()
                    on_click=Callback::new(move |()| notify(ReleaseChange::DeclareServiceLive)) />
            </When>
            <When cond={move || offer(ctx, me, &ReleaseChange::DeclareFullyOperational)}>
                <Gated act change=ReleaseChange::DeclareFullyOperational key="operational".into()
                    label="Notify: fully operational, SLAs enforced".into()
                    on_click=Callback::new(move |()| notify(ReleaseChange::DeclareFullyOperational)) />
            </When>
            <ActStatus act release=ctx.id() />
            <KnownErrors />
        </section>
    }
}

/// Known errors: faults known at release time, with workaround and fix.
#[component]
fn KnownErrors() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let may_record = move || offer(ctx, me, &ReleaseChange::RecordKnownError(blank_error()));
    let ids = move || {
        ctx.with(|r| {
            r.known_errors
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    view! {
        <h3>"Known errors"</h3>
        <When cond={move || ids().is_empty()}><p>"No known error is recorded."</p></When>
        <ul class="ops__list">{keyed(Box::new(ids), |id| view! { <KnownErrorItem id /> }.into_any())}</ul>
        {opener(Signal::derive(may_record), "Record a known error", || view! { <KnownErrorForm error=None /> }.into_any())}
    }
}

fn blank_error() -> KnownError {
    KnownError {
        id: ItemId::default(),
        title: String::new(),
        workaround: String::new(),
        fix: String::new(),
        status: EntryStatus::Open,
    }
}

#[component]
fn KnownErrorItem(id: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let error = Memo::new(move |_| {
        ctx.with(|r| r.known_errors.iter().find(|e| e.id == id).cloned())
            .flatten()
    });
    let body: Dyn = Box::new(move || {
        let can_edit = offer(ctx, me, &ReleaseChange::UpdateKnownError(blank_error()));
        error
            .get()
            .map(|e| {
                let edit = can_edit.then(|| {
                    (
                        format!("Update “{}”", e.title),
                        view! { <KnownErrorForm error=Some(e.clone()) /> }.into_any(),
                    )
                });
                Entry {
                    label: format!("Known error: {}", e.title),
                    title: e.title.clone(),
                    badge: ("status", e.status.label().to_owned()),
                    facts: vec![
                        ("Workaround", or_none(&e.workaround)),
                        ("Fix", or_none(&e.fix)),
                    ],
                    stamp: recorded(desk, &e.id),
                    actions: Vec::new(),
                    edit,
                    sub: true,
                }
                .view()
            })
            .unwrap_or_else(|| ().into_any())
    });
    body
}

#[component]
fn KnownErrorForm(error: Option<KnownError>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let base = error.unwrap_or_else(blank_error);
    let is_new = base.id.0.is_empty();
    let title = RwSignal::new(base.title.clone());
    let workaround = RwSignal::new(base.workaround.clone());
    let fix = RwSignal::new(base.fix.clone());
    let status = RwSignal::new(base.status.label().to_owned());
    let id = base.id.clone();
    let submit = Callback::new(move |()| {
        let entry = KnownError {
            id: id.clone(),
            title: title.get_untracked(),
            workaround: workaround.get_untracked(),
            fix: fix.get_untracked(),
            status: status_of(status),
        };
        let change = if is_new {
            ReleaseChange::RecordKnownError(entry)
        } else {
            ReleaseChange::UpdateKnownError(entry)
        };
        send_entry(act, ctx, change, is_new, vec![title, workaround, fix]);
    });
    let fields = vec![
        FieldSpec::text("title", "Known error", title),
        FieldSpec::area("workaround", "Workaround", workaround),
        FieldSpec::text("fix", "Planned or delivered fix", fix),
        status_field(status),
    ];
    let words = EntryWords {
        key: "ke",
        raise: "Record a known error",
        update: "Update",
        add: "Record the known error",
        save: "Save the known error",
    };
    let options = entry_options(act, ctx, &base.id, &base.title, words);
    view! { <RecordForm options fields on_submit=submit /> }
}
