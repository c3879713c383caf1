//! [`When`]: a part of a view shown while a condition holds, written like HTML.

use leptos::prelude::*;

/// Shows its children while `cond` holds, and `fallback` (nothing unless given) otherwise.
/// The condition is memoised, so the children are rebuilt only when it flips, and every
/// `When` shares one concrete closure type (small in the bundle, unlike a generic `Show`).
///
/// ```ignore
/// view! { <When cond=move || editing.with(Option::is_none)>"New"</When> }
/// ```
#[component]
pub fn When(
    /// Whether the children are shown.
    #[prop(into)]
    cond: Signal<bool>,
    /// What is shown while the condition does not hold.
    #[prop(optional, into)]
    fallback: ViewFn,
    /// What is shown while the condition holds.
    children: ChildrenFn,
) -> impl IntoView {
    let shown = Memo::new(move |_| cond.get());
    let part: Box<dyn Fn() -> AnyView + Send> = Box::new(move || {
        if shown.get() {
            children()
        } else {
            fallback.run()
        }
    });
    part
}
