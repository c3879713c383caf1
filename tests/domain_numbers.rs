//! Given/when/then tests of the numbers people read: version suggestions that follow the
//! releases that count (not drafts), and "what is deployed where" agreeing with the
//! catalogue's baselines.

mod support;

use support::*;

use release_desk::demo::{self, PlanShape};
use release_desk::domain::overview;
use release_desk::domain::*;

fn suggested(s: &demo::Script, category: Category) -> Version {
    numbering(s.engine.book(), &"payments".into(), category).suggested
}

#[test]
fn a_draft_major_does_not_move_the_minor_line() -> Result {
    let mut s = given_catalogue();
    // Payments is at 3.2; a draft 4.0 is proposed.
    let draft = demo::new_release(
        &mut s,
        "payments",
        Category::Major,
        Version::new(4, 0, 0),
        "Payments next",
        &[],
    )?;
    assert_eq!(release(&s, &draft).status, Status::Draft);
    assert!(!counts_for_numbering(release(&s, &draft)));
    // A minor is still 3.3, an emergency fix still 3.2.1; a second major steps past 4.0.
    assert_eq!(suggested(&s, Category::Minor), Version::new(3, 3, 0));
    assert_eq!(suggested(&s, Category::Emergency), Version::new(3, 2, 1));
    assert_eq!(suggested(&s, Category::Major), Version::new(5, 0, 0));
    // The suggestion is accepted.
    demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Payments 3.3",
        &[],
    )?;
    Ok(())
}

#[test]
fn a_release_past_planning_authorization_moves_the_line() -> Result {
    let mut s = given_catalogue();
    let id = demo::new_release(
        &mut s,
        "payments",
        Category::Major,
        Version::new(4, 0, 0),
        "Payments next",
        &[],
    )?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    assert_eq!(release(&s, &id).status, Status::Planning);
    assert!(counts_for_numbering(release(&s, &id)));
    assert_eq!(suggested(&s, Category::Minor), Version::new(4, 1, 0));
    // An emergency fix still goes to what users run: 3.2 until 4.0 is deployed.
    assert_eq!(suggested(&s, Category::Emergency), Version::new(3, 2, 1));
    Ok(())
}

#[test]
fn a_draft_minor_takes_its_number_and_the_next_minor_steps_past_it() -> Result {
    let mut s = given_catalogue();
    payments_3_3(&mut s)?;
    assert_eq!(suggested(&s, Category::Minor), Version::new(3, 4, 0));
    let error = demo::new_release(
        &mut s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Payments again",
        &[],
    )
    .expect_err("3.3 is taken by the draft");
    assert_eq!(
        error.to_string(),
        "3.3 is not the next minor release of Payments: the release policy gives 3.4."
    );
    Ok(())
}

#[test]
fn what_is_deployed_where_shows_the_catalogues_baseline_in_production() -> Result {
    let mut s = given_catalogue();
    let book = s.engine.book();
    // Nothing was deployed through Release Desk: Production runs each baseline.
    let m = overview::matrix(book);
    let storefront = m
        .rows
        .iter()
        .find(|r| r.service.name == "Web storefront")
        .expect("row");
    let shown: Vec<Option<String>> = storefront
        .cells
        .iter()
        .map(|(now, _)| now.map(|n| n.label()))
        .collect();
    assert_eq!(shown, [None, None, Some("5.4 (baseline)".to_owned())]);
    let matrix = query::deployment_matrix(book);
    let prod: EnvironmentId = "prod".into();
    assert_eq!(
        matrix[&ServiceId::from("storefront")][&prod].version(),
        Version::new(5, 4, 0)
    );
    // Once a release is deployed there, it replaces the baseline.
    let id = payments_3_3(&mut s)?;
    let shape = PlanShape::big_bang(start() + chrono::Duration::days(14));
    demo::plan(&mut s, &id, &shape)?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    let now = query::in_use(s.engine.book(), &"payments".into(), &prod).expect("in use");
    assert!(matches!(now, query::InUse::Deployed(_)), "{now:?}");
    assert_eq!(now.label(), "3.3");
    Ok(())
}
