//! No book can crash the app: random books with extreme values (dates at chrono's limits,
//! sequence numbers at `u64::MAX`, huge strings, recurring freezes far in the future) go
//! through import, merge, every query the dashboard, calendar and release list use, every
//! report and the `.ics` export. Each ends in a refusal with a message or in a book that
//! works; nothing panics.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use release_desk::demo::{self, RELEASE_MANAGER};
use release_desk::domain::report::{self, Kind};
use release_desk::domain::*;
use serde_json::Value;
use std::sync::OnceLock;

/// The unsigned synthetic book every case starts from, its events as JSON.
fn base() -> &'static (Engine, Vec<Value>) {
    static BASE: OnceLock<(Engine, Vec<Value>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let s = demo::synthetic::book(4, demo::synthetic::start()).unwrap();
        let events = s
            .engine
            .log()
            .events()
            .iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect();
        (s.engine, events)
    })
}

/// Milliseconds at and near chrono's limits, and other awkward instants.
fn extreme_millis() -> impl Strategy<Value = i64> {
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    prop_oneof![
        Just(max),
        Just(max - 1),
        Just(max - 86_400_000),
        Just(max - 7 * 86_400_000),
        Just(max - 400 * 86_400_000),
        Just(min),
        Just(min + 1),
        Just(min + 7 * 86_400_000),
        Just(0),
        Just(-1),
        Just(253_402_300_799_999), // 9999-12-31T23:59:59.999, the last a book holds
        Just(253_402_300_800_000), // one millisecond later
        Just(253_401_000_000_000), // mid-December 9999
        Just(-62_135_596_800_000), // 0001-01-01, the first a book holds
        Just(-62_135_596_800_001),
        (-62_135_596_800_000i64..253_402_300_799_999),
        (min..max),
    ]
}

/// One change made to the synthetic book's JSON before it is chained again.
#[derive(Clone, Debug)]
enum Edit {
    /// Set every date field (`at`, `start`, `end`) of event `n` to `millis`.
    Date { n: usize, millis: i64 },
    /// Make every freeze of event `n` repeat.
    Repeat { n: usize, how: &'static str },
    /// Replace every string `name`/`title`/`text` of event `n` with a huge one.
    Huge { n: usize, len: usize },
    /// Set every release number of event `n` to `u32::MAX` in each part.
    Version { n: usize },
    /// Give the last event this sequence number.
    Seq(u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), extreme_millis()).prop_map(|(n, millis)| Edit::Date { n, millis }),
        2 => (any::<usize>(), prop::sample::select(vec!["weekly", "monthly", "yearly", "once"]))
            .prop_map(|(n, how)| Edit::Repeat { n, how }),
        1 => (any::<usize>(), 10_000usize..200_000).prop_map(|(n, len)| Edit::Huge { n, len }),
        1 => any::<usize>().prop_map(|n| Edit::Version { n }),
        1 => prop_oneof![Just(u64::MAX), Just(u64::MAX - 1), Just(1u64 << 53), Just((1u64 << 53) - 1)]
            .prop_map(Edit::Seq),
    ]
}

fn walk(value: &mut Value, f: &mut dyn FnMut(&str, &mut Value)) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                f(key, v);
                walk(v, f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, f)),
        _ => {}
    }
}

/// The synthetic book with `edits` made, chained again as a valid unsigned log (the events
/// that no longer read as events are dropped).
fn edited(edits: &[Edit]) -> Log {
    let mut values = base().1.clone();
    let count = values.len();
    let mut last_seq = None;
    for edit in edits {
        match edit {
            Edit::Date { n, millis } => walk(&mut values[n % count], &mut |key, v| {
                if matches!(key, "at" | "start" | "end") && v.is_number() {
                    *v = Value::from(*millis);
                }
            }),
            Edit::Repeat { n, how } => walk(&mut values[n % count], &mut |key, v| {
                if key == "freeze_windows" {
                    if let Value::Array(freezes) = v {
                        for f in freezes {
                            f["repeat"] = Value::from(*how);
                        }
                    }
                }
            }),
            Edit::Huge { n, len } => walk(&mut values[n % count], &mut |key, v| {
                if matches!(key, "name" | "title" | "text") && v.is_string() {
                    *v = Value::from("<b>#x</b> ".repeat(*len / 10));
                }
            }),
            Edit::Version { n } => walk(&mut values[n % count], &mut |key, v| {
                if key == "version" && v.is_string() {
                    *v = Value::from("4294967295.4294967295.4294967295");
                }
            }),
            Edit::Seq(seq) => last_seq = Some(*seq),
        }
    }
    let mut events: Vec<Event> = values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    // Chain again: each event follows the one before.
    let mut previous: Option<Hash> = None;
    let len = events.len();
    for (i, event) in events.iter_mut().enumerate() {
        event.seq = match last_seq {
            Some(seq) if i + 1 == len => seq,
            _ => i as u64 + 1,
        };
        event.after = previous.into_iter().collect();
        previous = Some(Hash::of(event));
    }
    Log::from_parts(events, previous.into_iter().collect())
}

