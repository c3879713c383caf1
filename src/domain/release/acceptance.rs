//! Service acceptance: utility and warranty as named acceptance criteria. ITIL asks that a
//! new or changed service delivers the agreed utility (fit for purpose: it does what its
//! users need) and warranty (fit for use: availability, capacity, continuity, security).
//! A pass/fail criterion may be marked as one or the other; the evaluation and the handover
//! show them under those names, and operations accept the handover only when every one of
//! them is met or waived by an approved deviation.
//!
//! How strict: a criterion marked utility or warranty that is not met blocks the
//! acceptance, as a gate would. A release with no criterion of a kind is not blocked (its
//! plan was written, and may have been authorized, before the kind was asked for), but
//! [`ServiceAcceptance::notes`] says so wherever the acceptance is shown, so nobody passes
//! it unaware.

use super::{Criterion, Release};
use crate::domain::error::{LifecycleError, Missing, Section};
use serde::{Deserialize, Serialize};

/// What utility and warranty mean, in one sentence for the evaluation and the handover.
pub const ACCEPTANCE_HELP: &str = "Utility: fit for purpose, the service does what its users need. Warranty: fit for use, with the availability, capacity, continuity and security agreed.";

/// Which side of service acceptance a criterion proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    /// Fit for purpose: the service does what its users need.
    Utility,
    /// Fit for use: availability, capacity, continuity and security as agreed.
    Warranty,
}

impl Acceptance {
    /// Both kinds.
    pub const ALL: [Acceptance; 2] = [Acceptance::Utility, Acceptance::Warranty];

    /// The name a person reads: "utility".
    pub fn label(self) -> &'static str {
        match self {
            Acceptance::Utility => "utility",
            Acceptance::Warranty => "warranty",
        }
    }

    /// What it means: "fit for purpose".
    pub fn meaning(self) -> &'static str {
        match self {
            Acceptance::Utility => "fit for purpose: does what users need",
            Acceptance::Warranty => {
                "fit for use: availability, capacity, continuity and security as agreed"
            }
        }
    }
}

/// Where a criterion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judged {
    /// Its latest result passed.
    Met,
    /// An approved deviation waives it.
    Waived,
    /// Its latest result failed.
    NotMet,
    /// No result yet.
    NotJudged,
}

impl Judged {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Judged::Met => "met",
            Judged::Waived => "waived by an approved deviation",
            Judged::NotMet => "not met",
            Judged::NotJudged => "not yet tested",
        }
    }

    /// Met or waived.
    pub fn passes(self) -> bool {
        matches!(self, Judged::Met | Judged::Waived)
    }
}

/// The utility and warranty criteria of a release, each with where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAcceptance<'a> {
    /// (kind, its criteria in plan order with their standing), utility first.
    pub kinds: Vec<(Acceptance, Vec<(&'a Criterion, Judged)>)>,
}

impl ServiceAcceptance<'_> {
    /// Every criterion of both kinds passes, and each kind has one.
    pub fn complete(&self) -> bool {
        self.kinds
            .iter()
            .all(|(_, list)| !list.is_empty() && list.iter().all(|(_, j)| j.passes()))
    }

    /// What a person should know: a kind without any criterion.
    pub fn notes(&self) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|(_, list)| list.is_empty())
            .map(|(kind, _)| {
                format!(
                    "No pass/fail criterion is marked as {} ({}): the acceptance rests on no evidence of it.",
                    kind.label(),
                    kind.meaning()
                )
            })
            .collect()
    }

    /// What the evaluation and the handover show, each line with whether it passes: the
    /// notes first, then "Utility: Regression suite passes — met" for every criterion.
    pub fn lines(&self) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = self.notes().into_iter().map(|n| (n, false)).collect();
        for (kind, list) in &self.kinds {
            let name = match kind {
                Acceptance::Utility => "Utility",
                Acceptance::Warranty => "Warranty",
            };
            for (c, judged) in list {
                out.push((
                    [name, ": ", &c.text, " — ", judged.label()].concat(),
                    judged.passes(),
                ));
            }
        }
        out
    }

    /// Each criterion of either kind that does not pass, as a checklist item.
    pub fn missing(&self) -> Vec<Missing> {
        self.kinds
            .iter()
            .flat_map(|(kind, list)| {
                list.iter().filter(|(_, j)| !j.passes()).map(move |(c, j)| {
                    Missing::new(
                        Section::Criteria,
                        format!(
                            "the {} criterion “{}” met ({})",
                            kind.label(),
                            c.text,
                            j.label()
                        ),
                    )
                })
            })
            .collect()
    }
}

impl Release {
    /// Where the release's utility and warranty criteria stand.
    pub fn service_acceptance(&self) -> ServiceAcceptance<'_> {
        let judged = |c: &Criterion| {
            if self.criterion_waived(&c.id) {
                Judged::Waived
            } else {
                match self.criterion_met(&c.id) {
                    Some(true) => Judged::Met,
                    Some(false) => Judged::NotMet,
                    None => Judged::NotJudged,
                }
            }
        };
        ServiceAcceptance {
            kinds: Acceptance::ALL
                .into_iter()
                .map(|kind| {
                    let list = self
                        .criteria
                        .iter()
                        .filter(|c| c.acceptance == Some(kind))
                        .map(|c| (c, judged(c)))
                        .collect();
                    (kind, list)
                })
                .collect(),
        }
    }
}

/// Decide [`ReleaseChange::AcceptHandover`](crate::domain::ReleaseChange::AcceptHandover):
/// every utility and warranty criterion met or waived.
pub(crate) fn decide_accept(release: &Release) -> Result<(), LifecycleError> {
    let missing = release.service_acceptance().missing();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(LifecycleError::GateNotReady {
            step: "Acceptance of the handover (utility and warranty)".into(),
            missing,
        })
    }
}
