//! Reports built from the book: release notes, the post-implementation review report and
//! the release dossier, each a [`Report`] of plain blocks that the browser shows and prints
//! and [`Report::to_markdown`] writes as a file; and the release list as CSV.
//!
//! One model for screen, paper and file keeps the three in step: what a person prints is
//! what they download.

use super::book::Book;
use super::gates::gate_name;
use super::history;
use super::log::Log;
use super::policy::{Approver, GateKind};
use super::records::{EntryStatus, IssueKind, KnowledgeKind, Severity, Stage};
use super::release::{
    Automation, CiAction, Delivery, Release, Rollout, RoundOutcome, Stamp, Status,
};
use super::review::{PirOutcome, ReviewCheck};
use super::schedule::minute;

/// One block of a report, below its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading: 2 for a section, 3 for a sub-part (the title is level 1).
    Heading(u8, String),
    /// A paragraph of text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// Labelled facts: "Service: Payments".
    Facts(Vec<(&'static str, String)>),
    /// A table with a header row.
    Table {
        /// Column names.
        head: Vec<&'static str>,
        /// Rows of cells, as many as columns.
        rows: Vec<Vec<String>>,
    },
}

/// A report: a title and its blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The title, e.g. "Release notes: Payments faster refunds v3.3".
    pub title: String,
    /// What it says, in order.
    pub blocks: Vec<Block>,
}

/// The kinds of report on one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// What changed, the configuration items, known errors and deployments.
    Notes,
    /// The post-implementation review: evaluation, feedback, outcome, lessons.
    Pir,
    /// Everything recorded about the release, for print.
    Dossier,
}

impl Kind {
    /// Every kind, in the order the reports page offers them.
    pub const ALL: [Kind; 3] = [Kind::Notes, Kind::Pir, Kind::Dossier];

    /// The kind's segment in an address: `#/reports/notes/<release>`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Notes => "notes",
            Kind::Pir => "pir",
            Kind::Dossier => "dossier",
        }
    }

    /// The kind an address segment names.
    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Notes => "Release notes",
            Kind::Pir => "Post-implementation review",
            Kind::Dossier => "Release dossier",
        }
    }
}

/// The report of `kind` on `release`.
pub fn report(kind: Kind, book: &Book, log: &Log, release: &Release) -> Report {
    match kind {
        Kind::Notes => release_notes(book, release),
        Kind::Pir => pir_report(book, release),
        Kind::Dossier => dossier(book, log, release),
    }
}

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

/// The release dossier: everything recorded about the release, in lifecycle order, ending
/// with its audit timeline.
pub fn dossier(book: &Book, log: &Log, release: &Release) -> Report {
    let r = release;
    let mut d = Doc::new(format!("Release dossier: {}", r.title()));
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
    package(&mut d, book, r);

    d.h(2, "Release and deployment plan");
    let plan = &r.plan;
    let part = |d: &mut Doc, title: &str, text: &str| {
        d.h(3, title);
        d.text_or(text, "Not written.");
    };
    part(&mut d, "1. What changes", &plan.changes);
    part(&mut d, "2. Who is affected", &plan.affected);
    part(&mut d, "3. Risk assessment", &plan.risk_assessment);
    part(&mut d, "4. Audience", &r.details.audience);
    d.h(3, "5. Approval chains");
    d.list_or(
        r.approval_chains
            .iter()
            .map(|(gate, chain)| {
                let names: Vec<String> = chain.iter().map(|a| approver(book, a)).collect();
                format!("{}: {}", gate_kind(*gate), names.join(" → "))
            })
            .collect(),
        "No approval chain set.",
    );
    part(&mut d, "6. Ownership", &r.details.owner_team);
    part(
        &mut d,
        "7. Deployment schedule and strategy",
        &plan.schedule,
    );
    part(&mut d, "Build plan", &plan.build_plan);
    part(&mut d, "Test plan", &plan.test_plan);
    d.h(3, "Pilot");
    match &plan.pilot {
        Some(p) => d.facts(vec![
            ("Scope", p.scope.clone()),
            ("Success looks like", p.success.clone()),
        ]),
        None => d.p("No pilot planned."),
    }

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
                    "{} “{}” (cycle {}): {passed} of {} result(s) passed",
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

    d.h(2, "Deployment");
    deployments(&mut d, book, r);
    d.h(3, "Back-out plan");
    d.text_or(&r.backout_plan, "Not written.");

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
    issues(&mut d, r, 3);
    known_errors(&mut d, r, 3);
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
                let kind = match k.kind {
                    KnowledgeKind::Transfer => "Knowledge transfer",
                    KnowledgeKind::Training => "Training",
                };
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
    evaluation(&mut d, book, r, 3);
    feedback(&mut d, book, r, 3);
    confirmations(&mut d, book, r, 3);
    handover(&mut d, book, r, 3);

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
    Report {
        title: d.title,
        blocks: d.blocks,
    }
}

