//! What the concept files share: the statuses most rules name, the context of deciding
//! ([`Ask`]) and applying ([`At`]) a release change, what a change means beyond its release
//! ([`Effect`]), and the small checks every concept uses.

use super::{Release, Stamp, Status};
use crate::domain::book::Book;
use crate::domain::catalogue::Person;
use crate::domain::error::LifecycleError;
use crate::domain::event::Event;
use crate::domain::ids::{EnvironmentId, ItemId};
use crate::domain::policy::Approver;

/// The statuses in which the plan (details, package, plan, criteria, chains) may change.
pub const EDITABLE: &[Status] = &[Status::Draft, Status::Planning];

/// Every status in which a release may still change: all but closed and cancelled.
pub const OPEN: &[Status] = &[
    Status::Draft,
    Status::Planning,
    Status::BuildAndTest,
    Status::Deployment,
    Status::EarlyLifeSupport,
    Status::Review,
    Status::BackedOut,
];

/// What deciding a release change looks at: the book, the release as it stands, the
/// acting person and the id a record it adds will carry.
pub(crate) struct Ask<'a> {
    /// The whole book (catalogue, policies, other releases).
    pub book: &'a Book,
    /// The release changed.
    pub release: &'a Release,
    /// Who acts, if registered.
    pub actor: Option<&'a Person>,
    /// The id of the command's first event, for records it adds.
    pub new_id: ItemId,
}

/// The event being applied, for the stamp and id of what it records.
pub(crate) struct At<'a>(pub &'a Event);

impl At<'_> {
    /// Who acted, when.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            by: self.0.by.clone(),
            at: self.0.at,
        }
    }

    /// The id a record added by this event carries.
    pub fn new_id(&self) -> ItemId {
        ItemId::from(&self.0.id)
    }
}

/// What a release change means for the book beyond the release itself.
pub(crate) enum Effect {
    /// Nothing beyond the release.
    None,
    /// A wave was verified in this environment.
    Deployed(EnvironmentId),
    /// The deployment was backed out everywhere.
    BackedOut,
}

/// A text field that must not be blank.
pub(crate) fn text(field: &'static str, value: &str, what: &str) -> Result<(), LifecycleError> {
    if value.trim().is_empty() {
        Err(LifecycleError::invalid(field, format!("Enter {what}.")))
    } else {
        Ok(())
    }
}

/// A structural rule of `apply`, with the reason a merged event is refused.
pub(crate) fn require(condition: bool, reason: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(reason.to_owned())
    }
}

/// The release must be in one of `allowed` (a rule's statuses) to do what `doing` says.
pub(crate) fn in_status(release: &Release, allowed: &[Status], doing: &str) -> Result<(), String> {
    if allowed.contains(&release.status) {
        Ok(())
    } else {
        Err(format!(
            "cannot {doing}: the release is {}",
            release.status.phrase()
        ))
    }
}

/// The record with this id, to change it.
pub(crate) fn find<'a, T>(
    items: &'a mut [T],
    id: &ItemId,
    key: impl Fn(&T) -> &ItemId,
    what: &str,
) -> Result<&'a mut T, String> {
    items
        .iter_mut()
        .find(|item| key(item) == id)
        .ok_or_else(|| format!("no such {what}"))
}

/// The approver in words: "a change manager / CAB" or the person's name.
pub(crate) fn approver_text(book: &Book, approver: &Approver) -> String {
    match approver {
        Approver::Role(role) => crate::domain::permissions::roles_text(&[*role]),
        Approver::Person(id) => book.person_name(id).to_owned(),
    }
}
