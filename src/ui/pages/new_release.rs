//! The new-release wizard, applying the service's release policy: the number is the one
//! the policy gives for the category (a refused number is explained, with the suggestion a
//! press away). It previews the category's hints, which the release page shows while the
//! plan is written; it writes nothing into the plan, so the gates still ask for all of it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::kit::dy;

use crate::domain::templates::{category_hint, hints};
use crate::domain::{
    numbering, roles_for, roles_text, Approach, Category, Change, NewRelease, ReleaseDetails,
    ReleaseId, ServiceId, Version,
};
use crate::ui::act::{may, me, Act, ActStatus};
use crate::ui::components::list::choice::ApproachChoices;
use crate::ui::desk::Desk;
use crate::ui::kit::{effect, Field, FieldSpec, When};
use crate::ui::published::{published, READ_ONLY};
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// The new-release wizard, applying the service's release policy.
#[component]
pub fn NewReleasePage() -> impl IntoView {
    let me = me();
    let allowed = move || may(me.get().as_ref(), &sample());
    let who = move || {
        let roles = roles_text(roles_for(&sample()));
        let you = me.get().map_or_else(
            || "You have not chosen who you are yet".to_owned(),
            |p| {
                let roles: Vec<&str> = p.roles.iter().map(|r| r.label()).collect();
                format!("You are working as {} ({})", p.name, roles.join(", "))
            },
        );
        format!("Only {roles} can create a release. {you}.")
    };
    view! {
        <section class="page">
            <h1 class="page__title">"New release"</h1>
            <When cond=allowed fallback=move || if published() {
                view! { <p>{READ_ONLY}</p> }.into_any()
            } else {
                view! {
                    <p>{who}</p>
                    <p><a href=Page::Settings.href()>"Choose who you are in Settings"</a></p>
                }.into_any()
            }>
                <Wizard />
            </When>
        </section>
    }
}

/// A command of the kind the wizard sends, to ask who may send it.
fn sample() -> Change {
    Change::CreateRelease(Box::new(NewRelease {
        service: ServiceId::default(),
        category: Category::Minor,
        version: Version::default(),
        details: ReleaseDetails::default(),
        package: Vec::new(),
    }))
}

