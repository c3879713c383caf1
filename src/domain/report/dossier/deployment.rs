//! The dossier's chapter "Deployment": the waves and the back-out plan.

use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::report::sections::deployments;
use crate::domain::report::Doc;

/// The chapter "Deployment".
pub(super) fn deployment(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Deployment");
    deployments(d, book, r);
    d.h(3, "Back-out plan");
    d.text_or(&r.backout_plan, "Not written.");
}
