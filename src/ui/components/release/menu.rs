//! The release page's section menu: every section of the page (the domain's
//! `Section::PAGE`) with its state — done, needs attention, empty — as the domain reads it
//! (`section_states`). Sticky beside the sections on a desktop; on a phone a button at the
//! top opens it. A link jumps to its section and moves the keyboard focus there.
//!
//! A new section is added in the domain (`src/domain/release/sections.rs` says how); this
//! menu lists it without a change here.

use leptos::prelude::*;

use super::ReleaseCtx;
use crate::domain::section_states;
use crate::ui::desk::Desk;
use crate::ui::kit::dy;
use crate::ui::route::{section_href, section_slug};

/// The menu of the release page's sections.
#[component]
pub fn SectionMenu() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let open = RwSignal::new(false);
    let states = Memo::new(move |_| {
        desk.engine
            .with(|e| ctx.with(|r| section_states(e.book(), r)))
            .unwrap_or_default()
    });
    let id = ctx.id();
    view! {
        <nav class="menu" class:menu--open=open aria-label="Sections of this release">
            <button class="menu__toggle" type="button" aria-controls="section-menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                "Sections"
            </button>
            <p class="menu__key" aria-hidden="true">
                <span class="menu__mark menu__mark--done"></span>"done "
                <span class="menu__mark menu__mark--attention"></span>"needs attention "
                <span class="menu__mark menu__mark--empty"></span>"empty"
            </p>
            <ol class="menu__list" id="section-menu">
                {dy(move || (states.get().into_iter().map(|(section, state)| {
                    let slug = section_slug(section);
                    let class = format!("menu__mark menu__mark--{}", state.slug());
                    view! {
                        <li>
                            <a class="menu__link" href=section_href(&id.0, section) data-state=state.slug()
                                aria-label=format!("{}: {}", section.label(), state.label())
                                on:click=move |_| {
                                    open.set(false);
                                    request_animation_frame(move || focus_section(slug));
                                }>
                                <span class=class aria-hidden="true"></span>
                                {section.label()}
                            </a>
                        </li>
                    }.into_any()
                }).collect_view()).into_any())}
            </ol>
        </nav>
    }
}

/// Scroll a section of the release page into view and move the keyboard focus to it.
pub fn focus_section(slug: &str) {
    crate::ui::kit::editor::reveal(&format!("section-{slug}"));
}
