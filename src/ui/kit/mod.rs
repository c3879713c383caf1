//! The UI kit: the one way to build a field, a form, a catalogue editor and a conditional
//! part of a view, so every form in the app is data (a list of [`FieldSpec`]s) rendered by
//! one component, and the bundle carries each kind of view once.
//!
//! - [`field`]: [`Field`] and [`FieldSpec`]: label, input, help and error under one id scheme.
//! - [`form`]: [`RecordForm`], a form built from field specs and [`FormOptions`].
//! - [`editor`]: [`EntryEditor`], add or edit one catalogue entry.
//! - [`when`]: [`When`], a part of a view shown while a condition holds.
//! - [`chart`]: accessible SVG charts (a bar chart), each with its title and description.
//! - [`Dyn`] and [`dy`]: one boxed type for every reactive part of a view; [`effect`], an
//!   effect whose scheduling code the bundle carries once.

pub mod chart;
pub mod editor;
pub mod field;
pub mod form;
pub mod when;

use leptos::prelude::*;

pub use editor::{Editor, EntryEditor, EntrySpec};
pub use field::{checked, error_id, input_id, Field, FieldSpec, GroupError, Input};
pub use form::{FormOptions, Opened, RecordForm};
pub use when::When;

/// A part of a view rebuilt when what it reads changes. Every such part has this one type,
/// so the bundle carries the reactive rendering code once rather than once per closure
/// (the wasm size budget).
pub type Dyn = Box<dyn Fn() -> AnyView + Send>;

/// Box a reactive part of a view as a [`Dyn`].
pub fn dy(part: impl Fn() -> AnyView + Send + 'static) -> Dyn {
    Box::new(part)
}

/// Whether the CSS media `query` holds ("(max-width: 40rem)"), following the browser as
/// it changes (a window resized, a phone turned); the listener goes with the view.
pub fn media(query: &str) -> Signal<bool> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(list) = window().match_media(query).ok().flatten() else {
        return Signal::stored(false);
    };
    let holds = RwSignal::new(list.matches());
    let read = list.clone();
    let on = Closure::<dyn Fn()>::new(move || holds.set(read.matches()));
    let _ = list.add_event_listener_with_callback("change", on.as_ref().unchecked_ref());
    let kept = StoredValue::new_local((list, on));
    on_cleanup(move || {
        kept.try_with_value(|(list, on)| {
            let _ = list.remove_event_listener_with_callback("change", on.as_ref().unchecked_ref());
        });
    });
    holds.into()
}

/// Runs `f` now and again whenever what it reads changes, as `Effect::new(f)` does.
/// `Effect::new` is generic over its closure and carries its whole scheduling loop into
/// each call site; boxed, the bundle carries it once (the wasm size budget).
pub fn effect(f: impl Fn(Option<()>) + 'static) {
    let boxed: Box<dyn Fn(Option<()>)> = Box::new(f);
    Effect::new(boxed);
}
