//! The dashboard's panels, one a file: releases by status, the next deployment windows,
//! approvals waiting for me, open risks and issues, early life support, what is deployed
//! where, open conflicts, and delivery performance (DORA's four metrics, drawn).
//!
//! Every panel renders through the two helpers below, [`Panel`] and [`lines`], rather than
//! a tree of its own: each distinct view tree costs the bundle its own rendering code.

pub mod approvals;
pub mod conflicts;
pub mod dora;
pub mod matrix;
pub mod mentions;
pub mod risks;
pub mod status;
pub mod support;
pub mod windows;

use leptos::prelude::*;

/// A label with its first letter in capitals: "build and test" → "Build and test".
pub fn capital(label: &str) -> String {
    let mut out = label.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// "1 release", "3 releases": a count with its noun, plural with an `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// One line of a panel's list: words before a link, the link (address and text), and
/// words after it.
pub type Line = (String, String, String, String);

/// A panel's list of lines, or `empty` in words when there is none.
pub fn lines(label: Option<&'static str>, empty: &'static str, lines: Vec<Line>) -> impl IntoView {
    let none = lines.is_empty().then_some(view! { <p>{empty}</p> });
    let list = (!lines.is_empty()).then(|| {
        view! {
            <ul class="dashboard__list" aria-label=label>
                {lines.into_iter().map(|(before, href, text, after)| view! {
                    <li>{before}<a href=href>{text}</a>{after}</li>
                }).collect_view()}
            </ul>
        }
    });
    (none, list)
}

/// A panel of the dashboard: a region named by its heading.
#[component]
pub fn Panel(
    /// The heading's element id (the region's name comes from it).
    id: &'static str,
    /// The heading.
    title: &'static str,
    /// Spans the whole row of the grid.
    #[prop(optional)]
    wide: bool,
    /// The panel's content.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="panel dashboard__panel" class:dashboard__panel--wide=wide aria-labelledby=id>
            <h2 class="panel__title" id=id>{title}</h2>
            {children()}
        </section>
    }
}
