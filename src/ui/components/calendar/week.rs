//! The week as a time grid: hours down, days across, each window a block placed at its
//! start and as long as it lasts; a window that crosses midnight is drawn in both days.
//! Windows that overlap on a day share its column side by side. Each hour is a slot a
//! window can be dropped on, starting it at that hour.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use leptos::prelude::*;

use super::grid::{day_words, slot, Cells, Place, Placed};
use super::{at_midnight, Chip, WEEKDAYS};
use crate::domain::order;

/// The parts of the windows on the day from `midnight`, each placed in its lane, with the
/// hour its block starts in.
fn day_parts(chips: &[Chip], midnight: DateTime<Utc>) -> Vec<(i64, Placed)> {
    let end_of_day = midnight + Duration::days(1);
    let mut parts: Vec<(DateTime<Utc>, DateTime<Utc>, &Chip)> = chips
        .iter()
        .filter(|c| c.window.start < end_of_day && c.window.end > midnight)
        .map(|c| {
            (
                c.window.start.max(midnight),
                c.window.end.min(end_of_day),
                c,
            )
        })
        .collect();
    order::sort_by_key(&mut parts, |p| (p.0, p.1));
    // Each part takes the first lane free at its start.
    let mut lane_ends: Vec<DateTime<Utc>> = Vec::new();
    let mut lanes = Vec::with_capacity(parts.len());
    for (start, end, _) in &parts {
        let lane = match lane_ends.iter().position(|e| e <= start) {
            Some(free) => free,
            None => {
                lane_ends.push(*start);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = *end;
        lanes.push(lane);
    }
    let count = lane_ends.len().max(1);
    parts
        .into_iter()
        .zip(lanes)
        .map(|((start, end, chip), lane)| {
            let minutes = (start - midnight).num_minutes();
            let place = Place {
                offset: minutes % 60,
                minutes: (end - start).num_minutes(),
                lane,
                lanes: count,
            };
            (
                minutes / 60,
                Placed {
                    chip: chip.clone(),
                    continued: chip.window.start < midnight,
                    place: Some(place),
                },
            )
        })
        .collect()
}

/// The seven days from `monday`, an hour a row.
pub fn week_grid(
    monday: NaiveDate,
    chips: Vec<Chip>,
    env: Option<crate::domain::EnvironmentId>,
    may_move: bool,
) -> impl IntoView {
    let cells = Cells::new(chips, env, may_move);
    let days: Vec<(NaiveDate, Vec<(i64, Placed)>)> = (0..7)
        .map(|d| {
            let day = monday + Duration::days(d);
            (day, day_parts(&cells.chips, at_midnight(day)))
        })
        .collect();
    let heads: Vec<NaiveDate> = days.iter().map(|(d, _)| *d).collect();
    let days = std::rc::Rc::new(days);
    view! {
        <div class="cal-scroll" role="region" aria-label="Week, scrolls sideways" tabindex="0">
            <table class="cal-grid cal-grid--week" aria-labelledby="calendar-title">
                <thead>
                    <tr>
                        <th scope="col">"UTC"</th>
                        {heads.into_iter().map(|d| (view! {
                            <th scope="col">{format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], d.day())}</th>
                        }).into_any()).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(0..24i64).map(|hour| ({
                        let (days, cells) = (days.clone(), cells.clone());
                        view! {
                            <tr>
                                <th scope="row" class="cal-grid__hour">{format!("{hour:02}:00")}</th>
                                {days.iter().map(|(day, parts)| ({
                                    let from = at_midnight(*day) + Duration::hours(hour);
                                    let until = from + Duration::hours(1);
                                    let mut items = cells.items(from, until, false);
                                    items.windows = parts.iter().filter(|(h, _)| *h == hour)
                                        .map(|(_, p)| p.clone()).collect();
                                    slot(&cells, (from, until), format!("{}, {hour:02}:00", day_words(*day)),
                                        None, false, false, false, items)
                                }).into_any()).collect_view()}
                            </tr>
                        }
                    }).into_any()).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
