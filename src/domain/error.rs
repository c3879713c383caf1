//! `LifecycleError`: why a command was refused, in words a release manager understands,
//! with the list of what is missing and where on the release page each is fixed.

use super::version::{Category, Version};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The part of a release where a missing item is fixed; the UI links each item there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Name, RFCs, ownership, audience, approach.
    Details,
    /// The configuration items in the package.
    Package,
    /// The written plan.
    Plan,
    /// Pass/fail criteria.
    Criteria,
    /// Approval chains and rounds.
    Approvals,
    /// Change management's authorizations.
    Authorization,
    /// Build records.
    Builds,
    /// Test runs, rehearsals, pilots.
    Tests,
    /// Deployment waves and their windows.
    Waves,
    /// The deployment runbook and its runs.
    Runbook,
    /// The back-out plan.
    Backout,
    /// The risk register.
    Risks,
    /// Deviations and issues.
    Issues,
    /// Review records: feedback, evaluation, confirmations.
    Review,
    /// Knowledge transfer and training.
    Knowledge,
    /// Operations' acceptance of the handover.
    Handover,
    /// The top of the release page: where it stands and its next step.
    Overview,
    /// Early life support: the notifications and the known errors.
    Operations,
    /// Stakeholder communications.
    Communications,
    /// The audit timeline.
    Timeline,
}

/// One thing a gate still needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// What is missing, e.g. "a back-out plan".
    pub item: String,
    /// Where it is fixed.
    pub section: Section,
}

impl Missing {
    /// A missing item.
    pub fn new(section: Section, item: impl Into<String>) -> Self {
        Missing {
            item: item.into(),
            section,
        }
    }
}

/// Why a command was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LifecycleError {
    /// A gate's requirements are not all met.
    GateNotReady {
        /// The step, e.g. "Deployment to Production".
        step: String,
        /// Everything still missing.
        missing: Vec<Missing>,
    },
    /// The person may not do this.
    NotPermitted {
        /// What was attempted.
        action: String,
        /// Who may do it instead.
        needs: String,
    },
    /// A field holds a value that cannot be accepted.
    Invalid {
        /// The field, as the form names it (`name`, `version`, `window` …).
        field: &'static str,
        /// What is wrong and how to put it right.
        message: String,
    },
    /// The version number does not follow the service's release policy.
    WrongVersion {
        /// What was asked for.
        given: Version,
        /// The number the policy gives.
        expected: Version,
        /// The release category.
        category: Category,
        /// The service's name.
        service: String,
    },
    /// Something named does not exist.
    NotFound(String),
    /// The release is not in a state where this can happen.
    WrongState(String),
}

impl LifecycleError {
    /// An invalid field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        LifecycleError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// The field a form should show this error next to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            LifecycleError::Invalid { field, .. } => Some(field),
            LifecycleError::WrongVersion { .. } => Some("version"),
            _ => None,
        }
    }
}

impl fmt::Display for LifecycleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LifecycleError::GateNotReady { step, missing } => {
                write!(f, "{step} needs: ")?;
                for (i, m) in missing.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    f.write_str(&m.item)?;
                }
                Ok(())
            }
            LifecycleError::NotPermitted { action, needs } => {
                write!(f, "Only {needs} may {action}.")
            }
            LifecycleError::Invalid { message, .. } => f.write_str(message),
            LifecycleError::WrongVersion { given, expected, category, service } => write!(
                f,
                "{given} is not the next {} release of {service}: the release policy gives {expected}.",
                category.label()
            ),
            LifecycleError::NotFound(what) => write!(f, "{what} does not exist."),
            LifecycleError::WrongState(why) => {
                let mut chars = why.chars();
                match chars.next() {
                    Some(first) => write!(f, "{}{}.", first.to_ascii_uppercase(), chars.as_str()),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for LifecycleError {}