/// Everything the app shows of a book: the dashboard's, calendar's and release list's
/// queries, every report in Markdown, the CSV and the `.ics` export.
fn show_everything(engine: &Engine) {
    let book = engine.book();
    let log = engine.log();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
    let _ = overview::status_counts(book);
    let _ = overview::matrix(book);
    let _ = overview::open_conflicts(book);
    let _ = query::releases_by_status(book);
    let _ = query::pending_approvals(book, None);
    let _ = query::open_risks(book);
    let _ = query::open_issues(book);
    let _ = query::severity_counts(book);
    let _ = query::in_early_life_support(book);
    let _ = query::deployment_matrix(book);
    for (from, until) in [
        (now, now + Duration::days(14)),
        (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC),
        (
            DateTime::<Utc>::MAX_UTC - Duration::days(40),
            DateTime::<Utc>::MAX_UTC,
        ),
        (
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MIN_UTC + Duration::days(40),
        ),
    ] {
        let _ = query::windows_between(book, from, until);
        let _ = ical::freeze_events(book, from, until);
    }
    let _ = schedule::all_conflicts(book);
    let ics = ical::write(&ical::schedule_events(book), now);
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    let releases: Vec<&Release> = book.releases.values().collect();
    let csv = report::releases_csv(book, &releases);
    assert!(!csv.is_empty());
    for release in &releases {
        let _ = schedule::release_conflicts(book, release);
        let _ = next_step(book, release);
        let _ = history::timeline(book, log, &release.id);
        let _ = numbering(book, &release.service, release.category);
        for kind in Kind::ALL {
            let markdown = report::report(kind, book, log, release).to_markdown();
            assert!(!markdown.is_empty());
        }
    }
}

