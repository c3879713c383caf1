//! The release policy's numbering: which version a new release of a service must carry.

use super::book::Book;
use super::ids::ServiceId;
use super::release::Status;
use super::version::{Category, Version};
use std::collections::BTreeMap;

/// The number to suggest for a new release, and every number the policy accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbering {
    /// The suggestion: one step after the latest release of the line.
    pub suggested: Version,
    /// Every acceptable number (an emergency fix may go to any existing minor line).
    pub accepted: Vec<Version>,
}

/// The numbers a new `category` release of `service` may carry.
pub fn numbering(book: &Book, service: &ServiceId, category: Category) -> Numbering {
    let baseline = book
        .services
        .get(service)
        .map(|s| s.baseline)
        .unwrap_or_default();
    let mut versions = vec![(baseline, true)];
    versions.extend(
        book.releases
            .values()
            .filter(|r| &r.service == service && r.status != Status::Cancelled)
            .map(|r| {
                let reached_users = matches!(
                    r.status,
                    Status::Deployment | Status::EarlyLifeSupport | Status::Review | Status::Closed
                );
                (r.version, reached_users)
            }),
    );
    let latest = versions.iter().map(|(v, _)| *v).max().unwrap_or_default();
    match category {
        Category::Major | Category::Minor => {
            // The latest minor within the latest major line.
            let line = versions
                .iter()
                .map(|(v, _)| *v)
                .filter(|v| v.major == latest.major)
                .max()
                .unwrap_or(latest);
            let next = Version::next_after(Version::new(line.major, line.minor, 0), category);
            Numbering {
                suggested: next,
                accepted: vec![next],
            }
        }
        Category::Emergency => {
            let mut lines: BTreeMap<(u32, u32), u32> = BTreeMap::new();
            for (v, _) in &versions {
                let patch = lines.entry((v.major, v.minor)).or_default();
                *patch = (*patch).max(v.patch);
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
                .filter(|(_, live)| *live)
                .map(|(v, _)| (v.major, v.minor))
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
