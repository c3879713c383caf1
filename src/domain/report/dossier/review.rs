//! The dossier's chapter "Review": the PIR and its evaluation, feedback, confirmations and
//! handover.

use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::report::sections::{confirmations, evaluation, feedback, handover, runs};
use crate::domain::report::words::pir_outcome;
use crate::domain::report::{stamp, Doc};

/// The chapter "Review".
pub(super) fn review(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Review");
    match &r.review.pir {
        Some(pir) => {
            d.facts(vec![
                ("PIR outcome", pir_outcome(pir.outcome).into()),
                ("Reviewed by", stamp(book, &pir.stamp)),
            ]);
            d.text_or(&pir.summary, "No findings were written.");
        }
        None => d.p("No post-implementation review recorded yet."),
    }
    evaluation(d, book, r, 3);
    runs(d, r, 3);
    feedback(d, book, r, 3);
    confirmations(d, book, r, 3);
    handover(d, book, r, 3);
}
