//! What is deployed where: services × environments → the version in use. Each cell is a
//! button that discloses the deployment history of that service on that environment
//! (newest first); Escape closes it and returns to the cell.

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use super::{lines, Panel};
use crate::domain::{overview, query, schedule, EnvironmentId, ServiceId};
use crate::ui::desk::Desk;
use crate::ui::route::release_href;

/// The element id of the history disclosed by a cell.
const HISTORY: &str = "deployment-history";

/// One cell: service and environment (ids and names), the version in use, whether anything
/// was ever deployed there.
type Cell = (String, String, String, Option<String>, bool);

/// The "what is deployed where" grid with each cell's history on demand.
#[component]
pub fn DeployedWhere() -> impl IntoView {
    let desk = Desk::expect();
    // The open cell: service id, environment id and "Payments in Production".
    let open = RwSignal::new(None::<(String, String, String)>);
    let grid = move || {
        desk.engine.with(|e| {
            let m = overview::matrix(e.book());
            let columns: Vec<String> = m.environments.iter().map(|e| e.name.clone()).collect();
            let rows: Vec<(String, Vec<Cell>)> = m
                .rows
                .iter()
                .map(|row| {
                    let cells = m
                        .environments
                        .iter()
                        .zip(&row.cells)
                        .map(|(env, (now, ever))| {
                            (
                                row.service.id.to_string(),
                                env.id.to_string(),
                                format!("{} in {}", row.service.name, env.name),
                                now.map(|d| d.label()),
                                *ever,
                            )
                        })
                        .collect();
                    (row.service.name.clone(), cells)
                })
                .collect();
            (columns, rows)
        })
    };
    let cell_id = |service: &str, env: &str| format!("deployed-{service}-{env}");
    let history = move || {
        let (service, env, label) = open.get()?;
        let rows = desk.engine.with(|e| {
            let book = e.book();
            let (s, e) = (ServiceId(service.clone()), EnvironmentId(env.clone()));
            query::deployment_history(book, &s, &e)
                .into_iter()
                .map(|d| {
                    let title = book
                        .releases
                        .get(&d.release)
                        .map_or_else(|| d.version.to_string(), |r| r.title());
                    let after = format!(
                        " — verified {} UTC by {}{}",
                        schedule::minute(d.stamp.at),
                        book.person_name(&d.stamp.by),
                        if d.backed_out { " (backed out)" } else { "" }
                    );
                    (
                        String::new(),
                        release_href(d.release.as_str()),
                        title,
                        after,
                    )
                })
                .collect::<Vec<_>>()
        });
        let id = cell_id(&service, &env);
        // Close the history and give the focus back to its cell.
        let close = move || {
            open.set(None);
            let cell = document().get_element_by_id(&id);
            if let Some(cell) = cell.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = cell.focus();
            }
        };
        let on_key = {
            let close = close.clone();
            move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        };
        Some(view! {
            <div class="dashboard__history" id=HISTORY role="region" aria-labelledby="deployment-history-title" on:keydown=on_key>
                <h3 class="dashboard__subtitle" id="deployment-history-title">{format!("{label}: deployment history")}</h3>
                {lines(None, "", rows)}
                <button class="button button--secondary" type="button" on:click=move |_| close()>
                    "Close the history"
                </button>
            </div>
        })
    };
    view! {
        <Panel id="dashboard-matrix" title="What is deployed where" wide=true>
            <p class="panel__help">"The version in use on each environment. Choose one to see its deployment history."</p>
            {move || {
                let (columns, rows) = grid();
                let nothing = (rows.is_empty() || columns.is_empty()).then_some(view! { <p>"Nothing is deployed yet."</p> });
                let table = nothing.is_none().then(|| view! {
                    <div class="dashboard__scroll cards-box">
                        <table class="dashboard__table dashboard__matrix cards" aria-labelledby="dashboard-matrix">
                            <thead><tr>
                                <th scope="col">"Service"</th>
                                {columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(service, cells)| { let columns = columns.clone(); view! {
                                    <tr>
                                        <th scope="row">{service}</th>
                                        {cells.into_iter().zip(columns).map(|((sid, eid, label, now, ever), label_of_cell)| {
                                            let never = (!ever).then(|| now.clone().unwrap_or_else(|| "—".to_owned()));
                                            let button = ever.then(|| {
                                            let shown = now.clone().unwrap_or_else(|| "none".to_owned());
                                            let name = format!("{label}: {}, history", now.as_deref().unwrap_or("none in use"));
                                            let id = cell_id(&sid, &eid);
                                            let key = (sid, eid);
                                            let expanded = {
                                                let key = key.clone();
                                                move || open.with(|o| o.as_ref().is_some_and(|(s, e, _)| (s, e) == (&key.0, &key.1))).to_string()
                                            };
                                            let toggle = move |_| {
                                                let (s, e) = key.clone();
                                                open.update(|o| {
                                                    *o = match o.take() {
                                                        Some((os, oe, _)) if os == s && oe == e => None,
                                                        _ => Some((s, e, label.clone())),
                                                    }
                                                });
                                            };
                                            view! {
                                                <button class="dashboard__cell" type="button" id=id aria-label=name
                                                    aria-expanded=expanded aria-controls=HISTORY on:click=toggle>
                                                    {shown}
                                                </button>
                                            }
                                            });
                                            view! { <td data-label=label_of_cell>{button}{never}</td> }
                                        }).collect_view()}
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                });
                (nothing, table)
            }}
            {history}
        </Panel>
    }
}
