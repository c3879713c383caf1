//! The release policy's numbering: which version a new release of a service must carry.
//!
//! Which releases count: the service's baseline and every release past planning
//! authorization (planning, build and test, deployment, early life support, review, closed
//! and backed out). A draft is only a proposal and a cancelled release is gone, so neither
//! moves the line a suggestion follows: a minor of a service at 5.6 is offered 5.7 even
//! while a draft 6.0 waits. A number any release other than a cancelled one carries is
//! taken, though, and the suggestion steps past it.

use super::book::Book;
use super::ids::ServiceId;
use super::release::{Release, Status};
use super::version::{Category, Version};
use std::collections::BTreeMap;

/// The number to suggest for a new release, and every number the policy accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbering {
    /// The suggestion: one step after the latest release of the line that counts.
    pub suggested: Version,
    /// Every acceptable number (an emergency fix may go to any existing minor line).
    pub accepted: Vec<Version>,
}

/// Whether a release moves the service's numbering line: past planning authorization and
/// not cancelled (see the module's note).
pub fn counts_for_numbering(release: &Release) -> bool {
    !matches!(release.status, Status::Draft | Status::Cancelled)
}

/// The numbers a new `category` release of `service` may carry.
pub fn numbering(book: &Book, service: &ServiceId, category: Category) -> Numbering {
    let baseline = book
        .services
        .get(service)
        .map(|s| s.baseline)
        .unwrap_or_default();
    let of_service = || {
        book.releases
            .values()
            .filter(|r| &r.service == service && r.status != Status::Cancelled)
    };
    // (version, counts, reached users) for the baseline and every release not cancelled.
    let mut versions = vec![(baseline, true, true)];
    versions.extend(of_service().map(|r| {
        let reached_users = matches!(
            r.status,
            Status::Deployment | Status::EarlyLifeSupport | Status::Review | Status::Closed
        );
        (r.version, counts_for_numbering(r), reached_users)
    }));
    let taken = |v: &Version| versions.iter().any(|(t, _, _)| t == v);
    let counting = || versions.iter().filter(|(_, counts, _)| *counts);
    let latest = counting().map(|(v, _, _)| *v).max().unwrap_or_default();
    match category {
        Category::Major | Category::Minor => {
            // One step after the latest minor of the latest major line, past taken numbers.
            let mut next =
                Version::next_after(Version::new(latest.major, latest.minor, 0), category);
            while taken(&next) && next != Version::next_after(next, category) {
                next = Version::next_after(next, category);
            }
            Numbering {
                suggested: next,
                accepted: vec![next],
            }
        }
        Category::Emergency => {
            // Each line that counts, with the highest fix any release of it carries.
            let mut lines: BTreeMap<(u32, u32), u32> = BTreeMap::new();
            for (v, _, _) in counting() {
                lines.insert((v.major, v.minor), 0);
            }
            for (v, _, _) in &versions {
                if let Some(patch) = lines.get_mut(&(v.major, v.minor)) {
                    *patch = (*patch).max(v.patch);
                }
            }
            let accepted: Vec<Version> = lines
                .iter()
                .map(|(&(major, minor), &patch)| {
                    Version::new(major, minor, patch.saturating_add(1))
                })
                .collect();
            // Fix what users run: the latest line that reached them.
            let live = versions
                .iter()
                .filter(|(_, _, live)| *live)
                .map(|(v, _, _)| (v.major, v.minor))
                .max()
                .unwrap_or((latest.major, latest.minor));
            let patch = lines.get(&live).copied().unwrap_or(0);
            Numbering {
                suggested: Version::new(live.0, live.1, patch.saturating_add(1)),
                accepted,
            }
        }
    }
}
