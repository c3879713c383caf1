//! The dossier's chapter "Details": the release's facts, its approach and the package.

use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::report::sections::{package, summary};
use crate::domain::report::words::approach;
use crate::domain::report::{joined, stamp, Doc};

/// The chapter "Details".
pub(super) fn details(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Details");
    let mut facts = summary(book, r);
    let a = r.details.approach;
    facts.extend([
        ("Approach", approach(a.rollout, a.delivery, a.automation)),
        ("Stakeholders", joined(&r.details.stakeholders)),
        (
            "Depends on",
            joined(r.details.depends_on.iter().map(|id| {
                book.releases
                    .get(id)
                    .map_or_else(|| id.0.clone(), Release::title)
            })),
        ),
        ("Created", stamp(book, &r.created)),
    ]);
    d.facts(facts);
    if let Some((at, why)) = &r.ended {
        d.p(&format!("Ended ({}): {why}", stamp(book, at)));
    }
    if let Some((at, why)) = &r.last_setback {
        d.p(&format!("Last setback ({}): {why}", stamp(book, at)));
    }
    package(d, book, r);
}
