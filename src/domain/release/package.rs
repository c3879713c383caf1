//! The release package: its details (name, RFCs, ownership, audience, approach,
//! dependencies), the configuration item changes it carries, and its cancellation.

use super::plan::plan_edit;
use super::{in_status, text, Ask, At, Release, Status, EDITABLE};
use crate::domain::book::Book;
use crate::domain::change::{NewRelease, ReleaseChange};
use crate::domain::error::LifecycleError;
use crate::domain::ids::{CiId, ReleaseId};
use crate::domain::numbering::numbering;
use crate::domain::permissions::{Rule, MANAGERS};
use serde::{Deserialize, Serialize};

/// Editing the details or the package.
pub(crate) const EDIT: Rule = Rule {
    roles: MANAGERS,
    allowed: EDITABLE,
    action: "edit the release plan",
};

/// Cancelling the release before deployment.
pub(crate) const CANCEL: Rule = Rule {
    roles: MANAGERS,
    allowed: &[
        Status::Draft,
        Status::Planning,
        Status::BuildAndTest,
        Status::BackedOut,
    ],
    action: "cancel releases",
};

/// Big bang (everyone at once) or phased (waves of target groups).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rollout {
    /// Deployed to all users at once.
    #[default]
    BigBang,
    /// Deployed to a subset first, then to more users in scheduled waves.
    Phased,
}

/// Pushed from a central place to each user, or pulled by users from a central place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Sent out from a central location to every user.
    #[default]
    Push,
    /// Placed centrally; users download it when they choose.
    Pull,
}

/// Deployed by installation tooling, or by hand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automation {
    /// By installation software.
    #[default]
    Automatic,
    /// By people following a procedure.
    Manual,
}

/// How a release reaches its users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Approach {
    /// Big bang or phased.
    pub rollout: Rollout,
    /// Push or pull.
    pub delivery: Delivery,
    /// Automatic or manual.
    pub automation: Automation,
}

/// What a release package does to one configuration item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiAction {
    /// A new item, at this version.
    Add {
        /// Version introduced.
        version: String,
    },
    /// An existing item moves from one version to another.
    Upgrade {
        /// Version before.
        from: String,
        /// Version after.
        to: String,
    },
    /// The item is taken out of service.
    Retire,
}

/// One configuration item change carried by a release package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiChange {
    /// The item.
    pub ci: CiId,
    /// What happens to it.
    pub action: CiAction,
}

/// The basics of a release that can be edited until build starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDetails {
    /// A short name, e.g. "Payments autumn release".
    pub name: String,
    /// The change requests (RFC references) that authorize the release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rfcs: Vec<String>,
    /// 6. Ownership: the team ultimately responsible.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_team: String,
    /// 4. The audience: users, customers, organizations affected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// Affected stakeholders to keep informed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<String>,
    /// Big bang or phased, push or pull, automatic or manual.
    #[serde(default)]
    pub approach: Approach,
    /// Releases that must be deployed before this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ReleaseId>,
}

impl Rollout {
    /// Both rollouts, in the order a form offers them.
    pub const ALL: [Rollout; 2] = [Rollout::BigBang, Rollout::Phased];

    /// The words a person reads: "big bang (everyone at once)".
    pub fn label(self) -> &'static str {
        match self {
            Rollout::BigBang => "big bang (everyone at once)",
            Rollout::Phased => "phased (waves of target groups)",
        }
    }

    /// How the rollout goes, as a sentence, for a release with `waves` waves.
    pub fn explain(self, waves: usize) -> String {
        match self {
            Rollout::Phased => {
                format!(
                    "Phased rollout: {}, each to a target group in turn.",
                    crate::domain::plural::count(waves, "wave")
                )
            }
            Rollout::BigBang => "Big bang: everyone at once in each environment.".to_owned(),
        }
    }

    /// The short word a choice shows: "big bang".
    pub fn word(self) -> &'static str {
        match self {
            Rollout::BigBang => "big bang",
            Rollout::Phased => "phased",
        }
    }
}

impl Delivery {
    /// Both deliveries, in the order a form offers them.
    pub const ALL: [Delivery; 2] = [Delivery::Push, Delivery::Pull];

    /// The words a person reads: "pushed to users".
    pub fn label(self) -> &'static str {
        match self {
            Delivery::Push => "pushed to users",
            Delivery::Pull => "pulled by users",
        }
    }

    /// The short word a choice shows: "push".
    pub fn word(self) -> &'static str {
        match self {
            Delivery::Push => "push",
            Delivery::Pull => "pull",
        }
    }
}

impl Automation {
    /// Both automations, in the order a form offers them.
    pub const ALL: [Automation; 2] = [Automation::Automatic, Automation::Manual];

    /// The words a person reads: "automatic deployment".
    pub fn label(self) -> &'static str {
        match self {
            Automation::Automatic => "automatic deployment",
            Automation::Manual => "manual deployment",
        }
    }

    /// The short word a choice shows: "automatic".
    pub fn word(self) -> &'static str {
        match self {
            Automation::Automatic => "automatic",
            Automation::Manual => "manual",
        }
    }
}

