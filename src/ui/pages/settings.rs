//! Settings: preferences of the person at this browser, starting with their name.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::state::AppState;

/// What the last save attempt said.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SaveStatus {
    Idle,
    Saved,
    Failed(String),
}

/// The settings page: a form to set the display name.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = AppState::expect();
    let draft = RwSignal::new(state.display_name.get_untracked().unwrap_or_default());
    let status = RwSignal::new(SaveStatus::Idle);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match state.save_display_name(&draft.get_untracked()) {
            Ok(saved) => {
                draft.set(saved.unwrap_or_default());
                status.set(SaveStatus::Saved);
            }
            Err(error) => status.set(SaveStatus::Failed(error.to_string())),
        }
    };
    let status_text = move || match status.get() {
        SaveStatus::Idle => String::new(),
        SaveStatus::Saved => "Saved.".to_owned(),
        SaveStatus::Failed(message) => message,
    };

    view! {
        <section class="page settings">
            <h1 class="page__title">"Settings"</h1>
            <form class="settings__form" on:submit=on_submit>
                <label class="settings__label" for="display-name">"Your name"</label>
                <p class="settings__help" id="display-name-help">
                    "Recorded as the actor of every change you make from this browser."
                </p>
                <input
                    class="settings__input"
                    id="display-name"
                    name="display-name"
                    type="text"
                    maxlength="80"
                    autocomplete="name"
                    aria-describedby="display-name-help"
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        status.set(SaveStatus::Idle);
                    }
                />
                <button class="settings__save" type="submit">"Save"</button>
                <p
                    class="settings__status"
                    class:settings__status--error=move || matches!(status.get(), SaveStatus::Failed(_))
                    role="status"
                >
                    {status_text}
                </p>
            </form>
        </section>
    }
}
