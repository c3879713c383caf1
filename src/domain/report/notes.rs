//! The release notes: what changed, the package, known errors and deployments.

use super::sections::{deployments, known_errors, package, summary};
use super::{Doc, Report};
use crate::domain::book::Book;
use crate::domain::release::Release;

/// Release notes: what changed (the plan's changes, the RFCs), the configuration items in
/// the package, the known errors with their workarounds and the deployment history.
pub fn release_notes(book: &Book, release: &Release) -> Report {
    let mut d = Doc::new(format!("Release notes: {}", release.title()));
    d.facts(summary(book, release));
    d.h(2, "What changed");
    d.text_or(
        &release.plan.changes,
        "No description of the changes was written.",
    );
    d.h(3, "Change requests (RFCs)");
    d.list_or(release.details.rfcs.clone(), "No change request recorded.");
    if !release.plan.affected.is_empty() {
        d.h(3, "Who is affected");
        d.p(&release.plan.affected);
    }
    package(&mut d, book, release);
    known_errors(&mut d, release, 2);
    d.h(2, "Deployment history");
    deployments(&mut d, book, release);
    Report {
        title: d.title,
        blocks: d.blocks,
    }
}
