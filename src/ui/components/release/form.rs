//! The release page's own labelled fields and forms, until every form is on the UI kit
//! (`src/ui/kit/`): a text field ([`TextField`]), an input by type ([`text_input`]), and a
//! form from a list of fields ([`form`]).

use leptos::prelude::*;

use super::labels::{status_label, STATUSES};
use crate::domain::ReleaseId;
use crate::ui::act::{Act, ActStatus};
use crate::ui::components::kit::dy;

/// A part of a view rebuilt when what it reads changes (see [`crate::ui::components::kit::Dyn`]).
pub use crate::ui::components::kit::Dyn;

/// Reactive text, one type for all of it (see [`Dyn`]).
pub type Text = Box<dyn Fn() -> String + Send>;

/// `view` while `cond` holds; rebuilt only when `cond` changes (a `Show` of one type).
pub fn when(cond: Box<dyn Fn() -> bool + Send + Sync>, view: Dyn) -> Dyn {
    let shown = Memo::new(move |_| cond());
    Box::new(move || if shown.get() { view() } else { ().into_any() })
}

/// A field's error from the domain, under the field, with a page-unique id.
#[component]
pub fn FieldNote(
    /// The action whose error is shown.
    act: Act,
    /// The domain's field name.
    field: &'static str,
    /// The element id (the input's `aria-describedby`).
    id: String,
) -> impl IntoView {
    view! { <p class="field__error" id=id role="alert">{dy(move || (act.field_error(field)).into_any())}</p> }
}

/// A labelled text input or textarea with its help line and its error from the domain
/// (shown right under it and linked by `aria-describedby`).
#[component]
pub fn TextField(
    /// The element id; unique on the page.
    id: &'static str,
    /// The label, in ITIL words.
    label: &'static str,
    /// The value edited.
    value: RwSignal<String>,
    /// The action whose errors are shown.
    act: Act,
    /// The field's name as the domain names it in its errors.
    #[prop(optional)]
    field: &'static str,
    /// One line of help under the label.
    #[prop(optional)]
    help: &'static str,
    /// A textarea rather than one line.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = if help.is_empty() {
        error_id.clone()
    } else {
        format!("{help_id} {error_id}")
    };
    let invalid = move || (!field.is_empty()).then(|| act.invalid(field)).flatten();
    let input = move |ev| value.set(event_target_value(&ev));
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {(!help.is_empty()).then(|| view! { <p class="field__help" id=help_id>{help}</p> }.into_any())}
            {if multiline {
                view! {
                    <textarea class="field__input" id=id rows="3" aria-describedby=described.clone()
                        aria-invalid=invalid prop:value=move || value.get() on:input=input></textarea>
                }.into_any()
            } else {
                view! {
                    <input class="field__input" id=id type="text" aria-describedby=described.clone()
                        aria-invalid=invalid prop:value=move || value.get() on:input=input />
                }.into_any()
            }}
            <p class="field__error" id=error_id role="alert">
                {dy(move || ((!field.is_empty()).then(|| act.field_error(field)).flatten()).into_any())}
            </p>
        </div>
    }
}

/// A labelled input of type `kind` (or a textarea for "area") bound to `value`, with the domain's error under it.
pub fn text_input(
    act: Act,
    id: String,
    label: String,
    field: &'static str,
    value: RwSignal<String>,
    kind: &'static str,
) -> AnyView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let input = if kind == "area" {
        view! {
            <textarea class="field__input" id=id.clone() rows="2" aria-invalid=move || act.invalid(field)
                aria-describedby=described prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input class="field__input" id=id.clone() type=kind aria-invalid=move || act.invalid(field)
                aria-describedby=described prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev)) />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {input}
            <FieldNote act field id=error_id />
        </div>
    }
    .into_any()
}

/// How a [`Field`] is entered.
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    Area,
    /// One of these `(value, label)` options.
    Select(Vec<(String, String)>),
    /// A tick box: the value is "true" or empty.
    Check,
}

/// One field of a [`form`]: the domain's field name, its label, how it is entered, and its
/// value (as text; the form's submit reads and converts it).
pub struct Field(
    pub &'static str,
    pub &'static str,
    pub Input,
    pub RwSignal<String>,
);

/// The options of an entry status `<select>`.
pub fn status_input() -> Input {
    Input::Select(
        STATUSES
            .into_iter()
            .map(|s| (status_label(s).to_owned(), status_label(s).to_owned()))
            .collect(),
    )
}

/// A form from its fields: every form of these sections is this one view (the wasm size
/// budget), each field labelled, with the domain's error under it.
#[allow(clippy::too_many_arguments)] // Each is one plain part of the form.
pub fn form(
    act: Act,
    key: &str,
    name: String,
    fields: Vec<Field>,
    extra: Option<Text>,
    submit_label: &'static str,
    release: ReleaseId,
    submit: Box<dyn Fn() + Send>,
) -> AnyView {
    let inputs = fields
        .into_iter()
        .map(|Field(field, label, input, value)| {
            let id = format!("{key}-{field}");
            match input {
                Input::Text => text_input(act, id, label.into(), field, value, "text"),
                Input::Area => text_input(act, id, label.into(), field, value, "area"),
                Input::Select(options) => {
                    let chosen = value.get_untracked();
                    let error_id = format!("{id}-error");
                    view! {
                        <div class="field">
                            <label class="field__label" for=id.clone()>{label}</label>
                            <select class="field__input" id=id aria-describedby=error_id.clone()
                                on:change=move |ev| value.set(event_target_value(&ev))>
                                {options.into_iter().map(|(v, l)| ({
                                    let selected = v == chosen;
                                    view! { <option value=v selected=selected>{l}</option> }
                                }).into_any()).collect_view()}
                            </select>
                            <FieldNote act field id=error_id />
                        </div>
                    }
                    .into_any()
                }
                Input::Check => view! {
                    <label class="ops__check" for=format!("{key}-{field}")>
                        <input type="checkbox" id=id prop:checked=!value.get_untracked().is_empty()
                            on:change=move |ev| value.set(if event_target_checked(&ev) { "true".into() } else { String::new() }) />
                        {label}
                    </label>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <form class="ops__form" aria-label=name on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }>
            {inputs}
            <p class="ops__help" aria-live="polite">{extra}</p>
            <button class="button" type="submit" prop:disabled=act.busy>{submit_label}</button>
            <ActStatus act release />
        </form>
    }
    .into_any()
}
