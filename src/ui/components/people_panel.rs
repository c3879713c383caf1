//! The people in this book: who they are and what they do, a form to add someone and one
//! to change a person's roles (the roles decide what the app offers them).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::{Change, Person, PersonId, Role};
use crate::ui::act::{Act, ActStatus, FieldError};
use crate::ui::desk::Desk;

/// An id for a person from their name: "Margaret Hamilton" → `margaret-hamilton`.
pub fn person_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').chars().take(64).collect()
}

/// The role whose label is `label`.
pub fn role_from(label: &str) -> Role {
    Role::ALL
        .into_iter()
        .find(|r| r.label() == label)
        .unwrap_or(Role::Stakeholder)
}

/// A `<select>` of every role.
#[component]
pub fn RoleSelect(
    /// The element id, for its label.
    id: &'static str,
    /// The chosen role.
    value: RwSignal<Role>,
) -> impl IntoView {
    view! {
        <select class="field__input" id=id on:change=move |ev| value.set(role_from(&event_target_value(&ev)))>
            {Role::ALL.into_iter().map(|role| view! {
                <option value=role.label() selected=move || value.get() == role>{role.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// Lists the book's people and adds new ones.
#[component]
pub fn PeoplePanel() -> impl IntoView {
    let desk = Desk::expect();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Tester);
    let outcome: RwSignal<Vec<(bool, String)>> = RwSignal::new(Vec::new());
    let people = move || {
        desk.engine.with(|e| {
            e.book()
                .people
                .values()
                .map(|p| {
                    (
                        p.name.clone(),
                        p.roles
                            .iter()
                            .map(|r| r.label())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        let person = Person {
            id: PersonId(person_id(&typed)),
            name: typed.trim().to_owned(),
            roles: vec![role.get_untracked()],
        };
        name.set(String::new());
        let started = crate::storage::timing::now();
        spawn_local(async move {
            let label = format!("{} ({})", person.name, role.get_untracked().label());
            let line = match desk.execute(Change::Person(person)).await {
                Ok(_) => (true, format!("Saved {label}.")),
                Err(error) => (false, format!("Not saved: {error}")),
            };
            outcome.update(|lines| lines.push(line));
            // From the submit to the "Saved" line in the page (benchmarks read it).
            crate::storage::timing::measure("release-desk:add-person", started);
        });
    };
    view! {
        <section class="panel" aria-labelledby="people-title">
            <h2 class="panel__title" id="people-title">"People in this book"</h2>
            <ul class="people__list">
                {move || people().into_iter().map(|(name, roles)| view! {
                    <li class="people__item"><span class="people__name">{name}</span>" — "{roles}</li>
                }).collect_view()}
            </ul>
            <form class="panel__form" on:submit=on_submit>
                <label class="field__label" for="new-person-name">"Name"</label>
                <input class="field__input" id="new-person-name" type="text" maxlength="80" required
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <label class="field__label" for="new-person-role">"Role"</label>
                <RoleSelect id="new-person-role" value=role />
                <button class="button" type="submit">"Add person"</button>
            </form>
            <ul class="panel__log" aria-live="polite" aria-label="People saved">
                {move || outcome.get().into_iter().map(|(ok, text)| view! {
                    <li class:panel__log--error=!ok class="panel__log-line">{text}</li>
                }).collect_view()}
            </ul>
            <RolesForm />
        </section>
    }
}

/// Change the roles of someone already in the book.
#[component]
fn RolesForm() -> impl IntoView {
    let desk = Desk::expect();
    let act = Act::new();
    let chosen = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let people = move || {
        desk.engine.with(|e| {
            e.book()
                .people
                .values()
                .map(|p| (p.id.0.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let choose = move |ev| {
        let id = event_target_value(&ev);
        let held = desk.engine.with_untracked(|e| {
            e.book()
                .people
                .get(&PersonId(id.clone()))
                .map(|p| p.roles.clone())
                .unwrap_or_default()
        });
        act.error.set(None);
        act.done.set(None);
        roles.set(held);
        chosen.set(id);
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let id = PersonId(chosen.get_untracked());
        let Some(mut person) = desk
            .engine
            .with_untracked(|e| e.book().people.get(&id).cloned())
        else {
            return act.refuse("person", "Choose whose roles to change.");
        };
        person.roles = roles.get_untracked();
        act.run(Change::Person(person), |_| {});
    };
    view! {
        <form class="panel__form" on:submit=save aria-labelledby="roles-title">
            <h3 class="panel__title" id="roles-title">"Change someone's roles"</h3>
            <label class="field__label" for="roles-person">"Person"</label>
            <select class="field__input" id="roles-person" on:change=choose aria-describedby=Act::error_id("person")>
                <option value="" disabled prop:selected=move || chosen.with(String::is_empty)>"Choose a person"</option>
                {move || people().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <FieldError act field="person" />
            <fieldset class="people__roles" aria-describedby=Act::error_id("roles")>
                <legend class="field__label">"Roles"</legend>
                {Role::ALL.into_iter().map(|role| {
                    let id = format!("role-{}", role.label().replace([' ', '/'], "-"));
                    view! {
                        <span class="field--check">
                            <input type="checkbox" id=id.clone() prop:checked=move || roles.with(|r| r.contains(&role))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    roles.update(|r| {
                                        r.retain(|x| *x != role);
                                        if on { r.push(role) }
                                    });
                                } />
                            <label for=id>{role.label()}</label>
                        </span>
                    }
                }).collect_view()}
            </fieldset>
            <FieldError act field="roles" />
            <button class="button" type="submit" disabled=move || act.busy.get()>"Update the roles"</button>
            <ActStatus act />
        </form>
    }
}
