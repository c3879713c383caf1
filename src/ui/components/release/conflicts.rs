//! The release page's conflicts section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The conflicts section of the release page.
#[component]
pub fn ConflictsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-conflicts"></section> }
}
