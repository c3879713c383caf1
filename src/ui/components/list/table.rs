//! The release table with virtual scrolling: every row has the same height, so only the
//! rows inside the scroll container's view (plus a margin either side) are in the page;
//! a spacer row above and below keeps the full height, so the scroll bar tells where one is
//! among 10,000 releases.

use leptos::html;
use leptos::prelude::*;

use crate::ui::kit::dy;

use super::index::{Filter, Row, SortKey};
use crate::ui::kit::effect;
use crate::ui::route::release_href;
use crate::ui::state::AppState;

/// A row's height in pixels; `.list__row` in `style/list.css` has the same.
const ROW: i32 = 40;
/// A card's height in pixels, when the list is narrower than [`CARDS_BELOW`]
/// (`.list__scroll--cards .list__row` in `style/list.css`).
const CARD: i32 = 120;
/// Below this width (pixels) of the list, each release is a card of one column: the
/// table's own minimum (`.list__table`'s 60rem), so the list never scrolls sideways.
const CARDS_BELOW: i32 = 960;
/// The window's width at which the list is [`CARDS_BELOW`] wide (the page's margins
/// added).
const WIDE: &str = "(min-width: 1000px)";
/// Rows rendered beyond each edge of the view, so a fast scroll shows no gap.
const MARGIN: usize = 12;

/// The table of the releases in `shown`, in that order.
#[component]
pub fn ReleaseTable(
    /// The index of every release.
    rows: Memo<Vec<Row>>,
    /// Positions in `rows` of the releases to show, in order.
    shown: Memo<Vec<u32>>,
    /// The filter and sort, for the column headers.
    filter: Memo<Filter>,
) -> impl IntoView {
    let scroller = NodeRef::<html::Div>::new();
    let top = RwSignal::new(0);
    let height = RwSignal::new(720);
    let cards = RwSignal::new(false);
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            top.set(el.scroll_top());
            height.set(el.client_height().max(ROW));
            cards.set(el.client_width() < CARDS_BELOW);
        }
    };
    // Rows or cards is decided when the list is shown, at each scroll and when the window
    // crosses the width where the list reaches the table's own (`WIDE`).
    let wide = crate::ui::kit::media(WIDE);
    let row = move || if cards.get() { CARD } else { ROW };
    effect(move |_| {
        wide.track();
        if scroller.get().is_some() {
            measure();
        }
    });
    // A new filter or sort starts at the top of the list.
    // (Only when scrolled: setting the position would force a layout on every keystroke.)
    effect(move |_| {
        filter.track();
        if top.get_untracked() != 0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            top.set(0);
        }
    });
    let range = Memo::new(move |_| {
        let n = shown.with(Vec::len);
        let first = ((top.get() / row()) as usize).saturating_sub(MARGIN).min(n);
        let last = (((top.get() + height.get()) / row()) as usize + MARGIN).min(n);
        (first, last, n)
    });
    let visible = move || {
        let (first, last, _) = range.get();
        shown.with(|s| {
            rows.with(|r| {
                s.get(first..last)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &i)| Some((first + k, r.get(i as usize)?.clone())))
                    .collect::<Vec<_>>()
            })
        })
    };
    let spacer = |px: i32| format!("{}px", px.max(0));
    view! {
        <div class="list__scroll" class:list__scroll--cards=cards node_ref=scroller on:scroll=move |_| measure()
            tabindex="0" role="region" aria-label="Releases found, scrollable">
            <table class="list__table" aria-label="Releases"
                aria-rowcount=move || range.get().2 + 1>
                <thead>
                    <tr aria-rowindex="1">
                        <Header key=SortKey::Title label="Title" filter />
                        <Header key=SortKey::Version label="Version" filter />
                        <Header key=SortKey::Service label="Service" filter />
                        <th scope="col">"Category"</th>
                        <Header key=SortKey::Status label="Status" filter />
                        <th scope="col">"Owner team"</th>
                        <Header key=SortKey::Window label="Next deployment window" filter />
                        <Header key=SortKey::Changed label="Last change" filter />
                    </tr>
                </thead>
                <tbody>
                    <tr class="list__spacer" aria-hidden="true"
                        style:height=move || spacer(range.get().0 as i32 * row())>
                        <td colspan="8"></td>
                    </tr>
                    {dy(move || (visible().into_iter().map(|(pos, row)| (view! {
                        <tr class="list__row" aria-rowindex=pos + 2>
                            <td class="list__title"><a class="list__clamp" href=release_href(&row.id)>{row.title}</a></td>
                            <td class="list__version">{row.version.to_string()}</td>
                            <td class="list__service"><span class="list__clamp">{row.service_name}</span></td>
                            <td class="list__category">{row.category.label()}</td>
                            <td class="list__state"><span class="list__status" data-status=row.status.label()>{row.status.label()}</span></td>
                            <td class="list__owner"><span class="list__clamp">{row.owner}</span></td>
                            <td class="list__window">{window_text(row.window, row.window_env)}</td>
                            <td class="list__changed">{row.changed}</td>
                        </tr>
                    }).into_any()).collect_view()).into_any())}
                    <tr class="list__spacer" aria-hidden="true"
                        style:height=move || { let (_, last, n) = range.get(); spacer((n - last) as i32 * row()) }>
                        <td colspan="8"></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// A column header that sorts by its column: a first press sorts ascending (newest first
/// for the last change), the next reverses.
#[component]
fn Header(key: SortKey, label: &'static str, filter: Memo<Filter>) -> impl IntoView {
    let state = AppState::expect();
    let sort = move || {
        filter.with(|f| {
            (f.sort == key).then_some(if f.descending {
                "descending"
            } else {
                "ascending"
            })
        })
    };
    let press = move |_| {
        let (now, descending) = filter.with_untracked(|f| (f.sort, f.descending));
        let descending = if now == key {
            !descending
        } else {
            key == SortKey::Changed
        };
        let route = state.route.get_untracked().with_param("sort", key.slug());
        state.replace(route.with_param("dir", if descending { "desc" } else { "asc" }));
    };
    view! {
        <th scope="col" aria-sort=sort>
            <button type="button" class="list__sort" on:click=press>{label}</button>
        </th>
    }
}

/// "2026-12-01 22:00 on Production"; nothing when no window is planned.
fn window_text(start: String, env: String) -> Option<AnyView> {
    let text = match (start.is_empty(), env.is_empty()) {
        (true, _) => return None,
        (false, true) => start,
        (false, false) => format!("{start} on {env}"),
    };
    Some(view! { <span class="list__clamp">{text}</span> }.into_any())
}
