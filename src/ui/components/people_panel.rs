//! The people in this book: who they are and what they do, a form to add someone and one
//! to change a person's roles (the roles decide what the app offers them).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::{Change, Person, PersonId, Role};
use crate::ui::act::Act;
use crate::ui::components::catalogue::found_entry;
use crate::ui::desk::Desk;
use crate::ui::kit::{checked, effect, FieldSpec, FormOptions, RecordForm, When};

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

/// Every role as `(value, label)` options.
pub fn role_options() -> Vec<(String, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.label().to_owned(), r.label().to_owned()))
        .collect()
}

/// Lists the book's people and adds new ones.
#[component]
pub fn PeoplePanel() -> impl IntoView {
    let desk = Desk::expect();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Tester.label().to_owned());
    let email = RwSignal::new(String::new());
    let outcome: RwSignal<Vec<(bool, String)>> = RwSignal::new(Vec::new());
    let people = move || {
        desk.engine.with(|e| {
            e.book()
                .people
                .values()
                .map(|p| {
                    (
                        p.id.as_str().to_owned(),
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
    let found = found_entry(move || desk.engine.with(|e| !e.book().people.is_empty()));
    let on_submit = Callback::new(move |()| {
        let typed = name.get_untracked();
        let role = role_from(&role.get_untracked());
        let person = Person {
            email: email.get_untracked().trim().to_owned(),
            id: PersonId(person_id(&typed)),
            name: typed.trim().to_owned(),
            roles: vec![role],
        };
        name.set(String::new());
        email.set(String::new());
        let started = crate::storage::timing::now();
        spawn_local(async move {
            let label = format!("{} ({})", person.name, role.label());
            let line = match desk.execute_new(Change::Person(person)).await {
                Ok(_) => (true, format!("Saved {label}.")),
                Err(error) => (false, format!("Not saved: {error}")),
            };
            outcome.update(|lines| lines.push(line));
            // From the submit to the "Saved" line in the page (benchmarks read it).
            crate::storage::timing::measure("release-desk:add-person", started);
        });
    });
    // This form reports in the log below, one line a person, so that a quick series of
    // additions shows each outcome; its action only carries field errors.
    let fields = vec![
        FieldSpec::text("name", "Name", name).required(),
        FieldSpec::select("role", "Role", role, role_options()),
        email_field(email),
    ];
    let options = FormOptions::new(Act::new(), "new-person", "Add a person", "Add person")
        .class("panel__form");
    // In a signed book only keepers register people or change roles (the domain's rule).
    let me = crate::ui::act::me();
    let may_manage = move || {
        let person = me.get();
        let probe = Change::Person(crate::domain::Person {
            email: String::new(),
            id: PersonId::default(),
            name: String::new(),
            roles: Vec::new(),
        });
        desk.engine
            .with(|e| crate::domain::may_in(e.book(), person.as_ref(), &probe))
    };
    view! {
        <section class="panel" aria-labelledby="people-title">
            <h2 class="panel__title" id="people-title">"People in this book"</h2>
            <ul class="people__list">
                {move || people().into_iter().map(|(id, name, roles)| {
                    let this = id.clone();
                    let is_found = move || found.with(|f| f.as_deref() == Some(this.as_str()));
                    view! {
                        <li class="people__item" id=format!("entry-{id}") class:catalogue__found=is_found>
                            <span class="people__name">{name}</span>" — "{roles}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <When cond=may_manage fallback=|| view! {
                <p class="panel__note">"Only a keeper registers people and changes their roles in a signed book."</p>
            }>
                <RecordForm options=options.clone() fields=fields.clone() on_submit />
                <RolesForm />
            </When>
            <ul class="panel__log" aria-live="polite" aria-label="People saved">
                {move || outcome.get().into_iter().map(|(ok, text)| view! {
                    <li class:panel__log--error=!ok class="panel__log-line">{text}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Change the roles of someone already in the book.
#[component]
fn RolesForm() -> impl IntoView {
    let desk = Desk::expect();
    let act = Act::new();
    let chosen = RwSignal::new(String::new());
    let roles = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let people = Signal::derive(move || {
        let mut list = vec![(String::new(), "Choose a person".to_owned())];
        desk.engine.with(|e| {
            list.extend(
                e.book()
                    .people
                    .values()
                    .map(|p| (p.id.0.clone(), p.name.clone())),
            )
        });
        list
    });
    // Choosing a person shows the roles they hold.
    effect(move |_| {
        let id = PersonId(chosen.get());
        let (held, address) = desk.engine.with_untracked(|e| {
            e.book()
                .people
                .get(&id)
                .map(|p| {
                    let roles = p.roles.iter().map(|r| r.label()).collect::<Vec<_>>();
                    (roles.join("\n"), p.email.clone())
                })
                .unwrap_or_default()
        });
        act.error.set(None);
        act.done.set(None);
        roles.set(held);
        email.set(address);
    });
    let save = Callback::new(move |()| {
        let id = PersonId(chosen.get_untracked());
        let Some(mut person) = desk
            .engine
            .with_untracked(|e| e.book().people.get(&id).cloned())
        else {
            return act.refuse("person", "Choose whose roles to change.");
        };
        person.roles = roles.with_untracked(|r| checked(r).into_iter().map(role_from).collect());
        person.email = email.get_untracked().trim().to_owned();
        act.run(Change::Person(person), |_| {});
    });
    let fields = vec![
        FieldSpec::select("person", "Person", chosen, people),
        FieldSpec::checks("roles", "Roles", roles, role_options()),
        email_field(email),
    ];
    let options = FormOptions::new(
        act,
        "roles",
        "Change someone's roles or e-mail",
        "Update the roles",
    )
    .heading()
    .class("panel__form")
    // The domain's words for a malformed address, under the field, not the browser's.
    .novalidate();
    view! { <RecordForm options fields on_submit=save /> }
}

/// The optional e-mail address reminders to approve are drafted to.
fn email_field(email: RwSignal<String>) -> FieldSpec {
    FieldSpec::kind("email", "E-mail (optional)", email, "email")
        .help("Reminders to approve are drafted to this address.")
        .autocomplete("off")
}
