//! "My tasks": the tasks of every run going that the person here may act on now, each
//! with big buttons for the steps the domain accepts (start, finish, skip, fail), made
//! for a phone in a data centre at night. The release page's runbook shows the whole run.

use leptos::prelude::*;

use crate::domain::{Change, ReleaseChange, Section};
use crate::ui::act::{act_status, me, Act};
use crate::ui::components::release::runbook::{owner_name, step_button};
use crate::ui::desk::Desk;
use crate::ui::kit::dy;
use crate::ui::published::published;
use crate::ui::route::section_href;

/// The My tasks page.
#[component]
pub fn MyTasksPage() -> impl IntoView {
    let desk = Desk::expect();
    let me = me();
    let act = Act::new();
    let runs = move || {
        desk.minute.track();
        let now = chrono::Utc::now();
        if published() {
            return None;
        }
        let who = me.with(|p| p.as_ref().map(|p| p.id.clone()))?;
        desk.engine.with(|e| {
            let book = e.book();
            let cards = book
                .releases
                .values()
                .filter_map(|r| {
                    let run = r.current_run()?;
                    let tasks = r.my_tasks(book, &who, now);
                    let items = tasks
                        .into_iter()
                        .map(|(task, steps)| {
                            let buttons = steps
                                .into_iter()
                                .map(|step| {
                                    let change = Change::Release {
                                        id: r.id.clone(),
                                        change: ReleaseChange::MarkTask {
                                            run: run.id.clone(),
                                            task: task.id.clone(),
                                            step,
                                        },
                                    };
                                    step_button(act, change, step, task)
                                })
                                .collect_view();
                            let state = run.state_of(&task.id).map_or("not started", |s| s.label());
                            view! {
                                <li class="my-tasks__task">
                                    <h3>{format!("{} {}", task.id, task.title)}</h3>
                                    <p>{format!("{} · {} · {}", task.stage, owner_name(book, task), state)}</p>
                                    <div class="my-tasks__steps">{buttons}</div>
                                </li>
                            }
                        })
                        .collect_view();
                    let href = section_href(&r.id.0, Section::Runbook);
                    Some(view! {
                        <section class="my-tasks__run">
                            <h2><a href=href>{format!("{}: {}", r.title(), run.title())}</a></h2>
                            <ul class="my-tasks__list">{items}</ul>
                        </section>
                    })
                })
                .collect::<Vec<_>>();
            Some(cards)
        })
    };
    view! {
        <section class="page my-tasks">
            <h1 class="page__title">"My tasks"</h1>
            <p class="panel__help">"The tasks of the runs going that you may start, finish, skip or fail now."</p>
            {move || act_status(act, None)}
            {dy(move || match runs() {
                Some(cards) if !cards.is_empty() => cards.collect_view().into_any(),
                _ => view! { <p>"No run is going, or nothing waits for you now."</p> }.into_any(),
            })}
        </section>
    }
}
