//! The release page's early life support: the two formal notifications ("service live,
//! early life support begins" and "fully operational, SLAs enforced"), the known errors
//! with their workarounds, and knowledge transfer and training.

use leptos::prelude::*;

use super::waves::{button, can, keyed, person_here, recorded, when, who, Dyn, FieldNote, Text};
use super::ReleaseCtx;
use crate::domain::{
    Change, EntryStatus, ItemId, KnowledgeItem, KnowledgeKind, KnownError, ReleaseChange, Section,
    Status,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::section_id;

/// The words for a register entry's status.
pub fn status_label(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Open => "open",
        EntryStatus::Mitigated => "mitigated",
        EntryStatus::Accepted => "accepted",
        EntryStatus::Closed => "closed",
    }
}

/// Every entry status, for a `<select>`.
pub const STATUSES: [EntryStatus; 4] = [
    EntryStatus::Open,
    EntryStatus::Mitigated,
    EntryStatus::Accepted,
    EntryStatus::Closed,
];

/// A labelled input of type `kind` (or a textarea for "area") bound to `value`, with the domain's error under it.
pub fn text_input(
    act: Act,
    id: String,
    label: String,
    field: &'static str,
    value: RwSignal<String>,
    kind: &'static str,
) -> AnyView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let input = if kind == "area" {
        view! {
            <textarea class="field__input" id=id.clone() rows="2" aria-invalid=move || act.invalid(field)
                aria-describedby=described prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input class="field__input" id=id.clone() type=kind aria-invalid=move || act.invalid(field)
                aria-describedby=described prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev)) />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {input}
            <FieldNote act field id=error_id />
        </div>
    }
    .into_any()
}

/// How a [`Field`] is entered.
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    Area,
    /// One of these `(value, label)` options.
    Select(Vec<(String, String)>),
    /// A tick box: the value is "true" or empty.
    Check,
}

/// One field of a [`form`]: the domain's field name, its label, how it is entered, and its
/// value (as text; the form's submit reads and converts it).
pub struct Field(
    pub &'static str,
    pub &'static str,
    pub Input,
    pub RwSignal<String>,
);

/// The options of an entry status `<select>`.
pub fn status_input() -> Input {
    Input::Select(
        STATUSES
            .into_iter()
            .map(|s| (status_label(s).to_owned(), status_label(s).to_owned()))
            .collect(),
    )
}

/// The entry status a status `<select>` chose.
pub fn parse_status(text: &str) -> EntryStatus {
    STATUSES
        .into_iter()
        .find(|s| status_label(*s) == text)
        .unwrap_or_default()
}

/// A form from its fields: every form of these sections is this one view (the wasm size
/// budget), each field labelled, with the domain's error under it.
#[allow(clippy::too_many_arguments)] // Each is one plain part of the form.
pub fn form(
    act: Act,
    key: &str,
    name: String,
    fields: Vec<Field>,
    extra: Option<Text>,
    submit_label: &'static str,
    release: crate::domain::ReleaseId,
    submit: Box<dyn Fn() + Send>,
) -> AnyView {
    let inputs = fields
        .into_iter()
        .map(|Field(field, label, input, value)| {
            let id = format!("{key}-{field}");
            match input {
                Input::Text => text_input(act, id, label.into(), field, value, "text"),
                Input::Area => text_input(act, id, label.into(), field, value, "area"),
                Input::Select(options) => {
                    let chosen = value.get_untracked();
                    let error_id = format!("{id}-error");
                    view! {
                        <div class="field">
                            <label class="field__label" for=id.clone()>{label}</label>
                            <select class="field__input" id=id aria-describedby=error_id.clone()
                                on:change=move |ev| value.set(event_target_value(&ev))>
                                {options.into_iter().map(|(v, l)| ({
                                    let selected = v == chosen;
                                    view! { <option value=v selected=selected>{l}</option> }
                                }).into_any()).collect_view()}
                            </select>
                            <FieldNote act field id=error_id />
                        </div>
                    }
                    .into_any()
                }
                Input::Check => view! {
                    <label class="ops__check" for=format!("{key}-{field}")>
                        <input type="checkbox" id=id prop:checked=!value.get_untracked().is_empty()
                            on:change=move |ev| value.set(if event_target_checked(&ev) { "true".into() } else { String::new() }) />
                        {label}
                    </label>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <form class="ops__form" aria-label=name on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }>
            {inputs}
            <p class="ops__help" aria-live="polite">{extra}</p>
            <button class="button" type="submit" prop:disabled=act.busy>{submit_label}</button>
            <ActStatus act release />
        </form>
    }
    .into_any()
}

/// One register entry (a risk, an issue, a known error): its heading with a badge, its
/// facts, who recorded it and when, its actions and its edit form. One view for all of
/// them (the wasm size budget).
#[allow(clippy::too_many_arguments)] // Each is one plain part of the entry.
pub fn entry(
    label: String,
    title: String,
    badge: (&'static str, String),
    facts: Vec<(&'static str, String)>,
    stamp: String,
    actions: Vec<AnyView>,
    edit: Option<(String, AnyView)>,
    sub: bool,
) -> AnyView {
    let class = format!("ops__badge ops__badge--{}", badge.0);
    let heading = if sub {
        view! { <h4 class="ops__title">{title}" "<span class=class>{badge.1}</span></h4> }
            .into_any()
    } else {
        view! { <h3 class="ops__title">{title}" "<span class=class>{badge.1}</span></h3> }
            .into_any()
    };
    view! {
        <li class="ops__item" aria-label=label>
            {heading}
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| (view! { <dt>{k}</dt><dd>{v}</dd> }).into_any()).collect_view()}
            </dl>
            <p class="ops__stamp">{stamp}</p>
            {actions}
            {edit.map(|(summary, form)| view! {
                <details class="ops__more"><summary>{summary}</summary>{form}</details>
            })}
        </li>
    }
    .into_any()
}

/// The text of an optional field: "None yet" when empty.
pub fn or_none(text: &str) -> String {
    if text.is_empty() {
        "None yet".to_owned()
    } else {
        text.to_owned()
    }
}

/// Early life support and knowledge transfer on a release page.
#[component]
pub fn OperationsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let status = move || ctx.with(|r| r.status).unwrap_or_default();
    let notify = move |change: ReleaseChange| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            |_| {},
        )
    };
    let live = move || ctx.with(|r| r.service_live.clone()).flatten();
    let operational = move || ctx.with(|r| r.fully_operational.clone()).flatten();
    let may_notify = move |wanted: Status| {
        !ctx.read_only() && status() == wanted && can(me, ReleaseChange::DeclareServiceLive)
    };
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
            {when(Box::new(move || may_notify(Status::Deployment)), Box::new(move || button(act,
                "Notify: service live, early life support begins".into(), "button",
                Box::new(move || notify(ReleaseChange::DeclareServiceLive)))))}
            {when(Box::new(move || may_notify(Status::EarlyLifeSupport)), Box::new(move || button(act,
                "Notify: fully operational, SLAs enforced".into(), "button",
                Box::new(move || notify(ReleaseChange::DeclareFullyOperational)))))}
            <ActStatus act release=ctx.id() />
            <KnownErrors />
        </section>
        <Knowledge />
    }
}

