//! The release page's criteria section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The criteria section of the release page.
#[component]
pub fn CriteriaSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-criteria"></section> }
}
