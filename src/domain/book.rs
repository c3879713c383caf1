//! The release book: one team's workspace, the fold of its event log.

use super::catalogue::{ConfigurationItem, Environment, Person, Service};
use super::ids::{CiId, EnvironmentId, EventId, PersonId, ReleaseId, ServiceId};
use super::policy::ReleasePolicy;
use super::release::{Release, Stamp};
use super::trust::{DeviceKey, KeyId, Rejected, Signing};
use super::version::Version;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One version of a service reaching an environment (a verified wave).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployed {
    /// The release deployed.
    pub release: ReleaseId,
    /// Its version.
    pub version: Version,
    /// Verified by, when.
    pub stamp: Stamp,
    /// Later undone by a back-out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub backed_out: bool,
}

/// An event that no longer made sense once two logs were merged (two approvals of the same
/// slot, a deployment of a release cancelled elsewhere). It stays in the log; its effect is
/// not applied, and it is shown until someone resolves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The event that could not be applied.
    pub event: EventId,
    /// Who did it.
    pub by: PersonId,
    /// The release concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleaseId>,
    /// Why it could not be applied, in words.
    pub reason: String,
    /// How it was settled, once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<(Stamp, String)>,
}

/// The state of a release book: what the event log folds to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    /// People and their roles.
    pub people: BTreeMap<PersonId, Person>,
    /// Services.
    pub services: BTreeMap<ServiceId, Service>,
    /// Environments.
    pub environments: BTreeMap<EnvironmentId, Environment>,
    /// The configuration item catalogue.
    pub cis: BTreeMap<CiId, ConfigurationItem>,
    /// Release policies, per service.
    pub policies: BTreeMap<ServiceId, ReleasePolicy>,
    /// Releases.
    pub releases: BTreeMap<ReleaseId, Release>,
    /// What reached each environment, per service, oldest first.
    pub deployed: BTreeMap<ServiceId, BTreeMap<EnvironmentId, Vec<Deployed>>>,
    /// Conflicts found while folding merged logs.
    pub conflicts: Vec<Conflict>,
    /// Device keys enrolled, by id.
    #[serde(default)]
    pub keys: BTreeMap<KeyId, DeviceKey>,
    /// Events kept in the log but not folded in (forged, unauthorized, misplaced).
    #[serde(default)]
    pub rejected: Vec<Rejected>,
    /// Who founded signing, what was adopted, what was refused on arrival.
    #[serde(default)]
    pub signing: Signing,
    /// How many events were folded into this state.
    pub applied: u64,
}

impl Book {
    /// The policy of a service, or the default one.
    pub fn policy(&self, service: &ServiceId) -> ReleasePolicy {
        self.policies
            .get(service)
            .cloned()
            .unwrap_or_else(|| ReleasePolicy::default_for(service.clone()))
    }

    /// The version of `service` in use on `environment`: the latest deployment not backed out.
    pub fn deployed_version(
        &self,
        service: &ServiceId,
        environment: &EnvironmentId,
    ) -> Option<&Deployed> {
        self.deployed
            .get(service)?
            .get(environment)?
            .iter()
            .rev()
            .find(|d| !d.backed_out)
    }

    /// The keys of a person that are not revoked.
    pub fn live_keys<'a>(&'a self, person: &'a PersonId) -> impl Iterator<Item = &'a DeviceKey> {
        self.keys
            .values()
            .filter(move |k| &k.person == person && k.revoked.is_none())
    }

    /// The book's keepers.
    pub fn keepers(&self) -> impl Iterator<Item = &Person> {
        self.people
            .values()
            .filter(|p| p.has(super::catalogue::Role::Keeper))
    }

    /// Conflicts nobody has settled yet.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(|c| c.resolved.is_none())
    }

    /// The name of a person, or their id when unknown.
    pub fn person_name<'a>(&'a self, id: &'a PersonId) -> &'a str {
        self.people.get(id).map_or(id.as_str(), |p| p.name.as_str())
    }
}
