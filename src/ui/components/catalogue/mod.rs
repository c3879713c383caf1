//! The catalogue's tabs: services, environments, configuration items, release policies and
//! people, each a table with a form to add or edit an entry and buttons to retire one.
//!
//! Each tab holds one form; its fields' ids start with the form's key (`service-name`).

pub mod environments;
pub mod items;
pub mod policies;
pub mod services;

use crate::domain::order;
use leptos::prelude::*;

use crate::domain::{Change, EnvironmentId, ServiceId};
use crate::ui::act::{may, me, Act};
use crate::ui::desk::Desk;
use crate::ui::kit::{editor::reveal, effect};
use crate::ui::published::{published, READ_ONLY};
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// One tab of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Services and what is deployed where.
    Services,
    /// Target environments.
    Environments,
    /// Configuration items of every kind.
    Items,
    /// Release policies, one per service.
    Policies,
    /// The people of the book and their roles.
    People,
}

impl Tab {
    /// Every tab, in the order shown.
    pub const ALL: [Tab; 5] = [
        Tab::Services,
        Tab::Environments,
        Tab::Items,
        Tab::Policies,
        Tab::People,
    ];

    /// The tab's segment in the address: `#/catalogue/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Services => "services",
            Tab::Environments => "environments",
            Tab::Items => "items",
            Tab::Policies => "policies",
            Tab::People => "people",
        }
    }

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Services => "Services",
            Tab::Environments => "Environments",
            Tab::Items => "Configuration items",
            Tab::Policies => "Release policies",
            Tab::People => "People",
        }
    }

    /// The tab a segment names; none or an unknown one shows the services.
    pub fn from_slug(slug: Option<&str>) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| Some(t.slug()) == slug)
            .unwrap_or(Tab::Services)
    }

    /// The link to the tab.
    pub fn href(self) -> String {
        Route::to(Page::Catalogue).with_segment(self.slug()).href()
    }
}

/// Whether the person at this browser may change the catalogue (release managers and
/// change managers; the domain checks it again).
pub fn may_manage() -> Signal<bool> {
    let me = me();
    Signal::derive(move || {
        may(
            me.get().as_ref(),
            &Change::RetireService(ServiceId::default()),
        )
    })
}

/// Shown instead of the forms to people who may not change the catalogue.
#[component]
pub fn ManageNote() -> impl IntoView {
    if published() {
        return view! { <p class="catalogue__note">{READ_ONLY}</p> }.into_any();
    }
    view! {
        <p class="catalogue__note">
            "Only a release manager or a change manager / CAB may change the catalogue. "
            "Choose who you are with “Acting as” at the top of the page."
        </p>
    }
    .into_any()
}

/// The id of the entry being saved: the edited entry's, else the one typed, else one made
/// from the name.
pub fn new_id(editing: Option<String>, id: RwSignal<String>, name: RwSignal<String>) -> String {
    editing.unwrap_or_else(|| {
        let typed = id.get_untracked().trim().to_owned();
        if typed.is_empty() {
            slug_of(&name.get_untracked())
        } else {
            typed
        }
    })
}

/// A field's value without the spaces around it.
pub fn trimmed(value: RwSignal<String>) -> String {
    value.get_untracked().trim().to_owned()
}

/// One row of a catalogue table: the entry's name and id, then its other cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The entry's id.
    pub id: String,
    /// The entry's name.
    pub name: String,
    /// The other cells, in the columns' order.
    pub cells: Vec<String>,
    /// Retired entries offer no edit and no retire.
    pub retired: bool,
}

