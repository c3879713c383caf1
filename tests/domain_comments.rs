//! Comments and search: given a book, when a person comments, edits, deletes, marks a
//! mention seen or searches, then the events, the refusals and the results are those a
//! person expects.

mod support;

use support::*;

use release_desk::demo::{CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER};
use release_desk::domain::search::{search, Kind, Target};
use release_desk::domain::*;

fn comment(section: Option<Section>, text: &str) -> ReleaseChange {
    ReleaseChange::Comment {
        id: ItemId::default(),
        section,
        text: text.into(),
        mentions: Vec::new(),
    }
}

fn open_for<'a>(book: &'a Book, person: &str) -> Vec<&'a str> {
    open_mentions(book, &PersonId::from(person))
        .into_iter()
        .map(|m| m.comment.text.as_str())
        .collect()
}

#[test]
fn a_comment_resolves_its_mentions_and_makes_the_release_wait_for_that_person() -> Result {
    // Given a draft release.
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    // When the release manager mentions operations (by id) and the tester (by full name).
    let text = "@olga can the window move? Ask @Tom Tanaka too.";
    s.ok(RELEASE_MANAGER, on(&id, comment(Some(Section::Plan), text)))?;
    // Then the comment names both, in the plan's thread, and waits for each of them.
    let posted = &release(&s, &id).comments[0];
    assert_eq!(posted.section, Some(Section::Plan));
    assert_eq!(
        posted.mentions,
        vec![PersonId::from(OPERATIONS), PersonId::from(TESTER)]
    );
    assert_eq!(open_for(s.engine.book(), OPERATIONS), vec![text]);
    assert_eq!(open_for(s.engine.book(), TESTER), vec![text]);
    assert!(open_for(s.engine.book(), RELEASE_MANAGER).is_empty());
    let m = &open_mentions(s.engine.book(), &PersonId::from(OPERATIONS))[0];
    assert_eq!(m.release.id, id);
    assert_eq!(m.since, posted.posted.at);
    Ok(())
}

#[test]
fn a_reply_in_the_thread_or_marking_it_seen_clears_the_mention() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let asked = s.ok(
        RELEASE_MANAGER,
        on(&id, comment(Some(Section::Plan), "@olga @tom please check")),
    )?;
    // A comment elsewhere on the release is not a reply to the plan's thread.
    s.ok(OPERATIONS, on(&id, comment(None, "Looking at the release")))?;
    assert_eq!(open_for(s.engine.book(), OPERATIONS).len(), 1);
    // When operations replies in the plan's thread, and the tester marks it seen…
    s.ok(
        OPERATIONS,
        on(&id, comment(Some(Section::Plan), "Fine by us")),
    )?;
    s.ok(
        TESTER,
        on(&id, ReleaseChange::SeeMention(ItemId::from(&asked))),
    )?;
    // …then neither is waited for any more.
    assert!(open_for(s.engine.book(), OPERATIONS).is_empty());
    assert!(open_for(s.engine.book(), TESTER).is_empty());
    // And someone not mentioned cannot mark it seen.
    let refused = s
        .run(
            CHANGE_MANAGER,
            on(&id, ReleaseChange::SeeMention(ItemId::from(&asked))),
        )
        .expect_err("refused");
    assert_eq!(
        refused.to_string(),
        LifecycleError::WrongState("that comment does not mention you".into()).to_string()
    );
    Ok(())
}

#[test]
fn an_unknown_mention_is_refused_with_the_closest_person() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let refused = s
        .run(RELEASE_MANAGER, on(&id, comment(None, "@olgaa look")))
        .expect_err("refused");
    assert_eq!(refused.field(), Some("text"));
    assert!(
        refused.to_string().contains("Did you mean @olga (Olga"),
        "{refused}"
    );
    // An e-mail address is no mention.
    s.ok(
        RELEASE_MANAGER,
        on(&id, comment(None, "Mail ops@example.com")),
    )?;
    Ok(())
}

#[test]
fn text_limits_refuse_blank_long_and_control_characters() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    for text in [
        "   ".to_owned(),
        "x".repeat(COMMENT_CHARS + 1),
        "bell \u{7}".to_owned(),
    ] {
        let refused = s
            .run(RELEASE_MANAGER, on(&id, comment(None, &text)))
            .expect_err("refused");
        assert_eq!(refused.field(), Some("text"), "{refused}");
    }
    Ok(())
}

#[test]
fn anyone_registered_may_comment_but_only_the_author_edits_or_deletes() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    // A stakeholder (reader) may comment.
    let said = s.ok(
        STAKEHOLDER,
        on(&id, comment(None, "When does this reach shops?")),
    )?;
    let said = ItemId::from(&said);
    // Someone else may neither edit nor delete it.
    for change in [
        ReleaseChange::EditComment {
            id: said.clone(),
            text: "changed".into(),
            mentions: Vec::new(),
        },
        ReleaseChange::DeleteComment(said.clone()),
    ] {
        let refused = s
            .run(RELEASE_MANAGER, on(&id, change))
            .expect_err("refused");
        assert!(refused.to_string().contains("nly its author"), "{refused}");
    }
    // The author edits (adding a mention), then deletes it.
    s.ok(
        STAKEHOLDER,
        on(
            &id,
            ReleaseChange::EditComment {
                id: said.clone(),
                text: "When does this reach shops, @rita?".into(),
                mentions: Vec::new(),
            },
        ),
    )?;
    let edited = &release(&s, &id).comments[0];
    assert!(edited.edited.is_some());
    assert_eq!(edited.mentions, vec![PersonId::from(RELEASE_MANAGER)]);
    assert_eq!(open_for(s.engine.book(), RELEASE_MANAGER).len(), 1);
    s.ok(STAKEHOLDER, on(&id, ReleaseChange::DeleteComment(said)))?;
    let deleted = &release(&s, &id).comments[0];
    assert!(deleted.deleted.is_some() && deleted.text.is_empty());
    assert!(open_for(s.engine.book(), RELEASE_MANAGER).is_empty());
    // The log keeps each wording, and the timeline says what happened.
    let lines: Vec<String> = s
        .engine
        .log()
        .events()
        .iter()
        .rev()
        .take(3)
        .map(|e| describe::describe(s.engine.book(), e))
        .collect();
    assert_eq!(
        lines,
        vec![
            "Deleted a comment".to_owned(),
            "Edited a comment: “When does this reach shops, @rita?”".to_owned(),
            "Commented on the release: “When does this reach shops?”".to_owned(),
        ]
    );
    Ok(())
}

