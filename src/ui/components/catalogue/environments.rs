//! The environments tab: the promotion path (Test before Staging before Production), which
//! ones are live, a form to add or edit one, and retiring (refused while releases deploy there).

use crate::domain::order;
use leptos::prelude::*;

use super::{may_manage, new_id, tab, trimmed, CatalogueTable, ManageNote, Row};
use crate::domain::{Change, Environment, EnvironmentId};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Editor, EntryEditor, EntrySpec, FieldSpec, When};

/// The environments tab.
#[component]
pub fn EnvironmentsTab() -> impl IntoView {
    let desk = Desk::expect();
    let manage = may_manage();
    let rows = Memo::new(move |_| {
        desk.engine.with(|e| {
            let mut list: Vec<&Environment> = e.book().environments.values().collect();
            order::sort_by(&mut list, |a, b| {
                (a.order, &a.name).cmp(&(b.order, &b.name))
            });
            list.into_iter()
                .map(|env| Row {
                    id: env.id.0.clone(),
                    name: env.name.clone(),
                    cells: vec![
                        env.order.to_string(),
                        (if env.production {
                            "live (production)"
                        } else {
                            "not live"
                        })
                        .to_owned(),
                    ],
                    retired: env.retired,
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = Signal::derive(|| vec!["Order".to_owned(), "Kind".to_owned()]);
    let retire = Act::new();
    let editing = RwSignal::new(None::<String>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let production = RwSignal::new(String::new());
    let load = move |key: &str| {
        desk.engine
            .with_untracked(|e| {
                e.book()
                    .environments
                    .get(&EnvironmentId(key.to_owned()))
                    .map(|env| {
                        id.set(env.id.0.clone());
                        name.set(env.name.clone());
                        order.set(env.order.to_string());
                        production.set(if env.production { "true" } else { "" }.to_owned());
                    })
            })
            .is_some()
    };
    let build = move |was: Option<String>| {
        let env_id = EnvironmentId(new_id(was, id, name));
        let order = match order.get_untracked().trim() {
            "" => desk.engine.with_untracked(|e| {
                e.book()
                    .environments
                    .values()
                    .map(|e| e.order)
                    .max()
                    .map_or(1, |m| m + 1)
            }),
            text => text.parse::<u32>().map_err(|_| {
                (
                    "order",
                    "Enter the position as a whole number, such as 3.".to_owned(),
                )
            })?,
        };
        Ok(Change::Environment(Environment {
            id: env_id,
            name: trimmed(name),
            production: production.with_untracked(|p| p == "true"),
            order,
            retired: false,
        }))
    };
    let editor = Editor::new(
        editing,
        EntrySpec {
            key: "environment",
            add_title: "Add an environment",
            edit_title: "Edit the environment",
            add: "Add the environment",
            save: "Save the environment",
            fields: vec![
                FieldSpec::text("name", "Name", name),
                FieldSpec::text("id", "Id", id)
                    .help("Short, for links and files. Left empty, it is made from the name.")
                    .shown(move || editing.with(Option::is_none)),
                FieldSpec::kind("order", "Order in the promotion path", order, "number").help(
                    "1 for the first environment a release reaches. Left empty, it comes last.",
                ),
                FieldSpec::check("production", "Live environment (production)", production),
            ],
            load: Box::new(load),
            build: Box::new(build),
        },
    );
    let on_edit = Callback::new(move |id: String| editor.edit(id));

    let body = view! {
            <ActStatus act=retire />
            <CatalogueTable labelled_by="environments-title" first="Environment" columns rows on_edit
                retire_change=|id| Change::RetireEnvironment(EnvironmentId(id)) retire />
            <When cond=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <EntryEditor editor />
            </When>
    }
    .into_any();
    tab(
        "environments",
        "Environments",
        "Where releases are deployed, in the order a release is promoted through them. Deployments to a live environment reach users and count for the release policy.",
        body,
    )
}
