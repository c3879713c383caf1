//! The approvals inbox: everything waiting for my decision, with approve and reject; the
//! rounds waiting for other approvers; and, for change management, the approved gates
//! waiting for their authorization. After a decision it says what the decision unlocked.
//! Each request shows what the approver decides on (risks, tests, deviations, changes) and
//! its age; one older than a week (`waiting::OLD_AFTER_DAYS`) says "Overdue" in words as
//! well as in colour. Others' requests offer a reminder drafted as an e-mail.

use leptos::prelude::*;

use crate::ui::kit::dy;

use crate::domain::schedule::minute;
use crate::domain::waiting;
use crate::domain::{
    gate_name, gate_phrase, may_decide, query, Approver, Book, Change, Gate, Person, ReleaseChange,
    ReleaseId, Role, RoundOutcome, Section,
};
use crate::ui::act::{me, Act};
use crate::ui::components::waiting::remind_href;
use crate::ui::desk::Desk;
use crate::ui::kit::{Field, FieldSpec};
use crate::ui::published::{published, READ_ONLY};
use crate::ui::route::{release_href, section_href, Page};
use chrono::{DateTime, Utc};

/// One approval round as the inbox shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    release: ReleaseId,
    title: String,
    gate: Gate,
    gate_name: String,
    requested: String,
    /// "Step 2 of 2"; whose decision is awaited.
    step: String,
    awaiting: String,
    /// Earlier decisions in the chain, in words.
    decided: Vec<String>,
    /// "waiting 3 days", and whether that is old (`waiting::OLD_AFTER_DAYS`).
    age: String,
    old: bool,
    /// What the approver decides on: (heading, words).
    summary: Vec<(&'static str, String)>,
    /// The `mailto:` draft of a reminder to the awaited approver.
    remind: String,
}

/// The approvals inbox.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let desk = Desk::expect();
    let me = me();
    // What the last decision unlocked; kept here because the decided item leaves the list.
    let outcome = RwSignal::new(None::<String>);
    let lists = Memo::new(move |_| {
        let person = me.get();
        let now = chrono::Utc::now();
        desk.engine.with(|e| inbox(e.book(), person.as_ref(), now))
    });
    let is_cab = move || me.with(|p| p.as_ref().is_some_and(|p| p.has(Role::ChangeManager)));
    let who = move || match me.get() {
        Some(p) => format!(
            "Showing the approvals of {} ({}).",
            p.name,
            p.roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None if published() => READ_ONLY.to_owned(),
        None => "Choose who you are in Settings to decide approvals.".to_owned(),
    };
    view! {
        <section class="page approvals">
            <h1 class="page__title">"Approvals"</h1>
            <p class="approvals__who">{who} {(!published()).then(|| view! { " " <a href=Page::Settings.href()>"Change who you are"</a> })}</p>
            <p class="panel__help">{format!("A request waiting more than {} days is marked overdue.", waiting::OLD_AFTER_DAYS)}</p>
            <p class="approvals__outcome" role="status">{dy(move || (outcome.get()).into_any())}</p>
            {(!published()).then(|| view! { <crate::ui::components::waiting::WaitingList /> })}
            // One rebuild per change of the book or of the person: the lists hold no state
            // of their own but the comments being typed, which the book does not change.
            {dy(move || ({
                let (mine, others, authorize) = lists.get();
                let none = |empty: bool, text: &'static str| {
                    empty.then(|| view! { <p class="panel__help">{text}</p> }.into_any())
                };
                view! {
                    <section class="panel approvals__panel" aria-labelledby="approvals-mine">
                        <h2 class="panel__title" id="approvals-mine">"Waiting for my decision"</h2>
                        {none(mine.is_empty(), "Nothing is waiting for your decision.")}
                        <ul class="approvals__list" aria-label="Waiting for my decision">
                            {mine.into_iter().map(|item| (view! {
                                <DecisionCard item=item outcome=outcome />
                            }).into_any()).collect_view()}
                        </ul>
                    </section>
                    <section class="panel approvals__panel" aria-labelledby="approvals-others">
                        <h2 class="panel__title" id="approvals-others">"Waiting for others"</h2>
                        {none(others.is_empty(), "No other approval is waiting.")}
                        <ul class="approvals__list" aria-label="Waiting for others">
                            {others.into_iter().map(|item| {
                                let (remind, label) = (item.remind.clone(), format!("Remind by e-mail: {} for {}", gate_phrase_of(&item.gate_name), item.title));
                                (view! {
                                <li class="approvals__item">
                                    <Summary item=item />
                                    <a class="button button--secondary approvals__remind" href=remind aria-label=label>"Remind by e-mail"</a>
                                </li>
                            }).into_any()}).collect_view()}
                        </ul>
                    </section>
                    {is_cab().then(|| view! {
                        <section class="panel approvals__panel" aria-labelledby="approvals-cab">
                            <h2 class="panel__title" id="approvals-cab">"Waiting for change management's authorization"</h2>
                            {none(authorize.is_empty(), "No approved gate is waiting for authorization.")}
                            <ul class="approvals__list" aria-label="Waiting for authorization">
                                {authorize.into_iter().map(|(id, title, gate)| (view! {
                                    <li class="approvals__item">
                                        <a href=release_href(&id.0)>{title.clone()}</a>
                                        {format!(": {gate}, approved by its chain. ")}
                                        <a href=section_href(&id.0, Section::Authorization)>
                                            {format!("Authorize {gate} for {title}")}
                                        </a>
                                    </li>
                                }).into_any()).collect_view()}
                            </ul>
                        </section>
                    }.into_any())}
                }
            }).into_any())}
        </section>
    }
}

