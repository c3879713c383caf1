//! The release page's review section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The review section of the release page.
#[component]
pub fn ReviewSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-review"></section> }
}
