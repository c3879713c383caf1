//! The release page's approvals section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The approvals section of the release page.
#[component]
pub fn ApprovalsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-approvals"></section> }
}
