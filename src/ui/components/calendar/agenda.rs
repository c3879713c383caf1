//! The agenda: the days of a month that hold a deployment window or a freeze, one under
//! the other (a table of one column, its cells the same slots as the month's), each with its windows (also those running on past midnight) and freezes.
//! The view for a phone's width; a window can be dropped on a day, keeping its time.

use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;

use super::grid::{day_words, slot, Cells};
use super::{at_midnight, Chip};

/// The days of the month that holds `first` (its first day) with something on them.
pub fn agenda(
    first: NaiveDate,
    chips: Vec<Chip>,
    env: Option<crate::domain::EnvironmentId>,
    may_move: bool,
) -> impl IntoView {
    let cells = Cells::new(chips, env, may_move);
    let days: Vec<_> = first
        .iter_days()
        .take_while(|d| d.month0() == first.month0())
        .filter_map(|day| {
            let (from, until) = (at_midnight(day), at_midnight(day) + Duration::days(1));
            let items = cells.items(from, until, true);
            (!items.freezes.is_empty() || !items.windows.is_empty()).then(|| {
                let day = slot(
                    &cells,
                    (from, until),
                    day_words(day),
                    None,
                    false,
                    true,
                    true,
                    items,
                );
                view! { <tr>{day}</tr> }.into_any()
            })
        })
        .collect();
    if days.is_empty() {
        return view! {
            <p class="cal-agenda__empty">"No deployment windows or change freezes this month."</p>
        }
        .into_any();
    }
    view! {
        <table class="cal-agenda" aria-labelledby="calendar-title"><tbody>{days}</tbody></table>
    }
    .into_any()
}
