//! The configuration items tab: items of every kind (software, assets, documentation,
//! processes, training, contracts), shown by kind, with a form to add or edit one and
//! retiring (refused while an active release package carries it).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::{focus, may_manage, slug_of, CatalogueTable, ManageNote, Row, TextField};
use crate::domain::{Change, CiId, CiKind, ConfigurationItem, ServiceId};
use crate::ui::act::{Act, ActStatus, FieldError};
use crate::ui::desk::Desk;

fn kind_from(value: &str) -> Option<CiKind> {
    CiKind::ALL.into_iter().find(|k| k.label() == value)
}

/// The configuration items tab.
#[component]
pub fn ItemsTab() -> impl IntoView {
    let desk = Desk::expect();
    let manage = may_manage();
    let shown = RwSignal::new(None::<CiKind>);
    let services = Memo::new(move |_| {
        desk.engine.with(|e| {
            e.book()
                .services
                .values()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let rows = Memo::new(move |_| {
        let kind = shown.get();
        desk.engine.with(|e| {
            let book = e.book();
            let mut list: Vec<&ConfigurationItem> = book
                .cis
                .values()
                .filter(|ci| kind.is_none_or(|k| ci.kind == k))
                .collect();
            list.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
            list.into_iter()
                .map(|ci| {
                    let service = ci.service.as_ref().map_or_else(String::new, |s| {
                        book.services
                            .get(s)
                            .map_or_else(|| s.0.clone(), |s| s.name.clone())
                    });
                    Row {
                        id: ci.id.0.clone(),
                        name: ci.name.clone(),
                        cells: vec![ci.kind.label().to_owned(), service, ci.version.clone()],
                        retired: ci.retired,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = Signal::derive(|| {
        vec![
            "Kind".to_owned(),
            "Service".to_owned(),
            "Version".to_owned(),
        ]
    });
    let act = Act::new();
    let retire = Act::new();
    let editing = RwSignal::new(None::<CiId>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(CiKind::Software);
    let service = RwSignal::new(String::new());
    let version = RwSignal::new(String::new());
    let reset = move || {
        editing.set(None);
        for field in [id, name, service, version] {
            field.set(String::new());
        }
        kind.set(CiKind::Software);
    };
    let edit = move |ci: &ConfigurationItem| {
        act.error.set(None);
        act.done.set(None);
        editing.set(Some(ci.id.clone()));
        id.set(ci.id.0.clone());
        name.set(ci.name.clone());
        kind.set(ci.kind);
        service.set(ci.service.as_ref().map(|s| s.0.clone()).unwrap_or_default());
        version.set(ci.version.clone());
        focus("ci-name");
    };
    let on_edit = Callback::new(move |id: String| {
        if let Some(ci) = desk
            .engine
            .with_untracked(|e| e.book().cis.get(&CiId(id)).cloned())
        {
            edit(&ci)
        }
    });
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let was = editing.get_untracked();
        let typed = id.get_untracked().trim().to_owned();
        let ci_id = match &was {
            Some(id) => id.clone(),
            None if typed.is_empty() => CiId(slug_of(&name.get_untracked())),
            None => CiId(typed),
        };
        if was.is_none()
            && desk
                .engine
                .with_untracked(|e| e.book().cis.contains_key(&ci_id))
        {
            return act.refuse(
                "id",
                format!("There is already a configuration item with the id “{ci_id}”."),
            );
        }
        let chosen = service.get_untracked();
        let ci = ConfigurationItem {
            id: ci_id,
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            service: (!chosen.is_empty()).then_some(ServiceId(chosen)),
            version: version.get_untracked().trim().to_owned(),
            retired: false,
        };
        act.run(Change::Ci(ci), move |_| reset());
    };

    view! {
        <section class="catalogue__tab" aria-labelledby="items-title">
            <h2 id="items-title">"Configuration items"</h2>
            <p class="catalogue__help">
                "Everything a release package may carry: applications, virtual and physical assets, "
                "documentation, processes, training, contracts and agreements."
            </p>
            <div class="field catalogue__filter">
                <label class="field__label" for="ci-shown">"Show"</label>
                <select class="field__input" id="ci-shown" on:change=move |ev| shown.set(kind_from(&event_target_value(&ev)))>
                    <option value="">"Every kind"</option>
                    {CiKind::ALL.into_iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
                </select>
            </div>
            <ActStatus act=retire />
            <CatalogueTable labelled_by="items-title" first="Item" columns rows on_edit
                retire_change=|id| Change::RetireCi(CiId(id)) retire />
            <Show when=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <form class="panel catalogue__form" on:submit=save aria-labelledby="ci-form-title">
                    <h3 class="panel__title" id="ci-form-title">
                        {move || match editing.get() {
                            Some(id) => format!("Edit the configuration item {id}"),
                            None => "Add a configuration item".to_owned(),
                        }}
                    </h3>
                    <TextField act field="name" id="ci-name" label="Name" value=name />
                    <Show when=move || editing.with(Option::is_none)>
                        <TextField act field="id" id="ci-id" label="Id" value=id
                            help="Short, for links and files. Left empty, it is made from the name." />
                    </Show>
                    <div class="field">
                        <label class="field__label" for="ci-kind">"Kind"</label>
                        <select class="field__input" id="ci-kind" on:change=move |ev| {
                            if let Some(k) = kind_from(&event_target_value(&ev)) { kind.set(k) }
                        }>
                            {CiKind::ALL.into_iter().map(|k| view! {
                                <option value=k.label() prop:selected=move || kind.get() == k>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field__label" for="ci-service">"Service"</label>
                        <select class="field__input" id="ci-service" aria-describedby=Act::error_id("service")
                            aria-invalid=move || act.invalid("service")
                            on:change=move |ev| service.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || service.with(String::is_empty)>"No service"</option>
                            {move || services.get().into_iter().map(|(sid, sname)| {
                                let value = sid.0.clone();
                                view! { <option value=sid.0 prop:selected=move || service.with(|s| *s == value)>{sname}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError act field="service" />
                    </div>
                    <TextField act field="version" id="ci-version" label="Version in use" value=version
                        help="Free text: 4.2.1, rev B, 2026 edition." />
                    <div class="catalogue__buttons">
                        <button class="button" type="submit" disabled=move || act.busy.get()>
                            {move || if editing.with(Option::is_some) { "Save the item" } else { "Add the item" }}
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
