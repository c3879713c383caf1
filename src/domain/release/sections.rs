//! The sections of a release's page and the state of each — done, needs attention, or
//! empty — read from the release and from what its next step still needs. The page's menu
//! lists [`Section::PAGE`] in order with [`section_states`]; the words are here too.
//!
//! To add a section to the page: a variant of [`Section`] (in `error.rs`), its place in
//! [`Section::PAGE`], its words in [`Section::label`], its arm in `own` (what it holds and
//! what in it needs attention), and its address name in `ui::route::section_slug`. The
//! component renders `<section id=section_id(Section::…)>` and the menu links to it.

use super::{Release, Status, WaveStatus};
use crate::domain::book::Book;
use crate::domain::error::Section;
use crate::domain::gates::next_step;
use crate::domain::release::Severity;

/// Where a section of the release page stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionState {
    /// It holds what it should; nothing in it waits.
    Done,
    /// The next step needs something here, or something in it is open and serious.
    Attention,
    /// Nothing recorded yet, and nothing needed yet.
    Empty,
}

impl SectionState {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            SectionState::Done => "done",
            SectionState::Attention => "needs attention",
            SectionState::Empty => "empty",
        }
    }

    /// The class name of the state: "done", "attention", "empty".
    pub fn slug(self) -> &'static str {
        match self {
            SectionState::Done => "done",
            SectionState::Attention => "attention",
            SectionState::Empty => "empty",
        }
    }
}

impl Section {
    /// The sections of the release page, in the order the page shows them.
    pub const PAGE: [Section; 20] = [
        Section::Overview,
        Section::Details,
        Section::Package,
        Section::Plan,
        Section::Criteria,
        Section::Approvals,
        Section::Authorization,
        Section::Builds,
        Section::Tests,
        Section::Waves,
        Section::Runbook,
        Section::Backout,
        Section::Operations,
        Section::Knowledge,
        Section::Risks,
        Section::Issues,
        Section::Communications,
        Section::Review,
        Section::Handover,
        Section::Timeline,
    ];

    /// The section's short name, as the page's menu lists it.
    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Details => "Details",
            Section::Package => "Package",
            Section::Plan => "Plan",
            Section::Criteria => "Pass/fail criteria",
            Section::Approvals => "Approvals",
            Section::Authorization => "Authorizations",
            Section::Builds => "Builds",
            Section::Tests => "Tests",
            Section::Waves => "Deployment waves",
            Section::Runbook => "Runbook",
            Section::Backout => "Back-out",
            Section::Operations => "Early life support",
            Section::Knowledge => "Knowledge transfer",
            Section::Risks => "Risks",
            Section::Issues => "Deviations and issues",
            Section::Communications => "Communications",
            Section::Review => "Review",
            Section::Handover => "Handover",
            Section::Timeline => "Audit timeline",
        }
    }
}

/// Each section of the release page, in [`Section::PAGE`] order, with its state: needs
/// attention when the next step lists something missing there or something in it is
/// open and serious; else done when it holds something; else empty.
pub fn section_states(book: &Book, release: &Release) -> Vec<(Section, SectionState)> {
    let missing = next_step(book, release).map_or_else(Vec::new, |c| c.missing);
    Section::PAGE
        .iter()
        .map(|&section| {
            let (serious, holds) = own(book, release, section);
            let state = if serious || missing.iter().any(|m| m.section == section) {
                SectionState::Attention
            } else if holds {
                SectionState::Done
            } else {
                SectionState::Empty
            };
            (section, state)
        })
        .collect()
}

/// What a section itself says: (something in it is open and serious, it holds something).
fn own(book: &Book, r: &Release, section: Section) -> (bool, bool) {
    let live = !r.status.is_final();
    match section {
        Section::Overview => (
            book.open_conflicts()
                .any(|c| c.release.as_ref() == Some(&r.id)),
            true,
        ),
        Section::Details => (
            false,
            !r.details.rfcs.is_empty()
                || !r.details.owner_team.is_empty()
                || !r.details.audience.is_empty(),
        ),
        Section::Package => (false, !r.package.is_empty()),
        Section::Plan => (false, !r.plan.is_blank()),
        Section::Criteria => (
            live && r
                .criteria
                .iter()
                .any(|c| r.criterion_met(&c.id) == Some(false) && !r.criterion_waived(&c.id)),
            !r.criteria.is_empty(),
        ),
        Section::Approvals => (false, r.approval_chains.values().any(|c| !c.is_empty())),
        Section::Authorization => (false, !r.authorizations.is_empty()),
        Section::Builds => (false, !r.builds.is_empty() || !r.documents.is_empty()),
        Section::Tests => (false, !r.test_runs.is_empty()),
        Section::Waves => (
            live && r.waves.iter().any(|w| w.status == WaveStatus::Failed),
            !r.waves.is_empty(),
        ),
        Section::Runbook => {
            let failing = r.current_run().is_some_and(|run| {
                run.backout.is_some()
                    || run
                        .progress
                        .iter()
                        .any(|p| p.state == super::runbook::TaskState::Failed)
            });
            (live && failing, !r.runbook.tasks.is_empty())
        }
        Section::Backout => (
            r.status == Status::BackedOut,
            !r.backout_plan.trim().is_empty(),
        ),
        Section::Operations => (
            false,
            r.service_live.is_some() || !r.known_errors.is_empty(),
        ),
        Section::Knowledge => (false, !r.knowledge.is_empty()),
        Section::Risks => (
            live && r
                .risks
                .iter()
                .any(|k| k.status.is_open() && k.severity() >= Severity::High),
            !r.risks.is_empty(),
        ),
        Section::Issues => (
            live && r
                .issues
                .iter()
                .any(|i| i.status.is_open() && i.severity >= Severity::High),
            !r.issues.is_empty(),
        ),
        Section::Communications => (false, !r.communications.is_empty()),
        Section::Review => {
            let review = &r.review;
            let holds = !review.feedback.is_empty()
                || !review.evaluations.is_empty()
                || review.quality.is_some()
                || review.knowledge_transfer.is_some()
                || review.known_errors_documented.is_some()
                || review.pir.is_some();
            (false, holds)
        }
        Section::Handover => (false, r.review.handover.is_some()),
        Section::Timeline => (false, true),
    }
}
