//! The release list's index: one light row per release, built once per change of the book,
//! with its search text lowercased ahead of time, and the filter and sort the address names.
//!
//! Typing in the search box filters this index, never the book itself: 10,000 rows are a
//! few substring checks each, well inside one frame.

use crate::domain::order;
use crate::domain::{schedule, Book, Category, Log, Status, WaveStatus};
use crate::ui::route::Route;
use std::cmp::Ordering;

/// What the list shows of one release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The release id.
    pub id: String,
    /// Name and number: "Payments faster refunds v3.3".
    pub title: String,
    /// The number alone, as the policy writes it.
    pub version: crate::domain::Version,
    /// The service's id, for the filter.
    pub service: String,
    /// The service's name, as shown.
    pub service_name: String,
    /// Major, minor or emergency.
    pub category: Category,
    /// Where the release stands.
    pub status: Status,
    /// The team that owns it.
    pub owner: String,
    /// Its RFC references, comma-separated.
    pub rfcs: String,
    /// When it was created: `2026-12-01`.
    pub created: String,
    /// The start of its next deployment window not yet done: `2026-12-01 22:00`, or empty.
    pub window: String,
    /// The name of that window's environment ("Production"), or empty.
    pub window_env: String,
    /// When it last changed: `2026-12-01`.
    pub changed: String,
    /// The position of its last event in the log, for sorting by last change.
    pub changed_at: u64,
    /// Title, RFCs and id, lowercased (ASCII) for the search.
    hay: String,
}

/// Build the index of every release in the book.
pub fn build(book: &Book, log: &Log) -> Vec<Row> {
    let events = log.events();
    book.releases
        .values()
        .map(|r| {
            let title = r.title();
            let rfcs = r.details.rfcs.join(", ");
            let mut hay = format!("{title}\n{rfcs}\n{}", r.id);
            hay.make_ascii_lowercase();
            let next = r
                .waves
                .iter()
                .filter(|w| {
                    matches!(
                        w.status,
                        WaveStatus::Planned | WaveStatus::Ready | WaveStatus::InProgress
                    )
                })
                .min_by_key(|w| w.plan.window.start);
            let window = next
                .map(|w| schedule::minute(w.plan.window.start))
                .unwrap_or_default();
            let window_env = next
                .map(|w| {
                    let env = &w.plan.environment;
                    book.environments
                        .get(env)
                        .map_or_else(|| env.to_string(), |e| e.name.clone())
                })
                .unwrap_or_default();
            let changed = (r.last_change as usize)
                .checked_sub(1)
                .and_then(|i| events.get(i))
                .map_or(r.created.at, |e| e.at);
            Row {
                id: r.id.to_string(),
                title,
                version: r.version,
                service: r.service.to_string(),
                service_name: book
                    .services
                    .get(&r.service)
                    .map_or_else(|| r.service.to_string(), |s| s.name.clone()),
                category: r.category,
                status: r.status,
                owner: r.details.owner_team.clone(),
                rfcs,
                created: schedule::date(r.created.at),
                window,
                window_env,
                changed: schedule::date(changed),
                changed_at: r.last_change,
                hay,
            }
        })
        .collect()
}

/// The column a list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// By name and number.
    Title,
    /// By release number.
    Version,
    /// By service name.
    Service,
    /// By place in the lifecycle.
    Status,
    /// By next deployment window.
    Window,
    /// By last change (the default, newest first).
    #[default]
    Changed,
}

impl SortKey {
    /// Every key, with its name in the address.
    pub const ALL: [(SortKey, &'static str); 6] = [
        (SortKey::Title, "title"),
        (SortKey::Version, "version"),
        (SortKey::Service, "service"),
        (SortKey::Status, "status"),
        (SortKey::Window, "window"),
        (SortKey::Changed, "changed"),
    ];

    /// The key's name in the address.
    pub fn slug(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("changed", |(_, s)| s)
    }
}

/// Which date the date range applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateField {
    /// The day the release was created.
    #[default]
    Created,
    /// The start of its next deployment window.
    Window,
}

