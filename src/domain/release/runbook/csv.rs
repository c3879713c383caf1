//! The runbook as CSV, because runbooks live in spreadsheets: import with a message for
//! every bad row, and export that imports back to the same tasks.
//!
//! Columns: `id,title,stage,kind,owner,environment,wave,minutes,after,fixed_start`. A
//! header row names them (in any order); without one the columns come in this order.
//! `after` holds predecessor ids separated by `;`; `minutes` is `90`, `90m`, `1h30`,
//! `1h 30m` or `1:30`; `fixed_start` is ISO 8601 in UTC (`2026-12-06T22:00Z`). Fields may be
//! quoted (`"Stop, then drain"`, `""` for a quote); lines end in LF or CRLF.

use super::{forecast, Runbook, Task, TaskId, TaskKind, MAX_MINUTES};
use crate::domain::ids::{EnvironmentId, ItemId};
use crate::domain::limits::{date_in_range, quoted};
use crate::domain::report::csv_cell;
use crate::domain::schedule::minute;
use chrono::{DateTime, NaiveDate, Utc};

/// The columns, in the order export writes them.
pub const CSV_HEADER: [&str; 10] = [
    "id",
    "title",
    "stage",
    "kind",
    "owner",
    "environment",
    "wave",
    "minutes",
    "after",
    "fixed_start",
];

/// A bad row of an imported file: its line (1-based, where the row starts) and what is
/// wrong with it, every problem of the row in one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The line the row starts on.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The records of a CSV text, each with the line it starts on. Quoted fields may hold
/// commas, quotes (doubled) and line breaks.
fn records(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (',', false) => fields.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                fields.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            ('\n', true) => {
                line += 1;
                field.push(c);
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    out.retain(|(_, f)| f.iter().any(|x| !x.trim().is_empty()));
    out
}

/// A cell as written: trimmed, and without the apostrophe export puts before a formula.
fn cell(text: &str) -> &str {
    let text = text.trim();
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start().starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    }
}

/// A planned duration: `90`, `90m`, `90 min`, `1h30`, `1h 30m`, `2 h`, `1:30`; blank is 0.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
        return (m < 60).then(|| h.checked_mul(60)?.checked_add(m))?;
    }
    let mut total: u32 = 0;
    let mut rest = text;
    let mut after_hours = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let n: u32 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = rest[..letters].to_ascii_lowercase();
        rest = rest[letters..].trim_start();
        let factor = match unit.as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "" if rest.is_empty() && (after_hours || total == 0) => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(factor)?)?;
        after_hours = factor == 60;
    }
    Some(total)
}

/// A kind as written: its CSV word or its label, in any case ("Go/no-go decision",
/// "go_no_go", "back-out step", "backout").
fn parse_kind(text: &str) -> Option<TaskKind> {
    let plain: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if plain.is_empty() {
        return Some(TaskKind::Task);
    }
    TaskKind::ALL.into_iter().find(|k| {
        let of = |w: &str| -> String {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        plain == of(k.slug())
            || plain == of(k.label())
            || (plain == "gonogo" && *k == TaskKind::GoNoGo)
    })
}

/// A time in UTC: `2026-12-06T22:00Z`, `2026-12-06 22:00`, seconds optional, `Z` or
/// `+00:00` optional; blank is none.
fn parse_time(text: &str) -> Result<Option<DateTime<Utc>>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))
        .unwrap_or(text);
    let (day, clock) = text.split_once(['T', ' ']).ok_or(())?;
    let mut d = day.split('-').map(|p| p.parse::<u32>().map_err(|_| ()));
    let (y, mo, da) = (
        d.next().ok_or(())??,
        d.next().ok_or(())??,
        d.next().ok_or(())??,
    );
    let mut c = clock.split(':').map(|p| p.parse::<u32>().map_err(|_| ()));
    let (h, mi) = (c.next().ok_or(())??, c.next().ok_or(())??);
    let s = c.next().transpose()?.unwrap_or(0);
    if d.next().is_some() || c.next().is_some() {
        return Err(());
    }
    let at = NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| ())?, mo, da)
        .and_then(|d| d.and_hms_opt(h, mi, s))
        .ok_or(())?
        .and_utc();
    date_in_range(at).then_some(Some(at)).ok_or(())
}

