//! The catalogue's rules: what a person, service, environment, configuration item or
//! release policy must be to be saved, when one may be retired, and the duplicate-id rule
//! of a new entry.

use crate::domain::book::Book;
use crate::domain::change::Change;
use crate::domain::error::LifecycleError;
use crate::domain::ids::{CiId, EnvironmentId, ServiceId};
use crate::domain::policy::ReleasePolicy;
use crate::domain::release::approvals::known_approver;
use crate::domain::release::{text, Release, Status};

use super::{ConfigurationItem, Environment, Person, Service};

/// The duplicate-id rule: a new catalogue entry may not take an id the book already has.
/// Commands other than the four catalogue entries pass.
pub fn check_new(book: &Book, command: &Change) -> Result<(), LifecycleError> {
    let taken = match command {
        Change::Person(p) => book
            .people
            .contains_key(&p.id)
            .then(|| format!("There is already a person with the id “{}”.", p.id)),
        Change::Service(s) => book
            .services
            .contains_key(&s.id)
            .then(|| format!("There is already a service with the id “{}”.", s.id)),
        Change::Environment(e) => book
            .environments
            .contains_key(&e.id)
            .then(|| format!("There is already an environment with the id “{}”.", e.id)),
        Change::Ci(ci) => book.cis.contains_key(&ci.id).then(|| {
            format!(
                "There is already a configuration item with the id “{}”.",
                ci.id
            )
        }),
        Change::Enrol(_)
        | Change::Revoke { .. }
        | Change::RetireService(_)
        | Change::RetireEnvironment(_)
        | Change::RetireCi(_)
        | Change::Policy(_)
        | Change::CreateRelease(_)
        | Change::Release { .. }
        | Change::ResolveConflict { .. } => None,
    };
    match taken {
        Some(message) => Err(LifecycleError::invalid("id", message)),
        None => Ok(()),
    }
}

fn slug(field: &'static str, value: &str) -> Result<(), LifecycleError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(LifecycleError::invalid(
            field,
            "Use 1 to 64 letters, digits, dots, dashes or underscores for the id.",
        ))
    }
}

/// Decide [`Change::Person`].
pub(crate) fn decide_person(p: &Person) -> Result<(), LifecycleError> {
    slug("id", p.id.as_str())?;
    text("name", &p.name, "the person's name")?;
    if p.roles.is_empty() {
        return Err(LifecycleError::invalid(
            "roles",
            "Choose at least one role.",
        ));
    }
    let email = p.email.as_str();
    let well_formed = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    // The longest address mail can carry (RFC 5321).
    if email.len() > 254 {
        return Err(LifecycleError::invalid(
            "email",
            "An e-mail address has at most 254 characters.",
        ));
    }
    if !email.is_empty() && !well_formed {
        return Err(LifecycleError::invalid(
            "email",
            "Write the e-mail address as name@example.org, or leave it empty.",
        ));
    }
    Ok(())
}

/// Decide [`Change::Service`]: a retired service is not retired again.
pub(crate) fn decide_service(book: &Book, s: &Service) -> Result<(), LifecycleError> {
    slug("id", s.id.as_str())?;
    text("name", &s.name, "the service's name")?;
    if book.services.get(&s.id).is_some_and(|x| x.retired) && s.retired {
        return Err(LifecycleError::WrongState("the service is retired".into()));
    }
    Ok(())
}

/// Decide [`Change::Environment`].
pub(crate) fn decide_environment(e: &Environment) -> Result<(), LifecycleError> {
    slug("id", e.id.as_str())?;
    text("name", &e.name, "the environment's name")
}

/// Decide [`Change::Ci`]: its service, if any, is in the catalogue.
pub(crate) fn decide_ci(book: &Book, ci: &ConfigurationItem) -> Result<(), LifecycleError> {
    slug("id", ci.id.as_str())?;
    text("name", &ci.name, "the item's name")?;
    if let Some(service) = &ci.service {
        if !book.services.contains_key(service) {
            return Err(LifecycleError::invalid(
                "service",
                format!("There is no service “{service}”."),
            ));
        }
    }
    Ok(())
}

/// Decide [`Change::RetireService`]: no active release remains.
pub(crate) fn decide_retire_service(book: &Book, id: &ServiceId) -> Result<(), LifecycleError> {
    book.services
        .get(id)
        .ok_or_else(|| LifecycleError::NotFound(format!("Service {id}")))?;
    let active: Vec<String> = book
        .releases
        .values()
        .filter(|r| &r.service == id && !r.status.is_final())
        .map(Release::title)
        .collect();
    if !active.is_empty() {
        return Err(LifecycleError::WrongState(format!(
            "the service still has active releases: {}; close or cancel them first",
            active.join(", ")
        )));
    }
    Ok(())
}

/// Decide [`Change::RetireEnvironment`]: no active release still deploys there.
pub(crate) fn decide_retire_environment(
    book: &Book,
    id: &EnvironmentId,
) -> Result<(), LifecycleError> {
    book.environments
        .get(id)
        .ok_or_else(|| LifecycleError::NotFound(format!("Environment {id}")))?;
    let active: Vec<String> = book
        .releases
        .values()
        .filter(|r| !r.status.is_final() && r.status != Status::BackedOut)
        .filter(|r| r.waves.iter().any(|w| &w.plan.environment == id))
        .map(Release::title)
        .collect();
    if !active.is_empty() {
        return Err(LifecycleError::WrongState(format!(
            "active releases still deploy there: {}",
            active.join(", ")
        )));
    }
    Ok(())
}

/// Decide [`Change::RetireCi`]: no active release package carries it.
pub(crate) fn decide_retire_ci(book: &Book, id: &CiId) -> Result<(), LifecycleError> {
    book.cis
        .get(id)
        .ok_or_else(|| LifecycleError::NotFound(format!("Configuration item {id}")))?;
    let active: Vec<String> = book
        .releases
        .values()
        .filter(|r| !r.status.is_final() && r.package.iter().any(|c| &c.ci == id))
        .map(Release::title)
        .collect();
    if !active.is_empty() {
        return Err(LifecycleError::WrongState(format!(
            "active release packages still carry it: {}",
            active.join(", ")
        )));
    }
    Ok(())
}

/// Decide [`Change::Policy`]: its service exists, freezes are named and end after they
/// start, limits allow a release, approvers are people of the book.
pub(crate) fn decide_policy(book: &Book, policy: &ReleasePolicy) -> Result<(), LifecycleError> {
    if !book.services.contains_key(&policy.service) {
        return Err(LifecycleError::invalid(
            "service",
            format!("There is no service “{}”.", policy.service),
        ));
    }
    for freeze in &policy.freeze_windows {
        text(
            "freeze_windows",
            &freeze.name,
            "a name for every freeze window",
        )?;
        if freeze.end <= freeze.start {
            return Err(LifecycleError::invalid(
                "freeze_windows",
                format!("The freeze “{}” must end after it starts.", freeze.name),
            ));
        }
    }
    if policy.frequency.iter().any(|l| l.max == 0) {
        return Err(LifecycleError::invalid(
            "frequency",
            "A frequency limit must allow at least one release per period.",
        ));
    }
    for approver in policy.approval_chains.values().flatten() {
        known_approver(book, approver)?;
    }
    Ok(())
}
