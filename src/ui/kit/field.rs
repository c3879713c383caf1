//! [`Field`]: one labelled input with its help and the domain's error for it, under the
//! one id scheme of the app, and [`FieldSpec`], the data a form declares it with.
//!
//! Ids: the input is `<form key>-<field>`, its help `<input id>-help`, its error
//! `<input id>-error`; the input names both in `aria-describedby`, and `aria-invalid` is set
//! while the form's [`Act`] holds an error for the field.

use leptos::prelude::*;

use super::when::When;
use crate::ui::act::Act;

/// The kind of input a field shows.
#[derive(Clone)]
pub enum Input {
    /// A one-line text input.
    Text,
    /// An `<input>` of another type: `date`, `datetime-local`, `url`, `password`, `number`,
    /// `email`.
    Kind(&'static str),
    /// A multi-line text area.
    Area,
    /// A choice among options, each `(value, label)`.
    Select(Signal<Vec<(String, String)>>),
    /// A checkbox; its value is `"true"` when ticked and empty when not.
    Check,
}

/// One field of a form, as data: the domain's name of the field, its label, its input and
/// the value typed.
#[derive(Clone)]
pub struct FieldSpec {
    /// The field's name as the domain names it in its errors (`name`, `version` …).
    pub field: &'static str,
    /// The label.
    pub label: &'static str,
    /// The input.
    pub input: Input,
    /// The value typed (for a checkbox, `"true"` or empty).
    pub value: RwSignal<String>,
    /// A help text under the label.
    pub help: Option<&'static str>,
    /// A placeholder in the empty input.
    pub placeholder: Option<&'static str>,
    /// The input must be filled.
    pub required: bool,
    /// While this is false the field is not shown (none: always shown).
    pub shown: Option<Signal<bool>>,
}

impl FieldSpec {
    /// A field with `input`.
    pub fn new(
        field: &'static str,
        label: &'static str,
        input: Input,
        value: RwSignal<String>,
    ) -> FieldSpec {
        FieldSpec {
            field,
            label,
            input,
            value,
            help: None,
            placeholder: None,
            required: false,
            shown: None,
        }
    }

    /// A one-line text field.
    pub fn text(field: &'static str, label: &'static str, value: RwSignal<String>) -> FieldSpec {
        FieldSpec::new(field, label, Input::Text, value)
    }

    /// An input of another type (`date`, `datetime-local`, `url`, `number` …).
    pub fn kind(
        field: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        kind: &'static str,
    ) -> FieldSpec {
        FieldSpec::new(field, label, Input::Kind(kind), value)
    }

    /// A multi-line text field.
    pub fn area(field: &'static str, label: &'static str, value: RwSignal<String>) -> FieldSpec {
        FieldSpec::new(field, label, Input::Area, value)
    }

    /// A choice among `options`, each `(value, label)`; a fixed list or a signal of one.
    pub fn select(
        field: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        options: impl Into<Signal<Vec<(String, String)>>>,
    ) -> FieldSpec {
        FieldSpec::new(field, label, Input::Select(options.into()), value)
    }

    /// A checkbox.
    pub fn check(field: &'static str, label: &'static str, value: RwSignal<String>) -> FieldSpec {
        FieldSpec::new(field, label, Input::Check, value)
    }

    /// With a help text under the label.
    pub fn help(mut self, help: &'static str) -> FieldSpec {
        self.help = Some(help);
        self
    }

    /// With a placeholder.
    pub fn placeholder(mut self, placeholder: &'static str) -> FieldSpec {
        self.placeholder = Some(placeholder);
        self
    }

    /// The input must be filled.
    pub fn required(mut self) -> FieldSpec {
        self.required = true;
        self
    }

    /// Shown only while `shown` holds.
    pub fn shown(mut self, shown: impl Fn() -> bool + Send + Sync + 'static) -> FieldSpec {
        self.shown = Some(Signal::derive(shown));
        self
    }
}

/// The element id of a field's input: `<form key>-<field>`.
pub fn input_id(key: &str, field: &str) -> String {
    format!("{key}-{field}")
}

/// One field: its label, its input, its help and the domain's error for it.
#[component]
pub fn Field(
    /// The form's action, whose error may concern this field.
    act: Act,
    /// The form's key, the first part of every id in it.
    #[prop(into)]
    form: String,
    /// The field.
    spec: FieldSpec,
) -> impl IntoView {
    match spec.shown {
        Some(shown) => view! {
            <When cond=shown>{field_view(act, &form, spec.clone())}</When>
        }
        .into_any(),
        None => field_view(act, &form, spec),
    }
}

/// The field's markup (without its `shown` condition).
fn field_view(act: Act, form: &str, spec: FieldSpec) -> AnyView {
    let FieldSpec {
        field,
        label,
        input,
        value,
        help,
        placeholder,
        required,
        shown: _,
    } = spec;
    let id = input_id(form, field);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = match help {
        Some(_) => format!("{help_id} {error_id}"),
        None => error_id.clone(),
    };
    let invalid = move || act.invalid(field);
    let set = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let line = |kind: &'static str| {
        view! {
            <input class="field__input" id=id.clone() type=kind placeholder=placeholder required=required
                aria-invalid=invalid aria-describedby=described.clone()
                prop:value=move || value.get() on:input=set />
        }
        .into_any()
    };
    let control = match input {
        Input::Text => line("text"),
        Input::Kind(kind) => line(kind),
        Input::Area => view! {
            <textarea class="field__input" id=id.clone() rows="3" placeholder=placeholder required=required
                aria-invalid=invalid aria-describedby=described
                prop:value=move || value.get() on:input=set></textarea>
        }
        .into_any(),
        Input::Select(options) => view! {
            <select class="field__input" id=id.clone() required=required
                aria-invalid=invalid aria-describedby=described on:change=set
                prop:value=move || { options.track(); value.get() }>
                {move || options.get().into_iter().map(|(v, l)| {
                    let chosen = v.clone();
                    view! { <option value=v prop:selected=move || value.with(|c| *c == chosen)>{l}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Check => {
            return view! {
                <div class="field field--check">
                    <input id=id.clone() type="checkbox" aria-invalid=invalid aria-describedby=described
                        prop:checked=move || value.with(|v| v == "true")
                        on:change=move |ev| value.set(if event_target_checked(&ev) { "true".to_owned() } else { String::new() }) />
                    <label for=id>{label}</label>
                    {help.map(|text| view! { <p class="field__help" id=help_id>{text}</p> })}
                    <p class="field__error" id=error_id role="alert">{move || act.field_error(field)}</p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {help.map(|text| view! { <p class="field__help" id=help_id>{text}</p> })}
            {control}
            <p class="field__error" id=error_id role="alert">{move || act.field_error(field)}</p>
        </div>
    }
    .into_any()
}
