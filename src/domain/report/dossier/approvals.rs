//! The dossier's chapter "Approvals and authorizations": approval rounds and change authorizations.

use crate::domain::book::Book;
use crate::domain::gates::gate_name;
use crate::domain::release::Release;
use crate::domain::report::words::round_outcome;
use crate::domain::report::{stamp, Doc};
use crate::domain::schedule::minute;

/// The chapter "Approvals and authorizations".
pub(super) fn approvals(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Approvals and authorizations");
    d.h(3, "Approval rounds");
    d.list_or(
        r.rounds
            .iter()
            .map(|round| {
                let decisions: Vec<String> = round
                    .decisions
                    .iter()
                    .map(|x| {
                        let verb = if x.approve { "approved" } else { "rejected" };
                        let mut s = format!("{} {verb}", book.person_name(&x.stamp.by));
                        if !x.comment.is_empty() {
                            s.push_str(&format!(" (“{}”)", x.comment));
                        }
                        s.push_str(&format!(" on {}", minute(x.stamp.at)));
                        s
                    })
                    .collect();
                format!(
                    "{} (cycle {}), asked by {}: {}{}{}",
                    gate_name(book, &round.gate),
                    round.cycle,
                    stamp(book, &round.requested),
                    round_outcome(round.outcome),
                    if decisions.is_empty() { "" } else { "; " },
                    decisions.join("; ")
                )
            })
            .collect(),
        "No approval asked for.",
    );
    d.h(3, "Change authorizations");
    d.list_or(
        r.authorizations
            .iter()
            .map(|x| {
                let mut line = format!(
                    "{} (cycle {}) authorized by {}",
                    gate_name(book, &x.gate),
                    x.cycle,
                    stamp(book, &x.stamp)
                );
                if x.emergency {
                    line.push_str(", emergency CAB");
                }
                if !x.note.is_empty() {
                    line.push_str(&format!(": {}", x.note));
                }
                line
            })
            .collect(),
        "No gate authorized.",
    );
}
