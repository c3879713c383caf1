//! [`RecordForm`]: a form declared as data — options and a list of field specs — with its
//! submit button and the outcome of its action under it.

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

    /// With a help text above the fields.
    pub fn note(mut self, note: impl Into<Signal<String>>) -> FormOptions {
        self.note = Some(note.into());
        self
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
    } = options;
    view! {
        <form class=class aria-label=move || name.get()
            on:submit=move |ev| { ev.prevent_default(); on_submit.run(()) }>
            {heading.then(|| view! { <h3 class="panel__title">{move || name.get()}</h3> })}
            {note.map(|note| view! { <p class="field__help">{move || note.get()}</p> })}
            {fields.into_iter().map(|spec| view! { <Field act form=key spec /> }).collect_view()}
            {extra}
            <div class="form__buttons">
                <button class="button" type="submit" disabled=move || act.busy.get()>{move || submit.get()}</button>
                {actions}
            </div>
            {act_status(act, release)}
        </form>
    }
}
