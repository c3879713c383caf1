//! Automatic sync: when the browser comes online, every minute, and after local changes
//! settle; never while offline. Its minute timer is also the app's clock ([`Desk::minute`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{pause, Desk, DeskStatus, SyncView};

/// Automatic sync: how long after the last local change, and how often while online.
const SYNC_SETTLE_MS: i32 = 2_000;
const SYNC_EVERY_MS: i32 = 60_000;

thread_local! {
    /// Bumped by each local change; a settled change is one not followed by another.
    static SYNC_CHANGES: Cell<u64> = const { Cell::new(0) };
}

impl Desk {
    /// Start the minute clock ([`Desk::minute`]) and, with `sync`, sync by itself when
    /// asked to in the settings: when the browser comes online, every minute while online,
    /// and a moment after local changes settle (see [`Desk::sync_soon`]). Never while
    /// offline; one tab at a time. A published book's desk has the clock only.
    pub(super) fn start_clock(self, sync: bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if sync {
            let on_online = Closure::<dyn FnMut()>::new(move || self.auto_sync());
            let _ = window
                .add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            on_online.forget(); // For the tab's life.
        }
        let every = Closure::<dyn FnMut()>::new(move || {
            // The app's minute clock ticks here, the tab's one timer.
            self.minute.update(|m| *m = !*m);
            if !sync {
                return;
            }
            // Another tab may have synced: show what it kept (only when sync is set up).
            if SyncView::get()
                .settings
                .with_untracked(|s| !s.address.trim().is_empty())
            {
                spawn_local(self.reload_sync_meta());
            }
            self.auto_sync();
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            every.as_ref().unchecked_ref(),
            SYNC_EVERY_MS,
        );
        every.forget(); // For the tab's life.
    }

    /// A sync now, if automatic sync is on, there is an address, the browser is online and
    /// the book is open.
    pub(super) fn auto_sync(self) {
        let view = SyncView::get();
        let settings = view.settings.get_untracked();
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        if settings.auto
            && !settings.address.trim().is_empty()
            && online
            && self.status.get_untracked() == DeskStatus::Ready
            && view.running.get_untracked().is_none()
        {
            spawn_local(self.sync(true));
        }
    }

    /// After a local change: an automatic sync once no other change came for a moment.
    pub(super) fn sync_soon(self) {
        if !SyncView::get().settings.with_untracked(|s| s.auto) {
            return;
        }
        let turn = SYNC_CHANGES.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        spawn_local(async move {
            pause(SYNC_SETTLE_MS).await;
            if SYNC_CHANGES.with(Cell::get) == turn {
                self.auto_sync();
            }
        });
    }
}
