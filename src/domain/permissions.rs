//! Who may do what. The UI asks [`may`] to offer only what a person's roles allow;
//! `decide` enforces the same rule.

use super::catalogue::{Person, Role};
use super::change::{Change, ReleaseChange};
use super::policy::Approver;

const MANAGERS: &[Role] = &[Role::ReleaseManager, Role::ChangeManager];
const CAB: &[Role] = &[Role::ChangeManager];
const DEPLOYERS: &[Role] = &[Role::ReleaseManager, Role::Operations];
const TESTERS: &[Role] = &[Role::Tester, Role::ReleaseManager];
const APPROVERS: &[Role] = &[Role::ChangeManager, Role::Approver];
const OPERATIONS: &[Role] = &[Role::Operations];
const EVERYONE: &[Role] = &[];

/// The roles that may make a change; empty means anyone who uses the book. Approval
/// decisions depend on the chain, see [`may_decide`].
pub fn roles_for(change: &Change) -> &'static [Role] {
    match change {
        Change::Person(_) => EVERYONE,
        Change::Release { change, .. } => release_roles(change),
        _ => MANAGERS,
    }
}

fn release_roles(change: &ReleaseChange) -> &'static [Role] {
    use ReleaseChange as C;
    match change {
        C::Authorize { .. } | C::RecordPir { .. } => CAB,
        C::ApproveDeviation(_) => APPROVERS,
        C::AcceptHandover { .. } => OPERATIONS,
        C::RecordTestRun(_) | C::AddCriterion { .. } => TESTERS,
        C::ConfirmReadiness(_)
        | C::StartWave(_)
        | C::VerifyWave { .. }
        | C::RemediateWave { .. }
        | C::BackOut { .. }
        | C::DeclareServiceLive
        | C::DeclareFullyOperational
        | C::RecordKnownError(_)
        | C::UpdateKnownError(_) => DEPLOYERS,
        C::RecordFeedback { .. }
        | C::RaiseRisk(_)
        | C::RaiseIssue(_)
        | C::DecideApproval { .. } => EVERYONE,
        _ => MANAGERS,
    }
}

/// Whether `person` may make `change` (approval decisions also need [`may_decide`]).
pub fn may(person: Option<&Person>, change: &Change) -> bool {
    let roles = roles_for(change);
    match person {
        Some(person) => roles.is_empty() || roles.iter().any(|r| person.has(*r)),
        None => matches!(change, Change::Person(_)),
    }
}

/// Whether `person` is the approver a chain is waiting for.
pub fn may_decide(person: &Person, approver: &Approver) -> bool {
    match approver {
        Approver::Role(role) => person.has(*role),
        Approver::Person(id) => &person.id == id,
    }
}

/// The roles as words: "a release manager or a change manager / CAB".
pub fn roles_text(roles: &[Role]) -> String {
    let words: Vec<String> = roles.iter().map(|r| format!("a {}", r.label())).collect();
    if words.is_empty() {
        "people registered in this book".into()
    } else {
        words.join(" or ")
    }
}
