//! What the sections of the release page share: the change to the release shown, who did
//! something and when, whether the person here may be offered a change ([`offer`], the one
//! place the page asks that), and small view pieces (keyed lists, buttons, plain lines).
//! No section imports another section; they all import this.

use leptos::prelude::*;

use super::ReleaseCtx;
use crate::domain::schedule::minute;
use crate::domain::{Book, Change, EventId, ItemId, Person, ReleaseChange, Stamp};
use crate::ui::act::{may, me, Act};
use crate::ui::desk::Desk;
use crate::ui::kit::{FieldSpec, FormOptions, RecordForm};
use chrono::{DateTime, NaiveDate, Utc};
use std::cell::RefCell;
use std::collections::HashSet;

/// A change to the release shown.
pub fn on(ctx: ReleaseCtx, change: ReleaseChange) -> Change {
    Change::Release {
        id: ctx.id(),
        change,
    }
}

/// Run `change` on the release shown with `act`, doing nothing more once it is saved.
pub fn send(act: Act, ctx: ReleaseCtx, change: ReleaseChange) {
    act.run(on(ctx, change), |_| {});
}

/// The person at this browser, changing only when they do (not on every event, as the
/// book they are read from does), so views that ask [`offer`] are not rebuilt needlessly:
/// the release page's one memo ([`ReleaseCtx::person`]), or a memo of its own elsewhere.
pub fn person_here() -> Signal<Option<Person>> {
    if let Some(ctx) = use_context::<ReleaseCtx>() {
        return ctx.person.into();
    }
    let me = me();
    Memo::new(move |_| me.get()).into()
}

/// Whether the person here may make `change` to the release shown, now: the page is not
/// showing the past, the release's status allows the change, and the person's role does.
/// Every "may I offer this?" on the release page asks this one function.
pub fn offer(ctx: ReleaseCtx, person: Signal<Option<Person>>, change: &ReleaseChange) -> bool {
    open_for(ctx, change) && allowed(person, &on(ctx, change.clone()))
}

/// Whether the release shown is open to `change` now, whoever asks: the page is not
/// showing the past and the release's status allows it (the domain's table).
pub fn open_for(ctx: ReleaseCtx, change: &ReleaseChange) -> bool {
    !ctx.read_only() && ctx.openness.with(|o| o.is_some_and(|o| o.admits(change)))
}

/// Whether the person's role allows `change` (the domain's rule), whatever the status.
pub fn allowed(person: Signal<Option<Person>>, change: &Change) -> bool {
    person.with(|p| may(p.as_ref(), change))
}

/// The `(value, label)` options of a `<select>` over a domain enum's values `all`, worded
/// by `word` (the enum's `label` or `word`): the words are both.
pub fn options<T: Copy>(all: &[T], word: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (word(*v).to_owned(), word(*v).to_owned()))
        .collect()
}

/// The value among `all` whose words are `text`, or the first (a `<select>` offers only
/// these words).
pub fn chosen<T: Copy>(all: &[T], word: fn(T) -> &'static str, text: &str) -> T {
    all.iter()
        .copied()
        .find(|v| word(*v) == text)
        .unwrap_or(all[0])
}

/// "Rita Ramos on 2026-11-27 10:00 UTC".
pub fn stamp_text(book: &Book, stamp: &Stamp) -> String {
    format!(
        "{} on {} UTC",
        book.person_name(&stamp.by),
        minute(stamp.at)
    )
}

/// "Olga Okafor, 2026-11-27 10:02 UTC": who did something, when. Untracked: the views
/// that call it already follow their release, and must not rebuild (losing what a person
/// is typing) on every event elsewhere in the book.
pub fn who(desk: Desk, stamp: &Stamp) -> String {
    desk.engine.with_untracked(|e| {
        format!(
            "{}, {} UTC",
            e.book().person_name(&stamp.by),
            minute(stamp.at)
        )
    })
}

/// Who recorded a register entry and when ("Recorded by Tom Tanaka, 2026-11-27 10:00
/// UTC"): its id is that of the event that recorded it.
pub fn recorded(desk: Desk, id: &ItemId) -> String {
    recorded_stamp(desk, id).map_or_else(String::new, |s| format!("Recorded by {}", who(desk, &s)))
}

/// Who recorded a build, a document, a test run or a criterion, and when: "Recorded by
/// Tom Tanaka on 2026-11-27 10:00 UTC".
pub fn recorded_on(desk: Desk, id: &ItemId) -> String {
    recorded_stamp(desk, id).map_or_else(String::new, |s| {
        desk.engine
            .with_untracked(|e| format!("Recorded by {}", stamp_text(e.book(), &s)))
    })
}

/// The stamp of the event that recorded the record `id`, read from the audit log.
fn recorded_stamp(desk: Desk, id: &ItemId) -> Option<Stamp> {
    desk.engine.with_untracked(|e| {
        let log = e.log();
        let ev = log
            .position(&EventId(id.0.clone()))
            .and_then(|i| log.events().get(i))?;
        Some(Stamp {
            by: ev.by.clone(),
            at: ev.at,
        })
    })
}

/// A list kept by item id: each item's view (and its form's state) lives as long as the
/// item does.
pub fn keyed(
    ids: Box<dyn Fn() -> Vec<ItemId> + Send + Sync>,
    item: fn(ItemId) -> AnyView,
) -> AnyView {
    view! { <For each=move || ids() key=|id: &ItemId| id.clone() children=move |id| item(id) /> }
        .into_any()
}

