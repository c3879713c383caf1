//! The environments tab: the promotion path (Test before Staging before Production), which
//! ones are live, a form to add or edit one, and retiring (refused while releases deploy there).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{focus, may_manage, slug_of, CatalogueTable, ManageNote, Row, TextField};
use crate::domain::{Change, Environment, EnvironmentId};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;

/// The environments tab.
#[component]
pub fn EnvironmentsTab() -> impl IntoView {
    let desk = Desk::expect();
    let manage = may_manage();
    let rows = Memo::new(move |_| {
        desk.engine.with(|e| {
            let mut list: Vec<&Environment> = e.book().environments.values().collect();
            list.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));
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
    let act = Act::new();
    let retire = Act::new();
    let editing = RwSignal::new(None::<EnvironmentId>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let production = RwSignal::new(false);
    let reset = move || {
        editing.set(None);
        id.set(String::new());
        name.set(String::new());
        order.set(String::new());
        production.set(false);
    };
    let edit = move |env: &Environment| {
        act.error.set(None);
        act.done.set(None);
        editing.set(Some(env.id.clone()));
        id.set(env.id.0.clone());
        name.set(env.name.clone());
        order.set(env.order.to_string());
        production.set(env.production);
        focus("environment-name");
    };
    let on_edit = Callback::new(move |id: String| {
        if let Some(env) = desk
            .engine
            .with_untracked(|e| e.book().environments.get(&EnvironmentId(id)).cloned())
        {
            edit(&env)
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let was = editing.get_untracked();
        let typed = id.get_untracked().trim().to_owned();
        let env_id = match &was {
            Some(id) => id.clone(),
            None if typed.is_empty() => EnvironmentId(slug_of(&name.get_untracked())),
            None => EnvironmentId(typed),
        };
        let order = match order.get_untracked().trim() {
            "" => desk.engine.with_untracked(|e| {
                e.book()
                    .environments
                    .values()
                    .map(|e| e.order)
                    .max()
                    .map_or(1, |m| m + 1)
            }),
            text => match text.parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    return act.refuse("order", "Enter the position as a whole number, such as 3.")
                }
            },
        };
        if was.is_none()
            && desk
                .engine
                .with_untracked(|e| e.book().environments.contains_key(&env_id))
        {
            return act.refuse(
                "id",
                format!("There is already an environment with the id “{env_id}”."),
            );
        }
        let environment = Environment {
            id: env_id,
            name: name.get_untracked().trim().to_owned(),
            production: production.get_untracked(),
            order,
            retired: false,
        };
        act.run(Change::Environment(environment), move |_| reset());
    };

    view! {
        <section class="catalogue__tab" aria-labelledby="environments-title">
            <h2 id="environments-title">"Environments"</h2>
            <p class="catalogue__help">
                "Where releases are deployed, in the order a release is promoted through them. "
                "Deployments to a live environment reach users and count for the release policy."
            </p>
            <ActStatus act=retire />
            <CatalogueTable labelled_by="environments-title" first="Environment" columns rows on_edit
                retire_change=|id| Change::RetireEnvironment(EnvironmentId(id)) retire />
            <Show when=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <form class="panel catalogue__form" on:submit=save aria-labelledby="environment-form-title">
                    <h3 class="panel__title" id="environment-form-title">
                        {move || match editing.get() {
                            Some(id) => format!("Edit the environment {id}"),
                            None => "Add an environment".to_owned(),
                        }}
                    </h3>
                    <TextField act field="name" id="environment-name" label="Name" value=name />
                    <Show when=move || editing.with(Option::is_none)>
                        <TextField act field="id" id="environment-id" label="Id" value=id
                            help="Short, for links and files. Left empty, it is made from the name." />
                    </Show>
                    <TextField act field="order" id="environment-order" label="Order in the promotion path" value=order kind="number"
                        help="1 for the first environment a release reaches. Left empty, it comes last." />
                    <div class="field field--check">
                        <input id="environment-production" type="checkbox" prop:checked=move || production.get()
                            on:change=move |ev| production.set(event_target_checked(&ev)) />
                        <label for="environment-production">"Live environment (production)"</label>
                    </div>
                    <div class="catalogue__buttons">
                        <button class="button" type="submit" disabled=move || act.busy.get()>
                            {move || if editing.with(Option::is_some) { "Save the environment" } else { "Add the environment" }}
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
