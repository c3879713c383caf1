//! The release page's plan section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The plan section of the release page.
#[component]
pub fn PlanSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-plan"></section> }
}
