//! The release page's audit timeline: every event about the release, when and by whom, a
//! link on each that shows the release as it was just after it (time travel), and the
//! whole log's hash-chain check, run when asked since it hashes every event.

use leptos::prelude::*;

use crate::ui::kit::{dy, When};
use std::time::Duration;

use super::ReleaseCtx;
use crate::domain::report::Kind;
use crate::domain::schedule::minute;
use crate::domain::{history, Change};
use crate::ui::desk::Desk;
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// One line of the timeline as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    /// 1-based position among the release's events.
    number: usize,
    event: String,
    when: String,
    iso: String,
    who: String,
    what: String,
}

/// The audit timeline section of the release page.
#[component]
pub fn TimelineSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let state = AppState::expect();
    let id = ctx.id();
    let lines = {
        let id = id.clone();
        Memo::new(move |_| {
            desk.engine.with(|e| {
                let book = e.book();
                history::timeline(book, e.log(), &id)
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| Line {
                        number: i + 1,
                        event: t.event.0,
                        when: format!("{} UTC", minute(t.at)),
                        // `2026-10-01T09:00Z`, by hand: chrono's formatting costs bytes.
                        iso: format!("{}Z", minute(t.at).replacen(' ', "T", 1)),
                        who: book.person_name(&t.by).to_owned(),
                        what: t.text,
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let newest_first = RwSignal::new(true);
    let ordered = move || {
        let mut all = lines.get();
        if newest_first.get() {
            all.reverse();
        }
        all
    };
    // The position of the event shown (1-based), when the page shows the past.
    let shown = Memo::new(move |_| {
        let at = ctx.as_of.get()?;
        lines.with(|all| all.iter().find(|l| l.event == at.0).map(|l| l.number))
    });
    // Travelling leaves `section` out, so the page does not jump to another section.
    let travel = move |event: &str| {
        state.route.with(|r| {
            r.clone()
                .with_param("section", "")
                .with_param("as_of", event)
                .href()
        })
    };
    let note = move || {
        let status = ctx.with(|r| r.status.phrase()).unwrap_or("not yet created");
        let Some(number) = shown.get() else {
            // An event of the book that is not about this release.
            return format!("Showing the release as it was at an earlier point: it was {status}.");
        };
        let total = lines.with(Vec::len);
        let later = total - number;
        format!(
            "Showing the release as it was after event {number} of {total}: it was {status}. \
             {} came after it.",
            crate::domain::plural::count(later, "change")
        )
    };
    let reports = Route::to(Page::Reports);
    let report_links = Kind::ALL
        .into_iter()
        .map(|kind| {
            let href = reports
                .clone()
                .with_segment(kind.slug())
                .with_segment(id.0.clone())
                .href();
            view! { <li><a href=href>{kind.label()}</a></li> }
        })
        .collect_view();
    view! {
        <section class="release__section timeline" id="section-timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Audit timeline"</h2>
            <p class="panel__help">
                "Every change to this release: what, when and by whom. Show the release as it was "
                "after any event; the log's hash chain shows whether anything was altered since."
            </p>
            <When cond={move || ctx.read_only()}><p class="timeline__note" role="status">
                    {note} " "
                    <a href=move || travel("")>"Back to now"</a>
                </p>
                <ChangedSince /></When>
            <div class="timeline__tools">
                <button
                    class="button button--secondary"
                    type="button"
                    on:click=move |_| newest_first.update(|n| *n = !*n)
                >
                    {dy(move || (if newest_first.get() { "Show oldest first" } else { "Show newest first" }).into_any())}
                </button>
                <ChainCheck />
            </div>
            <ol class="timeline__list" reversed=move || newest_first.get() aria-label="Events of this release">
                <For each=ordered key=|line| line.event.clone() let(line)>
                    {
                        let number = line.number;
                        let current = move || shown.get() == Some(number);
                        let later = move || shown.get().is_some_and(|s| number > s);
                        let event = line.event.clone();
                        // Named after its event: a list of links all called "Show as of
                        // this event" cannot be told apart by a screen reader's links list.
                        // The name starts with the visible words (WCAG 2.5.3).
                        let about = format!(": {} ({}, {})", line.what, line.who, line.when);
                        view! {
                            <li
                                class="timeline__entry"
                                class:timeline__entry--current=current
                                class:timeline__entry--later=later
                            >
                                <span class="timeline__what">{line.what}</span>
                                <span class="timeline__meta">
                                    <time datetime=line.iso>{line.when}</time>
                                    " · "
                                    <span class="timeline__who">{line.who}</span>
                                </span>
                                <a
                                    class="timeline__travel"
                                    href=move || travel(&event)
                                    aria-current=move || current().then_some("true")
                                    aria-label=move || format!("{}{about}", if current() { "Shown as of this event" } else { "Show as of this event" })
                                >
                                    {dy(move || (if current() { "Shown as of this event" } else { "Show as of this event" }).into_any())}
                                </a>
                            </li>
                        }
                    }
                </For>
            </ol>
            <nav class="timeline__reports" aria-label="Reports on this release">
                <h3>"Reports on this release"</h3>
                <ul>{report_links}</ul>
            </nav>
        </section>
    }
}

/// At most this many of the book's later changes are listed.
const SINCE_MAX: usize = 100;

/// What changed in the whole book after the event shown (other releases and the catalogue
/// too), worked out only when the person opens it.
#[component]
fn ChangedSince() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let open = RwSignal::new(false);
    let since = move || {
        if !open.get() {
            return None;
        }
        let at = ctx.as_of.get()?;
        desk.engine.with(|e| {
            let (book, log) = (e.book(), e.log());
            let from = log.position(&at)? + 1;
            let total = log.len() - from;
            let lines: Vec<String> =
                history::changes_between(book, log, from, from + SINCE_MAX, None)
                    .into_iter()
                    .map(|t| {
                        let about = match &log.events()[t.index].what {
                            Change::Release { id, .. } => book
                                .releases
                                .get(id)
                                .map(|r| format!("{}: ", r.title()))
                                .unwrap_or_default(),
                            _ => String::new(),
                        };
                        format!(
                            "{} UTC · {} · {about}{}",
                            minute(t.at),
                            book.person_name(&t.by),
                            t.text
                        )
                    })
                    .collect();
            let shown = if total > lines.len() {
                format!(
                    "{} in the book since then; the first {} are listed.",
                    crate::domain::plural::count(total, "change"),
                    lines.len()
                )
            } else {
                format!("{} in the book since then.", crate::domain::plural::count(total, "change"))
            };
            Some(view! {
                <p>{shown}</p>
                <ul class="timeline__since-list">
                    {lines.into_iter().map(|line| (view! { <li>{line}</li> }).into_any()).collect_view()}
                </ul>
            })
        })
    };
    let toggled = move |ev: leptos::ev::Event| {
        let element = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        open.set(element.is_some_and(|e| e.has_attribute("open")));
    };
    view! {
        <details class="timeline__since" on:toggle=toggled>
            <summary>"What changed in the whole book since this event"</summary>
            {since}
        </details>
    }
}

/// Verifies the whole log's hash chain when asked, and says what it found.
#[component]
fn ChainCheck() -> impl IntoView {
    let desk = Desk::expect();
    let result = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let verify = move |_| {
        busy.set(true);
        let n = desk.engine.with_untracked(|e| e.log().len());
        result.set(Some((true, format!("Verifying {n} events…"))));
        // Let the browser paint the progress before the hashing blocks the page.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let outcome = desk.engine.with_untracked(|e| {
                        let log = e.log();
                        if log.len() as u64 != e.book().applied {
                            return (
                                false,
                                "The log is still being read; verify again in a moment.".into(),
                            );
                        }
                        match log.verify() {
                            Ok(()) => (
                                true,
                                format!(
                                    "Hash chain verified: {} events, every link intact.",
                                    log.len()
                                ),
                            ),
                            Err(broken) => (
                                false,
                                format!(
                                    "Hash chain broken at {broken}. The log was altered there."
                                ),
                            ),
                        }
                    });
                    result.set(Some(outcome));
                    busy.set(false);
                },
                Duration::ZERO,
            );
        });
    };
    view! {
        <button class="button button--secondary" type="button" on:click=verify prop:disabled=move || busy.get()>
            "Verify the hash chain of the whole log"
        </button>
        <p
            class="timeline__chain"
            class:act__error=move || matches!(result.get(), Some((false, _)))
            role="status"
        >
            {dy(move || (result.get().map(|(_, text)| text)).into_any())}
        </p>
    }
}