/// A change made here after the import: placed, or refused with a message.
fn change_after(engine: &mut Engine) {
    let ctx = Context {
        now: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId("after-import".into()),
        key: None,
    };
    let person = Person {
        email: String::new(),
        id: "newcomer".into(),
        name: "New Comer".into(),
        roles: vec![Role::Stakeholder],
    };
    match engine.execute(Change::Person(person), &ctx) {
        Ok(events) => {
            let seq = events[0].seq;
            assert!(seq > 0, "the new change was placed at 0");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    if let Some(last) = engine.log().events().last() {
        assert!(last.seq > 0);
    }
    assert!(engine.log().verify().is_ok(), "the chain broke");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_book_crashes_the_app(edits in prop::collection::vec(edit(), 1..6)) {
        let log = edited(&edits);
        let text = Document::new("Hostile book", &log).to_json();
        match Document::from_json(&text) {
            Err(refused) => prop_assert!(!refused.to_string().is_empty()),
            Ok((_, log)) => {
                // Into an empty book (import on a new device) and into the book it came from.
                for here in [Engine::new(), base().0.clone()] {
                    match here.incoming(&log) {
                        Err(clash) => prop_assert!(!clash.to_string().is_empty()),
                        Ok(incoming) => {
                            let mut engine = incoming.engine;
                            show_everything(&engine);
                            for rejected in &engine.book().rejected {
                                prop_assert!(!rejected.reason.is_empty());
                            }
                            // Every event beyond the limits is listed as rejected.
                            for event in engine.log().events() {
                                if limits::beyond(event).is_some() {
                                    prop_assert!(engine
                                        .book()
                                        .rejected
                                        .iter()
                                        .any(|r| r.event == event.id));
                                }
                            }
                            change_after(&mut engine);
                            show_everything(&engine);
                        }
                    }
                }
            }
        }
    }
}

/// A file whose last event claims place `u64::MAX` imports with that event rejected and
/// listed; the next change here is refused with a message instead of wrapping to 0.
#[test]
fn a_place_beyond_the_last_is_rejected_and_never_wraps() {
    let log = edited(&[Edit::Seq(u64::MAX)]);
    let text = Document::new("Hostile book", &log).to_json();
    let (_, log) = Document::from_json(&text).unwrap();
    let mut engine = Engine::new().incoming(&log).unwrap().engine;
    let last = engine.log().events().last().unwrap().id.clone();
    let rejected = engine.book().rejected.iter().find(|r| r.event == last);
    assert!(rejected
        .unwrap()
        .reason
        .contains("beyond the last a book can hold"));
    let ctx = Context {
        now: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId("next".into()),
        key: None,
    };
    let person = Person {
        email: String::new(),
        id: "newcomer".into(),
        name: "New Comer".into(),
        roles: vec![Role::Stakeholder],
    };
    let refused = engine.execute(Change::Person(person), &ctx).unwrap_err();
    assert!(refused.to_string().contains("log is full"), "{refused}");
    assert!(engine.log().verify().is_ok());
}

/// A wave far in the future or past is rejected and listed; the rest of the book works.
#[test]
fn a_date_beyond_the_year_9999_is_rejected_and_listed() {
    let (engine, values) = base();
    let n = values
        .iter()
        .position(|v| v.to_string().contains("add_wave"))
        .unwrap();
    let log = edited(&[Edit::Date {
        n,
        millis: DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    }]);
    let engine2 = Engine::new().incoming(&log).unwrap().engine;
    let reason = engine2
        .book()
        .rejected
        .iter()
        .map(|r| r.reason.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    assert!(reason.contains("outside the years 1 to 9999"), "{reason}");
    assert_eq!(engine2.book().people.len(), engine.book().people.len());
    show_everything(&engine2);
}

/// A file of another book (another first event) is told apart; the same book, a part of
/// it, or anything brought into an empty book is not.
#[test]
fn another_book_is_told_apart() {
    let (engine, _) = base();
    let other = demo::synthetic::organisation("other", demo::synthetic::start()).unwrap();
    assert!(engine.began_apart(other.engine.log()));
    assert!(!Engine::new().began_apart(other.engine.log()));
    assert!(!engine.began_apart(engine.log()));
    assert!(!engine.began_apart(&engine.log().prefix(10)));
    assert!(!other.engine.began_apart(&Log::new()));
}

/// A message quotes someone else's text short, on one line, in quotes.
#[test]
fn messages_quote_a_short_excerpt() {
    assert_eq!(limits::quoted("Payments"), "“Payments”");
    let long = "x".repeat(500);
    let quoted = limits::quoted(&long);
    assert_eq!(quoted.chars().count(), limits::QUOTE_CHARS + 3);
    assert!(quoted.ends_with("…”"));
    assert!(!limits::quoted("a\nb\u{7}").contains('\n'));
}

/// Text from a book stays text in a Markdown report: no HTML, heading, list, link or image.
#[test]
fn markdown_reports_escape_user_text() {
    use release_desk::domain::report::markdown_text as md;
    assert_eq!(
        md("<script>alert(1)</script>"),
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    );
    assert_eq!(md("# Title"), "\\# Title");
    assert_eq!(md("- item"), "\\- item");
    assert_eq!(md("+ item"), "\\+ item");
    assert_eq!(md("* item"), "\\* item");
    assert_eq!(md("> quote"), "&gt; quote");
    assert_eq!(md("12. item"), "12\\. item");
    assert_eq!(md("3) item"), "3\\) item");
    assert_eq!(md("a | b"), "a \\| b");
    assert_eq!(md("`code`"), "\\`code\\`");
    assert_eq!(
        md("[x](javascript:alert(1))"),
        "\\[x\\](javascript&#58;alert(1))"
    );
    assert_eq!(md("![img](http://x/y.png)"), "!\\[img\\](http://x/y.png)");
    assert_eq!(md("R&D"), "R&amp;D");
    assert_eq!(md("Payments v3.3 (prod)"), "Payments v3.3 (prod)");

    // The same through a whole report: a release titled with Markdown and HTML.
    let (engine, _) = base();
    let release = engine.book().releases.values().next().unwrap();
    let mut release = release.clone();
    release.details.name = "<img src=x onerror=alert(1)>\n# Owned [x](javascript:alert(1))".into();
    let mut book = engine.book().clone();
    book.releases.insert(release.id.clone(), release.clone());
    for kind in Kind::ALL {
        let markdown = report::report(kind, &book, engine.log(), &release).to_markdown();
        assert!(!markdown.contains("<img"), "{markdown}");
        assert!(!markdown.contains("](javascript:"), "{markdown}");
        assert!(!markdown.contains("\n# Owned"), "{markdown}");
    }
}

/// A formula behind leading spaces or a tab is guarded too.
#[test]
fn csv_guards_formulas_after_leading_whitespace() {
    use release_desk::domain::report::csv_cell;
    assert_eq!(csv_cell(" =1+1"), "' =1+1");
    assert_eq!(csv_cell("\t=1+1"), "'\t=1+1");
    assert_eq!(csv_cell("  @SUM(A1)"), "'  @SUM(A1)");
    assert_eq!(csv_cell(" plain"), " plain");
}

/// A file's own text reaches a message only as a short excerpt, however long it is.
#[test]
fn refusals_quote_a_file_only_briefly() {
    let (engine, values) = base();
    let huge = "A".repeat(100_000);
    let mut bad = values[0].clone();
    bad["what"] = serde_json::json!({ huge.clone(): 1 });
    let text = serde_json::json!({
        "format": FORMAT, "version": VERSION, "events": [bad]
    })
    .to_string();
    let refused = Document::from_json(&text).unwrap_err().to_string();
    assert!(refused.len() < 600, "{} characters", refused.len());

    // A clash on a huge id names it briefly too.
    let mut log = engine.log().clone();
    let mut other = log.events()[0].clone();
    other.id = EventId(huge.clone());
    log = Log::from_events(vec![other.clone()]);
    let mut changed = other;
    changed.by = PersonId::from("someone else");
    let clash = log.merge(&Log::from_events(vec![changed])).unwrap_err();
    assert!(clash.to_string().len() < 300, "{}", clash.to_string().len());
}

/// An import asks this before taking a file in: an event at `u64::MAX` is named.
#[test]
fn a_file_with_a_place_beyond_the_last_is_named() {
    let log = edited(&[Edit::Seq(u64::MAX)]);
    let why = limits::beyond_last_place(log.events()).unwrap();
    assert!(why.contains("18446744073709551615"), "{why}");
    assert!(limits::beyond_last_place(base().0.log().events()).is_none());
}

/// A freeze typed beyond the year 9999 in a policy is refused before it is recorded, with
/// the message under the policy's freezes (where its form shows it), and nothing changes.
#[test]
fn a_freeze_beyond_the_year_9999_is_refused_under_the_freezes() {
    let (engine, _) = base();
    let mut engine = engine.clone();
    let mut policy = engine.book().policies.values().next().unwrap().clone();
    let start = Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap();
    policy.freeze_windows.push(FreezeWindow {
        id: "far".into(),
        name: "Far away".into(),
        start,
        end: start + Duration::days(2),
        ..policy.freeze_windows.first().unwrap().clone()
    });
    let ctx = Context {
        now: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId("far-freeze".into()),
        key: None,
    };
    let before = engine.log().len();

    let refused = engine.execute(Change::Policy(policy), &ctx).unwrap_err();

    assert_eq!(refused.field(), Some("freeze_windows"));
    assert!(
        refused.to_string().contains("between the years 1 and 9999"),
        "{refused}"
    );
    assert_eq!(engine.log().len(), before);
}

/// An e-mail address longer than mail carries (254 characters) is refused with the field
/// named; 254 characters are accepted.
#[test]
fn an_email_address_of_255_characters_is_refused() {
    let mut engine = Engine::new();
    let ctx = |id: &str| Context {
        now: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId(id.into()),
        key: None,
    };
    let person = |email: String| Person {
        email,
        id: "mailer".into(),
        name: "Long Mailer".into(),
        roles: vec![Role::Stakeholder],
    };
    let address = |n: usize| format!("{}@example.org", "a".repeat(n - 12));
    let refused = engine
        .execute(Change::Person(person(address(255))), &ctx("long"))
        .unwrap_err();
    assert!(
        refused.to_string().contains("at most 254 characters"),
        "{refused}"
    );
    assert!(engine
        .execute(Change::Person(person(address(254))), &ctx("fits"))
        .is_ok());
}
