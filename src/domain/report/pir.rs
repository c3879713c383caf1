//! The post-implementation review report.

use super::sections::{confirmations, evaluation, feedback, handover, issues, known_errors, runs};
use super::words::pir_outcome;
use super::{stamp, Doc, Report};
use crate::domain::book::Book;
use crate::domain::release::{Release, Status};

/// The post-implementation review report: its outcome and lessons, the evaluation against
/// performance goals, feedback, the review's confirmations, known errors, deviations and
/// issues, and the handover.
pub fn pir_report(book: &Book, release: &Release) -> Report {
    let mut d = Doc::new(format!("Post-implementation review: {}", release.title()));
    let review = &release.review;
    if !matches!(release.status, Status::Review | Status::Closed) {
        d.p(&format!(
            "The review and close phase has not begun: the release is {}.",
            release.status.phrase()
        ));
    }
    d.h(2, "Outcome");
    match &review.pir {
        Some(pir) => {
            d.facts(vec![
                ("Outcome", pir_outcome(pir.outcome).into()),
                ("Reviewed by", stamp(book, &pir.stamp)),
            ]);
            d.h(3, "Findings and lessons learned");
            d.text_or(&pir.summary, "No findings were written.");
        }
        None => d.p("No post-implementation review recorded yet."),
    }
    evaluation(&mut d, book, release, 2);
    runs(&mut d, release, 2);
    feedback(&mut d, book, release, 2);
    confirmations(&mut d, book, release, 2);
    known_errors(&mut d, release, 2);
    issues(&mut d, release, 2);
    handover(&mut d, book, release, 2);
    Report {
        title: d.title,
        blocks: d.blocks,
    }
}
