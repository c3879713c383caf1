//! A banner across the top of every page when the stored book cannot be used: opening,
//! failed, or closed because another tab upgraded it.

use leptos::prelude::*;

use crate::ui::desk::{Desk, DeskStatus};

/// Says what is wrong with the stored book, or nothing when all is well.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let desk = Desk::expect();
    move || match desk.status.get() {
        DeskStatus::Ready => None,
        DeskStatus::Opening => Some(
            view! {
                <p class="banner banner--info" role="status">"Opening your release book…"</p>
            }
            .into_any(),
        ),
        DeskStatus::Failed(why) | DeskStatus::Closed(why) => Some(
            view! {
                <p class="banner banner--error" role="alert">{why}</p>
            }
            .into_any(),
        ),
    }
}
