//! Reports built from the book: release notes, the post-implementation review report and
//! the release dossier, each a [`Report`] of plain blocks that the browser shows and prints
//! and [`Report::to_markdown`] writes as a file; and the release list as CSV.
//!
//! One model for screen, paper and file keeps the three in step: what a person prints is
//! what they download.
//!
//! One file a job: the model and its builder here, `markdown`, `csv`, one file a report
//! (`notes`, `pir`, `dossier/` with one file a chapter), the parts several reports share
//! (`sections`), and the words for the domain's enums (`words`).

mod csv;
mod dossier;
mod markdown;
mod notes;
mod pir;
mod sections;
mod words;

pub use csv::{csv_cell, releases_csv, CSV_COLUMNS};
pub use dossier::dossier;
pub use markdown::{file_stem, text as markdown_text};
pub use notes::release_notes;
pub use pir::pir_report;
pub use words::pir_outcome;

use super::book::Book;
use super::log::Log;
use super::policy::Approver;
use super::release::{Release, Stamp};
use super::schedule::minute;

/// One block of a report, below its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading: 2 for a section, 3 for a sub-part (the title is level 1).
    Heading(u8, String),
    /// A paragraph of text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// Labelled facts: "Service: Payments".
    Facts(Vec<(&'static str, String)>),
    /// A table with a header row.
    Table {
        /// Column names.
        head: Vec<&'static str>,
        /// Rows of cells, as many as columns.
        rows: Vec<Vec<String>>,
    },
}

/// A report: a title and its blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The title, e.g. "Release notes: Payments faster refunds v3.3".
    pub title: String,
    /// What it says, in order.
    pub blocks: Vec<Block>,
}

/// The kinds of report on one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// What changed, the configuration items, known errors and deployments.
    Notes,
    /// The post-implementation review: evaluation, feedback, outcome, lessons.
    Pir,
    /// Everything recorded about the release, for print.
    Dossier,
}

impl Kind {
    /// Every kind, in the order the reports page offers them.
    pub const ALL: [Kind; 3] = [Kind::Notes, Kind::Pir, Kind::Dossier];

    /// The kind's segment in an address: `#/reports/notes/<release>`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Notes => "notes",
            Kind::Pir => "pir",
            Kind::Dossier => "dossier",
        }
    }

    /// The kind an address segment names.
    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Notes => "Release notes",
            Kind::Pir => "Post-implementation review",
            Kind::Dossier => "Release dossier",
        }
    }
}

/// The report of `kind` on `release`.
pub fn report(kind: Kind, book: &Book, log: &Log, release: &Release) -> Report {
    match kind {
        Kind::Notes => release_notes(book, release),
        Kind::Pir => pir_report(book, release),
        Kind::Dossier => dossier(book, log, release),
    }
}

/// Builds a report's blocks.
struct Doc {
    title: String,
    blocks: Vec<Block>,
}

impl Doc {
    fn new(title: String) -> Self {
        Doc {
            title,
            blocks: Vec::new(),
        }
    }

    fn h(&mut self, level: u8, text: &str) {
        self.blocks.push(Block::Heading(level, text.to_owned()));
    }

    fn p(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph(text.to_owned()));
    }

    fn text_or(&mut self, text: &str, none: &str) {
        self.p(if text.trim().is_empty() { none } else { text });
    }

    fn facts(&mut self, facts: Vec<(&'static str, String)>) {
        let facts = facts.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        self.blocks.push(Block::Facts(facts));
    }

    fn list_or(&mut self, items: Vec<String>, none: &str) {
        if items.is_empty() {
            self.p(none);
        } else {
            self.blocks.push(Block::List(items));
        }
    }

    fn table_or(&mut self, head: Vec<&'static str>, rows: Vec<Vec<String>>, none: &str) {
        if rows.is_empty() {
            self.p(none);
        } else {
            self.blocks.push(Block::Table { head, rows });
        }
    }
}

fn stamp(book: &Book, s: &Stamp) -> String {
    format!("{}, {} UTC", book.person_name(&s.by), minute(s.at))
}

fn ci_name(book: &Book, id: &super::ids::CiId) -> String {
    book.cis
        .get(id)
        .map_or_else(|| id.0.clone(), |c| c.name.clone())
}

fn approver(book: &Book, a: &Approver) -> String {
    match a {
        Approver::Role(role) => format!("any {}", role.label()),
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}

fn joined<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(item.as_ref());
    }
    out
}
