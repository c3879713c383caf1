//! Utility and warranty on the release page: the criteria that prove each, with where they
//! stand, and a plain note when a kind has none (the domain's
//! [`ServiceAcceptance::lines`](crate::domain::ServiceAcceptance::lines)). Shown in the
//! review's evaluation and in the handover, where operations accept the service only when
//! both are met.

use leptos::prelude::*;

use super::ReleaseCtx;
use crate::domain::ACCEPTANCE_HELP;
use crate::ui::kit::dy;

/// The release's service acceptance: utility, then warranty.
#[component]
pub fn ServiceAcceptanceView(
    /// The heading's id, unique on the page.
    id: &'static str,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    view! {
        <div class="release__acceptance" role="group" aria-labelledby=id>
            <h3 id=id>"Service acceptance: utility and warranty"</h3>
            <p class="release__help">{ACCEPTANCE_HELP}</p>
            <ul class="release__results">
                {dy(move || ctx.with(|r| r.service_acceptance().lines()).unwrap_or_default().into_iter().map(|(line, passes)| view! {
                    <li class:release__result--met=passes class:release__result--failed=!passes>{line}</li>
                }).collect_view().into_any())}
            </ul>
        </div>
    }
}
