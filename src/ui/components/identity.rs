//! Who is at this browser: the header's "Acting as" choice among the book's people, and the
//! colour theme applied to the whole document.

use leptos::prelude::*;

use crate::domain::Person;
use crate::storage::prefs::{self, Theme};
use crate::ui::desk::Desk;
use crate::ui::kit::effect;
use crate::ui::route::Page;
use crate::ui::state::AppState;

/// A person's roles as words: "release manager, approver".
pub fn roles_label(person: &Person) -> String {
    let labels: Vec<&str> = person.roles.iter().map(|r| r.label()).collect();
    labels.join(", ")
}

/// Show `theme` on the whole document (`data-theme` on `<html>`); following the system
/// removes the attribute, so the stylesheet's `prefers-color-scheme` query decides.
pub fn apply_theme(theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.value()),
    };
}

/// The header's identity: the person's name (a link to Settings) and, once the book has
/// people, a `<select>` labelled "Acting as" to switch between them. Every change made
/// from this browser is recorded with the person chosen here.
#[component]
pub fn ActingAs() -> impl IntoView {
    let state = AppState::expect();
    let desk = Desk::expect();
    // In a signed book, only the people whose enrolled keys this browser holds.
    let signed = Memo::new(move |_| desk.engine.with(|e| e.book().signing.founding.is_some()));
    let people = Memo::new(move |_| {
        let held = desk.held.get();
        desk.engine.with(|e| {
            let book = e.book();
            let holds = |id: &crate::domain::PersonId| {
                held.iter().any(|(person, key)| {
                    person == id
                        && book
                            .keys
                            .get(key)
                            .is_some_and(|k| &k.person == id && k.revoked.is_none())
                })
            };
            e.book()
                .people
                .values()
                .filter(|p| book.signing.founding.is_none() || holds(&p.id))
                .map(|p| (p.id.0.clone(), p.name.clone(), roles_label(p)))
                .collect::<Vec<_>>()
        })
    });
    // Loading the demo book chooses its release manager in preferences only; follow it.
    effect(move |_| {
        // Its name is saved after its id, so the name's change is the moment to look.
        people.track();
        state.display_name.track();
        if state.person.get_untracked().is_some() {
            return;
        }
        let Some(id) = prefs::person() else { return };
        let name = people.with(|list| {
            list.iter()
                .find(|(pid, ..)| *pid == id)
                .map(|(_, name, _)| name.clone())
        });
        if let Some(name) = name {
            let _ = state.act_as(&id, &name);
        }
    });
    let error = RwSignal::new(None::<String>);
    let switch = move |ev| {
        let id = event_target_value(&ev);
        let name = people.with_untracked(|list| {
            list.iter()
                .find(|(pid, ..)| *pid == id)
                .map(|(_, name, _)| name.clone())
        });
        if let Some(name) = name {
            error.set(state.act_as(&id, &name).err().map(|e| e.to_string()));
        }
    };
    let name = move || {
        state
            .display_name
            .get()
            .unwrap_or_else(|| "Name not set".to_owned())
    };
    let chooser = move || {
        (!people.with(Vec::is_empty)).then(|| {
            let current = move || state.person.get().unwrap_or_default();
            let known = move || people.with(|l| l.iter().any(|(id, ..)| *id == current()));
            view! {
                <span class="who">
                    <label class="who__label" for="acting-as">
                        {move || if signed.get() { "Signed in as" } else { "Acting as" }}
                    </label>
                    <select class="who__select" id="acting-as" on:change=switch>
                        <option value="" disabled prop:selected=move || !known()>"Choose who you are"</option>
                        {move || people.get().into_iter().map(|(id, person, roles)| {
                            let chosen = id.clone();
                            view! {
                                <option value=id prop:selected=move || current() == chosen>
                                    {format!("{person} — {roles}")}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </span>
            }
        })
    };
    view! {
        <div class="shell__who">
            <a class="shell__person" href=Page::Settings.href() title="Your name and role, in Settings">
                {name}
            </a>
            {chooser}
            {move || error.get().map(|e| view! { <p class="who__error" role="alert">{e}</p> })}
        </div>
    }
}
