//! Open conflicts: schedule conflicts (a window in a freeze, an overlap, a dependency
//! scheduled later) and events of merged books that could not be applied, per release.

use leptos::prelude::*;

use super::count;
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
            let rows: Vec<(String, String, usize, usize)> = releases
                .into_iter()
                .map(|c| {
                    let href = Route::to(Page::Releases)
                        .with_segment(c.release.id.as_str())
                        .with_param("section", "conflicts")
                        .href();
                    (href, c.release.title(), c.schedule, c.merged)
                })
                .collect();
            (rows, loose)
        })
    };
    view! {
        <section class="panel dashboard__panel" aria-labelledby="dashboard-conflicts">
            <h2 class="panel__title" id="dashboard-conflicts">"Open conflicts"</h2>
            {move || {
                let (rows, loose) = summary();
                let total = loose + rows.iter().map(|r| r.2 + r.3).sum::<usize>();
                let list = (!rows.is_empty()).then(|| view! {
                    <ul class="dashboard__list" aria-label="Releases with conflicts">
                        {rows.into_iter().map(|(href, title, schedule, merged)| {
                            let mut what = Vec::new();
                            if schedule > 0 { what.push(count(schedule, "schedule conflict")); }
                            if merged > 0 { what.push(count(merged, "merge conflict")); }
                            view! { <li><a href=href>{title}</a>{format!(" — {}", what.join(", "))}</li> }
                        }).collect_view()}
                    </ul>
                });
                let unattached = (loose > 0).then(|| view! {
                    <p>{format!("{} from merged books concern no release; ", count(loose, "conflict"))}
                        <a href=Page::Settings.href()>"see Settings"</a>"."</p>
                });
                view! {
                    <p class="dashboard__total">{if total == 0 { "No open conflict.".to_owned() } else { format!("{} to resolve.", count(total, "open conflict")) }}</p>
                    {list}
                    {unattached}
                }
            }}
        </section>
    }
}
