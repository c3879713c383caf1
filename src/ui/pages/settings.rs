//! Settings: who you are, the colour theme, the people in this book, storage health,
//! export and import, and sync with a file host.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::{Change, Person, PersonId, Role};
use crate::storage::prefs::{self, Theme};
use crate::ui::act::{me, Act};
use crate::ui::components::identity::{apply_theme, roles_label};
use crate::ui::components::people_panel::{person_id, role_from, role_options, PeoplePanel};
use crate::ui::components::storage_panel::StoragePanel;
use crate::ui::components::sync_panel::SyncPanel;
use crate::ui::components::transfer_panel::TransferPanel;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::{effect, FieldSpec, FormOptions, RecordForm};
use crate::ui::published::{published, PublishedSettings};
use crate::ui::state::AppState;

/// What the last save attempt said.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SaveStatus {
    Idle,
    Saved,
    Failed(String),
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    if published() {
        return view! { <PublishedSettings /> }.into_any();
    }
    let state = AppState::expect();
    let desk = Desk::expect();
    let draft = RwSignal::new(state.display_name.get_untracked().unwrap_or_default());
    let current_role = desk.engine.with_untracked(|e| {
        prefs::person()
            .and_then(|id| {
                e.book()
                    .people
                    .get(&PersonId(id))
                    .and_then(|p| p.roles.first().copied())
            })
            .unwrap_or(Role::ReleaseManager)
    });
    let role = RwSignal::new(current_role.label().to_owned());
    let status = RwSignal::new(SaveStatus::Idle);
    // Typing after a save clears its outcome; the save itself writes the name it stored
    // back into the field, which must not.
    let stored = RwSignal::new(draft.get_untracked());
    effect(move |_| {
        if draft.with(|d| *d != stored.get_untracked()) {
            status.set(SaveStatus::Idle);
        }
    });

    let on_submit = Callback::new(move |()| {
        // In a signed book a keeper registers people: this browser may only act as someone
        // whose enrolled key it holds, and keeps the name it shows until then.
        let wanted = PersonId(person_id(&draft.get_untracked()));
        let signed = desk
            .engine
            .with_untracked(|e| e.book().signing.founding.is_some());
        if signed && desk.key_for(&wanted).is_none() {
            return status.set(SaveStatus::Failed(
                "This book is signed: a keeper registers people. Make a join request under Signing and trust, below."
                    .into(),
            ));
        }
        let saved = match state.save_display_name(&draft.get_untracked()) {
            Ok(saved) => saved,
            Err(error) => return status.set(SaveStatus::Failed(error.to_string())),
        };
        stored.set(saved.clone().unwrap_or_default());
        draft.set(saved.clone().unwrap_or_default());
        let Some(name) = saved.filter(|_| desk.status.get_untracked() == DeskStatus::Ready) else {
            return status.set(SaveStatus::Saved);
        };
        // Registering yourself in the book: every change you make is recorded with it.
        let id = PersonId(person_id(&name));
        if signed {
            // Someone whose key this browser holds: act as them.
            let outcome = match state.act_as(id.as_str(), &name) {
                Ok(()) => SaveStatus::Saved,
                Err(error) => SaveStatus::Failed(error.to_string()),
            };
            return status.set(outcome);
        }
        let (mut roles, email) = desk.engine.with_untracked(|e| {
            e.book()
                .people
                .get(&id)
                .map(|p| (p.roles.clone(), p.email.clone()))
                .unwrap_or_default()
        });
        let role = role_from(&role.get_untracked());
        roles.retain(|r| *r != role);
        roles.insert(0, role);
        let person = Person {
            email,
            id: id.clone(),
            name: name.clone(),
            roles,
        };
        spawn_local(async move {
            match desk.execute_as(id.clone(), Change::Person(person)).await {
                // From now on this browser acts as the person entered (header included).
                Ok(_) => match state.act_as(id.as_str(), &name) {
                    Ok(()) => status.set(SaveStatus::Saved),
                    Err(error) => status.set(SaveStatus::Failed(error.to_string())),
                },
                Err(error) => status.set(SaveStatus::Failed(error.to_string())),
            }
        });
    });
    let status_text = move || match status.get() {
        SaveStatus::Idle => String::new(),
        SaveStatus::Saved => "Saved.".to_owned(),
        SaveStatus::Failed(message) => message,
    };

    let me = me();
    let current = move || {
        match me.get() {
        Some(person) => format!(
            "You are acting as {} ({}). Switch with “Acting as” at the top, or enter a new person below.",
            person.name,
            roles_label(&person)
        ),
        None => "Nobody is chosen yet: enter your name and role to join this book.".to_owned(),
    }
    };

    let fields = vec![
        FieldSpec::text("name", "Your name", draft)
            .help("Recorded as the actor of every change you make from this browser."),
        FieldSpec::select("role", "Your role", role, role_options()),
    ];
    let options =
        FormOptions::new(Act::new(), "your", "Who you are", "Save").class("settings__form");
    let saved = view! {
        <p class="settings__status"
            class:settings__status--error=move || matches!(status.get(), SaveStatus::Failed(_))
            role="status">
            {status_text}
        </p>
    }
    .into_any();

    view! {
        <section class="page settings">
            <h1 class="page__title">"Settings"</h1>
            <h2 class="settings__heading" id="settings-who">"Who you are"</h2>
            <p class="settings__current">{current}</p>
            <RecordForm options fields on_submit actions=saved />
            <ThemeChoice />
            <PeoplePanel />
            <crate::ui::components::trust::TrustPanel />
            <StoragePanel />
            <TransferPanel />
            <SyncPanel />
        </section>
    }
    .into_any()
}

/// Light, dark or following the system: applied at once and saved in this browser.
#[component]
fn ThemeChoice() -> impl IntoView {
    let chosen = RwSignal::new(prefs::theme());
    let error = RwSignal::new(None::<String>);
    let choose = move |theme: Theme| {
        chosen.set(theme);
        apply_theme(theme);
        error.set(prefs::set_theme(theme).err().map(|e| e.to_string()));
    };
    view! {
        <fieldset class="panel settings__theme">
            <legend class="panel__title">"Theme"</legend>
            {Theme::ALL.into_iter().map(|theme| {
                let id = format!("theme-{}", theme.value());
                view! {
                    <span class="field--check">
                        <input type="radio" name="theme" id=id.clone() value=theme.value()
                            prop:checked=move || chosen.get() == theme
                            on:change=move |_| choose(theme) />
                        <label for=id>{theme.label()}</label>
                    </span>
                }
            }).collect_view()}
            <p class="settings__theme-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