/// A button that runs `run`, disabled while `act` is busy.
pub fn button(act: Act, label: String, class: &'static str, run: Box<dyn Fn() + Send>) -> AnyView {
    view! {
        <button class=class type="button" prop:disabled=act.busy on:click=move |_| run()>{label}</button>
    }
    .into_any()
}

/// A plain list of lines.
pub fn lines(lines: Vec<String>) -> AnyView {
    view! { <ul class="ops__plain">{lines.into_iter().map(|l| (view! { <li>{l}</li> }).into_any()).collect_view()}</ul> }
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

/// Split a comma- or line-separated list, dropping blanks.
pub fn list(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A `datetime-local` value read as UTC: `2026-12-01T22:00`.
pub fn parse_minute(text: &str) -> Option<DateTime<Utc>> {
    let (day, time) = text.split_once('T')?;
    let mut d = day.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, dd) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, min) = (t.next()??, t.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, dd)?
        .and_hms_opt(h, min, 0)
        .map(|n| n.and_utc())
}

/// A time as a `datetime-local` value.
pub fn input_minute(at: DateTime<Utc>) -> String {
    minute(at).replacen(' ', "T", 1)
}

/// One register entry (a risk, an issue, a known error): its heading with a badge, its
/// facts, who recorded it and when, its actions and its edit form. One view for all of
/// them (the wasm size budget).
pub struct Entry {
    /// The list item's accessible name: "Risk: Payment outage".
    pub label: String,
    /// The heading.
    pub title: String,
    /// The badge's class suffix and words.
    pub badge: (&'static str, String),
    /// The facts, as term and description.
    pub facts: Vec<(&'static str, String)>,
    /// Who recorded it and when.
    pub stamp: String,
    /// Buttons and statuses under the facts.
    pub actions: Vec<AnyView>,
    /// The edit form, folded under its summary, if the person may edit.
    pub edit: Option<(String, AnyView)>,
    /// A sub-entry of a section (`h4`), not of a whole section (`h3`).
    pub sub: bool,
}

impl Entry {
    /// The entry's view.
    pub fn view(self) -> AnyView {
        let class = format!("ops__badge ops__badge--{}", self.badge.0);
        let (title, badge) = (self.title, self.badge.1);
        let heading = if self.sub {
            view! { <h4 class="ops__title">{title}" "<span class=class>{badge}</span></h4> }
                .into_any()
        } else {
            view! { <h3 class="ops__title">{title}" "<span class=class>{badge}</span></h3> }
                .into_any()
        };
        view! {
            <li class="ops__item" aria-label=self.label>
                {heading}
                <dl class="facts">
                    {self.facts.into_iter().map(|(k, v)| (view! { <dt>{k}</dt><dd>{v}</dd> }).into_any()).collect_view()}
                </dl>
                <p class="ops__stamp">{self.stamp}</p>
                {self.actions}
                {self.edit.map(|(summary, form)| view! {
                    <details class="ops__more"><summary>{summary}</summary>{form}</details>
                })}
            </li>
        }
        .into_any()
    }
}

/// Reactive text, one type for all of it (see [`Dyn`](crate::ui::kit::Dyn)).
pub type Text = Box<dyn Fn() -> String + Send>;

/// The domain's error for `field`, under what it concerns, with the element id `id` (for
/// `aria-describedby`): for the errors of a group of inputs, which no one field owns.
pub fn field_error(act: Act, field: &'static str, id: String) -> AnyView {
    view! { <p class="field__error" id=id role="alert">{move || act.field_error(field)}</p> }
        .into_any()
}

/// `text` as a `&'static str`, kept once for the page's life. The UI kit takes a form's key
/// and a field's label as `&'static str`; the release page's keys and labels that name one
/// of the book's items (a wave's form, "What was checked on Wave 1") are made here. Each
/// distinct text is kept once, so what is kept is bounded by the book's items.
pub fn fixed(text: String) -> &'static str {
    thread_local! {
        static KEPT: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
    }
    KEPT.with(|kept| {
        if let Some(known) = kept.borrow().get(text.as_str()) {
            return *known;
        }
        let new: &'static str = Box::leak(text.into_boxed_str());
        kept.borrow_mut().insert(new);
        new
    })
}

/// Send `change` to the release shown with `act`, then empty `clear`: the form is ready for
/// the next record.
pub fn send_clearing(
    act: Act,
    ctx: ReleaseCtx,
    change: ReleaseChange,
    clear: Vec<RwSignal<String>>,
) {
    act.run(on(ctx, change), move |_| {
        for value in clear {
            value.set(String::new());
        }
    });
}

/// The options of a section's form (`key`, its name, its button), in the sections' style
/// and linking what is missing to the release shown.
pub fn section_form(
    act: Act,
    ctx: ReleaseCtx,
    key: &'static str,
    name: &'static str,
    submit: &'static str,
) -> FormOptions {
    FormOptions::new(act, key, name, submit)
        .class("ops__form")
        .release(ctx.id())
}

/// A section's form closed under its name: a button opening it (see `opener`).
pub fn folded_form(
    options: FormOptions,
    title: &'static str,
    fields: Vec<FieldSpec>,
    on_submit: Callback<()>,
) -> AnyView {
    super::opener::opener(Signal::stored(true), title, move || {
        view! { <RecordForm options=options.clone() fields=fields.clone() on_submit /> }.into_any()
    })
}
