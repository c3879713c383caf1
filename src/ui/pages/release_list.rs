//! The release list: search, filter, sort; the filter lives in the address, so a link
//! reproduces the view and opening it restores the controls.

use leptos::prelude::*;

use crate::domain::{Category, Status};
use crate::storage::{timing, transfer};
use crate::ui::components::list::csv::to_csv;
use crate::ui::components::list::index::{build, thousands, Filter, FILTER_KEYS};
use crate::ui::components::list::table::ReleaseTable;
use crate::ui::desk::{Desk, DeskStatus};
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
                <a class="button" href=Route::to(Page::Releases).with_segment("new").href()>"New release"</a>
            </div>
            <Show when=empty_book fallback=move || view! {
                <Filters rows />
                <div class="list__bar">
                    <p class="list__count" id="list-count" role="status">{count}</p>
                    <button class="button button--secondary" type="button" on:click=download
                        disabled=move || shown.with(Vec::is_empty)>"Download as CSV"</button>
                </div>
                <Show when=move || rows.with(|r| !r.is_empty()) && shown.with(Vec::is_empty)>
                    <div class="list__empty">
                        <p>"No release matches these filters."</p>
                        <button class="button" type="button" on:click=clear>"Clear filters"</button>
                    </div>
                </Show>
                <ReleaseTable rows shown filter />
            }>
                <div class="list__empty">
                    <p>"No releases yet. A release starts as a draft: choose its service and category, and the release policy gives its number."</p>
                    <a class="button" href=Route::to(Page::Releases).with_segment("new").href()>"Create the first release"</a>
                </div>
            </Show>
        </section>
    }
}

/// The search box and the filters; each writes its value into the address as it changes.
#[component]
fn Filters(
    /// The index, for the owner teams to choose from.
    rows: Memo<Vec<crate::ui::components::list::index::Row>>,
) -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    let param = move |key: &'static str| {
        move || {
            state
                .route
                .with(|r| r.param(key).unwrap_or_default().to_owned())
        }
    };
    let put = move |key: &'static str, value: String| {
        state.replace(state.route.get_untracked().with_param(key, value.trim()));
    };
    let services = move || {
        desk.engine.with(|e| {
            e.book()
                .services
                .values()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let owners = move || {
        rows.with(|r| {
            let mut teams: Vec<String> = r.iter().map(|row| row.owner.clone()).collect();
            teams.sort_unstable();
            teams.dedup();
            teams.retain(|t| !t.is_empty());
            teams
        })
    };
    let choice = move |key: &'static str, value: String, label: String| {
        let chosen = param(key);
        let v = value.clone();
        view! { <option value=value prop:selected=move || chosen() == v>{label}</option> }
    };
    view! {
        <form class="list__filters" role="search" aria-label="Filter releases"
            on:submit=|ev| ev.prevent_default()>
            <div class="field list__search">
                <label class="field__label" for="list-q">"Search by name, version, RFC or id"</label>
                <input class="field__input" id="list-q" type="search" autocomplete="off"
                    prop:value=param("q") on:input=move |ev| put("q", event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field__label" for="list-service">"Service"</label>
                <select class="field__input" id="list-service" on:change=move |ev| put("service", event_target_value(&ev))>
                    {choice("service", String::new(), "All services".into())}
                    {move || services().into_iter().map(|(id, name)| choice("service", id, name)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="list-phase">"Phase or status"</label>
                <select class="field__input" id="list-phase" on:change=move |ev| put("phase", event_target_value(&ev))>
                    {choice("phase", String::new(), "Any status".into())}
                    {Status::ALL.into_iter().map(|s| choice("phase", s.label().into(), s.label().into())).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="list-category">"Category"</label>
                <select class="field__input" id="list-category" on:change=move |ev| put("category", event_target_value(&ev))>
                    {choice("category", String::new(), "Any category".into())}
                    {Category::ALL.into_iter().map(|c| choice("category", c.label().into(), c.label().into())).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="list-owner">"Owner team"</label>
                <select class="field__input" id="list-owner" on:change=move |ev| put("owner", event_target_value(&ev))>
                    {choice("owner", String::new(), "Any team".into())}
                    {move || owners().into_iter().map(|t| choice("owner", t.clone(), t)).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="list-dates">"Dates of"</label>
                <select class="field__input" id="list-dates" on:change=move |ev| put("dates", event_target_value(&ev))>
                    {choice("dates", String::new(), "creation".into())}
                    {choice("dates", "window".into(), "next deployment window".into())}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="list-from">"From"</label>
                <input class="field__input" id="list-from" type="date"
                    prop:value=param("from") on:change=move |ev| put("from", event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field__label" for="list-to">"To"</label>
                <input class="field__input" id="list-to" type="date"
                    prop:value=param("to") on:change=move |ev| put("to", event_target_value(&ev)) />
            </div>
        </form>
    }
}