/// The release, gate, requester and chain position of one round.
#[component]
fn Summary(item: Item) -> impl IntoView {
    view! {
        <h3 class="approvals__title">
            <a href=release_href(&item.release.0)>{item.title.clone()}</a>
            {format!(" — {}", item.gate_name)}
        </h3>
        <p class="approvals__age" class:approvals__age--old=item.old>
            {if item.old { format!("Overdue: {}, more than a week", item.age) } else { capitalised(&item.age) }}
        </p>
        <dl class="approvals__summary">
            {item.summary.iter().map(|(heading, words)| (view! {
                <div><dt>{*heading}</dt><dd>{words.clone()}</dd></div>
            }).into_any()).collect_view()}
        </dl>
        <p class="approvals__meta">{item.requested.clone()}</p>
        <p class="approvals__meta">{format!("{}, waiting for {}.", item.step, item.awaiting)}</p>
        {(!item.decided.is_empty()).then(|| view! {
            <ul class="approvals__decided">
                {item.decided.iter().map(|d| (view! { <li>{d.clone()}</li> }).into_any()).collect_view()}
            </ul>
        }.into_any())}
    }
}

/// One approval waiting for my decision: approve or reject, with a comment.
#[component]
fn DecisionCard(item: Item, outcome: RwSignal<Option<String>>) -> impl IntoView {
    let desk = Desk::expect();
    let act = Act::new();
    let comment = RwSignal::new(String::new());
    let key = format!("{}-{}", item.release.0, waiting::gate_key(&item.gate));
    let (release, gate) = (item.release.clone(), item.gate.clone());
    let label = format!("{} for {}", gate_phrase_of(&item.gate_name), item.title);
    let decide = move |approve: bool| {
        let change = Change::Release {
            id: release.clone(),
            change: ReleaseChange::DecideApproval {
                gate: gate.clone(),
                approve,
                comment: comment.get_untracked().trim().to_owned(),
            },
        };
        let (release, gate) = (release.clone(), gate.clone());
        outcome.set(None);
        act.run(change, move |_| {
            let words = desk
                .engine
                .with_untracked(|e| unlocked(e.book(), &release, &gate, approve));
            outcome.set(Some(words));
        });
    };
    let decide2 = decide.clone();
    view! {
        <li class="approvals__item">
            <Summary item=item.clone() />
            <Field act form=format!("comment-{key}")
                spec=FieldSpec::area("comment", format!("Comment on {label}"), comment) />
            <div class="approvals__actions">
                <button class="button" type="button" disabled=move || act.busy.get()
                    on:click=move |_| decide(true)>{format!("Approve {label}")}</button>
                <button class="button button--secondary" type="button" disabled=move || act.busy.get()
                    on:click=move |_| decide2(false)>{format!("Reject {label}")}</button>
            </div>
            <div class="act__status" aria-live="polite">
                {dy(move || (act.busy.get().then(|| view! { <p class="act__busy">"Recording your decision…"</p> }.into_any())).into_any())}
                {dy(move || (act.error.get().filter(|e| e.field().is_none()).map(|e| view! {
                    <p class="act__error" role="alert">{e.to_string()}</p>
                })).into_any())}
            </div>
        </li>
    }
}

