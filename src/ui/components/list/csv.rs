//! The release list as a CSV file for spreadsheets (RFC 4180: comma-separated, CRLF line
//! ends, quotes doubled inside quoted cells), with a header row.
//!
//! Cells are written by [`csv_cell`], the same as the reports' CSV: a cell that starts with
//! `=`, `+`, `-` or `@` gets a leading apostrophe, so a spreadsheet shows it as typed instead
//! of running it as a formula.

use super::index::Row;
use crate::domain::report::csv_cell;

const HEADER: [&str; 11] = [
    "Title",
    "Version",
    "Service",
    "Category",
    "Status",
    "Owner team",
    "RFCs",
    "Created",
    "Next deployment window",
    "Last change",
    "Id",
];

/// The rows at `shown` positions of `rows`, as CSV text with a header row.
pub fn to_csv(rows: &[Row], shown: &[u32]) -> String {
    let mut out = String::with_capacity(128 * (shown.len() + 1));
    line(&mut out, HEADER.iter().copied());
    for &i in shown {
        let r = &rows[i as usize];
        let version = r.version.to_string();
        line(
            &mut out,
            [
                r.title.as_str(),
                &version,
                &r.service_name,
                r.category.label(),
                r.status.label(),
                &r.owner,
                &r.rfcs,
                &r.created,
                &r.window,
                &r.changed,
                &r.id,
            ],
        );
    }
    out
}

fn line<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(cell));
    }
    out.push_str("\r\n");
}
