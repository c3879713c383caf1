//! [`RecordForm`]: a form declared as data — options and a list of field specs — with its
//! submit button and the outcome of its action under it.

use leptos::html;
use leptos::prelude::*;

use super::field::{Field, FieldSpec};
use crate::domain::ReleaseId;
use crate::ui::act::{act_status, Act};

/// What a [`RecordForm`] needs besides its fields.
#[derive(Clone)]
pub struct FormOptions {
    /// The form's action: busy, saved, refused.
    pub act: Act,
    /// The form's key, the first part of every field's id (`service`, `policy` …).
    pub key: &'static str,
    /// The form's accessible name.
    pub name: Signal<String>,
    /// Show the name as the form's heading (an `h3`) as well.
    pub heading: bool,
    /// The submit button's label.
    pub submit: Signal<String>,
    /// The form's class.
    pub class: &'static str,
    /// The release the missing items of a refusal link to.
    pub release: Option<ReleaseId>,
    /// A help text above the fields.
    pub note: Option<Signal<String>>,
    /// While this holds every input and button of the form is disabled (for people who
    /// may read but not change what it shows).
    pub locked: Option<Signal<bool>>,
    /// The browser does not check the fields itself (the form says what is wrong in its own
    /// words, under each field).
    pub novalidate: bool,
}

impl FormOptions {
    /// A form keyed `key`, named `name`, whose button says `submit`.
    pub fn new(
        act: Act,
        key: &'static str,
        name: impl Into<String>,
        submit: impl Into<String>,
    ) -> FormOptions {
        FormOptions {
            act,
            key,
            name: Signal::stored(name.into()),
            heading: false,
            submit: Signal::stored(submit.into()),
            class: "form",
            release: None,
            note: None,
            locked: None,
            novalidate: false,
        }
    }

    /// With the name shown as a heading.
    pub fn heading(mut self) -> FormOptions {
        self.heading = true;
        self
    }

    /// With this class on the form.
    pub fn class(mut self, class: &'static str) -> FormOptions {
        self.class = class;
        self
    }

    /// With refusals linking to this release's sections.
    pub fn release(mut self, release: ReleaseId) -> FormOptions {
        self.release = Some(release);
        self
    }

    /// Checked by the form's own words only, not the browser's.
    pub fn novalidate(mut self) -> FormOptions {
        self.novalidate = true;
        self
    }

    /// Disabled while `locked` holds.
    pub fn locked(mut self, locked: Signal<bool>) -> FormOptions {
        self.locked = Some(locked);
        self
    }

    /// A form that adds a `noun` ("task") or edits the one chosen: named by `name` (which
    /// says which is edited), its button "Save the task" while `editing` holds, else "Add
    /// the task".
    pub fn add_or_edit(
        mut self,
        name: Signal<String>,
        editing: Signal<bool>,
        noun: &'static str,
    ) -> FormOptions {
        self.name = name;
        self.submit = Signal::derive(move || {
            let verb = if editing.get() {
                "Save the "
            } else {
                "Add the "
            };
            [verb, noun].concat()
        });
        self
    }

    /// With a help text above the fields.
    pub fn note(mut self, note: impl Into<Signal<String>>) -> FormOptions {
        self.note = Some(note.into());
        self
    }
}

/// A form opened from a button (`components::release::opener`), provided to the forms in
/// it: once one is saved, the form closes, the focus returns to the button and the
/// confirmation ("Saved.") stays beside it, where the person acted.
#[derive(Clone, Copy)]
pub struct Opened {
    /// The form is shown.
    pub open: RwSignal<bool>,
    /// The last confirmation, shown by the button.
    pub said: RwSignal<Option<String>>,
    /// The button opening the form.
    pub button: NodeRef<html::Button>,
}

impl Opened {
    /// `act` was saved: close the form, keep its confirmation by the button and give the
    /// button the focus.
    pub fn saved(self, act: Act) {
        self.said.set(act.done.get_untracked());
        self.open.set(false);
        if let Some(button) = self.button.get_untracked() {
            let _ = button.focus();
        }
    }
}

/// A form: its fields in order, then `extra`, then the submit button (disabled while the
/// action runs) with `actions` beside it, then the action's outcome.
#[component]
pub fn RecordForm(
    /// Key, name, submit label, action.
    options: FormOptions,
    /// The fields, in order.
    fields: Vec<FieldSpec>,
    /// Runs on submit (the browser's own submit is prevented).
    on_submit: Callback<()>,
    /// Something particular to this form between the fields and the button.
    #[prop(optional)]
    extra: Option<AnyView>,
    /// More buttons beside the submit button (such as Cancel).
    #[prop(optional)]
    actions: Option<AnyView>,
) -> impl IntoView {
    let FormOptions {
        act,
        key,
        name,
        heading,
        submit,
        class,
        release,
        note,
        locked,
        novalidate,
    } = options;
    // Opened from a button: closes once saved (not on what an earlier opening said).
    if let Some(opened) = use_context::<Opened>() {
        super::effect(move |before| {
            if act.done.with(Option::is_some) && before.is_some() {
                opened.saved(act);
            }
        });
    }
    let body = view! {
        {heading.then(|| view! { <h3 class="panel__title">{move || name.get()}</h3> })}
        {note.map(|note| view! { <p class="field__help">{move || note.get()}</p> })}
        {fields.into_iter().map(|spec| view! { <Field act form=key spec /> }).collect_view()}
        {extra}
        <div class="form__buttons">
            <button class="button" type="submit" disabled=move || act.busy.get()>{move || submit.get()}</button>
            {actions}
        </div>
        {act_status(act, release)}
    }
    .into_any();
    let body = match locked {
        Some(locked) => view! {
            <fieldset class="form__all" disabled=move || locked.get()>
                <legend class="visually-hidden">{move || name.get()}</legend>
                {body}
            </fieldset>
        }
        .into_any(),
        None => body,
    };
    view! {
        <form class=class aria-label=move || name.get() novalidate=novalidate
            on:submit=move |ev| { ev.prevent_default(); on_submit.run(()) }>
            {body}
        </form>
    }
}
