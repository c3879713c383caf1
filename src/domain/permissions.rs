//! Who may do what, and when. Every release change has one [`Rule`] (the roles that may
//! make it, the statuses that allow it, what it is called), defined in its concept's file
//! under `release/` and named beside its variant (`ReleaseChange::rule` in `change.rs`).
//! `apply` checks the statuses, `decide` the roles, and the UI asks [`offer`] (or [`may`])
//! before it shows an action.

use super::book::Book;
use super::catalogue::{Person, Role};
use super::change::{Change, ReleaseChange};
use super::ids::ReleaseId;
use super::policy::Approver;
use super::release::{waves, Status};

/// Release and change managers: the default for changes to the plan and the records.
pub(crate) const MANAGERS: &[Role] = &[Role::ReleaseManager, Role::ChangeManager];
/// Change management alone (the CAB).
pub(crate) const CAB: &[Role] = &[Role::ChangeManager];
/// Who deploys and runs the service.
pub(crate) const DEPLOYERS: &[Role] = &[Role::ReleaseManager, Role::Operations];
/// Who tests.
pub(crate) const TESTERS: &[Role] = &[Role::Tester, Role::ReleaseManager];
/// Who approves deviations.
pub(crate) const APPROVERS: &[Role] = &[Role::ChangeManager, Role::Approver];
/// Operations alone.
pub(crate) const OPERATIONS: &[Role] = &[Role::Operations];
/// The book's keepers: people, roles and device keys.
pub(crate) const KEEPERS: &[Role] = &[Role::Keeper];
/// Anyone registered in the book.
pub(crate) const EVERYONE: &[Role] = &[];

/// Who may make a release change, in which statuses, and what it is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The roles that may make it; empty means anyone registered in the book.
    pub roles: &'static [Role],
    /// The release statuses that allow it (`apply` refuses it in any other).
    pub allowed: &'static [Status],
    /// What it does, as a phrase after "may": "authorize a gate".
    pub action: &'static str,
}

/// The statuses in which a new deployment wave may be planned (those `AddWave` allows),
/// for views that offer the wave form before there is a wave to add.
pub fn waves_plannable_in() -> &'static [Status] {
    waves::ADD.allowed
}

/// The roles that may make a change; empty means anyone who uses the book. Approval
/// decisions depend on the chain, see [`may_decide`].
pub fn roles_for(change: &Change) -> &'static [Role] {
    match change {
        Change::Person(_) | Change::Enrol(_) | Change::Revoke { .. } => KEEPERS,
        Change::Release { change, .. } => change.rule().roles,
        Change::Service(_)
        | Change::Environment(_)
        | Change::Ci(_)
        | Change::RetireService(_)
        | Change::RetireEnvironment(_)
        | Change::RetireCi(_)
        | Change::Policy(_)
        | Change::CreateRelease(_)
        | Change::ResolveConflict { .. } => MANAGERS,
    }
}

fn has_role(person: &Person, roles: &[Role]) -> bool {
    roles.is_empty() || roles.iter().any(|r| person.has(*r))
}

/// Whether `person` may make `change` (approval decisions also need [`may_decide`]).
pub fn may(person: Option<&Person>, change: &Change) -> bool {
    person.is_some_and(|person| has_role(person, roles_for(change)))
}

/// Whether `person` may make `change` in `book`. A book nobody has founded signing in yet
/// keeps the rule from before signing: anyone may register people.
pub fn may_in(book: &Book, person: Option<&Person>, change: &Change) -> bool {
    let unsigned = book.signing.founding.is_none();
    (unsigned && matches!(change, Change::Person(_))) || may(person, change)
}

/// Whether to offer `change` to `person` on release `release` now: the release exists,
/// its status allows the change and the person's roles do. The one question a view asks
/// before it shows an action; `decide` still checks everything when the command comes.
pub fn offer(
    book: &Book,
    release: &ReleaseId,
    person: Option<&Person>,
    change: &ReleaseChange,
) -> bool {
    let rule = change.rule();
    let status_allows = book
        .releases
        .get(release)
        .is_some_and(|r| r.open_to(change));
    status_allows && person.is_some_and(|p| has_role(p, rule.roles))
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

/// Why the domain would refuse `change` by `person` at `now`, or `None` when it would
/// accept it: the whole of `decide` (roles, statuses, gates, windows, freezes), run on the
/// book as it is and thrown away. What a view asks before it offers a button whose refusal
/// does not depend on anything the person types.
pub fn refusal(
    book: &Book,
    person: &super::ids::PersonId,
    change: Change,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<super::error::LifecycleError> {
    let ctx = super::change::Context {
        now,
        actor: person.clone(),
        id: super::ids::EventId("probe".into()),
        key: None,
    };
    super::decide::decide(book, change, &ctx).err()
}
