//! Small shared pieces of the release, list, report and calendar views.

use leptos::prelude::*;

/// A part of a view rebuilt when what it reads changes. Every such part has this one type,
/// so the bundle carries the reactive rendering code once rather than once per closure
/// (the wasm size budget).
pub type Dyn = Box<dyn Fn() -> AnyView + Send>;

/// Box a reactive part of a view as a [`Dyn`].
pub fn dy(part: impl Fn() -> AnyView + Send + 'static) -> Dyn {
    Box::new(part)
}
