//! What is deployed where: services × environments → the version in use. Each cell is a
//! button that discloses the deployment history of that service on that environment
//! (newest first); Escape closes it and returns to the cell.

use leptos::prelude::*;

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
                                now.map(|d| d.version.to_string()),
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
            query::deployment_history(
                book,
                &ServiceId(service.clone()),
                &EnvironmentId(env.clone()),
            )
            .into_iter()
            .map(|d| {
                let title = book
                    .releases
                    .get(&d.release)
                    .map_or_else(|| d.version.to_string(), |r| r.title());
                (
                    release_href(d.release.as_str()),
                    title,
                    schedule::minute(d.stamp.at),
                    book.person_name(&d.stamp.by).to_owned(),
                    d.backed_out,
                )
            })
            .collect::<Vec<_>>()
        });
        let close = move || {
            open.set(None);
            if let Some(cell) = document().get_element_by_id(&cell_id(&service, &env)) {
                if let Ok(cell) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(cell) {
                    let _ = cell.focus();
                }
            }
        };
        let close_on_escape = {
            let close = close.clone();
            move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        };
        Some(view! {
            <div class="dashboard__history" id=HISTORY role="region" aria-labelledby="deployment-history-title"
                on:keydown=close_on_escape>
                <h3 class="dashboard__subtitle" id="deployment-history-title">{format!("{label}: deployment history")}</h3>
                <ol class="dashboard__list">
                    {rows.into_iter().map(|(href, title, at, by, backed_out)| view! {
                        <li>
                            <a href=href>{title}</a>
                            {format!(" — verified {at} UTC by {by}")}
                            {backed_out.then_some(" (backed out)")}
                        </li>
                    }).collect_view()}
                </ol>
                <button class="button button--secondary" type="button" on:click=move |_| close()>
                    "Close the history"
                </button>
            </div>
        })
    };
    view! {
        <section class="panel dashboard__panel dashboard__panel--wide" aria-labelledby="dashboard-matrix">
            <h2 class="panel__title" id="dashboard-matrix">"What is deployed where"</h2>
            <p class="panel__help">"The version in use on each environment. Choose one to see its deployment history."</p>
            {move || {
                let (columns, rows) = grid();
                if rows.is_empty() || columns.is_empty() {
                    return view! { <p>"Nothing is deployed yet."</p> }.into_any();
                }
                view! {
                    <div class="dashboard__scroll">
                        <table class="dashboard__table dashboard__matrix" aria-labelledby="dashboard-matrix">
                            <thead><tr>
                                <th scope="col">"Service"</th>
                                {columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(service, cells)| view! {
                                    <tr>
                                        <th scope="row">{service}</th>
                                        {cells.into_iter().map(|(sid, eid, label, now, ever)| {
                                            if !ever {
                                                return view! { <td class="dashboard__muted">"—"</td> }.into_any();
                                            }
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
                                                <td>
                                                    <button class="dashboard__cell" type="button" id=id aria-label=name
                                                        aria-expanded=expanded aria-controls=HISTORY on:click=toggle>
                                                        {shown}
                                                    </button>
                                                </td>
                                            }.into_any()
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {history}
        </section>
    }
}
