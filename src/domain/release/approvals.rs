//! Approvals and authorizations: the approval chain of each gate, the rounds in which a
//! chain approves or rejects, and change management's authorization that lets a release
//! through a gate (the emergency CAB may authorize several gates of an emergency release
//! at once).

use super::{approver_text, in_status, require, text, Ask, At, Gate, Release, Stamp, Status, OPEN};
use crate::domain::apply::try_apply;
use crate::domain::book::Book;
use crate::domain::change::{Change, ReleaseChange};
use crate::domain::error::{LifecycleError, Missing, Section};
use crate::domain::event::Event;
use crate::domain::gates::{gate_name, gate_phrase, missing_for};
use crate::domain::permissions::{may_decide, Rule, CAB, EVERYONE, MANAGERS};
use crate::domain::policy::{Approver, GateKind};
use crate::domain::version::Category;
use serde::{Deserialize, Serialize};

/// Setting a gate's approval chain is part of editing the plan.
pub(crate) const SET_CHAIN: Rule = Rule {
    roles: MANAGERS,
    allowed: super::EDITABLE,
    action: "edit the release plan",
};

/// Deciding as the next approver; the chain says who (see `may_decide`).
pub(crate) const DECIDE: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "decide on approvals",
};

/// Asking a gate's chain to approve: allowed in the status the gate is passed from.
pub(crate) fn request(gate: &Gate) -> Rule {
    Rule {
        roles: MANAGERS,
        allowed: gate_transition(gate).0,
        action: "ask for approval",
    }
}

/// Change management's authorization: allowed in the status the (first) gate is passed
/// from; the emergency CAB's later gates are checked one after the other by `decide`.
pub(crate) fn authorize(gates: &[Gate]) -> Rule {
    Rule {
        roles: CAB,
        allowed: gates.first().map_or(&[], |g| gate_transition(g).0),
        action: "authorize a gate",
    }
}

/// The status from which a gate is passed, and the status it leads to.
pub fn gate_transition(gate: &Gate) -> (&'static [Status], Status) {
    match gate {
        Gate::Planning => (&[Status::Draft], Status::Planning),
        Gate::Build => (&[Status::Planning], Status::BuildAndTest),
        Gate::Deployment(_) => (
            &[
                Status::BuildAndTest,
                Status::Deployment,
                Status::EarlyLifeSupport,
            ],
            Status::Deployment,
        ),
        Gate::Close => (&[Status::Review], Status::Closed),
    }
}

/// A decision in an approval round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Approved (true) or rejected.
    pub approve: bool,
    /// Why, in the approver's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// Who decided, when.
    pub stamp: Stamp,
}

/// Where an approval round stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundOutcome {
    /// Waiting for the next approver in the chain.
    Pending,
    /// Everyone in the chain approved.
    Approved,
    /// Someone rejected; the release went back to editing.
    Rejected,
    /// The plan changed after approval, so the approval no longer counts.
    Withdrawn,
}

/// One pass of a release through a gate's approval chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRound {
    /// The gate approved.
    pub gate: Gate,
    /// The plan cycle (a re-planned release starts a new cycle).
    pub cycle: u32,
    /// The ordered chain, copied from the release when the round was requested.
    pub chain: Vec<Approver>,
    /// Decisions in chain order.
    pub decisions: Vec<Decision>,
    /// Where it stands.
    pub outcome: RoundOutcome,
    /// Who asked for approval, when.
    pub requested: Stamp,
}

impl ApprovalRound {
    /// The approver whose decision is awaited, if the round is pending.
    pub fn next(&self) -> Option<&Approver> {
        match self.outcome {
            RoundOutcome::Pending => self.chain.get(self.decisions.len()),
            _ => None,
        }
    }
}

impl RoundOutcome {
    /// Every outcome, in the order a round reaches them.
    pub const ALL: [RoundOutcome; 4] = [
        RoundOutcome::Pending,
        RoundOutcome::Approved,
        RoundOutcome::Rejected,
        RoundOutcome::Withdrawn,
    ];

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            RoundOutcome::Pending => "waiting",
            RoundOutcome::Approved => "approved",
            RoundOutcome::Rejected => "rejected",
            RoundOutcome::Withdrawn => "withdrawn after a plan change",
        }
    }

    /// The round's standing as the release page says it: "Approved by the whole chain".
    /// A pending round that knows its next approver says "Waiting for …" instead.
    pub fn standing(self) -> &'static str {
        match self {
            RoundOutcome::Pending => "Waiting",
            RoundOutcome::Approved => "Approved by the whole chain",
            RoundOutcome::Rejected => "Rejected",
            RoundOutcome::Withdrawn => "Withdrawn: the plan changed after it was approved",
        }
    }
}

/// Change management let a release through a gate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    /// The gate.
    pub gate: Gate,
    /// The plan cycle it counts for.
    pub cycle: u32,
    /// Given by the emergency CAB, with approval chains waived.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emergency: bool,
    /// The CAB's note or reference.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Who authorized, when.
    pub stamp: Stamp,
}

