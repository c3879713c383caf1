//! The configuration items tab: items of every kind (software, assets, documentation,
//! processes, training, contracts), shown by kind, with a form to add or edit one and
//! retiring (refused while an active release package carries it).

use crate::domain::order;
use leptos::prelude::*;

use super::{may_manage, new_id, tab, trimmed, CatalogueTable, ManageNote, Row};
use crate::domain::{Change, CiId, CiKind, ConfigurationItem, ServiceId};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Editor, EntryEditor, EntrySpec, FieldSpec, When};

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
                .map(|s| (s.id.0.clone(), s.name.clone()))
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
            order::sort_by(&mut list, |a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
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
    let choices = Signal::derive(move || {
        let mut list = vec![(String::new(), "No service".to_owned())];
        list.extend(services.get());
        list
    });
    let kinds: Vec<(String, String)> = CiKind::ALL
        .into_iter()
        .map(|k| (k.label().to_owned(), k.label().to_owned()))
        .collect();
    let retire = Act::new();
    let editing = RwSignal::new(None::<String>);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(CiKind::Software.label().to_owned());
    let service = RwSignal::new(String::new());
    let version = RwSignal::new(String::new());
    let load = move |key: &str| {
        desk.engine
            .with_untracked(|e| {
                e.book().cis.get(&CiId(key.to_owned())).map(|ci| {
                    id.set(ci.id.0.clone());
                    name.set(ci.name.clone());
                    kind.set(ci.kind.label().to_owned());
                    service.set(ci.service.as_ref().map(|s| s.0.clone()).unwrap_or_default());
                    version.set(ci.version.clone());
                })
            })
            .is_some()
    };
    let build = move |was: Option<String>| {
        let ci_id = CiId(new_id(was, id, name));
        let chosen = service.get_untracked();
        Ok(Change::Ci(ConfigurationItem {
            id: ci_id,
            name: trimmed(name),
            kind: kind
                .with_untracked(|k| kind_from(k))
                .unwrap_or(CiKind::Software),
            service: (!chosen.is_empty()).then_some(ServiceId(chosen)),
            version: trimmed(version),
            retired: false,
        }))
    };
    let editor = Editor::new(
        editing,
        EntrySpec {
            key: "ci",
            add_title: "Add a configuration item",
            edit_title: "Edit the configuration item",
            add: "Add the item",
            save: "Save the item",
            fields: vec![
                FieldSpec::text("name", "Name", name),
                FieldSpec::text("id", "Id", id)
                    .help("Short, for links and files. Left empty, it is made from the name.")
                    .shown(move || editing.with(Option::is_none)),
                FieldSpec::select("kind", "Kind", kind, kinds),
                FieldSpec::select("service", "Service", service, choices),
                FieldSpec::text("version", "Version in use", version)
                    .help("Free text: 4.2.1, rev B, 2026 edition."),
            ],
            load: Box::new(load),
            build: Box::new(build),
        },
    );
    let on_edit = Callback::new(move |id: String| editor.edit(id));

    let body = view! {
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
            <When cond=move || manage.get() fallback=|| view! { <ManageNote /> }>
                <EntryEditor editor />
            </When>
    }
    .into_any();
    tab(
        "items",
        "Configuration items",
        "Everything a release package may carry: applications, virtual and physical assets, documentation, processes, training, contracts and agreements.",
        body,
    )
}
