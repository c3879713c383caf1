//! The labelled `<select>` the list's filters and the new-release wizard share, with its
//! hint. One component for every use
//! keeps the bundle small: each distinct view costs the browser bundle its own code.

use leptos::prelude::*;

use crate::ui::kit::dy;

/// A labelled `<select>` of `(value, text)` options.
#[component]
pub fn Choice(
    /// The element id, for its label.
    id: &'static str,
    /// The label.
    label: &'static str,
    /// A sentence under the field, if any.
    #[prop(optional)]
    hint: &'static str,
    /// The options: value and the text shown.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the newly chosen value.
    on_change: Callback<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select class="field__input" id=id aria-describedby=hint_id.clone()
                on:change=move |ev| on_change.run(event_target_value(&ev))>
                {dy(move || (options.get().into_iter().map(|(v, text)| ({
                    let mine = v.clone();
                    view! { <option value=v prop:selected=move || value.with(|c| *c == mine)>{text}</option> }
                }).into_any()).collect_view()).into_any())}
            </select>
            <p class="field__hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// The three choices of a rollout approach (rollout, delivery, automation), as the
/// new-release wizard and the release policy's default both offer them.
#[component]
pub fn ApproachChoices(
    /// The approach shown.
    #[prop(into)]
    value: Signal<crate::domain::Approach>,
    /// Called with the approach after one choice changed.
    on_change: Callback<crate::domain::Approach>,
) -> impl IntoView {
    crate::domain::templates::APPROACHES
        .into_iter()
        .map(|(id, label, help, [first, second], get, set)| {
            (view! {
                <Choice id label hint=help
                    options=Signal::derive(move || vec![(first.to_owned(), first.to_owned()), (second.to_owned(), second.to_owned())])
                    value=Signal::derive(move || if value.with(get) { second } else { first }.to_owned())
                    on_change=Callback::new(move |v: String| {
                        let mut approach = value.get_untracked();
                        set(&mut approach, v == second);
                        on_change.run(approach);
                    }) />
            })
            .into_any()
        })
        .collect_view()
}
