//! The header's sync indicator: a link to Settings' sync section whose name says where
//! syncing stands (`Sync: off`, `Sync: up to date`, `Sync: 3 waiting`, `Sync: failed`).

use leptos::prelude::*;

use crate::ui::components::sync_panel::sync_href;
use crate::ui::desk::{Desk, SyncView};

/// `Sync: …`, linking to the sync settings.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    // A published book (`?book=…`) shows nothing of this device's syncing.
    if crate::ui::published::published() {
        return ().into_any();
    }
    let desk = Desk::expect();
    let view = SyncView::get();
    let pending = Memo::new(move |_| desk.engine.with(|e| view.pending(e.log())));
    let (text, state) = {
        let text = Memo::new(move |_| {
            if view.settings.with(|s| s.address.trim().is_empty()) {
                ("Sync: off".to_owned(), "off")
            } else if view.running.with(Option::is_some) {
                ("Sync: syncing…".to_owned(), "busy")
            } else if view.error.with(Option::is_some) || view.meta.with(|m| m.last_error.is_some())
            {
                ("Sync: failed".to_owned(), "failed")
            } else if pending.get() > 0 {
                (format!("Sync: {} waiting", pending.get()), "waiting")
            } else if view.meta.with(|m| m.last_synced.is_none()) {
                ("Sync: not synced yet".to_owned(), "waiting")
            } else {
                ("Sync: up to date".to_owned(), "ok")
            }
        });
        (
            move || text.with(|t| t.0.clone()),
            move || text.with(|t| t.1),
        )
    };
    view! {
        <a class="sync-indicator" href=sync_href() data-state=state>{text}</a>
    }
    .into_any()
}
