//! One report shown as a clean document (what the print view prints), with buttons to
//! download it as Markdown and to print it.

use leptos::prelude::*;

use crate::ui::kit::dy;

use crate::domain::report::{Block, Report};
use crate::storage::transfer::download;
use crate::ui::kit::effect;
use wasm_bindgen::JsValue;

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
    // The document is plain text in plain elements, rebuilt whenever the report changes.
    // Built with the DOM directly (text only, never HTML): one small function instead of
    // a typed view per kind of block, which the bundle pays for.
    let host = NodeRef::<leptos::html::Article>::new();
    effect(move |_| {
        let Some(host) = host.get() else {
            return;
        };
        host.set_text_content(None);
        report.with(|r| {
            if let Some(r) = r {
                let _ = blocks(&host, &r.blocks);
            }
        });
    });
    view! {
        <div class="report__actions">
            <button class="button" type="button" on:click=save>"Download this report as Markdown"</button>
            <button class="button button--secondary" type="button" on:click=print>"Print this report"</button>
            <p class="report__message" class:act__error=move || matches!(message.get(), Some((false, _))) role="status">
                {dy(move || (message.get().map(|(_, text)| text)).into_any())}
            </p>
        </div>
        <article class="report" aria-label=label node_ref=host></article>
    }
}

/// Append the blocks to `parent`: headings keep their level under the page's `h1`; a
/// table scrolls in its own focusable region named after the heading above it.
fn blocks(parent: &web_sys::Element, blocks: &[Block]) -> Result<(), JsValue> {
    let doc = document();
    let add = |parent: &web_sys::Element, tag: &str, class: &str, text: &str| {
        let element = doc.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        if !text.is_empty() {
            element.set_text_content(Some(text));
        }
        parent.append_child(&element)?;
        Ok::<_, JsValue>(element)
    };
    let mut last_heading = "";
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                last_heading = text;
                let (tag, class) = if *level <= 2 {
                    ("h2", "report__h2")
                } else {
                    ("h3", "report__h3")
                };
                add(parent, tag, class, text)?;
            }
            Block::Paragraph(text) => {
                add(parent, "p", "report__text", text)?;
            }
            Block::List(items) => {
                let list = add(parent, "ul", "report__list", "")?;
                for item in items {
                    add(&list, "li", "", item)?;
                }
            }
            Block::Facts(facts) => {
                let list = add(parent, "dl", "facts report__facts", "")?;
                for (label, value) in facts {
                    add(&list, "dt", "", label)?;
                    add(&list, "dd", "", value)?;
                }
            }
            Block::Table { head, rows } => {
                // Cards on a phone: each cell labelled by its column (style/layout.css).
                let region = add(parent, "div", "report__table cards-box", "")?;
                region.set_attribute("role", "region")?;
                region.set_attribute("aria-label", last_heading)?;
                region.set_attribute("tabindex", "0")?;
                let table = add(&region, "table", "cards", "")?;
                let row = add(&add(&table, "thead", "", "")?, "tr", "", "")?;
                for name in head {
                    add(&row, "th", "", name)?.set_attribute("scope", "col")?;
                }
                let body = add(&table, "tbody", "", "")?;
                for cells in rows {
                    let row = add(&body, "tr", "", "")?;
                    for (cell, name) in cells.iter().zip(head) {
                        add(&row, "td", "", cell)?.set_attribute("data-label", name)?;
                    }
                }
            }
        }
    }
    Ok(())
}
