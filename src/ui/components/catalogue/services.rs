//! The services tab: each service with its owner and the version in use on every
//! environment, a form to add or edit one, and retiring (refused while releases are active).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{focus, may_manage, slug_of, CatalogueTable, ManageNote, Row, TextField};
use crate::domain::{Change, Service, ServiceId, Version};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;

/// The services tab.
#[component]
pub fn ServicesTab() -> impl IntoView {
    let desk = Desk::expect();
    let manage = may_manage();
    let environments = Memo::new(move |_| {
        desk.engine.with(|e| {
            let mut list: Vec<_> = e
                .book()
                .environments
                .values()
                .filter(|env| !env.retired)
                .map(|env| (env.order, env.id.clone(), env.name.clone()))
                .collect();
            list.sort();
            list
        })
    });
    let columns = Signal::derive(move || {
        let mut list = vec!["Owner".to_owned(), "Baseline".to_owned()];
        environments.with(|envs| list.extend(envs.iter().map(|(_, _, env)| format!("On {env}"))));
        list
    });
    // The version in use on each environment, in the columns' order.
    let rows = Memo::new(move |_| {
        let envs = environments.get();
        desk.engine.with(|e| {
            let book = e.book();
            book.services
                .values()
                .map(|s| {
                    let mut cells = vec![s.owner_team.clone(), s.baseline.to_string()];
                    cells.extend(envs.iter().map(|(_, env, _)| {
                        book.deployed_version(&s.id, env)
                            .map_or_else(|| "—".to_owned(), |d| d.version.to_string())
                    }));
                    Row {
                        id: s.id.0.clone(),
                        name: s.name.clone(),
                        cells,
                        retired: s.retired,
                    }
                })
                .collect::<Vec<_>>()
        })
    });

    let act = Act::new();
    let retire = Act::new();
    let editing = RwSignal::new(None::<ServiceId>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let baseline = RwSignal::new("1.0".to_owned());
    let reset = move || {
        editing.set(None);
        for field in [id, name, description, owner] {
            field.set(String::new());
        }
        baseline.set("1.0".to_owned());
    };
    let edit = move |s: &Service| {
        act.error.set(None);
        act.done.set(None);
        editing.set(Some(s.id.clone()));
        id.set(s.id.0.clone());
        name.set(s.name.clone());
        description.set(s.description.clone());
        owner.set(s.owner_team.clone());
        baseline.set(s.baseline.to_string());
        focus("service-name");
    };
    let on_edit = Callback::new(move |id: String| {
        if let Some(s) = desk
            .engine
            .with_untracked(|e| e.book().services.get(&ServiceId(id)).cloned())
        {
            edit(&s)
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let was = editing.get_untracked();
        let typed = id.get_untracked().trim().to_owned();
        let service_id = match &was {
            Some(id) => id.clone(),
            None if typed.is_empty() => ServiceId(slug_of(&name.get_untracked())),
            None => ServiceId(typed),
        };
        let baseline = match baseline.get_untracked().parse::<Version>() {
            Ok(v) => v,
            Err(e) => return act.refuse("baseline", format!("{e}.")),
        };
        if was.is_none()
            && desk
                .engine
                .with_untracked(|e| e.book().services.contains_key(&service_id))
        {
            return act.refuse(
                "id",
                format!("There is already a service with the id “{service_id}”."),
            );
        }
        let service = Service {
            id: service_id,
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            owner_team: owner.get_untracked().trim().to_owned(),
            baseline,
            retired: false,
        };
        act.run(Change::Service(service), move |_| reset());
    };

    view! {
        <section class="catalogue__tab" aria-labelledby="services-title">
            <h2 id="services-title">"Services"</h2>
            <p class="catalogue__help">
                "The IT services that release change, who owns them, and the version each environment runs now."
            </p>
            <ActStatus act=retire />
            <CatalogueTable labelled_by="services-title" first="Service" columns rows on_edit
                retire_change=|id| Change::RetireService(ServiceId(id)) retire />
            <Show when=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <form class="panel catalogue__form" on:submit=save aria-labelledby="service-form-title">
                    <h3 class="panel__title" id="service-form-title">
                        {move || match editing.get() {
                            Some(id) => format!("Edit the service {id}"),
                            None => "Add a service".to_owned(),
                        }}
                    </h3>
                    <TextField act field="name" id="service-name" label="Name" value=name />
                    <Show when=move || editing.with(Option::is_none)>
                        <TextField act field="id" id="service-id" label="Id" value=id
                            help="Short, for links and files: letters, digits and dashes. Left empty, it is made from the name." />
                    </Show>
                    <TextField act field="description" id="service-description" label="Description" value=description />
                    <TextField act field="owner_team" id="service-owner" label="Owner team" value=owner />
                    <TextField act field="baseline" id="service-baseline" label="Baseline version" value=baseline
                        help="The version in use before Release Desk tracked the service; numbering starts after it." />
                    <div class="catalogue__buttons">
                        <button class="button" type="submit" disabled=move || act.busy.get()>
                            {move || if editing.with(Option::is_some) { "Save the service" } else { "Add the service" }}
                        </button>
                        <Show when=move || editing.with(Option::is_some)>
                            <button class="button button--secondary" type="button" on:click=move |_| reset()>"Cancel editing"</button>
                        </Show>
                    </div>
                    <ActStatus act />
                </form>
            </Show>
        </section>
    }
}
