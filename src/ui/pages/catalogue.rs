//! The catalogue: services, environments, configuration items, release policies and people,
//! one tab each at `#/catalogue/<tab>` (the page is rebuilt when the tab changes).

use leptos::prelude::*;

use crate::ui::components::catalogue::environments::EnvironmentsTab;
use crate::ui::components::catalogue::items::ItemsTab;
use crate::ui::components::catalogue::policies::PoliciesTab;
use crate::ui::components::catalogue::services::ServicesTab;
use crate::ui::components::catalogue::Tab;
use crate::ui::components::people_panel::PeoplePanel;
use crate::ui::state::AppState;

/// The catalogue, showing the tab the address names.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let state = AppState::expect();
    let tab = Tab::from_slug(
        state
            .route
            .with_untracked(|r| r.segment(0).map(str::to_owned))
            .as_deref(),
    );
    let body = match tab {
        Tab::Services => view! { <ServicesTab /> }.into_any(),
        Tab::Environments => view! { <EnvironmentsTab /> }.into_any(),
        Tab::Items => view! { <ItemsTab /> }.into_any(),
        Tab::Policies => view! { <PoliciesTab /> }.into_any(),
        Tab::People => view! { <PeoplePanel /> }.into_any(),
    };
    view! {
        <section class="page catalogue">
            <h1 class="page__title">"Catalogue"</h1>
            <nav class="tabs" aria-label="Catalogue">
                <ul class="tabs__list">
                    {Tab::ALL.into_iter().map(|t| view! {
                        <li>
                            <a class="tabs__link" href=t.href() aria-current=(t == tab).then_some("page")>{t.title()}</a>
                        </li>
                    }).collect_view()}
                </ul>
            </nav>
            {body}
        </section>
    }
}
