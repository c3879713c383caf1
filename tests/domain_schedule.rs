//! Given/when/then tests of the dated build and test schedule: milestones planned, edited
//! and removed, their dates and environments checked, order warnings, and the calendar's
//! query of the milestones on a day.

mod support;

use support::*;

use chrono::{Duration, TimeZone, Utc};
use release_desk::demo::{self, PlanShape, RELEASE_MANAGER, STAKEHOLDER, TESTER};
use release_desk::domain::*;

fn day(d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, d, 0, 0, 0)
        .single()
        .expect("valid date")
}

fn milestone(kind: MilestoneKind, date: chrono::DateTime<Utc>) -> Milestone {
    Milestone {
        id: ItemId::default(),
        kind,
        name: String::new(),
        date,
        environment: None,
        done: false,
    }
}

fn set(s: &mut demo::Script, actor: &str, id: &ReleaseId, m: Milestone) -> Result<ItemId> {
    let event = s.ok(actor, on(id, ReleaseChange::SetMilestone(m)))?;
    Ok(ItemId::from(&event))
}

#[test]
fn milestones_are_planned_edited_marked_done_and_removed() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    // A tester plans the test start on Test, the release manager the test end.
    let start = set(
        &mut s,
        TESTER,
        &id,
        Milestone {
            environment: Some("test".into()),
            ..milestone(MilestoneKind::TestStart, day(12))
        },
    )?;
    set(
        &mut s,
        RELEASE_MANAGER,
        &id,
        milestone(MilestoneKind::TestEnd, day(20)),
    )?;
    let schedule: Vec<(&str, String)> = release(&s, &id)
        .schedule()
        .iter()
        .map(|m| (m.title(), schedule::date(m.date)))
        .collect();
    assert_eq!(
        schedule,
        [
            ("Test start", "2026-10-12".to_owned()),
            ("Test end", "2026-10-20".to_owned())
        ]
    );
    // Moved a day and marked done: the same milestone changes, none is added.
    let mut moved = release(&s, &id).milestones[0].clone();
    moved.date = day(13);
    moved.done = true;
    set(&mut s, TESTER, &id, moved)?;
    let now = &release(&s, &id).milestones;
    assert_eq!(now.len(), 2);
    assert!(now[0].done && now[0].date == day(13) && now[0].id == start);
    // Removed.
    s.ok(TESTER, on(&id, ReleaseChange::RemoveMilestone(start)))?;
    assert_eq!(release(&s, &id).milestones.len(), 1);
    Ok(())
}

#[test]
fn a_milestone_needs_a_name_when_its_kind_does_not_say_and_an_environment_of_the_catalogue(
) -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let error =
        set(&mut s, TESTER, &id, milestone(MilestoneKind::Other, day(5))).expect_err("no name");
    assert_eq!(error.field(), Some("name"));
    assert_eq!(error.to_string(), "Enter what the milestone marks.");
    let error = set(
        &mut s,
        TESTER,
        &id,
        Milestone {
            environment: Some("moon".into()),
            ..milestone(MilestoneKind::TestEnvironmentReady, day(5))
        },
    )
    .expect_err("no such environment");
    assert_eq!(error.field(), Some("environment"));
    // A stakeholder may not plan the schedule.
    let error = set(
        &mut s,
        STAKEHOLDER,
        &id,
        milestone(MilestoneKind::GoNoGo, day(5)),
    )
    .expect_err("not a tester");
    assert!(
        error
            .to_string()
            .contains("plan the build and test schedule"),
        "{error}"
    );
    Ok(())
}

#[test]
fn a_date_a_book_cannot_hold_is_refused() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let far = Utc
        .with_ymd_and_hms(10_000, 1, 1, 0, 0, 0)
        .single()
        .expect("chrono holds it");
    let error = set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::TestStart, far),
    )
    .expect_err("beyond 9999");
    assert_eq!(error.field(), Some("date"));
    Ok(())
}

#[test]
fn the_schedule_warns_where_its_order_looks_wrong() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::TestStart, day(20)),
    )?;
    set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::TestEnd, day(12)),
    )?;
    set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::BuildComplete, day(10)),
    )?;
    assert_eq!(
        release(&s, &id).schedule_warnings(),
        ["“Test end” (2026-10-12) comes before “Test start” (2026-10-20)."]
    );
    // A go/no-go after the first deployment window is flagged too.
    let shape = PlanShape::big_bang(start() + Duration::days(14));
    demo::plan(&mut s, &id, &shape)?;
    let first = release(&s, &id)
        .waves
        .iter()
        .map(|w| w.plan.window.start)
        .min()
        .expect("a wave");
    set(
        &mut s,
        RELEASE_MANAGER,
        &id,
        milestone(MilestoneKind::GoNoGo, first + Duration::days(3)),
    )?;
    let warnings = release(&s, &id).schedule_warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[1].contains("comes after the first deployment window"),
        "{warnings:?}"
    );
    Ok(())
}

#[test]
fn the_calendar_finds_the_milestones_of_a_day() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::UatSignOff, day(15)),
    )?;
    set(
        &mut s,
        TESTER,
        &id,
        milestone(MilestoneKind::Rehearsal, day(16)),
    )?;
    let book = s.engine.book();
    let on_15th: Vec<(String, &str)> = milestones_between(book, day(15), day(16))
        .into_iter()
        .map(|(r, m)| (r.title(), m.title()))
        .collect();
    assert_eq!(on_15th, [("Payments 3.3 v3.3".to_owned(), "UAT sign-off")]);
    // A cancelled release's milestones leave the calendar.
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::Cancel {
                reason: "Not needed".into(),
            },
        ),
    )?;
    assert!(milestones_between(s.engine.book(), day(1), day(31)).is_empty());
    Ok(())
}
