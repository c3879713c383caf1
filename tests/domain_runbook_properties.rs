//! Properties of the runbook's forward and backward pass and of its CSV: the critical path
//! is a longest path (against brute force on small graphs), adding a predecessor never
//! shortens the finish, a forecast never finishes before the latest actual, a cycle is
//! refused and named, and CSV export imports back to the same runbook.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use release_desk::domain::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 22, 0, 0)
        .single()
        .expect("valid")
}

fn id(i: usize) -> TaskId {
    TaskId(["T", &i.to_string()].concat())
}

/// A random DAG: task `i` may come after any task `j < i`; the list is shuffled so the
/// runbook's order is not the graph's.
fn dag() -> impl Strategy<Value = Runbook> {
    (1usize..9)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(0u32..120, n),
                proptest::collection::vec((0..n, 0..n), 0..2 * n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
        .prop_map(|(minutes, edges, order)| {
            let mut tasks: Vec<Task> = minutes
                .iter()
                .enumerate()
                .map(|(i, &m)| Task {
                    id: id(i),
                    title: ["Task ", &i.to_string()].concat(),
                    minutes: m,
                    ..Task::default()
                })
                .collect();
            for (a, b) in edges {
                let (from, to) = (a.min(b), a.max(b));
                if from != to && !tasks[to].after.contains(&id(from)) {
                    tasks[to].after.push(id(from));
                }
            }
            Runbook {
                revision: 0,
                tasks: order.into_iter().map(|i| tasks[i].clone()).collect(),
            }
        })
}

/// The longest path's length in minutes, by trying every path.
fn brute_longest(r: &Runbook) -> u32 {
    fn longest_to(r: &Runbook, t: &Task) -> u32 {
        let before = t
            .after
            .iter()
            .map(|p| longest_to(r, r.task(p).expect("known")))
            .max()
            .unwrap_or(0);
        before + t.minutes
    }
    r.tasks.iter().map(|t| longest_to(r, t)).max().unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_critical_path_is_a_longest_path(r in dag()) {
        let fc = plan(&r, t0()).expect("a DAG");
        let longest = brute_longest(&r);
        prop_assert_eq!(fc.minutes(), i64::from(longest));
        // The path is a chain of predecessors whose minutes add up to the longest path.
        let path = &fc.critical_path;
        prop_assert!(!path.is_empty());
        for pair in path.windows(2) {
            prop_assert!(r.task(&pair[1]).expect("known").after.contains(&pair[0]));
        }
        let sum: u32 = path.iter().map(|p| r.task(p).expect("known").minutes).sum();
        prop_assert_eq!(sum, longest);
        prop_assert!(fc.tasks.iter().all(|t| t.slack_minutes >= 0));
        prop_assert!(fc.tasks.iter().filter(|t| t.critical).all(|t| t.slack_minutes == 0));
    }

    #[test]
    fn adding_a_predecessor_never_shortens_the_finish(r in dag(), a in 0usize..9, b in 0usize..9) {
        let n = r.tasks.len();
        let (from, to) = (id(a % n).min(id(b % n)), id(a % n).max(id(b % n)));
        let before = plan(&r, t0()).expect("a DAG").finish;
        let mut more = r.clone();
        // Ids compare as text, which is some order of the tasks: no cycle can arise.
        if from != to {
            if let Some(t) = more.tasks.iter_mut().find(|t| t.id == to) {
                if !t.after.contains(&from) {
                    t.after.push(from);
                }
            }
        }
        match plan(&more, t0()) {
            Ok(after) => prop_assert!(after.finish >= before),
            // The text order of ids may disagree with the graph's: then it is a cycle.
            Err(cycle) => prop_assert!(cycle.0.len() >= 2),
        }
    }

    #[test]
    fn a_forecast_never_finishes_before_the_latest_actual(
        r in dag(),
        marks in proptest::collection::vec((0u8..4, 0i64..200), 9),
        now_after in 0i64..600,
    ) {
        // Mark tasks in an order that respects predecessors, with random durations.
        let fc = plan(&r, t0()).expect("a DAG");
        let mut order: Vec<&Timed> = fc.tasks.iter().collect();
        order.sort_by_key(|t| (t.start, t.finish));
        let mut progress: Vec<Progress> = Vec::new();
        let mut clock = t0();
        for (t, &(what, minutes)) in order.iter().zip(&marks) {
            let started = clock;
            clock += Duration::minutes(minutes);
            let (state, finished) = match what {
                0 => continue,
                1 => (TaskState::Running, None),
                2 => (TaskState::Skipped, Some(clock)),
                _ => (TaskState::Done, Some(clock)),
            };
            progress.push(Progress {
                task: t.id.clone(),
                state,
                started: Some(started),
                finished,
                by: "olga".into(),
            });
        }
        let run = Run {
            id: "run".into(),
            kind: RunKind::Rehearsal,
            number: 1,
            revision: 0,
            started: Stamp { by: "rita".into(), at: t0() },
            ended: None,
            backout: None,
            progress,
        };
        let now = t0() + Duration::minutes(now_after);
        let fc = forecast(&r, &run, now).expect("a DAG");
        let latest = run
            .progress
            .iter()
            .flat_map(|p| [p.started, p.finished])
            .flatten()
            .max();
        if let Some(latest) = latest {
            prop_assert!(fc.finish >= latest);
        }
        prop_assert!(fc.finish >= fc.start);
        // Whatever is not finished finishes no earlier than now.
        for t in &fc.tasks {
            if t.actual_finish.is_none() {
                prop_assert!(t.finish >= now);
            }
        }
    }

    #[test]
    fn a_cycle_is_refused_and_named(r in dag(), pick in 0usize..64) {
        // Close a cycle: some task with a predecessor becomes its predecessor's predecessor.
        let with_pred: Vec<usize> = (0..r.tasks.len()).filter(|&i| !r.tasks[i].after.is_empty()).collect();
        prop_assume!(!with_pred.is_empty());
        let i = with_pred[pick % with_pred.len()];
        let (late, early) = (r.tasks[i].id.clone(), r.tasks[i].after[0].clone());
        let mut bad = r.clone();
        if let Some(t) = bad.tasks.iter_mut().find(|t| t.id == early) {
            t.after.push(late);
        }
        let cycle = plan(&bad, t0()).expect_err("a cycle");
        prop_assert_eq!(cycle.0.first(), cycle.0.last());
        for pair in cycle.0.windows(2) {
            prop_assert!(bad.task(&pair[1]).expect("known").after.contains(&pair[0]), "{:?}", cycle);
        }
        // Imported from CSV, the cycle is a bad row that names it.
        let errors = import_csv(&export_csv(&bad)).expect_err("refused");
        prop_assert!(errors.iter().any(|e| e.message.contains(&cycle.message())), "{:?}", errors);
    }

    #[test]
    fn csv_export_imports_back_to_the_same_runbook(
        r in dag(),
        words in proptest::collection::vec("[A-Za-z0-9 ,\"=+@;:-]{1,16}", 9),
        kinds in proptest::collection::vec(0usize..5, 9),
        fixed in proptest::collection::vec(proptest::option::of(0i64..100_000), 9),
    ) {
        let mut r = r;
        for (i, t) in r.tasks.iter_mut().enumerate() {
            let word = words[i].trim();
            t.title = if word.is_empty() { "x".into() } else { word.into() };
            t.stage = words[(i + 1) % 9].trim().into();
            t.owner = words[(i + 2) % 9].trim().into();
            t.kind = TaskKind::ALL[kinds[i]];
            t.fixed_start = fixed[i].map(|m| t0() + Duration::minutes(m));
            t.environment = (i % 3 == 0).then(|| "prod".into());
            t.wave = (i % 4 == 1).then(|| "wave-1".into());
        }
        let text = export_csv(&r);
        prop_assert_eq!(import_csv(&text).expect("imports"), r);
    }
}
