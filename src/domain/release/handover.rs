//! Handover to operations: knowledge transfer and training items, planned and delivered,
//! and operations' formal acceptance of the handover, without which a release cannot
//! close.

use super::{find, in_status, require, text, At, Release, Stamp, Status, OPEN};
use crate::domain::change::ReleaseChange;
use crate::domain::error::LifecycleError;
use crate::domain::ids::ItemId;
use crate::domain::permissions::{Rule, MANAGERS, OPERATIONS};
use serde::{Deserialize, Serialize};

/// Planning or delivering knowledge transfer and training.
pub(crate) const KNOWLEDGE: Rule = Rule {
    roles: MANAGERS,
    allowed: OPEN,
    action: "manage knowledge transfer",
};

/// Operations accepts the handover, in review.
pub(crate) const ACCEPT: Rule = Rule {
    roles: OPERATIONS,
    allowed: &[Status::Review],
    action: "accept the handover",
};

/// Knowledge transfer or training.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnowledgeKind {
    /// Handing knowledge to support and operations.
    #[default]
    Transfer,
    /// Training staff or users.
    Training,
}

impl KnowledgeKind {
    /// Both kinds.
    pub const ALL: [KnowledgeKind; 2] = [KnowledgeKind::Transfer, KnowledgeKind::Training];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            KnowledgeKind::Transfer => "knowledge transfer",
            KnowledgeKind::Training => "training",
        }
    }
}

/// A knowledge transfer or training item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeItem {
    /// Id (the adding event's).
    #[serde(default)]
    pub id: ItemId,
    /// Transfer or training.
    #[serde(default)]
    pub kind: KnowledgeKind,
    /// The topic.
    pub topic: String,
    /// Who receives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// When it was delivered, by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Stamp>,
}

/// Decide [`ReleaseChange::AddKnowledgeItem`].
pub(crate) fn decide_item(item: KnowledgeItem) -> Result<ReleaseChange, LifecycleError> {
    text("topic", &item.topic, "the topic")?;
    Ok(ReleaseChange::AddKnowledgeItem(item))
}

/// Apply [`ReleaseChange::AddKnowledgeItem`].
pub(crate) fn apply_item(release: &mut Release, item: &KnowledgeItem, at: &At) {
    release.knowledge.push(KnowledgeItem {
        id: at.new_id(),
        done: None,
        ..item.clone()
    });
}

/// Apply [`ReleaseChange::CompleteKnowledgeItem`].
pub(crate) fn apply_complete(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    let item = find(&mut release.knowledge, id, |k| &k.id, "knowledge item")?;
    require(item.done.is_none(), "already delivered")?;
    item.done = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::AcceptHandover`].
pub(crate) fn apply_accept(release: &mut Release, at: &At) -> Result<(), String> {
    in_status(release, ACCEPT.allowed, "accept the handover")?;
    require(
        release.review.handover.is_none(),
        "operations already accepted the handover",
    )?;
    release.review.handover = Some(at.stamp());
    Ok(())
}
