//! The release page's waves section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The waves section of the release page.
#[component]
pub fn WavesSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-waves"></section> }
}
