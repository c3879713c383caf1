//! The deployment calendar as an iCalendar file (RFC 5545) that Outlook, Google Calendar and
//! Thunderbird import: one event per deployment window, and the change freezes as
//! transparent events so that they show without marking anyone busy.
//!
//! The writer is pure: "now" (the `DTSTAMP` of every event) comes in as an argument.

use super::book::Book;
use super::ids::EnvironmentId;
use super::release::{Status, Window};
use chrono::{DateTime, Datelike, Timelike, Utc};

/// One event of the calendar, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEvent {
    /// A unique id that stays the same for the same wave or freeze across exports, so an
    /// import updates the event instead of adding a copy.
    pub uid: String,
    /// When it starts and ends.
    pub window: Window,
    /// The title.
    pub summary: String,
    /// The details.
    pub description: String,
    /// Categories (environment, service, "Change freeze").
    pub categories: Vec<String>,
    /// Shown without blocking time (freezes).
    pub transparent: bool,
}

/// The name a freeze event carries in calendars.
pub const FREEZE_SUMMARY: &str = "Change freeze";

/// The events of the book's schedule: every deployment window of every release not
/// cancelled, then each freeze occurrence that overlaps the span of those windows.
pub fn schedule_events(book: &Book) -> Vec<CalendarEvent> {
    let env_name = |id: &EnvironmentId| {
        book.environments
            .get(id)
            .map_or(id.as_str(), |e| e.name.as_str())
            .to_owned()
    };
    let mut out = Vec::new();
    for release in book
        .releases
        .values()
        .filter(|r| r.status != Status::Cancelled)
    {
        let service = book
            .services
            .get(&release.service)
            .map_or(release.service.as_str(), |s| s.name.as_str());
        for wave in &release.waves {
            let env = env_name(&wave.plan.environment);
            let mut description = format!(
                "{}: {}, wave “{}” ({}).",
                service,
                release.status.label(),
                wave.plan.name,
                wave.status.label()
            );
            if !wave.plan.target_group.is_empty() {
                description.push_str("\nTarget group: ");
                description.push_str(&wave.plan.target_group);
            }
            out.push(CalendarEvent {
                uid: format!("wave-{}@release-desk", wave.id),
                window: wave.plan.window,
                summary: format!("{} → {env}", release.title()),
                description,
                categories: vec![env, service.to_owned()],
                transparent: false,
            });
        }
    }
    let (Some(from), Some(until)) = (
        out.iter().map(|e| e.window.start).min(),
        out.iter().map(|e| e.window.end).max(),
    ) else {
        return out;
    };
    out.extend(freeze_events(book, from, until));
    out
}

/// Each freeze occurrence overlapping `[from, until)`, once even when several services'
/// policies carry the same freeze.
pub fn freeze_events(book: &Book, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<CalendarEvent> {
    let mut out: Vec<CalendarEvent> = Vec::new();
    for freeze in book.policies.values().flat_map(|p| &p.freeze_windows) {
        let mut at = from;
        // A freeze repeats at most weekly, so a few hundred occurrences cover any schedule.
        for _ in 0..600 {
            let Some((start, end)) = freeze.overlapping(at, until) else {
                break;
            };
            let envs: Vec<String> = if freeze.environments.is_empty() {
                vec!["every environment".into()]
            } else {
                freeze
                    .environments
                    .iter()
                    .map(|e| {
                        book.environments
                            .get(e)
                            .map_or(e.as_str(), |e| e.name.as_str())
                            .to_owned()
                    })
                    .collect()
            };
            let uid = format!("freeze-{}-{}@release-desk", freeze.id, stamp(start));
            if !out.iter().any(|e| e.uid == uid) {
                let mut categories = vec![FREEZE_SUMMARY.to_owned()];
                categories.extend(envs.iter().cloned());
                out.push(CalendarEvent {
                    uid,
                    window: Window { start, end },
                    summary: format!("{FREEZE_SUMMARY}: {}", freeze.name),
                    description: format!(
                        "Nothing may be deployed to {} during “{}”.",
                        envs.join(", "),
                        freeze.name
                    ),
                    categories,
                    transparent: true,
                });
            }
            if end <= at {
                break;
            }
            at = end;
        }
    }
    out
}

/// The calendar file: `VCALENDAR` with one `VEVENT` per event, CRLF line endings and lines
/// folded at 75 octets.
pub fn write(events: &[CalendarEvent], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Release Desk//Deployment calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Deployment windows",
    ] {
        push_line(&mut out, line);
    }
    let dtstamp = stamp(now);
    for event in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape(&event.uid)));
        push_line(&mut out, &format!("DTSTAMP:{dtstamp}"));
        push_line(&mut out, &format!("DTSTART:{}", stamp(event.window.start)));
        push_line(&mut out, &format!("DTEND:{}", stamp(event.window.end)));
        push_line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        if !event.description.is_empty() {
            push_line(
                &mut out,
                &format!("DESCRIPTION:{}", escape(&event.description)),
            );
        }
        if !event.categories.is_empty() {
            let list: Vec<String> = event.categories.iter().map(|c| escape(c)).collect();
            push_line(&mut out, &format!("CATEGORIES:{}", list.join(",")));
        }
        push_line(
            &mut out,
            if event.transparent {
                "TRANSP:TRANSPARENT"
            } else {
                "TRANSP:OPAQUE"
            },
        );
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// A TEXT value escaped: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Append one content line, folded so that no physical line exceeds 75 octets (RFC 5545
/// §3.1): a fold is CRLF and a space, and never splits a UTF-8 character.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A UTC date-time in the iCalendar form: `20261221T220000Z`.
pub fn stamp(at: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}
