//! Charts drawn by the app: accessible SVG through views (text is never set as HTML).
//!
//! A chart is an image (`role="img"`) named by its `<title>` and described by its `<desc>`;
//! each mark carries its own `<title>` (shown on hover). The view that draws a chart also
//! shows its data as a table: the chart is never the only way to read the figures.

use leptos::prelude::*;

/// One bar slot's width and the bars' greatest height, in view box units.
const SLOT: i64 = 20;
const HIGH: i64 = 80;

/// A bar chart of `rows` (label, value, and the value in words; no bar for `None`), one
/// slot each, scaled to the largest value. `id` makes the ids of its title and description.
pub fn bars(
    id: &str,
    title: String,
    desc: String,
    rows: Vec<(String, Option<i64>, String)>,
) -> impl IntoView {
    let width = i64::try_from(rows.len()).unwrap_or(0) * SLOT;
    let max = rows.iter().filter_map(|r| r.1).max().unwrap_or(0).max(1);
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let named = format!("{title_id} {desc_id}");
    let marks = rows
        .into_iter()
        .enumerate()
        .filter_map(|(n, (label, value, words))| {
            let h = (value?.max(0) * HIGH / max).max(1);
            let x = i64::try_from(n).unwrap_or(0) * SLOT + 3;
            Some(view! {
                <rect class="chart__bar" x=x y=HIGH - h + 4 width=SLOT - 6 height=h>
                    <title>{format!("{label}: {words}")}</title>
                </rect>
            })
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {}", HIGH + 8) role="img" aria-labelledby=named>
            <title id=title_id>{title}</title>
            <desc id=desc_id>{desc}</desc>
            {marks}
            <line class="chart__axis" x1="0" x2=width y1=HIGH + 4 y2=HIGH + 4 />
        </svg>
    }
}
