//! The reports page's picker: which release, which report. The choice lives in the address
//! (`#/reports/<kind>/<release>`), so a link or a bookmark opens the same report.

use crate::domain::order;
use leptos::prelude::*;
use std::cell::Cell;

use crate::domain::report::Kind;
use crate::ui::desk::Desk;
use crate::ui::kit::effect;
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

thread_local! {
    /// The report select had the focus when it changed the kind, which rebuilds the page.
    static REFOCUS_KIND: Cell<bool> = const { Cell::new(false) };
}

/// Two selects, release and report, that move the address.
#[component]
pub fn ReportPicker() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    // Choosing another kind of report rebuilds the page (the kind is the address's first
    // segment); a keyboard user keeps their place on the select they were using.
    let kind_select = NodeRef::<leptos::html::Select>::new();
    effect(move |_| {
        if let Some(select) = kind_select.get() {
            if REFOCUS_KIND.with(|r| r.replace(false)) {
                let _ = select.focus();
            }
        }
    });
    let kind = move || state.route.with(|r| r.segment(0).and_then(Kind::from_slug));
    let release = move || state.route.with(|r| r.segment(1).map(str::to_owned));
    let go = move |kind: Option<Kind>, release: Option<String>| {
        let mut route = Route::to(Page::Reports).with_segment(kind.unwrap_or(Kind::Notes).slug());
        if let Some(id) = release.filter(|id| !id.is_empty()) {
            route = route.with_segment(id);
        }
        state.go(&route);
    };
    let releases = move || {
        let chosen = release().unwrap_or_default();
        let mut all: Vec<(String, String)> = desk.engine.with(|e| {
            e.book()
                .releases
                .values()
                .map(|r| {
                    (
                        r.id.0.clone(),
                        format!("{} ({})", r.title(), r.status.label()),
                    )
                })
                .collect()
        });
        order::sort_by(&mut all, |a, b| a.1.cmp(&b.1));
        all.into_iter()
            .map(|(id, title)| {
                let selected = id == chosen;
                view! { <option value=id selected=selected>{title}</option> }
            })
            .collect_view()
    };
    let kinds = move || {
        let chosen = kind();
        Kind::ALL
            .into_iter()
            .map(|k| view! { <option value=k.slug() selected=chosen == Some(k)>{k.label()}</option> })
            .collect_view()
    };
    view! {
        <section class="panel report-picker" aria-labelledby="report-picker-title">
            <h2 class="panel__title" id="report-picker-title">"Choose a report"</h2>
            <p class="panel__help">
                "Release notes tell users and the service desk what changed; the post-implementation "
                "review records how the release did; the dossier holds everything, ready to print."
            </p>
            <div class="report-picker__fields">
                <div class="field">
                    <label class="field__label" for="report-release">"Release"</label>
                    <select
                        class="field__input"
                        id="report-release"
                        on:change=move |ev| go(kind(), Some(event_target_value(&ev)))
                    >
                        <option value="" selected=move || release().is_none()>"Choose a release"</option>
                        {releases}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="report-kind">"Report"</label>
                    <select
                        class="field__input"
                        id="report-kind"
                        node_ref=kind_select
                        on:change=move |ev| {
                            REFOCUS_KIND.with(|r| r.set(true));
                            go(Kind::from_slug(&event_target_value(&ev)), release());
                        }
                    >
                        {kinds}
                    </select>
                </div>
            </div>
        </section>
    }
}
