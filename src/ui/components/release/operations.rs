//! The release page's operations section.

use leptos::prelude::*;

use super::ReleaseCtx;

/// The operations section of the release page.
#[component]
pub fn OperationsSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let _ = ctx;
    view! { <section class="release__section" id="section-operations"></section> }
}
