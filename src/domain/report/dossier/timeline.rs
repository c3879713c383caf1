//! The dossier's chapter "Audit timeline": every event on the release.

use crate::domain::book::Book;
use crate::domain::history;
use crate::domain::log::Log;
use crate::domain::release::Release;
use crate::domain::report::Doc;
use crate::domain::schedule::minute;

/// The chapter "Audit timeline".
pub(super) fn timeline(d: &mut Doc, book: &Book, log: &Log, r: &Release) {
    d.h(2, "Audit timeline");
    let id = &r.id;
    d.table_or(
        vec!["When (UTC)", "Who", "What"],
        history::timeline(book, log, id)
            .into_iter()
            .map(|e| vec![minute(e.at), book.person_name(&e.by).to_owned(), e.text])
            .collect(),
        "No event recorded.",
    );
}
