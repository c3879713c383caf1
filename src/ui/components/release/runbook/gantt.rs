//! The runbook's Gantt chart, drawn by the app as SVG: one row per task with its planned
//! bar above its forecast or actual bar, the critical path in colour and a striped pattern
//! (and said in each bar's name), fixed starts marked, a now-line and the window's end.
//! Every row is focusable with its whole story as its accessible name; a data table under
//! it says the same for those who prefer one. Colours are the theme's CSS variables
//! (style/runbook.css), so the chart follows dark mode and prints.
//!
//! The chart is a function of a small view-model ([`Chart`]), not of the domain's types, so
//! the section and any later page can draw one.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::schedule::minute;

/// One task as the chart draws it.
pub struct Row {
    /// The task's id ("T3").
    pub id: String,
    /// Its title.
    pub title: String,
    /// The words of its kind ("Go/no-go decision").
    pub kind: &'static str,
    /// The planned start and finish.
    pub plan: (DateTime<Utc>, DateTime<Utc>),
    /// The forecast (or, once known, actual) start and finish.
    pub bar: (DateTime<Utc>, DateTime<Utc>),
    /// Whether the bar is actual (the task started) rather than forecast.
    pub actual: bool,
    /// On the critical path.
    pub critical: bool,
    /// Later than planned.
    pub late: bool,
    /// Its fixed start, if it has one.
    pub fixed: Option<DateTime<Utc>>,
}

/// What the chart shows.
pub struct Chart {
    /// The tasks, in runbook order.
    pub rows: Vec<Row>,
    /// The now-line, while a run is going.
    pub now: Option<DateTime<Utc>>,
    /// The end of the deployment window, if there is one.
    pub window_end: Option<DateTime<Utc>>,
    /// How many of the rows to draw, the first ones (the time axis spans them all).
    pub shown: usize,
}

const LABEL: i64 = 300;
const WIDTH: i64 = 1000;
const ROW: i64 = 28;
const TOP: i64 = 26;

/// "22:30" (the day is in the table).
fn hm(at: DateTime<Utc>) -> String {
    minute(at)[11..].to_owned()
}

/// The time span of a bar as words: "22:00–22:30".
fn span((from, to): (DateTime<Utc>, DateTime<Utc>)) -> String {
    [hm(from), "–".into(), hm(to)].concat()
}

/// What a row says, in one line: its accessible name and the table's notes.
fn notes(row: &Row) -> String {
    let mut out = Vec::new();
    if row.critical {
        out.push("critical path".to_owned());
    }
    if row.late {
        out.push("late".to_owned());
    }
    if let Some(at) = row.fixed {
        out.push(["fixed start ", &hm(at)].concat());
    }
    out.join(", ")
}