/// The list's filter and sort, as the address holds them
/// (`#/releases?q=pay&phase=planning&sort=title&dir=asc`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Search words, lowercased; every one must appear.
    pub words: Vec<String>,
    /// Service id, or empty for all.
    pub service: String,
    /// Status, if one is chosen.
    pub status: Option<Status>,
    /// Category, if one is chosen.
    pub category: Option<Category>,
    /// Owner team, or empty for all.
    pub owner: String,
    /// The date the range applies to.
    pub dates: DateField,
    /// First day, `YYYY-MM-DD`, or empty.
    pub from: String,
    /// Last day, `YYYY-MM-DD`, or empty.
    pub to: String,
    /// The sort column.
    pub sort: SortKey,
    /// Newest, latest or last first.
    pub descending: bool,
}

/// The address keys the filter uses, for "clear filters".
pub const FILTER_KEYS: [&str; 8] = [
    "q", "service", "phase", "category", "owner", "dates", "from", "to",
];

impl Filter {
    /// The filter an address names; unknown values are ignored.
    pub fn from_route(route: &Route) -> Filter {
        let p = |k| route.param(k).unwrap_or_default();
        let sort = SortKey::ALL
            .iter()
            .find(|(_, s)| *s == p("sort"))
            .map_or(SortKey::Changed, |(k, _)| *k);
        Filter {
            words: p("q")
                .split_whitespace()
                .map(str::to_ascii_lowercase)
                .collect(),
            service: p("service").to_owned(),
            status: Status::ALL.into_iter().find(|s| s.label() == p("phase")),
            category: Category::ALL
                .into_iter()
                .find(|c| c.label() == p("category")),
            owner: p("owner").to_owned(),
            dates: if p("dates") == "window" {
                DateField::Window
            } else {
                DateField::Created
            },
            from: p("from").to_owned(),
            to: p("to").to_owned(),
            sort,
            descending: match p("dir") {
                "asc" => false,
                "desc" => true,
                _ => sort == SortKey::Changed,
            },
        }
    }

    /// Whether any filter (not the sort) is set.
    pub fn narrows(&self) -> bool {
        !self.words.is_empty()
            || !self.service.is_empty()
            || self.status.is_some()
            || self.category.is_some()
            || !self.owner.is_empty()
            || !self.from.is_empty()
            || !self.to.is_empty()
    }

    fn keeps(&self, row: &Row) -> bool {
        if (!self.service.is_empty() && row.service != self.service)
            || self.status.is_some_and(|s| s != row.status)
            || self.category.is_some_and(|c| c != row.category)
            || (!self.owner.is_empty() && row.owner != self.owner)
        {
            return false;
        }
        if !self.from.is_empty() || !self.to.is_empty() {
            let date = match self.dates {
                DateField::Created => row.created.as_str(),
                DateField::Window => row.window.get(..10).unwrap_or_default(),
            };
            if date.is_empty()
                || (!self.from.is_empty() && date < self.from.as_str())
                || (!self.to.is_empty() && date > self.to.as_str())
            {
                return false;
            }
        }
        self.words.iter().all(|w| row.hay.contains(w.as_str()))
    }

    fn compare(&self, a: &Row, b: &Row) -> Ordering {
        let order = match self.sort {
            SortKey::Title => a.title.cmp(&b.title),
            SortKey::Version => a.version.cmp(&b.version),
            SortKey::Service => a.service_name.cmp(&b.service_name),
            SortKey::Status => a.status.cmp(&b.status),
            // Releases without a window come last either way.
            SortKey::Window => {
                return match (a.window.is_empty(), b.window.is_empty()) {
                    (false, false) if self.descending => b.window.cmp(&a.window),
                    (false, false) => a.window.cmp(&b.window),
                    (a_none, b_none) => a_none.cmp(&b_none),
                };
            }
            SortKey::Changed => a.changed_at.cmp(&b.changed_at),
        };
        if self.descending {
            order.reverse()
        } else {
            order
        }
    }

    /// The positions in `rows` of the releases kept, in the chosen order.
    pub fn select(&self, rows: &[Row]) -> Vec<u32> {
        let mut kept: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| self.keeps(&rows[i as usize]))
            .collect();
        order::sort_by(&mut kept, |&a, &b| {
            self.compare(&rows[a as usize], &rows[b as usize])
        });
        kept
    }
}

/// A count as people write it: `10,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
