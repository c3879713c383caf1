//! The update notice: tells the person, once, that Release Desk was updated since the last
//! time it started in this browser.
//!
//! The build stamps its version into `<meta name="release-desk-version">` of index.html
//! (`.ci/precache.sh`). The service worker fetches index.html from the network first, so
//! the first start after a deploy already runs the new version; this component compares the
//! stamped version with the one recorded at the previous start, records the new one, and
//! shows the notice when they differ. A first visit, or a build without the stamp (`dev`, as
//! in the in-browser tests), shows nothing.

use crate::ui::kit::When;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

/// The localStorage key holding the version of the app that last started in this browser.
pub const VERSION_KEY: &str = "release-desk.app-version";

/// A polite, dismissible notice that the app was updated; renders nothing otherwise.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let shown = RwSignal::new(record_start());
    // The live region stays in the page so that screen readers announce the card when it
    // appears; it is fixed in a corner and takes no room in the shell's grid.
    view! {
        <div class="update-notice" role="status">
            <When cond=move || shown.get()>
                <div class="update-notice__card">
                    <p class="update-notice__text">"Release Desk was updated to the new version."</p>
                    <button
                        type="button"
                        class="update-notice__dismiss"
                        on:click=move |_| shown.set(false)
                    >
                        "Dismiss"
                    </button>
                </div>
            </When>
        </div>
    }
}

/// Records the running version as the last one started; true when an earlier, different
/// version had been recorded, that is when this start is the first of a new version.
fn record_start() -> bool {
    let Some(running) = running_version() else {
        return false;
    };
    let previous = LocalStorage::get::<String>(VERSION_KEY).ok();
    if previous.as_deref() == Some(running.as_str()) {
        return false;
    }
    // The notice is a courtesy: when localStorage refuses the write (private mode, storage
    // disabled) the person sees it again at the next start, which does no harm.
    let _ = LocalStorage::set(VERSION_KEY, &running);
    previous.is_some()
}

/// The version stamped into index.html by the build, if it was stamped.
fn running_version() -> Option<String> {
    document()
        .query_selector(r#"meta[name="release-desk-version"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|version| !version.is_empty() && version != "dev")
}