/// The chart and its data table.
pub fn gantt(chart: Chart) -> AnyView {
    let Chart {
        rows,
        now,
        window_end,
        shown,
    } = chart;
    let times = rows
        .iter()
        .flat_map(|r| [r.plan.0, r.plan.1, r.bar.0, r.bar.1]);
    let (Some(first), Some(last)) = (times.clone().min(), times.chain(window_end).max()) else {
        return ().into_any();
    };
    let total = (last - first).num_minutes().max(1);
    let x = move |at: DateTime<Utc>| {
        LABEL + 10 + (at - first).num_minutes().clamp(0, total) * (WIDTH - LABEL - 20) / total
    };
    let total_rows = rows.len();
    let rows = &rows[..shown.min(total_rows)];
    let height = TOP + ROW * i64::try_from(rows.len()).unwrap_or(0) + 8;
    // The words sit left of their line, so the window's end at the right edge stays in view.
    let line = move |at: DateTime<Utc>, class: &'static str, words: &'static str| {
        let x = x(at).to_string();
        view! {
            <g class=class>
                <line x1=x.clone() x2=x.clone() y1="18" y2=height.to_string() />
                <text x=x y="12" text-anchor="end">{words}</text>
            </g>
        }
    };
    let marks = (
        now.filter(|n| (first..=last).contains(n))
            .map(|n| line(n, "gantt__now", "now")),
        window_end.map(|e| line(e, "gantt__end", "window ends")),
    );
    let bars = rows
        .iter()
        .zip(0_i64..)
        .map(|(row, i)| {
            let y = TOP + i * ROW;
            let (px, pw) = (x(row.plan.0), (x(row.plan.1) - x(row.plan.0)).max(2));
            let (bx, bw) = (x(row.bar.0), (x(row.bar.1) - x(row.bar.0)).max(2));
            let said = if row.actual { "actual" } else { "forecast" };
            let extra = notes(row);
            let name = format!(
                "{} {} ({}): planned {}, {said} {}{}{extra}",
                row.id,
                row.title,
                row.kind,
                span(row.plan),
                span(row.bar),
                if extra.is_empty() { "" } else { "; " },
            );
            let title: String = [row.id.as_str(), " ", &row.title].concat().chars().take(34).collect();
            let class = format!(
                "gantt__bar gantt__bar--{said}{}{}",
                if row.critical { " gantt__bar--critical" } else { "" },
                if row.late { " gantt__bar--late" } else { "" },
            );
            let fixed = row.fixed.map(|at| {
                let fx = x(at);
                view! { <path class="gantt__fixed" d=format!("M{} {y}h8l-4 6z", fx - 4) /> }
            });
            view! {
                <g class="gantt__row" tabindex="0" role="img" aria-label=name>
                    <rect class="gantt__bg" x="0" y=y.to_string() width=WIDTH.to_string() height=ROW.to_string() />
                    <text class="gantt__label" class:gantt__label--critical=row.critical x="4" y=(y + 18).to_string()>{title}</text>
                    <rect class="gantt__plan" x=px.to_string() y=(y + 5).to_string() width=pw.to_string() height="6" />
                    <rect class=class x=bx.to_string() y=(y + 12).to_string() width=bw.to_string() height="11" />
                    {fixed}
                </g>
            }
        })
        .collect_view();
    let table = rows
        .iter()
        .map(|row| {
            let said = if row.actual { "actual " } else { "forecast " };
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", row.id, row.title)}</th>
                    <td>{[minute(row.plan.0), " – ".into(), hm(row.plan.1)].concat()}</td>
                    <td>{[said.into(), minute(row.bar.0), " – ".into(), hm(row.bar.1)].concat()}</td>
                    <td>{notes(row)}</td>
                </tr>
            }
        })
        .collect_view();
    let drawn = if rows.len() < total_rows {
        " The first 100 are drawn."
    } else {
        ""
    };
    let desc = format!(
        "{total_rows} tasks from {} to {} UTC.{drawn} Thin bars are the plan, thick bars the forecast or actual times; the critical path is striped.",
        minute(first),
        hm(last)
    );
    view! {
        <figure class="gantt">
            <div class="gantt__scroll">
                <svg class="gantt__chart" viewBox=format!("0 0 {WIDTH} {height}") role="group"
                    aria-labelledby="gantt-title" aria-describedby="gantt-desc">
                    <title id="gantt-title">"Runbook Gantt chart"</title>
                    <desc id="gantt-desc">{desc}</desc>
                    <defs>
                        <pattern id="gantt-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                            <rect class="gantt__stripe-bg" width="6" height="6" />
                            <rect class="gantt__stripe" width="3" height="6" />
                        </pattern>
                    </defs>
                    {bars}
                    {marks}
                </svg>
            </div>
            <figcaption class="gantt__key">
                "Thin bar: planned. Thick bar: forecast, or actual once started. Striped: critical path. ▼ fixed start."
            </figcaption>
            <details class="gantt__table">
                <summary>"The chart as a table"</summary>
                <div class="release__table-wrap">
                    <table class="release__table">
                        <thead><tr><th scope="col">"Task"</th><th scope="col">"Planned (UTC)"</th><th scope="col">"Forecast or actual (UTC)"</th><th scope="col">"Notes"</th></tr></thead>
                        <tbody>{table}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}