/// Known errors: faults known at release time, with workaround and fix.
#[component]
fn KnownErrors() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let may_record = move || {
        !ctx.read_only()
            && ctx.with(|r| !r.status.is_final()).unwrap_or(false)
            && can(me, ReleaseChange::RecordKnownError(blank_error()))
    };
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
        {when(Box::new(move || ids().is_empty()), Box::new(|| view! { <p>"No known error is recorded."</p> }.into_any()))}
        <ul class="ops__list">{keyed(Box::new(ids), |id| view! { <KnownErrorItem id /> }.into_any())}</ul>
        {when(Box::new(may_record), Box::new(|| view! {
            <details class="ops__more">
                <summary>"Record a known error"</summary>
                <KnownErrorForm error=None />
            </details>
        }.into_any()))}
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
        let can_edit = !ctx.read_only()
            && ctx.with(|r| !r.status.is_final()).unwrap_or(false)
            && can(me, ReleaseChange::RecordKnownError(blank_error()));
        error
            .get()
            .map(|e| {
                let edit = can_edit.then(|| {
                    (
                        format!("Update “{}”", e.title),
                        view! { <KnownErrorForm error=Some(e.clone()) /> }.into_any(),
                    )
                });
                entry(
                    format!("Known error: {}", e.title),
                    e.title.clone(),
                    ("status", status_label(e.status).to_owned()),
                    vec![
                        ("Workaround", or_none(&e.workaround)),
                        ("Fix", or_none(&e.fix)),
                    ],
                    recorded(desk, &e.id),
                    Vec::new(),
                    edit,
                    true,
                )
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
    let key = format!("ke-{}", if is_new { "new" } else { base.id.as_str() });
    let title = RwSignal::new(base.title.clone());
    let workaround = RwSignal::new(base.workaround.clone());
    let fix = RwSignal::new(base.fix.clone());
    let status = RwSignal::new(status_label(base.status).to_owned());
    let id = base.id.clone();
    let submit = Box::new(move || {
        let entry = KnownError {
            id: id.clone(),
            title: title.get_untracked(),
            workaround: workaround.get_untracked(),
            fix: fix.get_untracked(),
            status: parse_status(&status.get_untracked()),
        };
        let change = if is_new {
            ReleaseChange::RecordKnownError(entry)
        } else {
            ReleaseChange::UpdateKnownError(entry)
        };
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| {
                if is_new {
                    title.set(String::new());
                    workaround.set(String::new());
                    fix.set(String::new());
                }
            },
        );
    });
    let name = if is_new {
        "Record a known error".to_owned()
    } else {
        format!("Update “{}”", base.title)
    };
    form(
        act,
        &key,
        name,
        vec![
            Field("title", "Known error", Input::Text, title),
            Field("workaround", "Workaround", Input::Area, workaround),
            Field("fix", "Planned or delivered fix", Input::Text, fix),
            Field("status", "Status", status_input(), status),
        ],
        None,
        if is_new {
            "Record the known error"
        } else {
            "Save the known error"
        },
        ctx.id(),
        submit,
    )
}

fn kind_label(kind: KnowledgeKind) -> &'static str {
    match kind {
        KnowledgeKind::Transfer => "knowledge transfer",
        KnowledgeKind::Training => "training",
    }
}

/// Knowledge transfer and training items, planned and delivered.
#[component]
fn Knowledge() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let add = Act::new();
    let topic = RwSignal::new(String::new());
    let audience = RwSignal::new(String::new());
    let training = RwSignal::new(String::new());
    let open = move || !ctx.read_only() && ctx.with(|r| !r.status.is_final()).unwrap_or(false);
    let may_manage =
        move || open() && can(me, ReleaseChange::CompleteKnowledgeItem(ItemId::default()));
    let items = move || ctx.with(|r| r.knowledge.clone()).unwrap_or_default();
    let complete = move |id: ItemId| {
        act.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::CompleteKnowledgeItem(id),
            },
            |_| {},
        )
    };
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
        add.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::AddKnowledgeItem(item),
            },
            move |_| {
                topic.set(String::new());
                audience.set(String::new());
            },
        );
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