/// A catalogue table, turning into cards when its box is narrow (each cell labelled by its
/// column, `data-label`), with an Edit and a Retire button per active entry for those who
/// may change the catalogue. One component for every tab keeps the bundle small.
#[component]
pub fn CatalogueTable(
    /// The element id of the heading that names the table.
    labelled_by: &'static str,
    /// The heading of the name column.
    first: &'static str,
    /// The headings of the other cells.
    #[prop(into)]
    columns: Signal<Vec<String>>,
    /// The rows.
    #[prop(into)]
    rows: Signal<Vec<Row>>,
    /// Loads an entry (by id) into the tab's form.
    on_edit: Callback<String>,
    /// The command that retires an entry (by id).
    retire_change: fn(String) -> Change,
    /// The retire action, whose outcome the tab shows.
    retire: Act,
) -> impl IntoView {
    let manage = may_manage();
    let found = found_entry(move || rows.with(|r| !r.is_empty()));
    let row = move |columns: &[String],
                    Row {
                        id,
                        name,
                        cells,
                        retired,
                    }: Row| {
        let label = name.clone();
        let key = id.clone();
        let row_id = format!("entry-{id}");
        let this = id.clone();
        let is_found = move || found.with(|f| f.as_deref() == Some(this.as_str()));
        let actions = move || {
            (manage.get() && !retired).then(|| {
                let (edit, gone, label) = (key.clone(), key.clone(), label.clone());
                view! {
                    <button class="button button--secondary" type="button" on:click=move |_| on_edit.run(edit.clone())>
                        "Edit "<span class="visually-hidden">{label.clone()}</span>
                    </button>
                    <button class="button button--secondary" type="button" disabled=move || retire.busy.get()
                        on:click=move |_| retire.run_saying(retire_change(gone.clone()), "Retired.", |_| {})>
                        "Retire "<span class="visually-hidden">{label}</span>
                    </button>
                }
            })
        };
        view! {
            <tr id=row_id class:catalogue__found=is_found>
                <th scope="row">{name}<span class="catalogue__id">{id}</span></th>
                {cells.into_iter().zip(columns.iter().cloned()).map(|(c, label)| view! { <td data-label=label>{c}</td> }).collect_view()}
                <td data-label="Status">{if retired { "retired" } else { "active" }}</td>
                <td class="catalogue__actions">{actions}</td>
            </tr>
        }
    };
    view! {
        <div class="catalogue__scroll cards-box" role="region" aria-labelledby=labelled_by>
            <table class="catalogue__table cards">
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        {move || columns.get().into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                        <th scope="col">"Status"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{move || {
                    let columns = columns.get();
                    rows.get().into_iter().map(|r| row(&columns, r)).collect_view()
                }}</tbody>
            </table>
        </div>
    }
}

/// The entry the address names (`?entry=<id>`, where a search result links): its row
/// (element id `entry-<id>`) is marked, scrolled into view and focused once `shown` (the
/// book has opened and the rows are there).
pub fn found_entry(shown: impl Fn() -> bool + 'static) -> Memo<Option<String>> {
    let state = AppState::expect();
    let wanted = Memo::new(move |_| state.route.with(|r| r.param("entry").map(str::to_owned)));
    effect(move |_| {
        if let (Some(id), true) = (wanted.get(), shown()) {
            request_animation_frame(move || reveal(&format!("entry-{id}")));
        }
    });
    wanted
}

/// An id from a name: "Payments API" → `payments-api`.
pub fn slug_of(name: &str) -> String {
    crate::ui::components::people_panel::person_id(name)
}

/// The environments in use (not retired), in promotion order: `(order, id, name)`.
pub fn environments_in_use(desk: Desk) -> Memo<Vec<(u32, EnvironmentId, String)>> {
    Memo::new(move |_| {
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
    })
}

/// A catalogue tab: its heading (with the id `<key>-title` the tab's table is labelled by),
/// the help under it, then `body`.
pub fn tab(key: &'static str, title: &'static str, help: &'static str, body: AnyView) -> AnyView {
    let title_id = format!("{key}-title");
    view! {
        <section class="catalogue__tab" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{title}</h2>
            <p class="catalogue__help">{help}</p>
            {body}
        </section>
    }
    .into_any()
}
