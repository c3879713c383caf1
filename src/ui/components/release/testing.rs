//! The release page's testing section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The testing section of the release page.
#[component]
pub fn TestingSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-testing"></section> }
}
