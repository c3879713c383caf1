//! The release list as CSV for spreadsheets.

use super::ci_name;
use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::schedule::minute;

/// The columns of [`releases_csv`].
pub const CSV_COLUMNS: [&str; 14] = [
    "Release id",
    "Name",
    "Version",
    "Service",
    "Category",
    "Status",
    "Owner team",
    "Change requests",
    "Configuration items",
    "Created",
    "Created by",
    "First deployment window (UTC)",
    "Open risks",
    "Open known errors",
];

/// The releases as CSV for spreadsheets (RFC 4180: comma-separated, CRLF line ends, fields
/// quoted when they hold a comma, a quote or a line break, quotes doubled). A cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so that a
/// spreadsheet shows it as text rather than running it as a formula.
pub fn releases_csv(book: &Book, releases: &[&Release]) -> String {
    let mut out = String::new();
    csv_row(&mut out, CSV_COLUMNS.iter().map(|c| (*c).to_owned()));
    for r in releases {
        let service = book
            .services
            .get(&r.service)
            .map_or_else(|| r.service.0.clone(), |s| s.name.clone());
        let cis: Vec<String> = r.package.iter().map(|c| ci_name(book, &c.ci)).collect();
        let first = r.waves.iter().map(|w| w.plan.window.start).min();
        csv_row(
            &mut out,
            [
                r.id.0.clone(),
                r.details.name.clone(),
                r.version.to_string(),
                service,
                r.category.label().into(),
                r.status.label().into(),
                r.details.owner_team.clone(),
                r.details.rfcs.join("; "),
                cis.join("; "),
                minute(r.created.at),
                book.person_name(&r.created.by).to_owned(),
                first.map(minute).unwrap_or_default(),
                r.risks
                    .iter()
                    .filter(|x| x.status.is_open())
                    .count()
                    .to_string(),
                r.known_errors
                    .iter()
                    .filter(|x| x.status.is_open())
                    .count()
                    .to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

/// One CSV cell, guarded against formulas (also after leading spaces, which spreadsheets
/// skip) and quoted as RFC 4180 asks.
pub fn csv_cell(text: &str) -> String {
    let formula = text
        .trim_start_matches([' ', '\n'])
        .starts_with(['=', '+', '-', '@', '\t', '\r']);
    let guarded = if formula {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}
