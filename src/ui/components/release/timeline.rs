//! The release page's timeline section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The timeline section of the release page.
#[component]
pub fn TimelineSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-timeline"></section> }
}
