//! A section's form, closed until asked for: the section shows what it holds and a button
//! ("Add a criterion", "Edit the plan") that opens the form and moves the focus into it.
//! Once saved, the form closes, the focus returns to the button and the confirmation
//! ("Saved.") stays beside it, where the person acted: the kit's `RecordForm` does it for
//! the forms inside, given [`Opened`] as context.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::kit::{Opened, When};

/// The button `label` opening `form` while `may` holds (the person may make the change
/// now); pressing it again closes the form unsaved.
pub fn opener(
    may: Signal<bool>,
    label: impl Into<String>,
    form: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    opening(may, label.into(), Box::new(form))
}

/// [`opener`], once for every form.
fn opening(
    may: Signal<bool>,
    label: String,
    form: Box<dyn Fn() -> AnyView + Send + Sync>,
) -> AnyView {
    let opened = Opened {
        open: RwSignal::new(false),
        said: RwSignal::new(None),
        button: NodeRef::new(),
    };
    let (open, said) = (opened.open, opened.said);
    let place = NodeRef::<html::Div>::new();
    let form = StoredValue::new(form);
    let toggle = move |_| {
        said.set(None);
        open.update(|o| *o = !*o);
        // The first field takes the focus, so a keyboard user types at once. The frame may
        // come after the page has moved on and the opener is gone: then there is nothing to do.
        request_animation_frame(move || {
            let first = place
                .try_get_untracked()
                .flatten()
                .and_then(|p| p.query_selector("input, select, textarea").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        });
    };
    view! {
        <When cond=may>
            <div class="opener">
                <button class="button button--secondary" type="button" node_ref=opened.button
                    aria-expanded=move || open.get().to_string() on:click=toggle>
                    {label.clone()}
                </button>
                <div class="act__status" aria-live="polite">
                    {move || said.get().map(|m| view! { <p class="act__done">{m}</p> })}
                </div>
            </div>
            <div node_ref=place>
                // Untracked, as a component's body is: the form reads the release once
                // and is not rebuilt (losing what is typed) when the release changes.
                <When cond=open>{untrack(move || {
                    provide_context(opened);
                    form.with_value(|form| form())
                })}</When>
            </div>
        </When>
    }
    .into_any()
}
