//! [`AppState`]: the reactive state every page shares, provided once by the shell.
//!
//! Signals wrap values; the values themselves (and, later, the domain's release book)
//! never hold signals. Writes to storage happen here or in the storage layer, never in a
//! view.

use leptos::prelude::*;

use crate::storage::prefs;
use crate::ui::route::Page;

/// The shared state of the app shell. Cheap to copy: it holds signal handles only.
#[derive(Clone, Copy, Debug)]
pub struct AppState {
    /// The page the location fragment names; follows `hashchange`.
    pub page: ReadSignal<Page>,
    /// The name of the person at this browser, as saved in preferences.
    pub display_name: ReadSignal<Option<String>>,
    set_display_name: WriteSignal<Option<String>>,
}

impl AppState {
    /// Reads the saved preferences and the current address, follows address changes for
    /// as long as the calling owner lives, and provides the state as context.
    pub fn provide() -> Self {
        let (page, set_page) = signal(current_page());
        let (display_name, set_display_name) = signal(prefs::display_name());
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            set_page.set(current_page());
        });
        on_cleanup(move || listener.remove());
        let state = Self {
            page,
            display_name,
            set_display_name,
        };
        provide_context(state);
        state
    }

    /// The state provided by the shell.
    ///
    /// # Panics
    /// When called outside the [`App`](crate::ui::App) tree: that is a programming error,
    /// not something a person can cause.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Saves the person's display name in preferences and shows it everywhere.
    pub fn save_display_name(&self, name: &str) -> Result<Option<String>, prefs::PrefsError> {
        let saved = prefs::set_display_name(name)?;
        self.set_display_name.set(saved.clone());
        Ok(saved)
    }
}

fn current_page() -> Page {
    Page::from_hash(&location_hash().unwrap_or_default())
}
