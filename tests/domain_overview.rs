//! The dashboard's view of a book (`domain::overview`): counts per status, the "what is
//! deployed where" grid and the releases with conflicts, checked against the demo book.

mod support;

use release_desk::demo;
use release_desk::domain::overview::{self, Conflicted};
use release_desk::domain::*;
use support::*;

fn demo_book() -> Engine {
    demo::demo_book(start()).expect("the demo book builds")
}

#[test]
fn every_status_is_counted_in_lifecycle_order() {
    let engine = demo_book();
    let book = engine.book();
    let counts = overview::status_counts(book);
    assert_eq!(
        counts.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        Status::ALL.to_vec()
    );
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        book.releases.len()
    );
    let by_status = query::releases_by_status(book);
    for (status, n) in counts {
        assert_eq!(
            by_status.get(&status).map_or(0, Vec::len),
            n,
            "{}",
            status.label()
        );
    }
}

#[test]
fn a_status_slug_is_its_serialized_name_and_reads_back() {
    for status in Status::ALL {
        let slug = overview::status_slug(status);
        assert_eq!(
            serde_json::to_string(&status).expect("serializes"),
            format!("\"{slug}\"")
        );
        assert_eq!(overview::status_from_slug(slug), Some(status));
    }
    assert_eq!(overview::status_from_slug("build and test"), None);
}

#[test]
fn the_matrix_shows_the_version_in_use_per_service_and_environment() {
    let engine = demo_book();
    let book = engine.book();
    let m = overview::matrix(book);
    let columns: Vec<&str> = m.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        columns,
        ["Test", "Staging", "Production"],
        "promotion order"
    );
    let grid: Vec<(&str, Vec<Option<String>>)> = m
        .rows
        .iter()
        .map(|row| {
            (
                row.service.name.as_str(),
                row.cells
                    .iter()
                    .map(|(d, _)| d.map(|d| d.label()))
                    .collect(),
            )
        })
        .collect();
    let v = |s: &str| Some(s.to_owned());
    assert_eq!(
        grid,
        [
            ("Payments", vec![v("3.3"), v("3.3.1"), v("3.3.1")]),
            ("Point of sale", vec![None, None, v("7.0 (baseline)")]),
            ("Warehouse management", vec![v("2.2"), v("2.2"), v("2.2")]),
            ("Web storefront", vec![v("5.6"), v("5.6"), v("5.5")]),
        ],
        "the emergency fix skipped Test; Storefront 5.6 waits for Production"
    );
    // Point of sale 7.1 reached Production, then was backed out: the catalogue's baseline
    // is in use again, with a history to show.
    let pos = &m.rows[1];
    assert_eq!(
        pos.cells[2],
        (Some(query::InUse::Baseline(Version::new(7, 0, 0))), true)
    );
    assert!(!pos.cells[0].1);
    let history = query::deployment_history(book, &pos.service.id, &m.environments[2].id);
    assert!(history.iter().all(|d| d.backed_out) && !history.is_empty());
}

#[test]
fn the_window_in_the_freeze_is_the_demo_books_open_conflict() {
    let engine = demo_book();
    let (releases, loose) = overview::open_conflicts(engine.book());
    let found: Vec<(String, usize, usize)> = releases
        .iter()
        .map(|c| (c.release.title(), c.merged, c.schedule))
        .collect();
    assert_eq!(found, [("Storefront redesign v6.0".to_owned(), 0, 1)]);
    assert_eq!(loose, 0);
}

#[test]
fn merge_conflicts_count_per_release_and_apart_when_they_concern_none() {
    let engine = demo_book();
    let mut book = engine.book().clone();
    let release = book
        .releases
        .values()
        .find(|r| r.status == Status::Review)
        .map(|r| r.id.clone())
        .expect("a release in review");
    let conflict = |release: Option<ReleaseId>, resolved: bool| Conflict {
        event: EventId("x".into()),
        by: PersonId::from("carl"),
        release,
        reason: "approved twice".into(),
        resolved: resolved.then(|| {
            (
                Stamp {
                    by: PersonId::from("carl"),
                    at: start(),
                },
                "kept the first".into(),
            )
        }),
    };
    book.conflicts = vec![
        conflict(Some(release.clone()), false),
        conflict(Some(release.clone()), false),
        conflict(Some(release.clone()), true),
        conflict(None, false),
    ];
    let (releases, loose) = overview::open_conflicts(&book);
    let ours: Vec<&Conflicted> = releases
        .iter()
        .filter(|c| c.release.id == release)
        .collect();
    assert_eq!(ours.len(), 1);
    assert_eq!(
        (ours[0].merged, ours[0].schedule),
        (2, 0),
        "settled ones drop out"
    );
    assert_eq!(loose, 1);
    assert_eq!(releases.len(), 2, "and the freeze conflict stays");
}
