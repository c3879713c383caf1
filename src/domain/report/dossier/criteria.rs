//! The dossier's chapter "Pass/fail criteria and results": criteria, test runs, builds and
//! documents.

use crate::domain::release::Release;
use crate::domain::report::words::stage;
use crate::domain::report::Doc;

/// The chapter "Pass/fail criteria and results".
pub(super) fn criteria(d: &mut Doc, r: &Release) {
    d.h(2, "Pass/fail criteria and results");
    d.table_or(
        vec!["Criterion", "Stage", "Result"],
        r.criteria
            .iter()
            .map(|c| {
                let result = match (r.criterion_met(&c.id), r.criterion_waived(&c.id)) {
                    (Some(true), _) => "met",
                    (_, true) => "waived by an approved deviation",
                    (Some(false), _) => "not met",
                    (None, _) => "not yet judged",
                };
                vec![c.text.clone(), stage(c.stage).into(), result.into()]
            })
            .collect(),
        "No pass/fail criteria.",
    );
    d.h(3, "Test runs, rehearsals and pilots");
    d.list_or(
        r.test_runs
            .iter()
            .map(|run| {
                let passed = run.results.iter().filter(|x| x.passed).count();
                let mut line = format!(
                    "{} “{}” (cycle {}): {passed} of {} passed",
                    run.kind.label(),
                    run.name,
                    run.cycle,
                    run.results.len()
                );
                if !run.notes.is_empty() {
                    line.push_str(&format!("; {}", run.notes));
                }
                line
            })
            .collect(),
        "No test run recorded.",
    );
    d.h(3, "Builds and documents");
    d.list_or(
        r.builds
            .iter()
            .map(|b| {
                let mut line = format!("Build {}", b.name);
                if !b.location.is_empty() {
                    line.push_str(&format!(", kept at {}", b.location));
                }
                if !b.checksums.is_empty() {
                    line.push_str(&format!(" ({})", b.checksums.join(", ")));
                }
                line
            })
            .chain(r.documents.iter().map(|doc| {
                if doc.location.is_empty() {
                    format!("Document {}", doc.title)
                } else {
                    format!("Document {}, kept at {}", doc.title, doc.location)
                }
            }))
            .collect(),
        "No build or document recorded.",
    );
}
