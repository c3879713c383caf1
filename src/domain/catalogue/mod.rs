//! The book's catalogue: services, environments, configuration items and people with roles.

pub(crate) mod rules;

use super::ids::{CiId, EnvironmentId, PersonId, ServiceId};
use super::version::Version;
use serde::{Deserialize, Serialize};

/// An IT service that releases change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Chosen id, e.g. `payments`.
    pub id: ServiceId,
    /// Name shown to people.
    pub name: String,
    /// What the service does, for whom.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The team that owns the service.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_team: String,
    /// The version in use before Release Desk tracked the service; numbering starts after it.
    pub baseline: Version,
    /// Retired services take no new releases.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A target environment such as Test, Staging or Production.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// Chosen id, e.g. `prod`.
    pub id: EnvironmentId,
    /// Name shown to people.
    pub name: String,
    /// A live environment: deployments there go to users and count for the release policy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub production: bool,
    /// Position in the promotion path (Test before Staging before Production).
    #[serde(default)]
    pub order: u32,
    /// Retired environments take no new deployment windows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// The kinds of configuration item a release may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiKind {
    /// Applications and software.
    Software,
    /// Virtual assets: virtual machines, containers, cloud resources.
    VirtualAsset,
    /// Physical assets: servers, network gear, devices.
    PhysicalAsset,
    /// Documentation: runbooks, user guides, release notes.
    Documentation,
    /// Processes and procedures.
    Process,
    /// Training for staff and users.
    Training,
    /// Contracts and agreements (SLAs, OLAs, vendor contracts).
    Contract,
}

impl CiKind {
    /// Every kind, in the order the catalogue lists them.
    pub const ALL: [CiKind; 7] = [
        CiKind::Software,
        CiKind::VirtualAsset,
        CiKind::PhysicalAsset,
        CiKind::Documentation,
        CiKind::Process,
        CiKind::Training,
        CiKind::Contract,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            CiKind::Software => "application / software",
            CiKind::VirtualAsset => "virtual asset",
            CiKind::PhysicalAsset => "physical asset",
            CiKind::Documentation => "documentation",
            CiKind::Process => "process",
            CiKind::Training => "training",
            CiKind::Contract => "contract / agreement",
        }
    }
}

/// A configuration item in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigurationItem {
    /// Chosen id, e.g. `payments-api`.
    pub id: CiId,
    /// Name shown to people.
    pub name: String,
    /// What kind of item this is.
    pub kind: CiKind,
    /// The service it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceId>,
    /// The version in use, free text (`4.2.1`, `rev B`, `2026 edition`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Retired items can no longer be added to a release package.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// What a person does in the release process; it decides which gates they may pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Plans and runs releases.
    ReleaseManager,
    /// Change management and the change advisory board: authorizes every gate, runs the PIR.
    ChangeManager,
    /// Approves stages in an approval chain.
    Approver,
    /// Builds test plans and records test runs.
    Tester,
    /// Service operations: readiness, early life support, accepts the handover.
    Operations,
    /// Reads releases and gives feedback.
    Stakeholder,
    /// Keeps the book: enrols device keys, grants and removes roles, revokes keys.
    Keeper,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::ReleaseManager,
        Role::ChangeManager,
        Role::Approver,
        Role::Tester,
        Role::Operations,
        Role::Stakeholder,
        Role::Keeper,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::ReleaseManager => "release manager",
            Role::ChangeManager => "change manager / CAB",
            Role::Approver => "approver",
            Role::Tester => "tester",
            Role::Operations => "operations",
            Role::Stakeholder => "stakeholder",
            Role::Keeper => "keeper",
        }
    }
}

/// A person who works in the book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Chosen id, e.g. `alice`.
    pub id: PersonId,
    /// Name shown to people.
    pub name: String,
    /// What they do; a person may hold several roles.
    pub roles: Vec<Role>,
    /// Where reminders are e-mailed; empty when not known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
}

impl Person {
    /// Whether the person holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