impl CiAction {
    /// The change in words: "upgrade from 5.5 to 5.6", "first release: 1.0", "retire".
    /// An upgrade whose earlier version is not known (blank, or the word "current" older
    /// books wrote) says only where it goes: "upgrade to 5.6".
    pub fn label(&self) -> String {
        match self {
            CiAction::Add { version } => format!("first release: {version}"),
            CiAction::Upgrade { from, to } if from.trim().is_empty() || from == "current" => {
                format!("upgrade to {to}")
            }
            CiAction::Upgrade { from, to } => format!("upgrade from {from} to {to}"),
            CiAction::Retire => "retire".to_owned(),
        }
    }
}

impl Approach {
    /// The approach in words: "big bang (everyone at once), pushed to users, automatic
    /// deployment".
    pub fn label(self) -> String {
        format!(
            "{}, {}, {}",
            self.rollout.label(),
            self.delivery.label(),
            self.automation.label()
        )
    }
}

/// Decide [`ReleaseChange::EditDetails`].
pub(crate) fn decide_details(
    ask: &Ask,
    details: ReleaseDetails,
) -> Result<ReleaseChange, LifecycleError> {
    text("name", &details.name, "a name for the release")?;
    check_dependencies(ask.book, Some(&ask.release.id), &details.depends_on)?;
    Ok(ReleaseChange::EditDetails(details))
}

/// Decide [`ReleaseChange::SetPackage`].
pub(crate) fn decide_package(
    ask: &Ask,
    package: Vec<CiChange>,
) -> Result<ReleaseChange, LifecycleError> {
    check_package(ask.book, &package)?;
    Ok(ReleaseChange::SetPackage(package))
}

/// Decide [`ReleaseChange::Cancel`].
pub(crate) fn decide_cancel(reason: String) -> Result<ReleaseChange, LifecycleError> {
    text("reason", &reason, "why the release is cancelled")?;
    Ok(ReleaseChange::Cancel { reason })
}

/// Every item of a package exists, is not retired (unless retired by it) and an upgrade
/// changes its version.
pub(crate) fn check_package(book: &Book, package: &[CiChange]) -> Result<(), LifecycleError> {
    for change in package {
        let ci = book.cis.get(&change.ci).ok_or_else(|| {
            LifecycleError::invalid(
                "package",
                format!("There is no configuration item “{}”.", change.ci),
            )
        })?;
        if ci.retired && !matches!(change.action, CiAction::Retire) {
            return Err(LifecycleError::invalid(
                "package",
                format!("{} is retired.", ci.name),
            ));
        }
        if let CiAction::Upgrade { from, to } = &change.action {
            if from == to {
                return Err(LifecycleError::invalid(
                    "package",
                    format!("The upgrade of {} must change its version.", ci.name),
                ));
            }
        }
    }
    Ok(())
}

/// Every dependency is another release of the book.
pub(crate) fn check_dependencies(
    book: &Book,
    this: Option<&ReleaseId>,
    deps: &[ReleaseId],
) -> Result<(), LifecycleError> {
    for dep in deps {
        if Some(dep) == this {
            return Err(LifecycleError::invalid(
                "depends_on",
                "A release cannot depend on itself.",
            ));
        }
        if !book.releases.contains_key(dep) {
            return Err(LifecycleError::invalid(
                "depends_on",
                format!("There is no release “{dep}”."),
            ));
        }
    }
    Ok(())
}

/// Apply [`ReleaseChange::EditDetails`].
pub(crate) fn apply_details(release: &mut Release, details: &ReleaseDetails) -> Result<(), String> {
    plan_edit(release)?;
    release.details = details.clone();
    Ok(())
}

/// Apply [`ReleaseChange::SetPackage`].
pub(crate) fn apply_package(release: &mut Release, package: &[CiChange]) -> Result<(), String> {
    plan_edit(release)?;
    release.package = package.to_vec();
    Ok(())
}

/// Apply [`ReleaseChange::Cancel`].
pub(crate) fn apply_cancel(release: &mut Release, reason: &str, at: &At) -> Result<(), String> {
    in_status(release, CANCEL.allowed, "cancel")?;
    release.status = Status::Cancelled;
    release.ended = Some((at.stamp(), reason.to_owned()));
    Ok(())
}

/// Decide [`Change::CreateRelease`](crate::domain::Change::CreateRelease): a live
/// service, a name, the number the policy gives next, a valid package and dependencies.
pub(crate) fn decide_create(book: &Book, new: &NewRelease) -> Result<(), LifecycleError> {
    let service = book.services.get(&new.service).ok_or_else(|| {
        LifecycleError::invalid("service", format!("There is no service “{}”.", new.service))
    })?;
    if service.retired {
        return Err(LifecycleError::invalid(
            "service",
            format!("{} is retired and takes no new releases.", service.name),
        ));
    }
    text("name", &new.details.name, "a name for the release")?;
    let rule = numbering(book, &new.service, new.category);
    if !rule.accepted.contains(&new.version) {
        return Err(LifecycleError::WrongVersion {
            given: new.version,
            expected: rule.suggested,
            category: new.category,
            service: service.name.clone(),
        });
    }
    check_package(book, &new.package)?;
    check_dependencies(book, None, &new.details.depends_on)
}