impl Release {
    /// The current round for `gate` in this cycle, if one was requested.
    pub fn round(&self, gate: &Gate) -> Option<&ApprovalRound> {
        self.rounds
            .iter()
            .rev()
            .find(|r| &r.gate == gate && r.cycle == self.cycle)
    }

    /// Whether change management authorized `gate` in this cycle.
    pub fn is_authorized(&self, gate: &Gate) -> bool {
        self.authorizations
            .iter()
            .any(|a| &a.gate == gate && a.cycle == self.cycle)
    }
}

/// An approver named in a chain must be a person of the book.
pub(crate) fn known_approver(book: &Book, approver: &Approver) -> Result<(), LifecycleError> {
    match approver {
        Approver::Person(id) if !book.people.contains_key(id) => Err(LifecycleError::invalid(
            "chain",
            format!("There is no person “{id}” to approve."),
        )),
        _ => Ok(()),
    }
}

/// Decide [`ReleaseChange::SetApprovalChain`]: the policy's required approvers stay in.
pub(crate) fn decide_chain(
    ask: &Ask,
    gate: GateKind,
    chain: Vec<Approver>,
) -> Result<ReleaseChange, LifecycleError> {
    for approver in &chain {
        known_approver(ask.book, approver)?;
    }
    let policy = ask.book.policy(&ask.release.service);
    if let Some(required) = policy.approval_chains.get(&gate) {
        if let Some(absent) = required.iter().find(|a| !chain.contains(a)) {
            return Err(LifecycleError::invalid(
                "chain",
                format!(
                    "The release policy requires {} in this chain.",
                    approver_text(ask.book, absent)
                ),
            ));
        }
    }
    Ok(ReleaseChange::SetApprovalChain { gate, chain })
}

/// Decide [`ReleaseChange::RequestApproval`]: everything else the gate needs is there.
pub(crate) fn decide_request(ask: &Ask, gate: Gate) -> Result<ReleaseChange, LifecycleError> {
    let missing = missing_for(ask.book, ask.release, &gate, true);
    if !missing.is_empty() {
        return Err(LifecycleError::GateNotReady {
            step: format!("Asking for approval of {}", gate_phrase(ask.book, &gate)),
            missing,
        });
    }
    Ok(ReleaseChange::RequestApproval(gate))
}

/// Decide [`ReleaseChange::DecideApproval`]: the person is the approver the chain waits
/// for, and a rejection says why.
pub(crate) fn decide_decision(
    ask: &Ask,
    gate: Gate,
    approve: bool,
    comment: String,
) -> Result<ReleaseChange, LifecycleError> {
    let round = ask
        .release
        .round(&gate)
        .filter(|r| r.outcome == RoundOutcome::Pending)
        .ok_or_else(|| {
            LifecycleError::WrongState(format!(
                "no approval of {} is waiting for a decision",
                gate_phrase(ask.book, &gate)
            ))
        })?;
    if let (Some(next), Some(person)) = (round.next(), ask.actor) {
        if !may_decide(person, next) {
            return Err(LifecycleError::NotPermitted {
                action: "decide at this step of the approval chain".into(),
                needs: approver_text(ask.book, next),
            });
        }
    }
    if !approve {
        text("comment", &comment, "the reason for the rejection")?;
    }
    Ok(ReleaseChange::DecideApproval {
        gate,
        approve,
        comment,
    })
}

/// Decide [`ReleaseChange::Authorize`]: one gate, or several at once by the emergency
/// CAB. Each gate is checked against the release as the previous authorizations leave it,
/// and becomes its own event.
pub(crate) fn decide_authorize(
    ask: &Ask,
    gates: Vec<Gate>,
    emergency: bool,
    note: String,
) -> Result<Vec<ReleaseChange>, LifecycleError> {
    let (book, release) = (ask.book, ask.release);
    if gates.is_empty() {
        return Err(LifecycleError::invalid(
            "gates",
            "Choose the gate to authorize.",
        ));
    }
    if emergency && release.category != Category::Emergency {
        return Err(LifecycleError::WrongState(
            "only an emergency release may be authorized by the emergency CAB".into(),
        ));
    }
    if !emergency && gates.len() > 1 {
        return Err(LifecycleError::invalid(
            "gates",
            "Only the emergency CAB authorizes several gates at once.",
        ));
    }
    let mut scratch = Book::default();
    scratch.releases.insert(release.id.clone(), release.clone());
    let mut out = Vec::with_capacity(gates.len());
    for gate in gates {
        let current = scratch
            .releases
            .get(&release.id)
            .map_or(release.status, |r| r.status);
        let (from, _) = gate_transition(&gate);
        if !from.contains(&current) {
            return Err(LifecycleError::WrongState(format!(
                "{} cannot be authorized: the release is {}",
                gate_phrase(book, &gate),
                current.phrase()
            )));
        }
        let view = scratch.releases.get(&release.id).unwrap_or(release);
        if view.is_authorized(&gate) {
            return Err(LifecycleError::WrongState(format!(
                "{} is already authorized",
                gate_phrase(book, &gate)
            )));
        }
        // Requirements are judged on the real book (other releases, policy, schedule) with
        // this release as the earlier gates leave it.
        let missing = missing_for(book, view, &gate, emergency);
        if !missing.is_empty() {
            return Err(LifecycleError::GateNotReady {
                step: gate_name(book, &gate),
                missing,
            });
        }
        let change = ReleaseChange::Authorize {
            gates: vec![gate],
            emergency,
            note: note.clone(),
        };
        let event = Event {
            id: Default::default(),
            seq: 0,
            at: release.created.at,
            by: Default::default(),
            after: Vec::new(),
            what: Change::Release {
                id: release.id.clone(),
                change: change.clone(),
            },
            key: None,
            sig: None,
        };
        try_apply(&mut scratch, &event).map_err(LifecycleError::WrongState)?;
        out.push(change);
    }
    Ok(out)
}

