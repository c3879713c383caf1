//! The release page's details section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The details section of the release page.
#[component]
pub fn DetailsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-details"></section> }
}
