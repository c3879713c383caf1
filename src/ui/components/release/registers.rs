//! The release page's registers section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The registers section of the release page.
#[component]
pub fn RegistersSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-registers"></section> }
}
