//! The home page: a welcome with the demo book on first start, then what needs attention:
//! releases by status, approvals waiting, the next windows, risks, early life support,
//! conflicts and what is deployed where.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::query;
use crate::ui::act::me;
use crate::ui::components::dashboard::approvals::WaitingForMe;
use crate::ui::components::dashboard::conflicts::OpenConflicts;
use crate::ui::components::dashboard::matrix::DeployedWhere;
use crate::ui::components::dashboard::risks::OpenRisks;
use crate::ui::components::dashboard::status::StatusCounts;
use crate::ui::components::dashboard::support::EarlyLifeSupport;
use crate::ui::components::dashboard::windows::NextWindows;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::When;
use crate::ui::published::published;
use crate::ui::route::Page;
use crate::ui::state::AppState;

/// The dashboard: the first page a release manager sees.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let me = me();
    // The person and what waits for them; a reader of a published book, the book.
    let greeting = move || {
        let waiting = me.with(|p| {
            p.as_ref().map(|p| {
                desk.engine
                    .with(|e| query::pending_approvals(e.book(), Some(p)).len())
            })
        });
        let (all, under_way) = desk.engine.with(|e| {
            let releases = &e.book().releases;
            let moving = releases.values().filter(|r| r.status.phase().is_some());
            (releases.len(), moving.count())
        });
        if all == 0 {
            // An empty book: nothing to say of it yet.
            return state.display_name.get().map_or_else(
                || "Welcome to Release Desk.".to_owned(),
                |name| format!("Welcome, {name}."),
            );
        }
        let book = format!(
            "{all} {} in this book, {under_way} under way.",
            if all == 1 { "release" } else { "releases" }
        );
        if published() {
            return format!("A published release book, to read: {book}");
        }
        let Some(name) = state.display_name.get() else {
            return format!("Welcome to your release book: {book}");
        };
        let waits = match waiting {
            None => String::new(),
            Some(0) => "Nothing waits for your decision; ".to_owned(),
            Some(1) => "1 approval waits for your decision; ".to_owned(),
            Some(n) => format!("{n} approvals wait for your decision; "),
        };
        format!("Welcome, {name}. {waits}{book}")
    };
    let empty = move || {
        desk.status.get() == DeskStatus::Ready && desk.engine.with(|e| e.book().applied == 0)
    };
    view! {
        <section class="page dashboard">
            <h1 class="page__title">"Dashboard"</h1>
            <p class="dashboard__greeting">{greeting}</p>
            // While the book opens, say so rather than show a book of zeros.
            <When
                cond=move || desk.status.get() != DeskStatus::Opening
                fallback=|| view! { <p class="dashboard__opening" role="status">"Opening the book…"</p> }
            >
                <When cond=empty fallback=move || view! { <BookSummary /> }>
                    <FirstStart />
                </When>
            </When>
            <When cond=move || state.display_name.get().is_none() && !published()>
                <p class="dashboard__hint">
                    "Start by "
                    <a href=Page::Settings.href()>"setting your name"</a>
                    ": it is recorded as the actor of every change you make."
                </p>
            </When>
        </section>
    }
}

/// The offer on first start: the demo book, or an empty one.
#[component]
fn FirstStart() -> impl IntoView {
    let desk = Desk::expect();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move |_| {
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = desk.load_demo().await {
                error.set(Some(e.to_string()));
            }
            busy.set(false);
        });
    };
    view! {
        <div class="panel first-start">
            <h2 class="panel__title">"Your release book is empty"</h2>
            <p>
                "Try Release Desk with the demo book of a retail company — a dozen releases in every phase — "
                "or start your own by adding people, services and environments."
            </p>
            <button class="button" type="button" on:click=load prop:disabled=move || busy.get()>
                {move || if busy.get() { "Loading the demo book…" } else { "Load the demo book" }}
            </button>
            " "
            <a class="button button--secondary" href=Page::Settings.href()>"Start with an empty book"</a>
            <p class="panel__log--error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// What the book holds: every panel of the dashboard.
#[component]
pub fn BookSummary() -> impl IntoView {
    view! {
        <div class="dashboard__grid">
            <StatusCounts />
            <WaitingForMe />
            <crate::ui::components::dashboard::mentions::MentionsForMe />
            <NextWindows />
            <OpenRisks />
            <EarlyLifeSupport />
            <OpenConflicts />
            <DeployedWhere />
            <crate::ui::components::dashboard::dora::DeliveryPerformance />
        </div>
    }
}