impl Report {
    /// The report as Markdown (CommonMark with pipe tables).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    for _ in 0..*level {
                        out.push('#');
                    }
                    out.push(' ');
                    out.push_str(text);
                    out.push_str("\n\n");
                }
                Block::Paragraph(text) => {
                    out.push_str(text.trim());
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("- ");
                        out.push_str(&one_line(item));
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        out.push_str(&format!("- **{label}:** {}\n", one_line(value)));
                    }
                    out.push('\n');
                }
                Block::Table { head, rows } => {
                    let row = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
                        out.push('|');
                        for cell in cells {
                            out.push(' ');
                            out.push_str(&one_line(&cell).replace('|', "\\|"));
                            out.push_str(" |");
                        }
                        out.push('\n');
                    };
                    row(&mut out, &mut head.iter().map(|h| (*h).to_owned()));
                    row(&mut out, &mut head.iter().map(|_| "---".to_owned()));
                    for cells in rows {
                        row(&mut out, &mut cells.iter().cloned());
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// A file name for the report: its title in lower case with dashes, then `.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", file_stem(&self.title))
    }
}

/// A title as a file name stem: ASCII letters and digits in lower case, every other run of
/// characters one dash. "Release notes: Payments v3.3" → `release-notes-payments-v3-3`.
pub fn file_stem(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("report");
    }
    out
}

/// The columns of [`releases_csv`].
pub const CSV_COLUMNS: [&str; 14] = [
    "Release id",
    "Name",
    "Version",
    "Service",
    "Category",
    "Status",
    "Owner team",
    "Change requests",
    "Configuration items",
    "Created",
    "Created by",
    "First deployment window (UTC)",
    "Open risks",
    "Open known errors",
];

