//! An action button the domain has been asked about: offered (enabled) when `decide` would
//! accept its change now, shown disabled with the domain's reason when the person's role
//! and the release's status allow it but something else does not yet (the window, a
//! freeze, an authorization, a wave not verified). Sections show it only where `offer`
//! says the role and status allow the change at all (docs/ui-kit.md, "What is offered").

use leptos::prelude::*;

use super::common::on;
use super::ReleaseCtx;
use crate::domain::{refusal, ReleaseChange};
use crate::ui::act::{me, Act};
use crate::ui::desk::Desk;
use crate::ui::kit::dy;

/// Why the domain would refuse `change` on the release shown, by the person here, now;
/// `None` when it would accept it. Tracks the book, so it follows every change, and the
/// desk's minute clock, so a window that opens while the page stays enables the button.
pub fn refused(ctx: ReleaseCtx, change: ReleaseChange) -> Memo<Option<String>> {
    let desk = Desk::expect();
    let person = me();
    Memo::new(move |_| {
        desk.minute.track();
        let who = person.with(|p| p.as_ref().map(|p| p.id.clone()))?;
        let change = on(ctx, change.clone());
        desk.engine
            .with(|e| refusal(e.book(), &who, change, chrono::Utc::now()))
            .map(|e| e.to_string())
    })
}

/// A button for `change`: enabled when the domain accepts it now, else disabled with the
/// reason under it (`aria-describedby`).
#[component]
pub fn Gated(
    /// The action's state (busy, outcome).
    act: Act,
    /// What the button does.
    change: ReleaseChange,
    /// The button's words.
    label: String,
    /// A unique id for the reason.
    key: String,
    /// "button" or "button button--secondary".
    #[prop(default = "button")]
    class: &'static str,
    /// Runs the change (or more, e.g. with typed notes).
    on_click: Callback<()>,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let why = refused(ctx, change);
    let reason_id = format!("why-{key}");
    let described = reason_id.clone();
    view! {
        <button class=class type="button"
            prop:disabled=move || act.busy.get() || why.with(Option::is_some)
            aria-describedby=move || why.with(Option::is_some).then(|| described.clone())
            on:click=move |_| on_click.run(())>{label}</button>
        {dy(move || why.get().map(|text| view! { <p class="gated__why" id=reason_id.clone()>{text}</p> }).into_any())}
    }
}