#[component]
fn Wizard() -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let act = Act::new();
    let services = move || {
        desk.engine.with(|e| {
            e.book()
                .services
                .values()
                .filter(|s| !s.retired)
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let service = RwSignal::new(desk.engine.with_untracked(|e| {
        e.book()
            .services
            .values()
            .find(|s| !s.retired)
            .map(|s| s.id.to_string())
            .unwrap_or_default()
    }));
    let category = RwSignal::new(Category::Minor);
    let version = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let rfcs = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let approach = RwSignal::new(Approach::default());
    let suggested = Memo::new(move |_| {
        let id = ServiceId(service.get());
        let category = category.get();
        desk.engine
            .with(|e| numbering(e.book(), &id, category).suggested)
    });
    // A new service or category brings its number; a new service its owner and rollout.
    effect(move |_| version.set(suggested.get().to_string()));
    effect(move |_| {
        let id = ServiceId(service.get());
        desk.engine.with_untracked(|e| {
            let book = e.book();
            owner.set(
                book.services
                    .get(&id)
                    .map(|s| s.owner_team.clone())
                    .unwrap_or_default(),
            );
            approach.set(book.policy(&id).default_approach);
        });
    });
    // The form opens with the keyboard in its first field.
    effect(move |_| {
        if let Some(select) = document().get_element_by_id("new-service") {
            if let Ok(select) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(select) {
                let _ = select.focus();
            }
        }
    });
    let wrong_version = move || {
        act.field_error("version")
            .and_then(|_| (version.get() != suggested.get().to_string()).then(|| suggested.get()))
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let number = match version.get_untracked().parse::<Version>() {
            Ok(number) => number,
            Err(error) => return act.refuse("version", error.to_string()),
        };
        let new = NewRelease {
            service: ServiceId(service.get_untracked()),
            category: category.get_untracked(),
            version: number,
            details: ReleaseDetails {
                name: name.get_untracked().trim().to_owned(),
                rfcs: rfcs
                    .get_untracked()
                    .split([',', ' '])
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
                owner_team: owner.get_untracked().trim().to_owned(),
                approach: approach.get_untracked(),
                ..ReleaseDetails::default()
            },
            package: Vec::new(),
        };
        act.run_saying(
            Change::CreateRelease(Box::new(new)),
            "Release created.",
            move |events| {
                let Some(created) = events.first() else {
                    return;
                };
                let id = ReleaseId::from(&created.id);
                // The wizard's button is far down; a hash change keeps the scroll position,
                // so the new page would open halfway down, its title and checklist unseen.
                window().scroll_to_with_x_and_y(0.0, 0.0);
                state
                    .notice
                    .set(Some((id.0.clone(), "Release created.".to_owned())));
                state.go(&Route::to(Page::Releases).with_segment(id.0));
                focus_heading(FRAMES);
            },
        );
    };
    let busy = move || act.busy.get();
    let services = Signal::derive(services);
    let version_hint = Signal::derive(move || {
        let name = desk.engine.with(|e| {
            e.book()
                .services
                .get(&ServiceId(service.get()))
                .map(|s| s.name.clone())
                .unwrap_or_default()
        });
        format!(
            "The release policy of {name} gives {} for its next {} release.",
            suggested.get(),
            category.get().label()
        )
    });
    let hints_note = move || {
        format!(
            "While you write the plan, the release page shows hints for a {} release and suggests these pass/fail criteria for you to add. Nothing is written for you: the gates ask for every part until you write it.",
            category.get().label()
        )
    };
    view! {
        <When cond=move || !services.with(Vec::is_empty) fallback=|| view! {
            <p>"There is no service to release yet. "
                <a href=Route::to(Page::Catalogue).with_segment("services").href()>"Add a service in the catalogue"</a>
                " first."</p>
        }>
        <form class="wizard" on:submit=submit novalidate>
            <section class="wizard__step" aria-labelledby="wizard-what">
                <h2 id="wizard-what">"1. What changes"</h2>
                <Field act form="new" spec=FieldSpec::select("service", "Service", service, services) />
                <fieldset class="wizard__choices">
                    <legend>"Category"</legend>
                    {Category::ALL.into_iter().map(|c| ({
                        let id = format!("new-category-{}", c.label());
                        let hint_id = format!("{id}-hint");
                        view! {
                            <div class="wizard__choice">
                                <input type="radio" name="category" id=id.clone() value=c.label()
                                    aria-describedby=hint_id.clone()
                                    prop:checked=move || category.get() == c
                                    on:change=move |_| category.set(c) />
                                <div>
                                    <label for=id>{c.label()}</label>
                                    <p class="field__hint" id=hint_id>{category_hint(c)}</p>
                                </div>
                            </div>
                        }
                    }).into_any()).collect_view()}
                </fieldset>
                <Field act form="new" spec=FieldSpec::text("version", "Version", version).help_signal(version_hint) />
                {dy(move || (wrong_version().map(|v| {
                    let text = v.to_string();
                    view! {
                        <button class="button button--secondary" type="button" on:click=move |_| {
                            version.set(text.clone());
                            act.error.set(None);
                        }>{format!("Use {v}")}</button>
                    }
                })).into_any())}
            </section>
            <section class="wizard__step" aria-labelledby="wizard-about">
                <h2 id="wizard-about">"2. About the release"</h2>
                {[
                    FieldSpec::text("name", "Name", name)
                        .help("A short name people will recognize, such as “Payments autumn release”."),
                    FieldSpec::text("rfcs", "RFCs (change requests)", rfcs)
                        .help("The change requests that authorize this release, separated by commas: RFC-1042, RFC-1043."),
                    FieldSpec::text("owner_team", "Owner team", owner)
                        .help("The team ultimately responsible for the release."),
                ].into_iter().map(|spec| view! { <Field act form="new" spec /> }).collect_view()}
            </section>
            <section class="wizard__step" aria-labelledby="wizard-approach">
                <h2 id="wizard-approach">"3. How it is deployed"</h2>
                <div class="wizard__row">
                    <ApproachChoices value=approach on_change=Callback::new(move |a| approach.set(a)) />
                </div>
            </section>
            <section class="wizard__step" aria-labelledby="wizard-template">
                <h2 id="wizard-template">"4. Plan hints"</h2>
                <p class="field__hint">{hints_note}</p>
                <ul class="wizard__template">
                    {dy(move || (hints(category.get()).criteria.iter().map(|(text, _)| (view! { <li>{*text}</li> }).into_any()).collect_view()).into_any())}
                </ul>
            </section>
            <div>
                <button class="button" type="submit" disabled=busy>"Create release"</button>
                <ActStatus act />
            </div>
        </form>
        </When>
    }
}

/// How many frames to wait for the new release's page to appear.
const FRAMES: u32 = 30;

/// Move the keyboard focus to the new release's title once its page is there, at the top:
/// the title, the confirmation and what the next gate needs come first. The page appears
/// after the `hashchange`, a frame or so later.
fn focus_heading(frames: u32) {
    request_animation_frame(move || {
        let heading = document()
            .query_selector(".release .page__title")
            .ok()
            .flatten()
            .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok());
        match heading {
            Some(heading) => {
                let _ = heading.set_attribute("tabindex", "-1");
                let _ = heading.focus();
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
            None if frames > 0 => focus_heading(frames - 1),
            None => {}
        }
    });
}
