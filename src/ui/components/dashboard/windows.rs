//! The next deployment windows: every wave scheduled in the next fourteen days, with its
//! time, release and environment, each linking to the release's waves.

use chrono::{Duration, Utc};
use leptos::prelude::*;

use super::{lines, Panel};
use crate::domain::{query, schedule, Section};
use crate::ui::desk::Desk;
use crate::ui::route::{section_href, Page};

/// Deployment windows from now to fourteen days ahead, soonest first.
#[component]
pub fn NextWindows() -> impl IntoView {
    let desk = Desk::expect();
    // "Now" is read once, when the dashboard opens; the domain never reads the clock.
    let from = Utc::now();
    let until = from + Duration::days(14);
    let windows = move || {
        desk.engine.with(|e| {
            let book = e.book();
            query::windows_between(book, from, until)
                .into_iter()
                .map(|w| {
                    let env = &w.wave.plan.environment;
                    let env = book.environments.get(env).map_or(env.as_str(), |e| &e.name);
                    let window = w.window();
                    (
                        format!(
                            "{} UTC ({} h): ",
                            schedule::minute(window.start),
                            (window.end - window.start).num_hours()
                        ),
                        section_href(w.release.id.as_str(), Section::Waves),
                        w.release.title(),
                        match &w.wave.emergency {
                            Some(o) => {
                                format!(" — {env}, {} ({})", w.wave.plan.name, o.words(book))
                            }
                            None => format!(" — {env}, {}", w.wave.plan.name),
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Panel id="dashboard-windows" title="Next deployment windows">
            <p class="panel__help">
                "The next 14 days, soonest first. "<a href=Page::Calendar.href()>"Open the calendar"</a>
            </p>
            {move || lines(Some("Deployment windows"), "No deployment window in the next 14 days.", windows())}
        </Panel>
    }
}
