//! Parts several reports share: the summary, the package, known errors, issues,
//! deployments, and the review's evaluation, feedback, confirmations and handover, and the
//! runbook's runs.

use super::words::{capital, entry_status, issue_kind, severity};
use super::{ci_name, joined, stamp, Block, Doc};
use crate::domain::book::Book;
use crate::domain::release::{Release, Status, ACCEPTANCE_HELP};
use crate::domain::review::ReviewCheck;
use crate::domain::schedule::minute;

pub(super) fn summary(book: &Book, r: &Release) -> Vec<(&'static str, String)> {
    vec![
        (
            "Service",
            book.services
                .get(&r.service)
                .map_or_else(|| r.service.0.clone(), |s| s.name.clone()),
        ),
        ("Version", r.version.to_string()),
        ("Category", r.category.label().into()),
        ("Status", r.status.label().into()),
        ("Owner team", r.details.owner_team.clone()),
        ("Audience", r.details.audience.clone()),
        ("Change requests", joined(&r.details.rfcs)),
    ]
}

pub(super) fn package(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Configuration items in the package");
    d.table_or(
        vec!["Configuration item", "Kind", "Change"],
        r.package
            .iter()
            .map(|c| {
                let kind = book.cis.get(&c.ci).map_or("", |ci| ci.kind.label());
                vec![ci_name(book, &c.ci), kind.into(), c.action.label()]
            })
            .collect(),
        "The package carries no configuration item.",
    );
}

pub(super) fn known_errors(d: &mut Doc, r: &Release, level: u8) {
    d.h(level, "Known errors");
    d.table_or(
        vec!["Known error", "Workaround", "Fix", "Status"],
        r.known_errors
            .iter()
            .map(|e| {
                vec![
                    e.title.clone(),
                    e.workaround.clone(),
                    e.fix.clone(),
                    entry_status(e.status).into(),
                ]
            })
            .collect(),
        "No known errors.",
    );
}

pub(super) fn issues(d: &mut Doc, r: &Release, level: u8) {
    d.h(level, "Deviations and issues");
    d.table_or(
        vec![
            "Kind",
            "What happened",
            "Severity",
            "Corrective action",
            "Status",
        ],
        r.issues
            .iter()
            .map(|i| {
                let kind = issue_kind(i.kind, i.approved.is_some());
                vec![
                    kind,
                    i.title.clone(),
                    severity(i.severity).into(),
                    i.corrective_action.clone(),
                    entry_status(i.status).into(),
                ]
            })
            .collect(),
        "No deviation or issue.",
    );
}

pub(super) fn deployments(d: &mut Doc, book: &Book, r: &Release) {
    d.table_or(
        vec![
            "Wave",
            "Environment",
            "Window (UTC)",
            "Status",
            "Last verification",
        ],
        r.waves
            .iter()
            .map(|w| {
                let env = book
                    .environments
                    .get(&w.plan.environment)
                    .map_or_else(|| w.plan.environment.0.clone(), |e| e.name.clone());
                let last = w.verifications.last().map_or_else(String::new, |v| {
                    let verdict = if v.passed { "working" } else { "failed" };
                    let mut s = format!("{verdict} ({})", stamp(book, &v.stamp));
                    if !v.notes.is_empty() {
                        s.push_str(&format!(": {}", v.notes));
                    }
                    s
                });
                vec![
                    w.plan.name.clone(),
                    env,
                    format!(
                        "{} to {}",
                        minute(w.plan.window.start),
                        minute(w.plan.window.end)
                    ),
                    w.status.label().into(),
                    last,
                ]
            })
            .collect(),
        "No deployment wave planned.",
    );
    let mut notes = Vec::new();
    for w in &r.waves {
        if let Some(o) = &w.emergency {
            notes.push(format!(
                "{} started under an {} ({})",
                w.plan.name,
                o.words(book),
                stamp(book, &o.stamp)
            ));
        }
    }
    if let Some(s) = &r.service_live {
        notes.push(format!(
            "Service live, early life support began: {}",
            stamp(book, s)
        ));
    }
    if let Some(s) = &r.fully_operational {
        notes.push(format!(
            "Fully operational, SLAs enforced: {}",
            stamp(book, s)
        ));
    }
    if r.status == Status::BackedOut {
        if let Some((s, why)) = &r.last_setback {
            notes.push(format!("Backed out ({}): {why}", stamp(book, s)));
        }
    }
    if !notes.is_empty() {
        d.h(3, "Operational notifications");
        d.blocks.push(Block::List(notes));
    }
}

