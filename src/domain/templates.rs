//! What the new-release wizard says and what the release page hints: each category and
//! approach in plain words, and per category the hints for the plan's written parts and the
//! pass/fail criteria such a release usually needs. Hints are never content: nothing here
//! is written into a release, so a gate is satisfied only by what people write and add
//! themselves. The domain owns them (they name its stages and approaches); the wizard
//! (`ui::pages::new_release`) previews them and the plan and criteria forms
//! (`ui::components::release::plan`) show them as placeholders and suggestions.

use super::{Approach, Automation, Category, Delivery, Rollout, Stage};

/// What the release page suggests for a release of one category.
pub struct Hints {
    /// A hint for each written part of the plan, in the order of [`super::PlanText`]'s
    /// fields: changes, affected, risk assessment, schedule, build plan, test plan.
    pub parts: [&'static str; 6],
    /// Hints for a pilot's scope and success, when such a release usually has a pilot.
    pub pilot: Option<[&'static str; 2]>,
    /// Suggested pass/fail criteria and when each is judged, for the person to add.
    pub criteria: &'static [(&'static str, Stage)],
}

/// The hints for a release of `category`.
pub fn hints(category: Category) -> Hints {
    match category {
        Category::Major => Hints {
            parts: [
                "New functionality: list each feature, the configuration items it adds or upgrades, and the RFC that authorizes it.",
                "Every user of the service; name the teams whose daily work changes and the training they need.",
                "New hardware or software: assess integration, data migration and capacity; record each risk in the register.",
                "Phased: a pilot group first, then waves by site, each in a window outside the freeze periods.",
                "Build the package from versioned sources on the build pipeline; record every build and its documentation.",
                "Full regression, performance and user acceptance tests, then a deployment rehearsal.",
            ],
            pilot: Some([
                "One pilot site or group of users.",
                "A week with no severe incident.",
            ]),
            criteria: &[
                ("Every regression test passes", Stage::Test),
                ("User acceptance signed off by the service owner", Stage::Test),
                ("Response times stay within the agreed service levels", Stage::Test),
                ("The pilot group reports no severe incident", Stage::Pilot),
                ("Each wave verified working for its users", Stage::Deployment),
            ],
        },
        Category::Minor => Hints {
            parts: [
                "Improvements and fixes bundled in this release, each with its RFC.",
                "Users of the functions that change.",
                "Changes to existing functionality: check what depends on it and how to back out.",
                "One window outside the freeze periods, test before production.",
                "Build from the release branch; record the build.",
                "Regression tests of the changed functions and a smoke test after deployment.",
            ],
            pilot: None,
            criteria: &[
                ("Regression tests of the changed functions pass", Stage::Test),
                ("No severe defect left open", Stage::Test),
                ("Smoke test passes after each deployment", Stage::Deployment),
            ],
        },
        Category::Emergency => Hints {
            parts: [
                "The temporary fix, and the incident or problem it resolves.",
                "Users hit by the incident.",
                "Tested briefly for speed: write down what was not tested; the back-out plan is essential.",
                "As soon as the emergency CAB authorizes it.",
                "Build the fix from the branch of the version in production.",
                "Reproduce the incident on a copy of production and check the fix; a short regression check.",
            ],
            pilot: None,
            criteria: &[
                ("The fix resolves the incident in test", Stage::Test),
                ("Key transactions still work", Stage::Test),
            ],
        },
    }
}

/// What a category means, in plain words.
pub fn category_hint(category: Category) -> &'static str {
    match category {
        Category::Major => {
            "New hardware or software, usually new functionality. Numbered 2.0, 3.0 …"
        }
        Category::Minor => {
            "Improvements to existing functionality, often a bundle of fixes. Numbered 1.1, 1.2 …"
        }
        Category::Emergency => {
            "A fix that cannot wait for the next release. Numbered 1.1.1, 1.1.2 …"
        }
    }
}

/// One choice of approach: id, label, hint, the two options, and how it reads and writes
/// an [`Approach`] (true for the second option).
pub type ApproachChoice = (
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 2],
    fn(&Approach) -> bool,
    fn(&mut Approach, bool),
);

/// The three choices of approach the wizard offers.
pub const APPROACHES: [ApproachChoice; 3] = [
    (
        "new-rollout",
        "Rollout",
        "Big bang: all users at once. Phased: a subset first, then more in scheduled waves.",
        ["big bang", "phased"],
        |a| a.rollout == Rollout::Phased,
        |a, v| a.rollout = if v { Rollout::Phased } else { Rollout::BigBang },
    ),
    (
        "new-delivery",
        "Delivery",
        "Push: sent from a central place to every user. Pull: users download it when they choose.",
        ["push", "pull"],
        |a| a.delivery == Delivery::Pull,
        |a, v| a.delivery = if v { Delivery::Pull } else { Delivery::Push },
    ),
    (
        "new-automation",
        "Deployment",
        "Automatic: by installation tooling. Manual: by people following a procedure.",
        ["automatic", "manual"],
        |a| a.automation == Automation::Manual,
        |a, v| {
            a.automation = if v {
                Automation::Manual
            } else {
                Automation::Automatic
            }
        },
    ),
];
