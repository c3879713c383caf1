//! Delivery performance: DORA's four metrics over the last twelve weeks, for every service
//! or one, each drawn as a bar chart of its weeks, with its figure over the span, DORA's
//! band, the definition it is computed by, and the weeks as a table (the chart's text
//! alternative). The figures come from the book's events (`domain::dora`).

use chrono::Utc;
use leptos::prelude::*;

use super::Panel;
use crate::domain::dora::{self, Dora, Metric};
use crate::domain::{schedule, ServiceId};
use crate::ui::desk::Desk;
use crate::ui::kit::chart;

/// Weeks the trends cover.
const WEEKS: u32 = 12;

/// The dashboard's panel of the four metrics.
#[component]
pub fn DeliveryPerformance() -> impl IntoView {
    let desk = Desk::expect();
    // "Now" is read once, when the dashboard opens; the domain never reads the clock.
    let now = Utc::now();
    let deployments = Memo::new(move |_| {
        desk.engine
            .with(|e| dora::deployments(e.book(), e.log().events()))
    });
    let service = RwSignal::new(String::new());
    let figures = Memo::new(move |_| {
        let chosen = service.get();
        let chosen = (!chosen.is_empty()).then(|| ServiceId::from(chosen.as_str()));
        deployments.with(|d| dora::metrics(d, chosen.as_ref(), now, WEEKS))
    });
    let services = move || {
        desk.engine.with(|e| {
            e.book()
                .services
                .values()
                .map(|s| {
                    let id = s.id.to_string();
                    view! { <option value=id.clone() selected=move || service.get() == id>{s.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <Panel id="dashboard-dora" title="Delivery performance (DORA)" wide=true>
            <p class="dashboard__muted">
                "The last twelve weeks of production deployments, from this book's own events. "
                "Bands are those of DORA's State of DevOps report 2023."
            </p>
            <label class="dora__service">
                "Service "
                <select on:change=move |ev| service.set(event_target_value(&ev))>
                    <option value="">"All services"</option>
                    {services}
                </select>
            </label>
            <div class="dora">
                {Metric::ALL.into_iter().map(|metric| chart(metric, figures)).collect_view()}
            </div>
        </Panel>
    }
}

/// One metric: heading, figure and band, the bars, the definition, and the weeks' table.
fn chart(metric: Metric, figures: Memo<Dora>) -> impl IntoView {
    let key = match metric {
        Metric::Frequency => "frequency",
        Metric::LeadTime => "lead",
        Metric::FailureRate => "failures",
        Metric::TimeToRestore => "restore",
    };
    let heading = format!("dora-{key}");
    let total = move || {
        figures.with(|d| {
            let value = metric.words(metric.value(&d.total));
            let band = metric
                .band(d)
                .map(|b| format!(" — DORA band: {}", b.label()))
                .unwrap_or_default();
            let span = match metric {
                Metric::Frequency => "in twelve weeks",
                _ => "over twelve weeks",
            };
            format!("{value} {span}{band}")
        })
    };
    let weeks = move || {
        figures.with(|d| {
            d.weeks
                .iter()
                .map(|w| (schedule::date(w.start), metric.value(&w.figures)))
                .collect::<Vec<_>>()
        })
    };
    let drawn = move || {
        let weeks = weeks();
        let shown = weeks.iter().filter(|(_, v)| v.is_some()).count();
        let top = weeks
            .iter()
            .filter_map(|(w, v)| Some((w, (*v)?)))
            .max_by_key(|(_, v)| *v);
        let desc = match top {
            Some((week, value)) => format!(
                "{shown} of the twelve weeks have a value; the highest is {}, in the week of {week}.",
                metric.words(Some(value)),
            ),
            None => "No week of the twelve has a value yet.".to_owned(),
        };
        let rows = weeks
            .into_iter()
            .map(|(w, v)| (format!("Week of {w}"), v, metric.words(v)))
            .collect();
        let title = format!("{}, week by week", metric.label());
        chart::bars(&format!("dora-{key}-chart"), title, desc, rows)
    };
    let rows = move || {
        weeks()
            .into_iter()
            .map(|(week, value)| view! { <tr><th scope="row">{week}</th><td>{metric.words(value)}</td></tr> })
            .collect_view()
    };
    let named_by = heading.clone();
    view! {
        <figure class="dora__metric" aria-labelledby=named_by>
            <h3 class="dashboard__subtitle" id=heading>{metric.label()}</h3>
            <p class="dora__total">{total}</p>
            <div class="dora__chart">{drawn}</div>
            <figcaption class="dora__definition">
                {metric.definition()}" "<span class="dashboard__muted">{metric.bands()}</span>
            </figcaption>
            <details class="dora__figures">
                <summary>{format!("{}: the weeks as a table", metric.label())}</summary>
                <table class="dashboard__table">
                    <thead><tr><th scope="col">"Week of"</th><th scope="col">{metric.label()}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
