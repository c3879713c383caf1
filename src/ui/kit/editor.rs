//! [`EntryEditor`]: the form that adds a catalogue entry or edits one — its fields, how an
//! entry fills them ([`EntrySpec::load`]) and how they become the change to send
//! ([`EntrySpec::build`]) — with the "new or editing" state and a Cancel.

use leptos::prelude::*;

use super::field::{input_id, FieldSpec};
use super::form::{FormOptions, RecordForm};
use super::when::When;
use crate::domain::Change;
use crate::ui::act::Act;

/// Fills the fields from the entry with this id; false when there is none.
pub type Load = Box<dyn Fn(&str) -> bool + Send + Sync>;

/// Builds the change from the fields, given the id of the entry being edited (none for a
/// new one); a refusal names the field it concerns and says why.
pub type Build =
    Box<dyn Fn(Option<String>) -> Result<Change, (&'static str, String)> + Send + Sync>;

/// One kind of catalogue entry as its editor sees it.
pub struct EntrySpec {
    /// The form's key, the first part of its fields' ids (`service`).
    pub key: &'static str,
    /// The form's heading for a new entry ("Add a service").
    pub add_title: &'static str,
    /// The heading while editing, before the entry's id ("Edit the service").
    pub edit_title: &'static str,
    /// The button for a new entry ("Add the service").
    pub add: &'static str,
    /// The button while editing ("Save the service").
    pub save: &'static str,
    /// The fields, in order; the first gets the focus when an entry is loaded.
    pub fields: Vec<FieldSpec>,
    /// Fills the fields from an existing entry.
    pub load: Load,
    /// Turns the fields into the change to send.
    pub build: Build,
}

/// An entry editor's state: its action, which entry it edits, and its spec. Copy, so a
/// table's Edit buttons can call [`edit`](Self::edit).
#[derive(Clone, Copy)]
pub struct Editor {
    /// The save action.
    pub act: Act,
    /// The id of the entry being edited; none while adding one.
    pub editing: RwSignal<Option<String>>,
    spec: StoredValue<EntrySpec>,
    /// Every field's value as it was made, restored by [`reset`](Self::reset).
    defaults: StoredValue<Vec<(RwSignal<String>, String)>>,
}

impl Editor {
    /// The editor of `spec`; `editing` is shared with fields shown only for new entries.
    pub fn new(editing: RwSignal<Option<String>>, spec: EntrySpec) -> Editor {
        let defaults = spec
            .fields
            .iter()
            .map(|f| (f.value, f.value.get_untracked()))
            .collect();
        Editor {
            act: Act::new(),
            editing,
            spec: StoredValue::new(spec),
            defaults: StoredValue::new(defaults),
        }
    }

    /// Load the entry `id` into the form and put the focus on its first field.
    pub fn edit(self, id: String) {
        let (found, first) = self.spec.with_value(|spec| {
            let first = spec.fields.first().map(|f| input_id(spec.key, f.field));
            ((spec.load)(&id), first)
        });
        if !found {
            return;
        }
        self.act.error.set(None);
        self.act.done.set(None);
        self.editing.set(Some(id));
        if let Some(first) = first {
            focus(&first);
        }
    }

    /// Back to adding a new entry, every field as it was made.
    pub fn reset(self) {
        self.editing.set(None);
        self.defaults.with_value(|defaults| {
            for (value, default) in defaults {
                value.set(default.clone());
            }
        });
    }

    /// Send the change the fields make, or show why not. A new entry goes through the
    /// domain's duplicate-id rule ([`Act::run_new`]); an edit keeps its id.
    pub fn save(self) {
        let editing = self.editing.get_untracked();
        let adding = editing.is_none();
        let built = self.spec.with_value(|spec| (spec.build)(editing));
        match built {
            Ok(change) if adding => self.act.run_new(change, move |_| self.reset()),
            Ok(change) => self.act.run(change, move |_| self.reset()),
            Err((field, message)) => self.act.refuse(field, message),
        }
    }
}

/// The form of an [`Editor`]: "Add a …" or "Edit the … <id>", its fields, and Cancel while
/// editing.
#[component]
pub fn EntryEditor(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let (key, add_title, edit_title, add, save, fields) = editor.spec.with_value(|s| {
        (
            s.key,
            s.add_title,
            s.edit_title,
            s.add,
            s.save,
            s.fields.clone(),
        )
    });
    let editing = editor.editing;
    let options = FormOptions {
        name: Signal::derive(move || match editing.get() {
            Some(id) => format!("{edit_title} {id}"),
            None => add_title.to_owned(),
        }),
        submit: Signal::derive(move || {
            if editing.with(Option::is_some) {
                save
            } else {
                add
            }
            .to_owned()
        }),
        ..FormOptions::new(editor.act, key, "", "")
            .heading()
            .class("panel catalogue__form")
    };
    let cancel = view! {
        <When cond=move || editing.with(Option::is_some)>
            <button class="button button--secondary" type="button" on:click=move |_| editor.reset()>"Cancel editing"</button>
        </When>
    }
    .into_any();
    view! {
        <RecordForm options fields on_submit=Callback::new(move |()| editor.save()) actions=cancel />
    }
}

/// Scroll the element `id` into view and move the keyboard focus to it (focusable by
/// script only, `tabindex="-1"`): where a link to a part of a page leads.
pub fn reveal(id: &str) {
    let Some(element) = document().get_element_by_id(id) else {
        return;
    };
    element.scroll_into_view();
    if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
        let _ = element.set_attribute("tabindex", "-1");
        let _ = element.focus();
    }
}

/// Move the keyboard focus to the element `id`.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