#[test]
fn an_edit_by_someone_else_arriving_from_another_device_is_a_conflict() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    let said = ItemId::from(&s.ok(TESTER, on(&id, comment(None, "first")))?);
    let ctx = s.context(TESTER);
    let mut forged = decide(
        s.engine.book(),
        on(
            &id,
            ReleaseChange::EditComment {
                id: said,
                text: "second".into(),
                mentions: Vec::new(),
            },
        ),
        &ctx,
    )?;
    forged[0].by = PersonId::from(RELEASE_MANAGER);
    let mut book = s.engine.book().clone();
    apply(&mut book, &forged[0]);
    assert_eq!(book.releases[&id].comments[0].text, "first");
    assert_eq!(book.conflicts.len(), 1);
    Ok(())
}

#[test]
fn search_ranks_whole_words_before_prefixes_before_parts_and_names_the_kind() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    for (title, mitigation) in [
        ("Card outage", "Rehearse the failover twice"),
        ("Slow checkout", "Failovers are scripted"),
        (
            "Token expiry",
            "Refresh before the rehearsal; no autofailover",
        ),
    ] {
        s.ok(
            RELEASE_MANAGER,
            on(
                &id,
                ReleaseChange::RaiseRisk(Risk {
                    id: ItemId::default(),
                    title: title.into(),
                    likelihood: 2,
                    impact: 2,
                    owner: String::new(),
                    mitigation: mitigation.into(),
                    status: EntryStatus::default(),
                }),
            ),
        )?;
    }
    s.ok(
        OPERATIONS,
        on(
            &id,
            comment(Some(Section::Waves), "Crème brûlée at go-live"),
        ),
    )?;
    let book = s.engine.book();
    // A word of the mitigation: whole word, then prefix, then inside a word.
    let results = search(book, "FAILOVER", 10);
    let titles: Vec<&str> = results.found.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, vec!["Card outage", "Slow checkout", "Token expiry"]);
    assert_eq!(results.total, 3);
    let risk = &results.found[0];
    assert_eq!(risk.kind, Kind::Risk);
    assert_eq!(risk.release.as_deref(), Some("Payments 3.3 v3.3"));
    assert_eq!(risk.snippet.as_deref(), Some("Rehearse the failover twice"));
    assert_eq!(
        risk.target,
        Target::Release(id.clone(), Some(Section::Risks))
    );
    // Accents and case are ignored, and a comment leads to its thread.
    let results = search(book, "creme BRULEE", 10);
    assert_eq!(results.found.len(), 1);
    assert_eq!(results.found[0].kind, Kind::Comment);
    assert_eq!(
        results.found[0].target,
        Target::Thread(id.clone(), Some(Section::Waves))
    );
    // Every word must match; people, services and the release number are found.
    assert!(search(book, "failover nowhere", 10).found.is_empty());
    assert!(search(book, "olga", 10)
        .found
        .iter()
        .any(|f| f.kind == Kind::Person));
    assert!(search(book, "v3.3", 10)
        .found
        .iter()
        .any(|f| f.kind == Kind::Release && f.target == Target::Release(id.clone(), None)));
    assert!(search(book, "   ", 10).found.is_empty());
    Ok(())
}

#[test]
fn a_comment_time_reads_relative_to_now_then_as_a_date() {
    use chrono::{Duration, TimeZone, Utc};
    use release_desk::domain::schedule::ago;
    // Given "now" a few minutes past midnight, as the page reads the clock.
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 0, 10, 0)
        .single()
        .expect("a date");
    let at = |minutes: i64| ago(now - Duration::minutes(minutes), now);
    assert_eq!(at(0), "just now");
    assert_eq!(at(1), "1 minute ago");
    assert_eq!(at(5), "5 minutes ago");
    // 59 minutes ago is still minutes, though it was yesterday's 23:11.
    assert_eq!(at(59), "59 minutes ago");
    // An hour ago crossed midnight: yesterday, not "1 hour ago".
    assert_eq!(at(60), "yesterday");
    let noon = now + Duration::hours(12);
    assert_eq!(ago(noon - Duration::minutes(60), noon), "1 hour ago");
    assert_eq!(
        ago(noon - Duration::minutes(12 * 60 + 9), noon),
        "12 hours ago"
    );
    // Any time on the day before is yesterday, even 2 days' worth of hours minus minutes.
    assert_eq!(at(24 * 60 + 9), "yesterday");
    assert_eq!(at(24 * 60 + 11), "2 days ago");
    assert_eq!(at(6 * 24 * 60), "6 days ago");
    // From a week on, the date.
    assert_eq!(at(7 * 24 * 60), "2026-11-20");
    assert_eq!(at(400 * 24 * 60), "2025-10-23");
    // A clock running behind the author's: a few minutes ahead is "just now", further
    // ahead is the exact time rather than a wrong "ago".
    assert_eq!(at(-5), "just now");
    assert_eq!(at(-60), "just now");
    assert_eq!(at(-61), "2026-11-27 01:11 UTC");
}
