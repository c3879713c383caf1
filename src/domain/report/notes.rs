//! The release notes, written for the people who use the service: what changes for them,
//! who is affected and when, the known errors with their workarounds, and how to get help.
//! The change requests and configuration items come last, for those who trace them.

use super::sections::deployments_in_words;
use super::{ci_name, Doc, Report};
use crate::domain::book::Book;
use crate::domain::records::EntryStatus;
use crate::domain::release::{Release, Status};

/// Release notes: an opening sentence, then what changes for users, who is affected, when
/// it reaches them, the known errors with their workarounds, how to get help, and the
/// references (change requests, configuration items).
pub fn release_notes(book: &Book, release: &Release) -> Report {
    let mut d = Doc::new(format!("Release notes: {}", release.title()));
    let service = book
        .services
        .get(&release.service)
        .map_or(release.service.as_str(), |s| &s.name);
    let state = match release.status {
        Status::Draft | Status::Planning | Status::BuildAndTest => "It is being prepared.",
        Status::Deployment => "It is being deployed.",
        Status::EarlyLifeSupport => "It is live, under early life support.",
        Status::Review | Status::Closed => "It is live.",
        Status::Cancelled => "It was cancelled and will not be deployed.",
        Status::BackedOut => "It was backed out: the previous version is in use again.",
    };
    d.p(&format!(
        "{service} {} is a {} release. {state}",
        release.version,
        release.category.label()
    ));
    d.h(2, "What changes for users");
    d.text_or(
        &release.plan.changes,
        "The release manager has not described the changes yet.",
    );
    d.h(2, "Who is affected");
    let who = if release.plan.affected.trim().is_empty() {
        &release.details.audience
    } else {
        &release.plan.affected
    };
    d.text_or(who, "Not described yet.");
    d.h(2, "When it reaches you");
    d.list_or(
        deployments_in_words(book, release),
        "No deployment is scheduled yet.",
    );
    d.h(2, "Known errors and workarounds");
    d.list_or(
        release
            .known_errors
            .iter()
            .filter(|e| e.status != EntryStatus::Closed)
            .map(|e| {
                let mut line = e.title.clone();
                for (word, text) in [("Workaround", &e.workaround), ("Fix", &e.fix)] {
                    if !text.trim().is_empty() {
                        line.push_str(&[". ", word, ": ", text].concat());
                    }
                }
                line
            })
            .collect(),
        "No known errors.",
    );
    d.h(2, "How to get help");
    let mut help = format!("Contact the service desk and name “{}”.", release.title());
    if !release.details.owner_team.trim().is_empty() {
        help.push_str(&format!(
            " The {} is responsible for the release.",
            release.details.owner_team
        ));
    }
    if release.status == Status::EarlyLifeSupport {
        help.push_str(" During early life support the release team watches the service closely and answers first.");
    }
    d.p(&help);
    d.h(2, "References");
    d.h(3, "Change requests");
    d.list_or(release.details.rfcs.clone(), "No change request recorded.");
    d.h(3, "Configuration items changed");
    d.list_or(
        release
            .package
            .iter()
            .map(|c| format!("{}: {}", ci_name(book, &c.ci), c.action.label()))
            .collect(),
        "The package carries no configuration item.",
    );
    Report {
        title: d.title,
        blocks: d.blocks,
    }
}
