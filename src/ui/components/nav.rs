//! The navigation frame: one link per page, the current one marked for sight and for
//! screen readers (`aria-current="page"`).

use leptos::prelude::*;

use crate::ui::published::published;
use crate::ui::route::Page;

/// The navigation bar listing every [`Page`].
#[component]
pub fn Nav(
    /// The page being shown, to mark its link.
    #[prop(into)]
    current: Signal<Page>,
) -> impl IntoView {
    // A published book's readers decide nothing and set nothing: no Approvals, no Settings.
    let reader = published();
    let links = Page::ALL
        .into_iter()
        .filter(|page| !(reader && matches!(page, Page::Approvals | Page::Settings)))
        .map(|page| {
            let is_current = move || current.get() == page;
            view! {
                <li class="nav__item">
                    <a
                        class="nav__link"
                        class:nav__link--current=is_current
                        href=page.href()
                        aria-current=move || is_current().then_some("page")
                    >
                        {page.title()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="nav" aria-label="Main">
            <ul class="nav__list">{links}</ul>
        </nav>
    }
}
