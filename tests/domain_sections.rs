//! Given/when/then tests of the release page's section states: a section needs attention
//! when the next step lists something missing there or something in it is open and
//! serious, is done when it holds something, and is empty otherwise.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{self, PlanShape, RELEASE_MANAGER};
use release_desk::domain::*;

fn state(s: &demo::Script, id: &ReleaseId, section: Section) -> SectionState {
    let book = s.engine.book();
    section_states(book, &book.releases[id])
        .into_iter()
        .find(|(s, _)| *s == section)
        .map(|(_, state)| state)
        .expect("every section has a state")
}

#[test]
fn every_section_of_the_page_has_one_state_in_page_order() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let book = s.engine.book();
    let states = section_states(book, &book.releases[&id]);
    let sections: Vec<Section> = states.iter().map(|(s, _)| *s).collect();
    assert_eq!(sections, Section::PAGE);
    assert_eq!(states[0], (Section::Overview, SectionState::Done));
    assert_eq!(
        states.last(),
        Some(&(Section::Timeline, SectionState::Done))
    );
    for section in Section::PAGE {
        assert!(!section.label().is_empty());
    }
    Ok(())
}

#[test]
fn a_draft_has_its_package_and_details_done_and_no_plan_yet() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    assert_eq!(state(&s, &id, Section::Details), SectionState::Done);
    assert_eq!(state(&s, &id, Section::Package), SectionState::Done);
    // Planning is not authorized yet: nothing asks for the plan.
    assert_eq!(state(&s, &id, Section::Plan), SectionState::Empty);
    assert_eq!(state(&s, &id, Section::Waves), SectionState::Empty);
    assert_eq!(state(&s, &id, Section::Handover), SectionState::Empty);
    Ok(())
}

#[test]
fn the_plan_needs_attention_until_the_build_gate_has_its_parts() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::pass_gate(&mut s, &id, Gate::Planning)?;
    assert_eq!(release(&s, &id).status, Status::Planning);
    assert_eq!(state(&s, &id, Section::Plan), SectionState::Attention);
    assert_eq!(state(&s, &id, Section::Criteria), SectionState::Attention);

    let shape = PlanShape::big_bang(start() + Duration::days(20));
    demo::write_plan(&mut s, &id, &shape)?;
    assert_eq!(state(&s, &id, Section::Plan), SectionState::Done);
    assert_eq!(state(&s, &id, Section::Criteria), SectionState::Done);
    Ok(())
}

#[test]
fn an_open_high_risk_needs_attention_and_a_low_one_does_not() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    assert_eq!(state(&s, &id, Section::Risks), SectionState::Empty);
    let risk = |title: &str, likelihood, impact| Risk {
        id: ItemId::default(),
        title: title.into(),
        likelihood,
        impact,
        owner: String::new(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    };
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RaiseRisk(risk("Slow receipts", 1, 2))),
    )?;
    assert_eq!(state(&s, &id, Section::Risks), SectionState::Done);
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RaiseRisk(risk("Payment outage", 4, 4))),
    )?;
    assert_eq!(state(&s, &id, Section::Risks), SectionState::Attention);
    Ok(())
}

#[test]
fn a_closed_release_has_nothing_needing_attention() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let shape = PlanShape::big_bang(start() + Duration::days(20));
    demo::plan(&mut s, &id, &shape)?;
    demo::build_and_test(&mut s, &id)?;
    demo::deploy_all(&mut s, &id)?;
    demo::review_and_close(&mut s, &id)?;
    let book = s.engine.book();
    let states = section_states(book, &book.releases[&id]);
    assert!(
        states.iter().all(|(_, st)| *st != SectionState::Attention),
        "{states:?}"
    );
    assert_eq!(state(&s, &id, Section::Handover), SectionState::Done);
    assert_eq!(state(&s, &id, Section::Review), SectionState::Done);
    assert_eq!(state(&s, &id, Section::Waves), SectionState::Done);
    Ok(())
}
