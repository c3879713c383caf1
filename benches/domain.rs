//! Benchmarks of the lifecycle engine on large synthetic books (`make bench`): folding
//! 100,000 events, one command on a book of 10,000 releases, merging two 50,000-event logs,
//! the JSON round trip of a 100,000-event document, and search on the 10,000-release book.
//!
//! Targets (native): fold ≥ 5 million events/s; one command ≤ 1 ms on the 10,000-release
//! book; JSON round trip ≥ 200 MB/s; a search ≤ 50 ms on the 10,000-release book; the
//! runbook's forward and backward pass over 5,000 tasks and 10,000 dependencies ≤ 2 ms, and
//! its CSV import of 5,000 tasks ≤ 300 ms (`cargo bench -- runbook` runs these alone).

#![allow(clippy::unwrap_used)]
// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use release_desk::demo::{self, synthetic, Script};
use release_desk::domain::{
    apply, decide, fold, search, Book, Change, Context, Document, Event, EventId, Gate, Hash, Log,
    ReleaseChange, ReleaseId, Status,
};
use release_desk::domain::{export_csv, import_csv, plan, Runbook, Task, TaskId};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Build test data once, saying how long it took (the commands themselves are the slow
/// part: each goes through `decide` with every rule).
fn built<T>(what: &str, make: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = make();
    eprintln!("built {what} in {:.1?}", started.elapsed());
    out
}

fn history(events: usize) -> Log {
    let s = synthetic::history(events, synthetic::start()).unwrap();
    s.engine.log().clone()
}

fn fold_events(c: &mut Criterion, log: &Log) {
    let mut group = c.benchmark_group("fold");
    group.throughput(Throughput::Elements(log.len() as u64));
    // The book is kept after a fold, so freeing it is measured apart (it costs about as
    // much as the fold itself: every release's strings and vectors go back to malloc).
    group.bench_function(format!("{} events", log.len()), |b| {
        b.iter_with_large_drop(|| fold(black_box(log.events())))
    });
    group.bench_function(format!("{} events, then drop the book", log.len()), |b| {
        b.iter(|| fold(black_box(log.events())))
    });
    group.finish();
}

fn json(c: &mut Criterion, log: &Log) {
    let document = Document::new("Bench book", log);
    let text = document.to_json();
    eprintln!(
        "document of {} events: {} bytes ({} bytes an event)",
        log.len(),
        text.len(),
        text.len() / log.len().max(1)
    );
    let mut group = c.benchmark_group("json");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("round trip", |b| {
        b.iter(|| {
            let text = black_box(&document).to_json();
            Document::from_json(&text).unwrap()
        })
    });
    // The parts of the round trip, to see where the time goes.
    group.bench_function("write", |b| b.iter(|| black_box(&document).to_json()));
    group.bench_function("read and verify", |b| {
        b.iter(|| Document::from_json(black_box(&text)).unwrap())
    });
    group.bench_function("parse only", |b| {
        b.iter(|| serde_json::from_str::<Document>(black_box(&text)).unwrap())
    });
    group.bench_function("verify only", |b| {
        b.iter(|| black_box(log).verify().unwrap())
    });
    group.bench_function("hash every event", |b| {
        b.iter(|| black_box(log).events().iter().map(Hash::of).count())
    });
    group.finish();
}

/// The first release in `status`.
fn first_in(book: &Book, status: Status) -> ReleaseId {
    book.releases
        .values()
        .find(|r| r.status == status)
        .map(|r| r.id.clone())
        .unwrap()
}

fn context(actor: &str) -> Context {
    Context {
        now: synthetic::start() + chrono::Duration::days(3650),
        actor: actor.into(),
        id: EventId::from("bench-1"),
        key: None,
    }
}

/// Decide a command, hash its events as the log would and apply them to `book`.
fn execute(book: &mut Book, command: &Change, ctx: &Context) -> Vec<Event> {
    let events = decide(book, command.clone(), ctx).unwrap();
    for event in &events {
        black_box(Hash::of(event));
        apply(book, event);
    }
    events
}

fn one_command(c: &mut Criterion) {
    let mut s = built("a book of 10,000 releases", || {
        synthetic::book(10_000, synthetic::start()).unwrap()
    });
    eprintln!(
        "book of {} releases, {} events",
        s.engine.book().releases.len(),
        s.engine.log().len()
    );
    // A release ready for deployment to Test: approved through its chain, so the
    // authorization runs every rule (build, criteria, back-out plan, risks, schedule
    // conflicts against all 10,000 releases, frequency limits).
    let ready = first_in(s.engine.book(), Status::BuildAndTest);
    let test = Gate::Deployment("test".into());
    demo::approve(&mut s, &ready, &test).unwrap();
    let mut book = s.engine.book().clone();

    let mut group = c.benchmark_group("command on 10k releases");
    group.throughput(Throughput::Elements(1));

    // Updating a risk replaces it, so the book does not drift between iterations.
    let (release, risk) = book
        .releases
        .values()
        .find_map(|r| r.risks.first().map(|k| (r.id.clone(), k.clone())))
        .unwrap();
    let update = Change::Release {
        id: release,
        change: ReleaseChange::UpdateRisk(risk),
    };
    let ctx = context(demo::RELEASE_MANAGER);
    group.bench_function("update a risk (decide, hash, apply)", |b| {
        b.iter(|| execute(&mut book, &update, &ctx))
    });

    // The authorization moves the release on, so each iteration applies its events to a
    // copy of that one release (what `decide`'s own dry run does as well).
    let authorize = Change::Release {
        id: ready.clone(),
        change: ReleaseChange::Authorize {
            gates: vec![test],
            emergency: false,
            note: "CAB: go".into(),
        },
    };
    let ctx = context(demo::CHANGE_MANAGER);
    let real = s.engine.book();
    group.bench_function("authorize deployment (decide, hash, apply)", |b| {
        b.iter(|| {
            let events = decide(real, authorize.clone(), &ctx).unwrap();
            let mut scratch = Book::default();
            scratch
                .releases
                .insert(ready.clone(), real.releases[&ready].clone());
            for event in &events {
                black_box(Hash::of(event));
                apply(&mut scratch, event);
            }
            assert_eq!(scratch.releases[&ready].status, Status::Deployment);
            scratch
        })
    });
    group.bench_function("authorize deployment (decide only)", |b| {
        b.iter(|| decide(real, authorize.clone(), &ctx).unwrap())
    });
    group.finish();

    // Search runs as a person types (after a pause): a common word matches thousands of
    // records, a rare one a handful; both read every field of the book.
    let mut group = c.benchmark_group("search on 10k releases");
    for words in ["risk", "fallback rehearsed", "zzz"] {
        group.bench_function(format!("“{words}”"), |b| {
            b.iter(|| search::search(black_box(real), words, 50))
        });
    }
    group.finish();
}

fn merge(c: &mut Criterion) {
    let (a, b) = built(
        "two 50,000-event logs from a shared 10,000-event prefix",
        || {
            let mut shared = synthetic::organisation("p", synthetic::start()).unwrap();
            let mut calendar = synthetic::Calendar::new(synthetic::start());
            let n = synthetic::grow(&mut shared, &mut calendar, 10_000, 0).unwrap();
            let side = |prefix: &str| {
                let mut s = Script::resume(shared.engine.clone(), prefix, shared.now);
                let mut calendar = calendar.clone();
                let more = 50_000usize.saturating_sub(s.engine.log().len());
                synthetic::grow(&mut s, &mut calendar, more, n).unwrap();
                s.engine.log().clone()
            };
            (side("a"), side("b"))
        },
    );
    let merged = a.merge(&b).unwrap();
    eprintln!(
        "merging {} and {} events gives {} events",
        a.len(),
        b.len(),
        merged.len()
    );
    let mut group = c.benchmark_group("merge");
    group.throughput(Throughput::Elements((a.len() + b.len()) as u64));
    group.bench_function("two 50k-event logs", |bench| {
        bench.iter(|| black_box(&a).merge(black_box(&b)).unwrap())
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let log = built("a 100,000-event history", || history(100_000));
    fold_events(c, &log);
    json(c, &log);
    one_command(c);
    merge(c);
}

/// A runbook of `n` tasks, each after two earlier ones (about `2n` dependencies), with
/// durations of 0 to 119 minutes, from a fixed pseudo-random sequence.
fn big_runbook(n: usize) -> Runbook {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        ((seed >> 33) as usize) % below.max(1)
    };
    let id = |i: usize| TaskId(format!("T{i}"));
    let tasks = (0..n)
        .map(|i| {
            let mut after: Vec<TaskId> = Vec::new();
            for _ in 0..2.min(i) {
                let p = id(next(i));
                if !after.contains(&p) {
                    after.push(p);
                }
            }
            Task {
                id: id(i),
                title: format!("Task {i}, step {}", next(100)),
                stage: ["Preparation", "Cutover", "Verification"][i * 3 / n].into(),
                owner: "olga".into(),
                minutes: next(120) as u32,
                after,
                ..Task::default()
            }
        })
        .collect();
    Runbook { revision: 1, tasks }
}

/// The same longest-path pass by hand, for the ratio: indices already resolved, the order
/// already known, no dates, no backward pass, no result to build.
fn by_hand(minutes: &[i64], preds: &[Vec<usize>]) -> i64 {
    let mut finish = vec![0i64; minutes.len()];
    for i in 0..minutes.len() {
        let start = preds[i].iter().map(|&p| finish[p]).max().unwrap_or(0);
        finish[i] = start + minutes[i];
    }
    finish.into_iter().max().unwrap_or(0)
}

fn runbook(c: &mut Criterion) {
    let book = big_runbook(5_000);
    let deps: usize = book.tasks.iter().map(|t| t.after.len()).sum();
    let start = synthetic::start();
    let text = export_csv(&book);
    eprintln!(
        "runbook of {} tasks, {deps} dependencies; CSV {} bytes",
        book.tasks.len(),
        text.len()
    );
    let mut group = c.benchmark_group("runbook");
    group.bench_function("forward and backward pass, 5,000 tasks", |b| {
        b.iter(|| plan(black_box(&book), start).unwrap())
    });
    group.bench_function("CSV import, 5,000 tasks", |b| {
        b.iter(|| import_csv(black_box(&text)).unwrap())
    });
    group.finish();
    // The ratio to the bare pass by hand (what the domain adds: ids, dates, slack, the
    // critical path, the result).
    let minutes: Vec<i64> = book.tasks.iter().map(|t| i64::from(t.minutes)).collect();
    let preds: Vec<Vec<usize>> = book
        .tasks
        .iter()
        .map(|t| t.after.iter().map(|p| p.0[1..].parse().unwrap()).collect())
        .collect();
    let time = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        for _ in 0..200 {
            f();
        }
        started.elapsed() / 200
    };
    let domain = time(&mut || {
        black_box(plan(black_box(&book), start).unwrap());
    });
    let hand = time(&mut || {
        black_box(by_hand(black_box(&minutes), black_box(&preds)));
    });
    eprintln!(
        "runbook pass: {domain:.1?} in the domain, {hand:.1?} by hand: {:.1}×",
        domain.as_secs_f64() / hand.as_secs_f64().max(1e-9)
    );
}

criterion_group! {
    name = runbooks;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = runbook
}

criterion_group! {
    name = domain;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(runbooks, domain);