pub(super) fn evaluation(d: &mut Doc, book: &Book, r: &Release, level: u8) {
    d.h(level, "Evaluation against performance goals");
    d.table_or(
        vec!["Goal", "Target", "Actual", "Met", "Recorded by"],
        r.review
            .evaluations
            .iter()
            .map(|e| {
                vec![
                    e.goal.clone(),
                    e.target.clone(),
                    e.actual.clone(),
                    (if e.met { "yes" } else { "no" }).into(),
                    stamp(book, &e.stamp),
                ]
            })
            .collect(),
        "No evaluation recorded.",
    );
    acceptance(d, r, level + 1);
}

/// Utility and warranty: each kind's criteria with where they stand, or a note that the
/// plan names none.
fn acceptance(d: &mut Doc, r: &Release, level: u8) {
    d.h(level, "Service acceptance: utility and warranty");
    d.p(ACCEPTANCE_HELP);
    let lines = r.service_acceptance().lines();
    d.blocks
        .push(Block::List(lines.into_iter().map(|(l, _)| l).collect()));
}

pub(super) fn feedback(d: &mut Doc, book: &Book, r: &Release, level: u8) {
    d.h(level, "Feedback");
    d.list_or(
        r.review
            .feedback
            .iter()
            .map(|f| {
                format!(
                    "{}: “{}” (recorded by {})",
                    f.from,
                    f.text,
                    stamp(book, &f.stamp)
                )
            })
            .collect(),
        "No feedback recorded.",
    );
}

pub(super) fn confirmations(d: &mut Doc, book: &Book, r: &Release, level: u8) {
    d.h(level, "Confirmations");
    d.blocks.push(Block::List(
        [
            ReviewCheck::Quality,
            ReviewCheck::KnowledgeTransfer,
            ReviewCheck::KnownErrorsDocumented,
        ]
        .into_iter()
        .map(|check| match r.review.check(check) {
            Some(s) => format!("{}: {}", capital(check.label()), stamp(book, s)),
            None => format!("{}: not yet", capital(check.label())),
        })
        .collect(),
    ));
}

pub(super) fn handover(d: &mut Doc, book: &Book, r: &Release, level: u8) {
    d.h(level, "Handover to operations");
    match &r.review.handover {
        Some(s) => d.p(&format!(
            "Operations accepted the handover: {}.",
            stamp(book, s)
        )),
        None => d.p("Operations have not accepted the handover yet."),
    }
}

/// Each deployment wave as a sentence for the people it reaches ("Production rollout:
/// everyone on Production, 12 Oct 2026 22:00 to 13 Oct 2026 02:00 UTC, verified."), then
/// the notifications of service live and fully operational.
pub(super) fn deployments_in_words(book: &Book, r: &Release) -> Vec<String> {
    let mut lines: Vec<String> = r
        .waves
        .iter()
        .map(|w| {
            let env = book
                .environments
                .get(&w.plan.environment)
                .map_or(w.plan.environment.as_str(), |e| &e.name);
            let group = if w.plan.target_group.trim().is_empty() {
                "everyone"
            } else {
                &w.plan.target_group
            };
            format!(
                "{}: {group} on {env}, {} to {} UTC, {}.",
                w.plan.name,
                minute(w.plan.window.start),
                minute(w.plan.window.end),
                w.status.label()
            )
        })
        .collect();
    if let Some(s) = &r.service_live {
        lines.push(format!("Live since {} UTC.", minute(s.at)));
    }
    if let Some(s) = &r.fully_operational {
        lines.push(format!(
            "Fully operational, with service levels in force, since {} UTC.",
            minute(s.at)
        ));
    }
    lines
}

/// The runbook's runs that ended, and the statistics the review looks at: planned against
/// actual, late tasks, critical path slips, back-out time.
pub(super) fn runs(d: &mut Doc, r: &Release, level: u8) {
    if r.runs.is_empty() {
        return;
    }
    d.h(level, "Runbook runs");
    let ended = r
        .runs
        .iter()
        .filter_map(|run| Some(crate::domain::run_summary(r, run, run.ended.as_ref()?.at)))
        .collect();
    d.list_or(ended, "No run has ended yet.");
    if let Some(stats) = r.run_statistics() {
        d.list_or(stats.lines(), "");
    }
}
