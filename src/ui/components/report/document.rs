//! One report shown as a clean document (what the print view prints), with buttons to
//! download it as Markdown and to print it.

use leptos::prelude::*;

use crate::domain::report::{Block, Report};
use crate::storage::transfer::download;

/// A report as a document: its blocks below the page's title, and its two actions.
#[component]
pub fn ReportDocument(
    /// The report shown; `None` shows nothing.
    #[prop(into)]
    report: Signal<Option<Report>>,
) -> impl IntoView {
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |_| {
        let Some((name, text)) =
            report.with_untracked(|r| r.as_ref().map(|r| (r.file_name(), r.to_markdown())))
        else {
            return;
        };
        message.set(Some(match download(&name, "text/markdown", &text) {
            Ok(()) => (true, format!("Downloaded {name}.")),
            Err(_) => (false, "The browser refused the download.".into()),
        }));
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            if window.print().is_err() {
                message.set(Some((false, "The browser refused to print.".into())));
            }
        }
    };
    let label = move || report.with(|r| r.as_ref().map(|r| r.title.clone()));
    let body = move || report.with(|r| r.as_ref().map(|r| blocks(&r.blocks)));
    view! {
        <div class="report__actions">
            <button class="button" type="button" on:click=save>"Download this report as Markdown"</button>
            <button class="button button--secondary" type="button" on:click=print>"Print this report"</button>
            <p class="report__message" class:act__error=move || matches!(message.get(), Some((false, _))) role="status">
                {move || message.get().map(|(_, text)| text)}
            </p>
        </div>
        <article class="report" aria-label=label>{body}</article>
    }
}

/// The blocks as HTML: headings keep their level under the page's `h1`; a table scrolls
/// in its own region named after the heading above it.
fn blocks(blocks: &[Block]) -> AnyView {
    let mut last_heading = String::new();
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading(level, text) => {
                last_heading.clone_from(text);
                let text = text.clone();
                if *level <= 2 {
                    view! { <h2 class="report__h2">{text}</h2> }.into_any()
                } else {
                    view! { <h3 class="report__h3">{text}</h3> }.into_any()
                }
            }
            Block::Paragraph(text) => view! { <p class="report__text">{text.clone()}</p> }.into_any(),
            Block::List(items) => {
                let items = items
                    .iter()
                    .map(|item| view! { <li>{item.clone()}</li> })
                    .collect_view();
                view! { <ul class="report__list">{items}</ul> }.into_any()
            }
            Block::Facts(facts) => {
                let facts = facts
                    .iter()
                    .map(|(label, value)| view! { <dt>{*label}</dt><dd>{value.clone()}</dd> })
                    .collect_view();
                view! { <dl class="facts report__facts">{facts}</dl> }.into_any()
            }
            Block::Table { head, rows } => {
                let head = head
                    .iter()
                    .map(|h| view! { <th scope="col">{*h}</th> })
                    .collect_view();
                let rows = rows
                    .iter()
                    .map(|row| {
                        let cells = row
                            .iter()
                            .map(|cell| view! { <td>{cell.clone()}</td> })
                            .collect_view();
                        view! { <tr>{cells}</tr> }
                    })
                    .collect_view();
                view! {
                    <div class="report__table" role="region" aria-label=last_heading.clone() tabindex="0">
                        <table>
                            <thead><tr>{head}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        })
        .collect_view()
        .into_any()
}
