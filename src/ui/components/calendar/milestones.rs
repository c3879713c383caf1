//! The build and test milestones on the calendar: a marker in each day's cell
//! ([`MilestoneMarkers`]) and the same milestones as a table under the grid
//! ([`MilestoneList`]), for a phone or a screen reader. The domain finds them
//! ([`milestones_between`]); this file only shows them.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;

use super::at_midnight;
use crate::domain::schedule::date;
use crate::domain::{milestones_between, Book, Dated, ItemId};
use crate::ui::desk::Desk;
use crate::ui::kit::dy;
use crate::ui::route::release_href;

/// A milestone as a table shows it: (release id, release title, milestone id, milestone,
/// environment name, done, date).
pub type Shown = (String, String, ItemId, String, String, bool, String);

/// One milestone of `release`, as shown.
pub fn shown(book: &Book, (release, m): Dated<'_>) -> Shown {
    let env = m.environment.as_ref().map_or(String::new(), |id| {
        book.environments
            .get(id)
            .map_or(id.to_string(), |e| e.name.clone())
    });
    (
        release.id.to_string(),
        release.title(),
        m.id.clone(),
        m.title().to_owned(),
        env,
        m.done,
        date(m.date),
    )
}

/// The milestones in `[from, until)`, as shown.
fn between(from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Shown> {
    Desk::expect().engine.with_untracked(|e| {
        let book = e.book();
        milestones_between(book, from, until)
            .into_iter()
            .map(|d| shown(book, d))
            .collect()
    })
}

/// Milestones as a table: date, milestone, environment, done, and in the last column the
/// release (a link) or, when `edit` is given, a button that edits the milestone.
pub fn milestone_table(list: Vec<Shown>, edit: Option<Callback<ItemId>>) -> AnyView {
    let last = if edit.is_some() { "Change" } else { "Release" };
    view! {
        <div class="release__table-wrap">
            <table class="release__table">
                <thead><tr>
                    <th scope="col">"Date (UTC)"</th><th scope="col">"Milestone"</th>
                    <th scope="col">"Environment"</th><th scope="col">"Done"</th><th scope="col">{last}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|(release_id, release, id, name, env, done, day)| {
                        let last = match edit {
                            Some(edit) => view! {
                                <button class="button button--secondary" type="button" on:click=move |_| edit.run(id.clone())>
                                    "Edit"<span class="release__hidden">{format!(" {name}")}</span>
                                </button>
                            }.into_any(),
                            None => view! { <a href=release_href(&release_id)>{release}</a> }.into_any(),
                        };
                        view! {
                            <tr>
                                <td>{day}</td><td>{name.clone()}</td><td>{env}</td>
                                <td>{if done { "done" } else { "not yet" }}</td><td>{last}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The markers of the milestones in one calendar cell `[from, until)`: each names the
/// milestone and links to its release. Nothing when the cell has none.
pub fn milestone_markers(from: DateTime<Utc>, until: DateTime<Utc>) -> impl IntoView {
    let list = between(from, until);
    (!list.is_empty()).then(|| {
        view! {
            <ul class="cal-slot__milestones">
                {list.into_iter().map(|(id, release, _, name, _, done, _)| view! {
                    <li class="cal-milestone" class:cal-milestone--done=done>
                        <a href=release_href(&id)>{format!("{name}{}", if done { " (done)" } else { "" })}
                            <span class="release__hidden">{format!(": {release}")}</span></a>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The milestones of the days shown, as a table: the calendar's list view of them.
#[component]
pub fn MilestoneList(
    /// The first day shown and the day after the last.
    #[prop(into)]
    range: Signal<(NaiveDate, NaiveDate)>,
) -> impl IntoView {
    let desk = Desk::expect();
    view! {
        <section class="calendar__milestones" aria-labelledby="calendar-milestones-title">
            <h2 class="calendar__title" id="calendar-milestones-title">"Build and test milestones"</h2>
            {dy(move || {
                desk.engine.track();
                let (from, until) = range.get();
                let list = between(at_midnight(from), at_midnight(until));
                if list.is_empty() {
                    return view! { <p>"No build or test milestone in these days."</p> }.into_any();
                }
                milestone_table(list, None)
            })}
        </section>
    }
}