/// Apply [`ReleaseChange::SetApprovalChain`].
pub(crate) fn apply_chain(
    release: &mut Release,
    gate: GateKind,
    chain: &[Approver],
) -> Result<(), String> {
    super::plan::plan_edit(release)?;
    release.approval_chains.insert(gate, chain.to_vec());
    Ok(())
}

/// Apply [`ReleaseChange::RequestApproval`]: a new round with the chain as it stands.
pub(crate) fn apply_request(release: &mut Release, gate: &Gate, at: &At) -> Result<(), String> {
    in_status(release, request(gate).allowed, "ask for this approval")?;
    require(
        !release.is_authorized(gate),
        "this gate is already authorized",
    )?;
    match release.round(gate).map(|r| r.outcome) {
        Some(RoundOutcome::Pending) => {
            return Err("approval was already requested and is waiting for decisions".into())
        }
        Some(RoundOutcome::Approved) => {
            return Err("the approval chain already approved this gate; it awaits change management's authorization".into())
        }
        Some(RoundOutcome::Rejected | RoundOutcome::Withdrawn) | None => {}
    }
    let chain = release
        .approval_chains
        .get(&gate.kind())
        .cloned()
        .unwrap_or_default();
    require(!chain.is_empty(), "this gate has no approval chain")?;
    release.rounds.push(ApprovalRound {
        gate: gate.clone(),
        cycle: release.cycle,
        chain,
        decisions: Vec::new(),
        outcome: RoundOutcome::Pending,
        requested: at.stamp(),
    });
    Ok(())
}

/// Apply [`ReleaseChange::DecideApproval`].
pub(crate) fn apply_decision(
    release: &mut Release,
    gate: &Gate,
    approve: bool,
    comment: &str,
    at: &At,
) -> Result<(), String> {
    let cycle = release.cycle;
    let round = release
        .rounds
        .iter_mut()
        .rev()
        .find(|r| &r.gate == gate && r.cycle == cycle && r.outcome == RoundOutcome::Pending)
        .ok_or("no approval is waiting for a decision at this gate")?;
    round.decisions.push(Decision {
        approve,
        comment: comment.to_owned(),
        stamp: at.stamp(),
    });
    if !approve {
        round.outcome = RoundOutcome::Rejected;
        release.last_setback = Some((at.stamp(), format!("rejected: {comment}")));
    } else if round.decisions.len() == round.chain.len() {
        round.outcome = RoundOutcome::Approved;
    }
    Ok(())
}

/// Apply [`ReleaseChange::Authorize`]: the release passes the gate.
pub(crate) fn apply_authorize(
    release: &mut Release,
    gates: &[Gate],
    emergency: bool,
    note: &str,
    at: &At,
) -> Result<(), String> {
    // Each event carries one gate; a command with several is split by `decide`.
    let [gate] = gates else {
        return Err("an authorization event names exactly one gate".into());
    };
    let (from, to) = gate_transition(gate);
    in_status(release, from, "authorize this gate")?;
    require(
        !release.is_authorized(gate),
        "this gate is already authorized",
    )?;
    release.authorizations.push(Authorization {
        gate: gate.clone(),
        cycle: release.cycle,
        emergency,
        note: note.to_owned(),
        stamp: at.stamp(),
    });
    release.status = to;
    if to == Status::Closed {
        release.ended = Some((at.stamp(), note.to_owned()));
    }
    Ok(())
}

/// What a gate's checklist needs from its approval chain: an approved round, unless the
/// gate has no chain.
pub(crate) fn approval_needs(release: &Release, gate: &Gate, missing: &mut Vec<Missing>) {
    let chain = release.approval_chains.get(&gate.kind());
    if chain.is_none_or(|c| c.is_empty()) {
        return;
    }
    let item = match release
        .round(gate)
        .map(|r| (r.outcome, r.decisions.len(), r.chain.len()))
    {
        Some((RoundOutcome::Approved, ..)) => return,
        Some((RoundOutcome::Pending, done, of)) => {
            format!("approval through its chain ({done} of {of} approvers have approved)")
        }
        Some((RoundOutcome::Rejected, ..)) => {
            "approval through its chain (it was rejected; ask again after changes)".into()
        }
        Some((RoundOutcome::Withdrawn, ..)) | None => {
            "approval through its chain (not yet requested)".into()
        }
    };
    missing.push(Missing::new(Section::Approvals, item));
}
