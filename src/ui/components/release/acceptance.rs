//! Utility and warranty on the release page: the criteria that prove each, with where they
//! stand, and a plain note when a kind has none. Shown in the review's evaluation and in
//! the handover, where operations accept the service only when both are met.

use leptos::prelude::*;

use super::ReleaseCtx;
use crate::ui::kit::dy;

/// The release's service acceptance: utility, then warranty.
#[component]
pub fn ServiceAcceptanceView(
    /// The heading's id, unique on the page.
    id: &'static str,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    // (kind's name, meaning, [(criterion, standing, passes)], note when none).
    let kinds = move || {
        ctx.with(|r| {
            let acceptance = r.service_acceptance();
            let notes = acceptance.notes();
            acceptance
                .kinds
                .iter()
                .map(|(kind, list)| {
                    let name = kind.label();
                    let rows: Vec<(String, &'static str, bool)> = list
                        .iter()
                        .map(|(c, j)| (c.text.clone(), j.label(), j.passes()))
                        .collect();
                    let note = notes.iter().find(|n| n.contains(name)).cloned();
                    (name, kind.meaning(), rows, note)
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    view! {
        <div class="release__acceptance" role="group" aria-labelledby=id>
            <h3 id=id>"Service acceptance: utility and warranty"</h3>
            {dy(move || kinds().into_iter().map(|(name, meaning, rows, note)| view! {
                <h4>{match name { "utility" => "Utility", _ => "Warranty" }}<span class="release__stamp">{format!(" — {meaning}")}</span></h4>
                {note.map(|n| view! { <p class="release__warnings">{n}</p> })}
                <ul class="release__results">
                    {rows.into_iter().map(|(text, standing, passes)| view! {
                        <li class:release__result--met=passes class:release__result--failed=!passes>
                            {format!("{text}: {standing}")}
                        </li>
                    }).collect_view()}
                </ul>
            }).collect_view().into_any())}
        </div>
    }
}