/// The releases as CSV for spreadsheets (RFC 4180: comma-separated, CRLF line ends, fields
/// quoted when they hold a comma, a quote or a line break, quotes doubled). A cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so that a
/// spreadsheet shows it as text rather than running it as a formula.
pub fn releases_csv(book: &Book, releases: &[&Release]) -> String {
    let mut out = String::new();
    csv_row(&mut out, CSV_COLUMNS.iter().map(|c| (*c).to_owned()));
    for r in releases {
        let service = book
            .services
            .get(&r.service)
            .map_or_else(|| r.service.0.clone(), |s| s.name.clone());
        let cis: Vec<String> = r.package.iter().map(|c| ci_name(book, &c.ci)).collect();
        let first = r.waves.iter().map(|w| w.plan.window.start).min();
        csv_row(
            &mut out,
            [
                r.id.0.clone(),
                r.details.name.clone(),
                r.version.to_string(),
                service,
                r.category.label().into(),
                r.status.label().into(),
                r.details.owner_team.clone(),
                r.details.rfcs.join("; "),
                cis.join("; "),
                minute(r.created.at),
                book.person_name(&r.created.by).to_owned(),
                first.map(minute).unwrap_or_default(),
                r.risks
                    .iter()
                    .filter(|x| x.status.is_open())
                    .count()
                    .to_string(),
                r.known_errors
                    .iter()
                    .filter(|x| x.status.is_open())
                    .count()
                    .to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

/// One CSV cell, guarded against formulas and quoted as RFC 4180 asks.
pub fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// Builds a report's blocks.
struct Doc {
    title: String,
    blocks: Vec<Block>,
}

impl Doc {
    fn new(title: String) -> Self {
        Doc {
            title,
            blocks: Vec::new(),
        }
    }

    fn h(&mut self, level: u8, text: &str) {
        self.blocks.push(Block::Heading(level, text.to_owned()));
    }

    fn p(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph(text.to_owned()));
    }

    fn text_or(&mut self, text: &str, none: &str) {
        self.p(if text.trim().is_empty() { none } else { text });
    }

    fn facts(&mut self, facts: Vec<(&'static str, String)>) {
        let facts = facts.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        self.blocks.push(Block::Facts(facts));
    }

    fn list_or(&mut self, items: Vec<String>, none: &str) {
        if items.is_empty() {
            self.p(none);
        } else {
            self.blocks.push(Block::List(items));
        }
    }

    fn table_or(&mut self, head: Vec<&'static str>, rows: Vec<Vec<String>>, none: &str) {
        if rows.is_empty() {
            self.p(none);
        } else {
            self.blocks.push(Block::Table { head, rows });
        }
    }
}

fn summary(book: &Book, r: &Release) -> Vec<(&'static str, String)> {
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

fn package(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Configuration items in the package");
    d.table_or(
        vec!["Configuration item", "Kind", "Change"],
        r.package
            .iter()
            .map(|c| {
                let kind = book.cis.get(&c.ci).map_or("", |ci| ci.kind.label());
                let change = match &c.action {
                    CiAction::Add { version } => format!("added at {version}"),
                    CiAction::Upgrade { from, to } => format!("upgraded from {from} to {to}"),
                    CiAction::Retire => "retired".into(),
                };
                vec![ci_name(book, &c.ci), kind.into(), change]
            })
            .collect(),
        "The package carries no configuration item.",
    );
}

fn known_errors(d: &mut Doc, r: &Release, level: u8) {
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

fn issues(d: &mut Doc, r: &Release, level: u8) {
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
                let kind = match (i.kind, &i.approved) {
                    (IssueKind::Deviation, Some(_)) => "deviation (approved)",
                    (IssueKind::Deviation, None) => "deviation",
                    (IssueKind::Issue, _) => "issue",
                };
                vec![
                    kind.into(),
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

fn deployments(d: &mut Doc, book: &Book, r: &Release) {
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

fn evaluation(d: &mut Doc, book: &Book, r: &Release, level: u8) {
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
}

fn feedback(d: &mut Doc, book: &Book, r: &Release, level: u8) {
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

fn confirmations(d: &mut Doc, book: &Book, r: &Release, level: u8) {
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

fn handover(d: &mut Doc, book: &Book, r: &Release, level: u8) {
    d.h(level, "Handover to operations");
    match &r.review.handover {
        Some(s) => d.p(&format!(
            "Operations accepted the handover: {}.",
            stamp(book, s)
        )),
        None => d.p("Operations have not accepted the handover yet."),
    }
}

fn stamp(book: &Book, s: &Stamp) -> String {
    format!("{}, {} UTC", book.person_name(&s.by), minute(s.at))
}

fn ci_name(book: &Book, id: &super::ids::CiId) -> String {
    book.cis
        .get(id)
        .map_or_else(|| id.0.clone(), |c| c.name.clone())
}

fn approver(book: &Book, a: &Approver) -> String {
    match a {
        Approver::Role(role) => format!("any {}", role.label()),
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}

fn joined<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(item.as_ref());
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn capital(text: &str) -> String {
    // ASCII only: the labels are English, and Unicode case tables cost the bundle bytes.
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn approach(rollout: Rollout, delivery: Delivery, automation: Automation) -> String {
    format!(
        "{}, {}, {}",
        match rollout {
            Rollout::BigBang => "big bang",
            Rollout::Phased => "phased",
        },
        match delivery {
            Delivery::Push => "push",
            Delivery::Pull => "pull",
        },
        match automation {
            Automation::Automatic => "automatic",
            Automation::Manual => "manual",
        }
    )
}

fn gate_kind(kind: GateKind) -> String {
    capital(kind.label())
}

fn stage(stage: Stage) -> &'static str {
    match stage {
        Stage::Build => "build",
        Stage::Test => "test",
        Stage::Pilot => "pilot",
        Stage::Deployment => "deployment",
    }
}

fn round_outcome(outcome: RoundOutcome) -> &'static str {
    match outcome {
        RoundOutcome::Pending => "waiting",
        RoundOutcome::Approved => "approved",
        RoundOutcome::Rejected => "rejected",
        RoundOutcome::Withdrawn => "withdrawn after a plan change",
    }
}

/// The words a person reads for a PIR outcome.
pub fn pir_outcome(outcome: PirOutcome) -> &'static str {
    match outcome {
        PirOutcome::Successful => "successful",
        PirOutcome::PartiallySuccessful => "partially successful",
        PirOutcome::Unsuccessful => "unsuccessful",
    }
}

fn entry_status(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Open => "open",
        EntryStatus::Mitigated => "mitigated",
        EntryStatus::Accepted => "accepted",
        EntryStatus::Closed => "closed",
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}
