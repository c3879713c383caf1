//! Releases in early life support: live, watched closely until operations declare them
//! fully operational; each with the day it went live.

use chrono::Utc;
use leptos::prelude::*;

use super::{count, lines, Panel};
use crate::domain::{query, schedule};
use crate::ui::desk::Desk;
use crate::ui::route::release_href;

/// The releases in early life support, with since when.
#[component]
pub fn EarlyLifeSupport() -> impl IntoView {
    let desk = Desk::expect();
    let now = Utc::now();
    let releases = move || {
        desk.engine.with(|e| {
            query::in_early_life_support(e.book())
                .into_iter()
                .map(|r| {
                    let since =
                        r.service_live
                            .as_ref()
                            .map(|s| s.at)
                            .map_or_else(String::new, |at| {
                                let days = (now - at).num_days().max(0) as usize;
                                format!(
                                    " — live since {} ({} ago)",
                                    schedule::date(at),
                                    count(days, "day")
                                )
                            });
                    (String::new(), release_href(r.id.as_str()), r.title(), since)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Panel id="dashboard-els" title="Early life support">
            {move || lines(None, "No release is in early life support.", releases())}
        </Panel>
    }
}
