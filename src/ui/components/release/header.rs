//! The release page's header section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The header section of the release page.
#[component]
pub fn ReleaseHeader() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-header"></section> }
}
