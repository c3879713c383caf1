//! The home page: a welcome with the demo book on first start, then what needs attention:
//! releases by status, approvals waiting, the next windows, risks, early life support,
//! conflicts and what is deployed where.

use leptos::prelude::*;
use leptos::task::spawn_local;

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
    let greeting = move || match state.display_name.get() {
        Some(name) => format!("Welcome, {name}."),
        None => "Welcome.".to_owned(),
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
        </div>
    }
}
