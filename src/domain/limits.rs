//! The limits a book keeps to, so that no event, whoever wrote it, can break the app: a
//! place in the log a browser can count to, and dates between the years 1 and 9999.
//!
//! An event beyond them is refused when the book is folded, listed with the other
//! rejected events (`Book::rejected`) and never applied, on every device alike. Dates
//! that far from now are never a real plan, and keeping every date 250,000 years inside
//! chrono's own range means no date arithmetic on a book can overflow.

use super::change::{Change, ReleaseChange};
use super::event::Event;
use super::release::Window;
use chrono::{DateTime, Utc};

/// The last place in the log a book can hold: the largest whole number JavaScript and
/// IndexedDB count exactly (2⁵³ − 1).
pub const MAX_SEQ: u64 = (1 << 53) - 1;

/// 0001-01-01T00:00:00Z in milliseconds since 1970.
const EARLIEST_MILLIS: i64 = -62_135_596_800_000;
/// 9999-12-31T23:59:59.999Z in milliseconds since 1970.
const LATEST_MILLIS: i64 = 253_402_300_799_999;

/// Whether a book may hold this instant: years 1 to 9999.
pub fn date_in_range(at: DateTime<Utc>) -> bool {
    (EARLIEST_MILLIS..=LATEST_MILLIS).contains(&at.timestamp_millis())
}

/// Why a log cannot be taken into a book, if it cannot: an event in it claims a place
/// beyond the last, so nothing could be placed after it here. An import refuses such a
/// file whole rather than keep that event, rejected, at the end of the log for good.
pub fn beyond_last_place(events: &[Event]) -> Option<String> {
    let event = events.iter().find(|e| e.seq > MAX_SEQ)?;
    Some(format!(
        "its event {} claims place {} in the log, beyond the last a book can hold ({MAX_SEQ})",
        quoted(&event.id.0),
        event.seq
    ))
}

/// Why an event is beyond the book's limits, if it is.
pub fn beyond(event: &Event) -> Option<String> {
    if event.seq > MAX_SEQ {
        return Some(format!(
            "it claims place {} in the log, beyond the last a book can hold ({MAX_SEQ})",
            event.seq
        ));
    }
    if !date_in_range(event.at) {
        return Some("its time is outside the years 1 to 9999".into());
    }
    let window_ok = |w: &Window| date_in_range(w.start) && date_in_range(w.end);
    let dates_ok = match &event.what {
        Change::Policy(policy) => policy
            .freeze_windows
            .iter()
            .all(|f| date_in_range(f.start) && date_in_range(f.end)),
        Change::Release {
            change: ReleaseChange::AddWave { plan, .. } | ReleaseChange::EditWave { plan, .. },
            ..
        } => window_ok(&plan.window),
        Change::Release {
            change: ReleaseChange::SetMilestone(milestone),
            ..
        } => date_in_range(milestone.date),
        Change::Release {
            change: ReleaseChange::SetRunbook(runbook),
            ..
        } => runbook
            .tasks
            .iter()
            .all(|t| t.fixed_start.is_none_or(date_in_range)),
        Change::Release {
            change: ReleaseChange::SetTask(task),
            ..
        } => task.fixed_start.is_none_or(date_in_range),
        Change::Release {
            change:
                ReleaseChange::Comment { text, mentions, .. }
                | ReleaseChange::EditComment { text, mentions, .. },
            ..
        } => return super::release::comments::beyond(text, mentions),
        _ => true,
    };
    (!dates_ok).then(|| "it holds a date outside the years 1 to 9999".into())
}

/// The most characters of someone else's text (a name, a title, an id from a file or a
/// link) a message quotes.
pub const QUOTE_CHARS: usize = 60;

/// `text` as a message quotes it: in “curly quotes”, on one line, cut to [`QUOTE_CHARS`]
/// characters with “…”, so a file cannot write the message itself.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("“");
    let mut chars = text.chars().map(|c| if c.is_control() { ' ' } else { c });
    out.extend(chars.by_ref().take(QUOTE_CHARS));
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('”');
    out
}