/// Import a runbook from CSV: every row checked, every bad row reported (a missing id or
/// title, a duplicate id, a bad kind, duration or fixed start, an unknown predecessor, a
/// cycle named). The revision is set when the runbook is saved.
pub fn import_csv(text: &str) -> Result<Runbook, Vec<RowError>> {
    let mut rows = records(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut columns: [Option<usize>; 10] = std::array::from_fn(Some);
    if let Some((_, first)) = rows.first() {
        let named = |name: &str| first.iter().any(|c| cell(c).eq_ignore_ascii_case(name));
        if named("id") && named("title") {
            columns = CSV_HEADER.map(|name| {
                first
                    .iter()
                    .position(|c| cell(c).eq_ignore_ascii_case(name))
            });
            rows.remove(0);
        }
    }
    let mut tasks: Vec<Task> = Vec::with_capacity(rows.len());
    let mut lines: Vec<usize> = Vec::with_capacity(rows.len());
    let mut errors: Vec<(usize, Vec<String>)> = Vec::new();
    for (line, fields) in &rows {
        let get = |k: usize| {
            columns[k]
                .and_then(|c| fields.get(c))
                .map_or("", |f| cell(f))
        };
        let mut problems: Vec<String> = Vec::new();
        let id = get(0);
        if id.is_empty() {
            problems.push("the id is missing".into());
        }
        if get(1).is_empty() {
            problems.push("the title is missing".into());
        }
        let kind = parse_kind(get(3)).unwrap_or_else(|| {
            problems.push(
                [
                    "the kind ",
                    &quoted(get(3)),
                    " is not one of task, milestone, go_no_go, communication, backout",
                ]
                .concat(),
            );
            TaskKind::Task
        });
        let minutes = match parse_minutes(get(7)) {
            Some(m) if m <= MAX_MINUTES => m,
            Some(_) => {
                problems.push("the duration is more than a week (10,080 minutes)".into());
                0
            }
            None => {
                problems.push(
                    [
                        "the duration ",
                        &quoted(get(7)),
                        " is not like 90, 90m, 1h30 or 1:30",
                    ]
                    .concat(),
                );
                0
            }
        };
        let fixed_start = parse_time(get(9)).unwrap_or_else(|()| {
            problems.push(
                [
                    "the fixed start ",
                    &quoted(get(9)),
                    " is not a time like 2026-12-06T22:00Z",
                ]
                .concat(),
            );
            None
        });
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        tasks.push(Task {
            id: TaskId::from(id),
            title: get(1).to_owned(),
            stage: get(2).to_owned(),
            kind,
            owner: get(4).to_owned(),
            environment: some(get(5)).map(EnvironmentId::from),
            wave: some(get(6)).map(ItemId::from),
            minutes,
            after: get(8)
                .split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(TaskId::from)
                .collect(),
            fixed_start,
        });
        lines.push(*line);
        if !problems.is_empty() {
            errors.push((*line, problems));
        }
    }
    let mut add = |line: usize, problem: String| match errors.iter_mut().find(|(l, _)| *l == line) {
        Some((_, problems)) => problems.push(problem),
        None => errors.push((line, vec![problem])),
    };
    let index = forecast::index(&tasks);
    for (i, (task, &line)) in tasks.iter().zip(&lines).enumerate() {
        let first = index.get(task.id.as_str()).copied().unwrap_or(i);
        if first != i && !task.id.0.is_empty() {
            let id = quoted(task.id.as_str());
            add(
                line,
                [
                    "the id ",
                    &id,
                    " is already on line ",
                    &lines[first].to_string(),
                ]
                .concat(),
            );
        }
        for p in &task.after {
            if !index.contains_key(p.as_str()) {
                add(
                    line,
                    [
                        "the predecessor ",
                        &quoted(p.as_str()),
                        " is not in the file",
                    ]
                    .concat(),
                );
            }
        }
    }
    if let Some(cycle) = forecast::find_cycle(&tasks) {
        let at = tasks
            .iter()
            .position(|t| t.id == cycle.0[0])
            .map_or(1, |i| lines[i]);
        add(at, cycle.message());
    }
    if errors.is_empty() {
        return Ok(Runbook { revision: 0, tasks });
    }
    crate::domain::order::sort_by_key(&mut errors, |(line, _)| *line);
    Err(errors
        .into_iter()
        .map(|(line, problems)| {
            let mut message = problems.join("; ");
            if let Some(first) = message.get(..1) {
                message = [first.to_ascii_uppercase().as_str(), &message[1..]].concat();
            }
            if !message.ends_with('.') {
                message.push('.');
            }
            RowError { line, message }
        })
        .collect())
}

/// The runbook as CSV with a header row; importing it gives the same tasks.
pub fn export_csv(runbook: &Runbook) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for task in &runbook.tasks {
        let after: Vec<&str> = task.after.iter().map(TaskId::as_str).collect();
        let time = task.fixed_start.map_or_else(String::new, |at| {
            let mut text = minute(at).replace(' ', "T");
            let seconds = at.timestamp().rem_euclid(60);
            if seconds > 0 {
                text.push(':');
                text.push_str(
                    &[if seconds < 10 { "0" } else { "" }, &seconds.to_string()].concat(),
                );
            }
            text.push('Z');
            text
        });
        let cells = [
            task.id.as_str(),
            &task.title,
            &task.stage,
            task.kind.slug(),
            &task.owner,
            task.environment.as_ref().map_or("", |e| e.as_str()),
            task.wave.as_ref().map_or("", |w| w.as_str()),
            &task.minutes.to_string(),
            &after.join(";"),
            &time,
        ];
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&csv_cell(c));
        }
        out.push_str("\r\n");
    }
    out
}
