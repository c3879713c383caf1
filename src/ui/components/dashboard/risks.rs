//! Open risks and deviations/issues of active releases, counted by severity, with the most
//! severe ones named and linked to the release's register.

use crate::domain::order;
use leptos::prelude::*;

use super::{capital, count, lines, Line, Panel};
use crate::domain::{query, Section, Severity};
use crate::ui::desk::Desk;
use crate::ui::route::section_href;

/// How many of the most severe entries are named below the counts.
const NAMED: usize = 5;

/// Open risks and issues by severity.
#[component]
pub fn OpenRisks() -> impl IntoView {
    let desk = Desk::expect();
    let summary = move || {
        desk.engine.with(|e| {
            let book = e.book();
            let counts: Vec<(String, String)> = query::severity_counts(book)
                .iter()
                .rev()
                .map(|(s, (risks, issues))| {
                    (
                        capital(s.label()),
                        format!(
                            "{}, {issues} {}",
                            count(*risks, "risk"),
                            if *issues == 1 {
                                "deviation or issue"
                            } else {
                                "deviations or issues"
                            }
                        ),
                    )
                })
                .collect();
            let mut named: Vec<(Severity, Line)> = query::open_risks(book)
                .into_iter()
                .take(NAMED)
                .map(|(r, x)| (x.severity(), x.title.clone(), "risk", r, Section::Risks))
                .chain(
                    query::open_issues(book)
                        .into_iter()
                        .take(NAMED)
                        .map(|(r, x)| {
                            let kind = x.kind.label();
                            (x.severity, x.title.clone(), kind, r, Section::Issues)
                        }),
                )
                .map(|(severity, title, kind, r, section)| {
                    let after = format!(" — {} {kind}, {}", severity.label(), r.title());
                    let href = section_href(r.id.as_str(), section);
                    (severity, (String::new(), href, title, after))
                })
                .collect();
            order::sort_by_key(&mut named, |n| std::cmp::Reverse(n.0));
            named.truncate(NAMED);
            (counts, named.into_iter().map(|n| n.1).collect::<Vec<_>>())
        })
    };
    view! {
        <Panel id="dashboard-risks" title="Open risks and issues">
            {move || {
                let (counts, named) = summary();
                view! {
                    <dl class="facts">
                        {counts.into_iter().map(|(s, n)| view! { <dt>{s}</dt><dd>{n}</dd> }).collect_view()}
                    </dl>
                    {lines(Some("Most severe"), "No open risk, deviation or issue.", named)}
                }
            }}
        </Panel>
    }
}
