//! Open conflicts: schedule conflicts (a window in a freeze, an overlap, a dependency
//! scheduled later) and events of merged books that could not be applied, per release.

use leptos::prelude::*;

use super::{count, lines, Panel};
use crate::domain::overview;
use crate::ui::desk::Desk;
use crate::ui::route::{Page, Route};

/// The number of open conflicts and the releases concerned.
#[component]
pub fn OpenConflicts() -> impl IntoView {
    let desk = Desk::expect();
    let summary = move || {
        desk.engine.with(|e| {
            let (releases, loose) = overview::open_conflicts(e.book());
            let mut total = loose;
            let rows: Vec<_> = releases
                .into_iter()
                .map(|c| {
                    total += c.schedule + c.merged;
                    let href = Route::to(Page::Releases)
                        .with_segment(c.release.id.as_str())
                        .with_param("section", "conflicts")
                        .href();
                    let mut what = Vec::new();
                    if c.schedule > 0 {
                        what.push(count(c.schedule, "schedule conflict"));
                    }
                    if c.merged > 0 {
                        what.push(count(c.merged, "merge conflict"));
                    }
                    (
                        String::new(),
                        href,
                        c.release.title(),
                        format!(" — {}", what.join(", ")),
                    )
                })
                .collect();
            let headline = match total {
                0 => "No open conflict.".to_owned(),
                n => format!("{} to resolve.", count(n, "open conflict")),
            };
            let loose = (loose > 0).then(|| {
                format!(
                    "{} from merged books concern no release: see Settings.",
                    count(loose, "conflict")
                )
            });
            (headline, rows, loose)
        })
    };
    view! {
        <Panel id="dashboard-conflicts" title="Open conflicts">
            {move || {
                let (headline, rows, loose) = summary();
                view! {
                    <p class="dashboard__total">{headline}</p>
                    {lines(Some("Releases with conflicts"), "", rows)}
                    <p>{loose}</p>
                }
            }}
        </Panel>
    }
}
