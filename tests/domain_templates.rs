//! The category hints (`domain::templates`) are hints, never content: a release created in
//! any category still has every written part of its plan and its pass/fail criteria missing
//! from the build gate's checklist, and a suggested criterion counts only once a person adds it.

mod support;

use support::*;

use release_desk::demo::{self, TESTER};
use release_desk::domain::templates::hints;
use release_desk::domain::*;

/// What the build gate asks of the plan's written parts, in the checklist's words.
const PLAN_PARTS: [&str; 6] = [
    "the changes the release includes",
    "who will be affected",
    "a risk assessment",
    "the deployment schedule and strategy",
    "a build plan",
    "a test plan",
];

/// Given the demo organisation, a new release of Payments in `category`, created with the
/// number its policy suggests (as the wizard does).
fn created(s: &mut demo::Script, category: Category) -> Result<ReleaseId> {
    let service = ServiceId::from("payments");
    let version = numbering(s.engine.book(), &service, category).suggested;
    demo::new_release(s, "payments", category, version, "From the hints", &[])
}

/// The items the build gate still needs.
fn build_missing(s: &demo::Script, id: &ReleaseId) -> Vec<String> {
    missing_for(s.engine.book(), release(s, id), &Gate::Build, false)
        .into_iter()
        .map(|m| m.item)
        .collect()
}

#[test]
fn a_release_of_any_category_starts_with_its_whole_plan_missing() -> Result {
    for category in Category::ALL {
        // Given a release just created in this category, whose hints suggest every part.
        let mut s = given_catalogue();
        let id = created(&mut s, category)?;
        let hints = hints(category);
        assert!(hints.parts.iter().all(|hint| !hint.is_empty()));
        assert!(!hints.criteria.is_empty());

        // Then nothing of the hints was written into it…
        let new = release(&s, &id);
        assert!(new.plan.is_blank(), "{category:?}: the plan stays empty");
        assert!(new.criteria.is_empty(), "{category:?}: no criterion added");

        // …and the build gate still asks for every written part and for the criteria.
        let missing = build_missing(&s, &id);
        for part in PLAN_PARTS {
            assert!(
                missing.iter().any(|m| m == part),
                "{category:?}: “{part}” missing in {missing:?}"
            );
        }
        let minimum = s.engine.book().policy(&new.service).min_pass_criteria;
        let criteria = format!("at least {minimum} pass/fail criteria (the plan has 0)");
        assert!(missing.contains(&criteria), "{category:?}: {missing:?}");

        // The checklist the release page shows for its next step says the same: a draft's
        // next step is the planning gate, which needs only its RFC, and none of the hints.
        let next = next_step(s.engine.book(), release(&s, &id)).expect("a next step");
        assert_eq!(next.gate, Some(Gate::Planning));
        for hint in hints.parts {
            assert!(next.missing.iter().all(|m| m.item != hint));
        }
    }
    Ok(())
}

#[test]
fn a_suggested_criterion_counts_once_a_person_adds_it_and_never_writes_the_plan() -> Result {
    for category in Category::ALL {
        // Given a new release in this category.
        let mut s = given_catalogue();
        let id = created(&mut s, category)?;

        // When a tester adds every suggested criterion, as the "Add" buttons do…
        for (text, stage) in hints(category).criteria {
            s.ok(
                TESTER,
                on(
                    &id,
                    ReleaseChange::AddCriterion {
                        id: ItemId::default(),
                        text: (*text).into(),
                        stage: *stage,
                        acceptance: None,
                    },
                ),
            )?;
        }

        // …then they are the release's criteria, judged at the suggested stages…
        let added: Vec<_> = release(&s, &id)
            .criteria
            .iter()
            .map(|c| (c.text.as_str(), c.stage))
            .collect();
        let suggested: Vec<_> = hints(category).criteria.to_vec();
        assert_eq!(added, suggested);
        // …the gate no longer asks for criteria when the policy's minimum is reached…
        let missing = build_missing(&s, &id);
        let minimum = s
            .engine
            .book()
            .policy(&release(&s, &id).service)
            .min_pass_criteria as usize;
        assert_eq!(
            missing.iter().any(|m| m.contains("pass/fail criteria")),
            suggested.len() < minimum,
            "{category:?}: {missing:?}"
        );
        // …and every written part of the plan is still missing.
        for part in PLAN_PARTS {
            assert!(missing.iter().any(|m| m == part), "{category:?}: {part}");
        }
        assert!(release(&s, &id).plan.is_blank());
    }
    Ok(())
}
