//! Open risks and deviations/issues of active releases, counted by severity, with the most
//! severe ones named and linked to the release's register.

use leptos::prelude::*;

use super::capital;
use crate::domain::{query, IssueKind, Section, Severity};
use crate::ui::desk::Desk;
use crate::ui::route::section_href;

/// How many of the most severe entries are named below the counts.
const NAMED: usize = 5;

/// A severity in words.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// Open risks and issues by severity.
#[component]
pub fn OpenRisks() -> impl IntoView {
    let desk = Desk::expect();
    let summary = move || {
        desk.engine.with(|e| {
            let book = e.book();
            let counts = query::severity_counts(book);
            let rows: Vec<(Severity, usize, usize)> = counts
                .iter()
                .rev()
                .map(|(s, (risks, issues))| (*s, *risks, *issues))
                .collect();
            let mut named: Vec<(Severity, String, &'static str, String, String)> =
                query::open_risks(book)
                    .into_iter()
                    .take(NAMED)
                    .map(|(r, x)| {
                        let href = section_href(r.id.as_str(), Section::Risks);
                        (x.severity(), x.title.clone(), "risk", r.title(), href)
                    })
                    .collect();
            named.extend(
                query::open_issues(book)
                    .into_iter()
                    .take(NAMED)
                    .map(|(r, x)| {
                        let kind = match x.kind {
                            IssueKind::Deviation => "deviation",
                            IssueKind::Issue => "issue",
                        };
                        let href = section_href(r.id.as_str(), Section::Issues);
                        (x.severity, x.title.clone(), kind, r.title(), href)
                    }),
            );
            named.sort_by_key(|n| std::cmp::Reverse(n.0));
            named.truncate(NAMED);
            (rows, named)
        })
    };
    view! {
        <section class="panel dashboard__panel" aria-labelledby="dashboard-risks">
            <h2 class="panel__title" id="dashboard-risks">"Open risks and issues"</h2>
            {move || {
                let (rows, named) = summary();
                if rows.is_empty() {
                    return view! { <p>"No open risk, deviation or issue."</p> }.into_any();
                }
                view! {
                    <div class="dashboard__scroll">
                        <table class="dashboard__table" aria-labelledby="dashboard-risks">
                            <thead><tr>
                                <th scope="col">"Severity"</th>
                                <th scope="col">"Risks"</th>
                                <th scope="col">"Deviations and issues"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(s, risks, issues)| view! {
                                    <tr>
                                        <th scope="row">{capital(severity_label(s))}</th>
                                        <td>{risks}</td>
                                        <td>{issues}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h3 class="dashboard__subtitle">"Most severe"</h3>
                    <ul class="dashboard__list">
                        {named.into_iter().map(|(s, title, kind, release, href)| view! {
                            <li>
                                <a href=href>{title}</a>
                                <span class="dashboard__muted">{format!(" — {} {kind}, {release}", severity_label(s))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
