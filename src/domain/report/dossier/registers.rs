//! The dossier's chapter "Registers": risks, issues, known errors, communications and knowledge
//! transfer.

use crate::domain::book::Book;
use crate::domain::release::Release;
use crate::domain::report::sections::{issues, known_errors};
use crate::domain::report::words::{entry_status, knowledge_kind, severity};
use crate::domain::report::{stamp, Doc};

/// The chapter "Registers".
pub(super) fn registers(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Registers");
    d.h(3, "Risks");
    d.table_or(
        vec![
            "Risk",
            "Likelihood × impact",
            "Owner",
            "Mitigation",
            "Status",
        ],
        r.risks
            .iter()
            .map(|x| {
                vec![
                    x.title.clone(),
                    format!(
                        "{} × {} ({})",
                        x.likelihood,
                        x.impact,
                        severity(x.severity())
                    ),
                    x.owner.clone(),
                    x.mitigation.clone(),
                    entry_status(x.status).into(),
                ]
            })
            .collect(),
        "No risk raised.",
    );
    issues(d, r, 3);
    known_errors(d, r, 3);
    d.h(3, "Communications");
    d.list_or(
        r.communications
            .iter()
            .map(|c| {
                let via = if c.channel.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.channel)
                };
                format!("To {}{via}: {}", c.audience, c.message)
            })
            .collect(),
        "No communication recorded.",
    );
    d.h(3, "Knowledge transfer and training");
    d.list_or(
        r.knowledge
            .iter()
            .map(|k| {
                let kind = knowledge_kind(k.kind);
                let done = k.done.as_ref().map_or_else(
                    || "planned".to_owned(),
                    |s| format!("delivered ({})", stamp(book, s)),
                );
                if k.audience.is_empty() {
                    format!("{kind} “{}”: {done}", k.topic)
                } else {
                    format!("{kind} “{}” for {}: {done}", k.topic, k.audience)
                }
            })
            .collect(),
        "No knowledge transfer planned.",
    );
}
