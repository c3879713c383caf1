//! The search page, `#/search?q=…`: every release, risk, deviation or issue, known error,
//! comment, service, environment, configuration item and person whose words match,
//! best first (the domain's `search`). Typing here searches again after a short pause,
//! not on every key.

use leptos::prelude::*;

use crate::domain::search::{search, Found, Kind, Target};
use crate::ui::components::release::comments::thread_href;
use crate::ui::desk::Desk;
use crate::ui::route::{release_href, section_href, Page, Route};
use crate::ui::state::AppState;

/// The most results a search shows.
const SHOWN: usize = 50;
/// How long typing must pause before the search runs, in milliseconds.
const PAUSE_MS: u64 = 250;

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let query = Memo::new(move |_| {
        state
            .route
            .with(|r| r.param("q").unwrap_or_default().to_owned())
    });
    let typed = StoredValue::new(0u32);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        set_timeout(
            move || {
                // Gone from the search page since (the value disposed): nothing to do.
                if typed.try_get_value() == Some(mine) {
                    state.replace(Route::to(Page::Search).with_param("q", text.trim()));
                }
            },
            std::time::Duration::from_millis(PAUSE_MS),
        );
    };
    // The results and the sentence that counts them, found again when the query or the
    // book changes.
    let found = move || {
        let q = query.get();
        let results = desk.engine.with(|e| search(e.book(), &q, SHOWN));
        let status = status(&q, results.total);
        view! {
            <p class="search__status" role="status">{status}</p>
            <ol class="search__results" aria-label="Results">
                {results.found.iter().map(result).collect_view()}
            </ol>
        }
    };
    view! {
        <section class="page search">
            <h1 class="page__title">"Search"</h1>
            <form class="search__form" role="search" aria-label="Search the book" on:submit=|ev| ev.prevent_default()>
                <label class="field__label" for="search-q">"Search releases, risks, issues, people and comments"</label>
                <input class="field__input" id="search-q" type="search" autocomplete="off"
                    prop:value=move || query.get() on:input=on_input />
            </form>
            {found}
        </section>
    }
}

/// The sentence saying what the search found.
fn status(q: &str, total: usize) -> String {
    if q.trim().is_empty() {
        return "Type a word: a release's name or number, a risk, a person, a comment…".to_owned();
    }
    let shown = if total > SHOWN {
        format!(", the best {SHOWN} shown")
    } else {
        String::new()
    };
    match total {
        0 => format!("Nothing found for “{q}”."),
        1 => format!("1 result for “{q}”."),
        n => format!("{n} results for “{q}”{shown}."),
    }
}

/// One result: a link named by its title, what it is, its release and the words that
/// matched.
fn result(found: &Found) -> impl IntoView {
    let release = found
        .release
        .as_ref()
        .map(|r| format!(" — {}", r))
        .unwrap_or_default();
    view! {
        <li class="search__result">
            <a class="search__link" href=href(&found.target)>{found.title.clone()}</a>
            <span class="search__kind">{format!(" {}{release}", found.kind.label())}</span>
            {found.snippet.clone().map(|s| view! { <p class="search__snippet">{s}</p> })}
        </li>
    }
}

/// Where a result leads.
fn href(target: &Target) -> String {
    match target {
        Target::Release(id, None) => release_href(id.as_str()),
        Target::Release(id, Some(section)) => section_href(id.as_str(), *section),
        Target::Thread(id, section) => thread_href(id, *section),
        Target::Entry(kind, id) => {
            let tab = match kind {
                Kind::Environment => "environments",
                Kind::Ci => "items",
                Kind::Person => "people",
                Kind::Service
                | Kind::Release
                | Kind::Risk
                | Kind::Issue
                | Kind::KnownError
                | Kind::Comment => "services",
            };
            Route::to(Page::Catalogue)
                .with_segment(tab)
                .with_param("entry", id)
                .href()
        }
    }
}
