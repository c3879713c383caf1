//! The sections of a release's page, one file per ITIL concept with the same names as the
//! domain's `src/domain/release/` (package, plan, approvals, build_test, waves, backout,
//! early_life, registers, review, handover), plus the page's own parts (header, conflicts,
//! timeline). Each section renders its own `<section id="section-…">` (see
//! [`section_id`](crate::ui::route::section_id)) so the "what is missing" checklist can
//! link to it, and reads the release through [`ReleaseCtx`], which also says whether the
//! page shows the past (read-only). Sections never import each other: what they share is
//! in [`common`], the words for the domain's enums are the domain's (`label()`, `ALL`), and
//! every field and form is the UI kit's (`crate::ui::kit`).

pub mod common;
pub mod entry_form;

pub mod acceptance;
pub mod approvals;
pub mod backout;
pub mod build_test;
pub mod comments;
pub mod conflicts;
pub mod early_life;
pub mod gated;
pub mod handover;
pub mod header;
pub mod menu;
pub mod milestones;
pub mod opener;
pub mod package;
pub mod plan;
pub mod registers;
pub mod review;
pub mod runbook;
pub mod timeline;
pub mod waves;
use leptos::prelude::*;

use crate::domain::{EventId, Openness, Person, Release, ReleaseId};

/// What every section of a release page reads, provided by the release page.
#[derive(Clone, Copy)]
pub struct ReleaseCtx {
    /// The release's id.
    pub id: StoredValue<ReleaseId>,
    /// The release as shown: now, or as of [`as_of`](Self::as_of). `None` when it does not
    /// exist (yet, at that point in time).
    pub release: Memo<Option<Release>>,
    /// The event the page is showing the release as of; `None` shows it now.
    pub as_of: Memo<Option<EventId>>,
    /// The person at this browser, one memo for the page: it changes only when they do
    /// (not on every event), and each section's "may I offer this?" reads it cheaply.
    pub person: Memo<Option<Person>>,
    /// What decides which changes the release shown is open to (its status, and whether
    /// its plan waits for approvers): sections that ask [`common::offer`] follow this, not
    /// every change to the release, such as a runbook task marked.
    pub openness: Memo<Option<Openness>>,
}

impl ReleaseCtx {
    /// The context provided by the release page.
    ///
    /// # Panics
    /// Outside a release page: a programming error.
    pub fn expect() -> ReleaseCtx {
        expect_context::<ReleaseCtx>()
    }

    /// The release id.
    pub fn id(&self) -> ReleaseId {
        self.id.get_value()
    }

    /// The page shows the past: no forms, no actions.
    pub fn read_only(&self) -> bool {
        self.as_of.with(Option::is_some)
    }

    /// Read the release shown, if any.
    pub fn with<T>(&self, f: impl FnOnce(&Release) -> T) -> Option<T> {
        self.release.with(|r| r.as_ref().map(f))
    }

    /// A part of the release shown as it is now, untracked (a form's starting values, which
    /// must not follow later events), or the default.
    pub fn part<T: Default>(&self, f: impl FnOnce(&Release) -> T) -> T {
        self.release
            .with_untracked(|r| r.as_ref().map(f))
            .unwrap_or_default()
    }
}
