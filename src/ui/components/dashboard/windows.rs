//! The next deployment windows: every wave scheduled in the next fourteen days, with its
//! release, environment and time, each linking to the release's waves.

use chrono::{Duration, Utc};
use leptos::prelude::*;

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
                    (
                        section_href(w.release.id.as_str(), Section::Waves),
                        w.release.title(),
                        w.wave.plan.name.clone(),
                        book.environments
                            .get(env)
                            .map_or_else(|| env.to_string(), |e| e.name.clone()),
                        w.window(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel dashboard__panel" aria-labelledby="dashboard-windows">
            <h2 class="panel__title" id="dashboard-windows">"Next deployment windows"</h2>
            <p class="panel__help">"The next 14 days; start times in UTC, with how long each window lasts. "<a href=Page::Calendar.href()>"Open the calendar"</a></p>
            {move || {
                let rows = windows();
                if rows.is_empty() {
                    return view! { <p>"No deployment window in the next 14 days."</p> }.into_any();
                }
                view! {
                    <div class="dashboard__scroll">
                        <table class="dashboard__table" aria-labelledby="dashboard-windows">
                            <thead><tr>
                                <th scope="col">"When"</th>
                                <th scope="col">"Release"</th>
                                <th scope="col">"Environment"</th>
                                <th scope="col">"Wave"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(href, title, wave, env, window)| view! {
                                    <tr>
                                        <td class="dashboard__when">
                                            {schedule::minute(window.start)}
                                            <span class="dashboard__muted">{format!(" ({} h)", (window.end - window.start).num_hours())}</span>
                                        </td>
                                        <td><a href=href>{title}</a></td>
                                        <td>{env}</td>
                                        <td>{wave}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
