//! The iCalendar writer: CRLF line endings, lines folded at 75 octets without splitting a
//! character, TEXT escaping, and one event per deployment window of the demo book.

use chrono::{Duration, TimeZone, Utc};
use release_desk::demo::demo_book;
use release_desk::domain::ical::{self, CalendarEvent, FREEZE_SUMMARY};
use release_desk::domain::{Status, Window};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 5)
        .single()
        .expect("valid")
}

/// Unfold a calendar's lines the way a reader does: a CRLF followed by a space continues.
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn event(summary: &str, description: &str) -> CalendarEvent {
    let start = now();
    CalendarEvent {
        uid: "wave-1@release-desk".into(),
        window: Window {
            start,
            end: start + Duration::hours(4),
        },
        summary: summary.into(),
        description: description.into(),
        categories: vec!["Production".into(), "Pay, Inc.".into()],
        transparent: false,
    }
}

#[test]
fn every_line_ends_with_crlf_and_the_calendar_is_wrapped() {
    let text = ical::write(&[event("Payments v4.0.0 → Production", "")], now());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "a bare CR");
    let lines = unfold(&text);
    assert!(lines.contains(&"DTSTAMP:20261127T093005Z".to_owned()));
    assert!(lines.contains(&"DTSTART:20261127T093005Z".to_owned()));
    assert!(lines.contains(&"DTEND:20261127T133005Z".to_owned()));
    assert!(lines.contains(&"SUMMARY:Payments v4.0.0 → Production".to_owned()));
}

#[test]
fn long_lines_fold_at_75_octets_without_splitting_a_character() {
    let summary = "Storefront redesign → Production ".repeat(8);
    let text = ical::write(&[event(&summary, &"ü€".repeat(60))], now());
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // Folding is undone exactly by unfolding: the texts come back whole.
    let lines = unfold(&text);
    assert!(lines.contains(&format!("SUMMARY:{summary}")));
    assert!(lines.contains(&format!("DESCRIPTION:{}", "ü€".repeat(60))));
}

#[test]
fn a_line_of_exactly_75_octets_is_not_folded() {
    let mut out = String::new();
    let line = "X".repeat(75);
    ical::push_line(&mut out, &line);
    assert_eq!(out, format!("{line}\r\n"));
    let mut out = String::new();
    ical::push_line(&mut out, &"X".repeat(76));
    assert_eq!(out, format!("{}\r\n X\r\n", "X".repeat(75)));
}

#[test]
fn commas_semicolons_backslashes_and_newlines_are_escaped() {
    assert_eq!(ical::escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    let text = ical::write(&[event("Go, live; now", "line 1\nline 2")], now());
    let lines = unfold(&text);
    assert!(lines.contains(&"SUMMARY:Go\\, live\\; now".to_owned()));
    assert!(lines.contains(&"DESCRIPTION:line 1\\nline 2".to_owned()));
    // Each category is escaped on its own; the list separator stays a bare comma.
    assert!(lines.contains(&"CATEGORIES:Production,Pay\\, Inc.".to_owned()));
}

#[test]
fn the_demo_book_gives_one_event_per_deployment_window_and_its_freezes() {
    let today = Utc
        .with_ymd_and_hms(2026, 11, 27, 0, 0, 0)
        .single()
        .expect("valid");
    let engine = demo_book(today).expect("the demo book builds");
    let book = engine.book();
    let windows: Vec<_> = book
        .releases
        .values()
        .filter(|r| r.status != Status::Cancelled)
        .flat_map(|r| r.waves.iter().map(move |w| (r, w)))
        .collect();
    let events = ical::schedule_events(book);
    let deployments: Vec<_> = events.iter().filter(|e| !e.transparent).collect();
    assert_eq!(deployments.len(), windows.len());
    for (release, wave) in &windows {
        let found = deployments
            .iter()
            .find(|e| e.uid == format!("wave-{}@release-desk", wave.id))
            .expect("an event for every wave");
        assert_eq!(found.window, wave.plan.window);
        assert!(found
            .summary
            .starts_with(&format!("{} → ", release.title())));
    }
    // The year-end freeze shows once, although four services' policies carry it.
    let freezes: Vec<_> = events
        .iter()
        .filter(|e| e.summary.starts_with(FREEZE_SUMMARY))
        .collect();
    assert!(!freezes.is_empty());
    let first = Utc
        .with_ymd_and_hms(2026, 12, 18, 0, 0, 0)
        .single()
        .expect("valid");
    assert_eq!(
        freezes.iter().filter(|e| e.window.start == first).count(),
        1
    );
    let text = ical::write(&events, now());
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), events.len());
    assert_eq!(
        text.matches("TRANSP:TRANSPARENT\r\n").count(),
        freezes.len()
    );
}
