//! [`AppState`]: the reactive state every page shares, provided once by the shell.
//!
//! Signals wrap values; the values themselves (and the domain's release book) never hold
//! signals. Writes to storage happen here or in the storage layer, never in a view.

use leptos::prelude::*;

use crate::storage::prefs;
use crate::ui::route::{Page, Route};

/// The shared state of the app shell. Cheap to copy: it holds signal handles only.
#[derive(Clone, Copy, Debug)]
pub struct AppState {
    /// The whole address: page, segments and query; follows `hashchange`.
    pub route: ReadSignal<Route>,
    set_route: WriteSignal<Route>,
    /// The page of the navigation frame the address names.
    pub page: Memo<Page>,
    /// The name of the person at this browser, as saved in preferences.
    pub display_name: ReadSignal<Option<String>>,
    set_display_name: WriteSignal<Option<String>>,
    /// The id of the person at this browser in the book, as saved in preferences.
    pub person: ReadSignal<Option<String>>,
    set_person: WriteSignal<Option<String>>,
    /// What one page says to the page it opens ("Release created."), keyed by the release
    /// it concerns; shown once there, and gone when that page closes.
    pub notice: RwSignal<Option<(String, String)>>,
}

impl AppState {
    /// Reads the saved preferences and the current address, follows address changes for
    /// as long as the calling owner lives, and provides the state as context.
    pub fn provide() -> Self {
        let (route, set_route) = signal(current_route());
        let (display_name, set_display_name) = signal(prefs::display_name());
        let (person, set_person) = signal(prefs::person());
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            set_route.set(current_route());
        });
        on_cleanup(move || listener.remove());
        let state = Self {
            route,
            set_route,
            page: Memo::new(move |_| route.with(|r| r.page)),
            display_name,
            set_display_name,
            person,
            set_person,
            notice: RwSignal::new(None),
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

    /// Act as another person of the book from now on (their id and name are saved in
    /// preferences, so the choice survives a reload).
    pub fn act_as(&self, id: &str, name: &str) -> Result<(), prefs::PrefsError> {
        prefs::set_person(id)?;
        self.set_person.set(Some(id.to_owned()));
        self.save_display_name(name).map(|_| ())
    }

    /// Go to an address (adds a browser history entry, so Back returns).
    pub fn go(&self, route: &Route) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&route.href());
        }
    }

    /// Replace the current address without a history entry, as filters do while typing.
    pub fn replace(&self, route: Route) {
        let href = route.href();
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
        // `replaceState` fires no `hashchange`; the route follows by hand.
        self.set_route.set(route);
    }
}

fn current_route() -> Route {
    Route::from_hash(&location_hash().unwrap_or_default())
}
