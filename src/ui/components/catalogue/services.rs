//! The services tab: each service with its owner and the version in use on every
//! environment, a form to add or edit one, and retiring (refused while releases are active).

use crate::domain::order;
use leptos::prelude::*;

use super::{may_manage, new_id, trimmed, CatalogueTable, ManageNote, Row};
use crate::domain::{Change, Service, ServiceId, Version};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Editor, EntryEditor, EntrySpec, FieldSpec, When};

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
            order::sort(&mut list);
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

    let retire = Act::new();
    let editing = RwSignal::new(None::<String>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let baseline = RwSignal::new("1.0".to_owned());
    let load = move |key: &str| {
        desk.engine
            .with_untracked(|e| {
                e.book().services.get(&ServiceId(key.to_owned())).map(|s| {
                    id.set(s.id.0.clone());
                    name.set(s.name.clone());
                    description.set(s.description.clone());
                    owner.set(s.owner_team.clone());
                    baseline.set(s.baseline.to_string());
                })
            })
            .is_some()
    };
    let build = move |was: Option<String>| {
        let is_new = was.is_none();
        let service_id = ServiceId(new_id(was, id, name));
        let baseline = baseline
            .get_untracked()
            .parse::<Version>()
            .map_err(|e| ("baseline", format!("{e}.")))?;
        if is_new
            && desk
                .engine
                .with_untracked(|e| e.book().services.contains_key(&service_id))
        {
            return Err((
                "id",
                format!("There is already a service with the id “{service_id}”."),
            ));
        }
        Ok(Change::Service(Service {
            id: service_id,
            name: trimmed(name),
            description: trimmed(description),
            owner_team: trimmed(owner),
            baseline,
            retired: false,
        }))
    };
    let editor = Editor::new(
        editing,
        EntrySpec {
            key: "service",
            add_title: "Add a service",
            edit_title: "Edit the service",
            add: "Add the service",
            save: "Save the service",
            fields: vec![
                FieldSpec::text("name", "Name", name),
                FieldSpec::text("id", "Id", id)
                    .help("Short, for links and files: letters, digits and dashes. Left empty, it is made from the name.")
                    .shown(move || editing.with(Option::is_none)),
                FieldSpec::text("description", "Description", description),
                FieldSpec::text("owner_team", "Owner team", owner),
                FieldSpec::text("baseline", "Baseline version", baseline)
                    .help("The version in use before Release Desk tracked the service; numbering starts after it."),
            ],
            load: Box::new(load),
            build: Box::new(build),
        },
    );
    let on_edit = Callback::new(move |id: String| editor.edit(id));

    view! {
        <section class="catalogue__tab" aria-labelledby="services-title">
            <h2 id="services-title">"Services"</h2>
            <p class="catalogue__help">
                "The IT services that release change, who owns them, and the version each environment runs now."
            </p>
            <ActStatus act=retire />
            <CatalogueTable labelled_by="services-title" first="Service" columns rows on_edit
                retire_change=|id| Change::RetireService(ServiceId(id)) retire />
            <When cond=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <EntryEditor editor />
            </When>
        </section>
    }
}