/// Mine, others', and approved gates waiting for authorization (release, title, gate).
type Inbox = (Vec<Item>, Vec<Item>, Vec<(ReleaseId, String, String)>);

fn inbox(book: &Book, me: Option<&Person>, now: DateTime<Utc>) -> Inbox {
    let mut mine = Vec::new();
    let mut others = Vec::new();
    for pending in query::pending_approvals(book, None) {
        let release = pending.release;
        let Some(round) = release.round(&pending.gate) else {
            continue;
        };
        let decided = round
            .decisions
            .iter()
            .map(|d| {
                let verdict = if d.approve { "Approved" } else { "Rejected" };
                let mut line = format!(
                    "{verdict} by {} on {} UTC",
                    book.person_name(&d.stamp.by),
                    minute(d.stamp.at)
                );
                if !d.comment.is_empty() {
                    line.push_str(&format!(": “{}”", d.comment));
                }
                line
            })
            .collect();
        let since = waiting::round_since(round);
        let age = waiting::age_words(since, now);
        let remind = remind_href(
            book,
            &pending.approver,
            release,
            &format!("approve {}", gate_phrase(book, &pending.gate)),
            since,
        );
        let item = Item {
            old: waiting::is_old(since, now),
            age,
            summary: waiting::decision_summary(book, release),
            remind,
            release: release.id.clone(),
            title: release.title(),
            gate: pending.gate.clone(),
            gate_name: gate_name(book, &pending.gate),
            requested: format!(
                "Requested by {} on {} UTC.",
                book.person_name(&round.requested.by),
                minute(round.requested.at)
            ),
            step: format!(
                "Step {} of {} in the chain",
                pending.step.0 + 1,
                pending.step.1
            ),
            awaiting: approver_words(book, &pending.approver),
            decided,
        };
        if me.is_some_and(|p| may_decide(p, &pending.approver)) {
            mine.push(item);
        } else {
            others.push(item);
        }
    }
    let mut authorize = Vec::new();
    for release in book.releases.values().filter(|r| !r.status.is_final()) {
        for round in release.rounds.iter().filter(|r| {
            r.cycle == release.cycle
                && r.outcome == RoundOutcome::Approved
                && !release.is_authorized(&r.gate)
        }) {
            authorize.push((
                release.id.clone(),
                release.title(),
                gate_phrase(book, &round.gate),
            ));
        }
    }
    (mine, others, authorize)
}

/// What a decision unlocked, read from the round after the event.
fn unlocked(book: &Book, release: &ReleaseId, gate: &Gate, approved: bool) -> String {
    let Some(release) = book.releases.get(release) else {
        return "Your decision is recorded.".into();
    };
    let title = release.title();
    let phrase = gate_phrase(book, gate);
    match release.round(gate) {
        Some(round) if round.outcome == RoundOutcome::Approved => format!(
            "Approved. The chain is complete; change management can now authorize {phrase} for {title}."
        ),
        Some(round) if round.outcome == RoundOutcome::Pending => match round.next() {
            Some(next) => format!(
                "Approved. Next in the chain for {phrase} of {title}: {}.",
                approver_words(book, next)
            ),
            None => "Approved.".into(),
        },
        _ if !approved => format!(
            "Rejected. {title} goes back to its release manager to revise; {phrase} needs a new request for approval."
        ),
        _ => "Your decision is recorded.".into(),
    }
}

/// "approver (Ana Alves)": the role and who holds it, or a named person.
fn approver_words(book: &Book, approver: &Approver) -> String {
    match approver {
        Approver::Role(role) => {
            let names: Vec<&str> = book
                .people
                .values()
                .filter(|p| p.has(*role))
                .map(|p| p.name.as_str())
                .collect();
            if names.is_empty() {
                format!("{} (nobody holds this role yet)", role.label())
            } else {
                format!("{} ({})", role.label(), names.join(", "))
            }
        }
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}

/// A gate's name lowered for a sentence: "deployment to Production".
fn gate_phrase_of(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_ascii_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

/// "waiting 3 days" as a sentence's start: "Waiting 3 days".
fn capitalised(text: &str) -> String {
    // ASCII only: Unicode's case tables would cost the bundle kilobytes for one letter.
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}
