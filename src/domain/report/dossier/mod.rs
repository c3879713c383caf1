//! The release dossier, one file a chapter in lifecycle order.

mod approvals;
mod criteria;
mod deployment;
mod details;
mod discussion;
mod plan;
mod registers;
mod review;
mod timeline;

use super::{Doc, Report};
use crate::domain::book::Book;
use crate::domain::log::Log;
use crate::domain::release::Release;

/// The release dossier: everything recorded about the release, in lifecycle order, ending
/// with its audit timeline.
pub fn dossier(book: &Book, log: &Log, release: &Release) -> Report {
    let r = release;
    let mut d = Doc::new(format!("Release dossier: {}", r.title()));
    details::details(&mut d, book, r);
    plan::plan(&mut d, book, r);
    criteria::criteria(&mut d, r);
    approvals::approvals(&mut d, book, r);
    deployment::deployment(&mut d, book, r);
    registers::registers(&mut d, book, r);
    review::review(&mut d, book, r);
    discussion::discussion(&mut d, book, r);
    timeline::timeline(&mut d, book, log, r);
    Report {
        title: d.title,
        blocks: d.blocks,
    }
}
