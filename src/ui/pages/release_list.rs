//! The release list: search, filter, sort; the filter lives in the address, so a link
//! reproduces the view and opening it restores the controls.

use crate::domain::order;
use leptos::prelude::*;

use crate::domain::{Category, Status};
use crate::storage::{timing, transfer};
use crate::ui::components::list::choice::Choice;
use crate::ui::components::list::csv::to_csv;
use crate::ui::components::list::index::{build, thousands, Filter, Row, FILTER_KEYS};
use crate::ui::components::list::table::ReleaseTable;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::When;
use crate::ui::published::published;
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// The release list: search, filter, sort; the filter lives in the address.
#[component]
pub fn ReleaseListPage() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let rows = Memo::new(move |_| {
        let started = timing::now();
        let rows = desk.engine.with(|e| build(e.book(), e.log()));
        timing::measure("release-desk:list:index", started);
        rows
    });
    let filter = Memo::new(move |_| state.route.with(Filter::from_route));
    let shown = Memo::new(move |_| {
        let started = timing::now();
        let kept = filter.with(|f| rows.with(|r| f.select(r)));
        // From the address change to the filtered, sorted list (the list benchmark).
        timing::measure("release-desk:list:filter", started);
        kept
    });
    let empty_book = move || desk.status.get() == DeskStatus::Ready && rows.with(Vec::is_empty);
    let download = move |_| {
        let text = rows.with_untracked(|r| shown.with_untracked(|s| to_csv(r, s)));
        // The byte order mark tells spreadsheets the file is UTF-8.
        let _ = transfer::download(
            "releases.csv",
            "text/csv;charset=utf-8",
            &format!("\u{feff}{text}"),
        );
    };
    let clear = move |_| {
        let mut route = state.route.get_untracked();
        for key in FILTER_KEYS {
            route = route.with_param(key, "");
        }
        state.replace(route);
    };
    let count = move || {
        format!(
            "{} of {} releases",
            thousands(shown.with(Vec::len)),
            thousands(rows.with(Vec::len))
        )
    };
    view! {
        <section class="page list">
            <div class="list__head">
                <h1 class="page__title">"Releases"</h1>
                {(!published()).then(|| view! {
                    <a class="button" href=Route::to(Page::Releases).with_segment("new").href()>"New release"</a>
                })}
            </div>
            <When cond=empty_book fallback=move || view! {
                <Filters rows />
                <div class="list__bar">
                    <p class="list__count" id="list-count" role="status">{count}</p>
                    <button class="button button--secondary" type="button" on:click=download
                        disabled=move || shown.with(Vec::is_empty)>"Download as CSV"</button>
                </div>
                <When cond=move || rows.with(|r| !r.is_empty()) && shown.with(Vec::is_empty)>
                    <div class="list__empty">
                        <p>"No release matches these filters."</p>
                        <button class="button" type="button" on:click=clear>"Clear filters"</button>
                    </div>
                </When>
                <ReleaseTable rows shown filter />
            }>
                <div class="list__empty">
                    <p>"No releases yet. A release starts as a draft: choose its service and category, and the release policy gives its number."</p>
                    <a class="button" href=Route::to(Page::Releases).with_segment("new").href()>"Create the first release"</a>
                </div>
            </When>
        </section>
    }
}

/// The search box and the filters; each writes its value into the address as it changes.
#[component]
fn Filters(
    /// The index, for the owner teams to choose from.
    rows: Memo<Vec<Row>>,
) -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let param = move |key: &'static str| {
        // A memo: typing in the search box does not re-check the other filters' options.
        Signal::<String>::from(Memo::new(move |_| {
            state
                .route
                .with(|r| r.param(key).unwrap_or_default().to_owned())
        }))
    };
    let put = move |key: &'static str| {
        Callback::new(move |value: String| {
            state.replace(state.route.get_untracked().with_param(key, value.trim()));
        })
    };
    let any = |text: &str| (String::new(), text.to_owned());
    let services = Signal::derive(move || {
        desk.engine.with(|e| {
            let mut out = vec![any("All services")];
            out.extend(
                e.book()
                    .services
                    .values()
                    .map(|s| (s.id.to_string(), s.name.clone())),
            );
            out
        })
    });
    let statuses = Signal::derive(move || {
        let mut out = vec![any("Any status")];
        out.extend(Status::ALL.map(|s| (s.label().to_owned(), s.label().to_owned())));
        out
    });
    let categories = Signal::derive(move || {
        let mut out = vec![any("Any category")];
        out.extend(Category::ALL.map(|c| (c.label().to_owned(), c.label().to_owned())));
        out
    });
    let owners = Signal::derive(move || {
        rows.with(|r| {
            let mut teams: Vec<&str> = r.iter().map(|row| row.owner.as_str()).collect();
            order::sort(&mut teams);
            teams.dedup();
            let mut out = vec![any("Any team")];
            out.extend(
                teams
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .map(|t| (t.to_owned(), t.to_owned())),
            );
            out
        })
    });
    let dates = Signal::derive(move || {
        vec![
            any("creation"),
            ("window".into(), "next deployment window".into()),
        ]
    });
    let date = move |key: &'static str, id: &'static str, label: &'static str| {
        let value = param(key);
        let put = put(key);
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <input class="field__input" id=id type="date"
                    prop:value=value on:change=move |ev| put.run(event_target_value(&ev)) />
            </div>
        }
    };
    let search = put("q");
    view! {
        <form class="list__filters" role="search" aria-label="Filter releases"
            on:submit=|ev| ev.prevent_default()>
            <div class="field list__search">
                <label class="field__label" for="list-q">"Search by name, version, RFC or id"</label>
                <input class="field__input" id="list-q" type="search" autocomplete="off"
                    prop:value=param("q") on:input=move |ev| search.run(event_target_value(&ev)) />
            </div>
            <Choice id="list-service" label="Service" options=services value=param("service") on_change=put("service") />
            <Choice id="list-phase" label="Phase or status" options=statuses value=param("phase") on_change=put("phase") />
            <Choice id="list-category" label="Category" options=categories value=param("category") on_change=put("category") />
            <Choice id="list-owner" label="Owner team" options=owners value=param("owner") on_change=put("owner") />
            <Choice id="list-dates" label="Dates of" options=dates value=param("dates") on_change=put("dates") />
            {date("from", "list-from", "From")}
            {date("to", "list-to", "To")}
        </form>
    }
}
