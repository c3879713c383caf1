//! Randomized convergence: 1,000 random interleavings of edit, pull, push, sync and two
//! devices syncing at once (their requests interleaved), on two and three devices, against
//! the in-memory host honouring or ignoring `If-Match`, sending only weak ETags, or behind a
//! cache that serves stale answers and 404s for a while. After a quiet sync of every device
//! (twice round, a minute apart), every event created anywhere is on every device, and
//! every device holds the same log, which verifies. No device is ever told that others
//! changed its own index.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use release_desk::demo::{self, Script, RELEASE_MANAGER};
use release_desk::domain::{
    Category, Change, Engine, EntryStatus, EventId, ItemId, Person, ReleaseChange, ReleaseId, Risk,
    Role, Version,
};
use release_desk::sync::layout::{index_path, MANIFEST};
use release_desk::sync::memory::MemoryRemote;
use release_desk::sync::{pull, push, sync, SyncError, SyncState};
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

const INTERLEAVINGS: u64 = 1_000;
const STEPS: usize = 14;

/// splitmix64: small, seeded, good enough to pick steps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn poll_once<F: Future + ?Sized>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(out) = poll_once(future.as_mut()) {
            return out;
        }
    }
}

/// Run two futures at once, polling them in an order the generator picks, so that their
/// requests interleave (the host yields once per request).
fn race<A: Future, B: Future>(a: A, b: B, rng: &mut Rng) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut out_a, mut out_b) = (None, None);
    while out_a.is_none() || out_b.is_none() {
        if out_a.is_none() && (out_b.is_some() || rng.below(2) == 0) {
            if let Poll::Ready(out) = poll_once(a.as_mut()) {
                out_a = Some(out);
            }
        } else if let Poll::Ready(out) = poll_once(b.as_mut()) {
            out_b = Some(out);
        }
    }
    (out_a.unwrap(), out_b.unwrap())
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single().unwrap()
}

struct Device {
    name: String,
    script: Script,
    state: SyncState,
}

impl Device {
    fn sync(&mut self, remote: &MemoryRemote) -> Result<(), SyncError> {
        block_on(sync(
            &mut self.script.engine,
            &self.name,
            &mut self.state,
            remote,
        ))
        .map(|_| ())
    }

    /// One real domain command; returns the ids of the events it recorded.
    fn edit(&mut self, rng: &mut Rng, created: &mut BTreeSet<EventId>) {
        let releases: Vec<ReleaseId> = self.script.engine.book().releases.keys().cloned().collect();
        let result = match rng.below(3) {
            0 if !releases.is_empty() => {
                let id = releases[rng.below(releases.len())].clone();
                let risk = Risk {
                    id: ItemId::default(),
                    title: format!("risk seen on {}", self.name),
                    likelihood: 1 + rng.below(5) as u8,
                    impact: 1 + rng.below(5) as u8,
                    owner: String::new(),
                    mitigation: String::new(),
                    status: EntryStatus::Open,
                };
                let change = Change::Release {
                    id,
                    change: ReleaseChange::RaiseRisk(risk),
                };
                self.script.run(RELEASE_MANAGER, change).map(|_| ())
            }
            1 => {
                let minor = 3 + rng.below(1000) as u32;
                demo::new_release(
                    &mut self.script,
                    "payments",
                    Category::Minor,
                    Version::new(3, minor, 0),
                    "Payments release",
                    &["payments-api"],
                )
                .map(|_| ())
            }
            _ => {
                let id = format!("p-{}-{}", self.name, rng.next() % 100_000);
                let change = Change::Person(Person {
                    email: String::new(),
                    id: id.as_str().into(),
                    name: id,
                    roles: vec![Role::Tester],
                });
                self.script.run(RELEASE_MANAGER, change).map(|_| ())
            }
        };
        // A command the rules refuse (a version already taken) records nothing; fine.
        if result.is_ok() {
            created.extend(
                self.script
                    .engine
                    .log()
                    .events()
                    .iter()
                    .map(|e| e.id.clone()),
            );
        }
    }
}

fn the_shared_catalogue() -> Engine {
    let mut script = Script::new("d0-", start());
    for (actor, change) in demo::catalogue(2026) {
        script.ok(actor, change).unwrap();
    }
    script.engine
}

/// One interleaving. Returns a description of what went wrong, for the seed's report.
fn interleaving(seed: u64, catalogue: &Engine) -> Result<(), String> {
    let mut rng = Rng(seed);
    let remote = match seed % 4 {
        0 => MemoryRemote::honouring(),
        1 => MemoryRemote::ignoring(),
        2 => MemoryRemote::weak(),
        _ => MemoryRemote::honouring().cached(40),
    }
    .yielding();
    let cached = seed % 4 == 3;
    // What a step may end in besides success: others writing the manifest at the same
    // moment may exhaust the retries, and a cache's old 404 of the manifest asks a joining
    // device to sync a minute later; nothing is lost either way, and the next sync goes on. Never "others kept
    // changing" a device's own index.
    let allowed = |name: &str, result: Result<(), SyncError>, race: bool| match result {
        Ok(()) => Ok(()),
        Err(SyncError::Conflict { path, .. }) if path == index_path(name) => {
            Err(format!("{name} was told others changed its own index"))
        }
        Err(SyncError::Conflict { .. }) if race => Ok(()),
        Err(SyncError::Stale { path }) if cached && path == MANIFEST => Ok(()),
        Err(e) => Err(e.to_string()),
    };
    let count = 2 + (seed / 4 % 2) as usize;
    let mut created: BTreeSet<EventId> = catalogue
        .log()
        .events()
        .iter()
        .map(|e| e.id.clone())
        .collect();
    let mut devices: Vec<Device> = (0..count)
        .map(|i| Device {
            name: format!("d{i}"),
            // Event ids carry the device and a counter past the catalogue's.
            script: Script::new(&format!("d{i}-x"), start()),
            state: SyncState::new("Random book"),
        })
        .collect();
    devices[0].script.engine = catalogue.clone();
    // Every device joins by syncing before its first change (a new device takes the shared
    // book; two books begun apart do not merge).
    for device in &mut devices {
        if let Err(e) = device.sync(&remote) {
            allowed(&device.name, Err(e), false).map_err(|e| format!("join: {e}"))?;
            remote.expire_cache();
            device
                .sync(&remote)
                .map_err(|e| format!("join again: {e}"))?;
        }
    }
    let mut trace = Vec::new();
    for _ in 0..STEPS {
        let d = rng.below(count);
        match rng.below(6) {
            0 | 1 => {
                trace.push(format!("edit {d}"));
                devices[d].edit(&mut rng, &mut created);
            }
            2 => {
                trace.push(format!("pull {d}"));
                let device = &mut devices[d];
                match block_on(pull(
                    &device.script.engine,
                    &device.name,
                    &device.state,
                    &remote,
                )) {
                    Ok(pulled) => {
                        if let Some(incoming) = pulled.incoming {
                            device.script.engine = incoming.engine;
                        }
                        device.state = pulled.state;
                    }
                    Err(e) => allowed(&device.name, Err(e), false)
                        .map_err(|e| format!("pull {d}: {e} after {trace:?}"))?,
                }
            }
            3 => {
                trace.push(format!("push {d}"));
                let device = &mut devices[d];
                match block_on(push(
                    &device.script.engine,
                    &device.name,
                    &device.state,
                    &remote,
                )) {
                    Ok(pushed) => device.state = pushed.state,
                    Err(e) => allowed(&device.name, Err(e), false)
                        .map_err(|e| format!("push {d}: {e} after {trace:?}"))?,
                }
            }
            4 => {
                trace.push(format!("sync {d}"));
                let result = devices[d].sync(&remote);
                allowed(&devices[d].name, result, false)
                    .map_err(|e| format!("sync {d}: {e} after {trace:?}"))?;
            }
            _ => {
                let other = (d + 1 + rng.below(count - 1)) % count;
                trace.push(format!("race {d} {other}"));
                let (low, high) = (d.min(other), d.max(other));
                let (left, right) = devices.split_at_mut(high);
                let (x, y) = (&mut left[low], &mut right[0]);
                let (rx, ry) = race(
                    sync(&mut x.script.engine, &x.name, &mut x.state, &remote),
                    sync(&mut y.script.engine, &y.name, &mut y.state, &remote),
                    &mut rng,
                );
                for (name, result) in [(&x.name, rx.map(|_| ())), (&y.name, ry.map(|_| ()))] {
                    allowed(name, result, true)
                        .map_err(|e| format!("race: {e} after {trace:?}"))?;
                }
            }
        }
        // The count the app shows at every change is the exact one.
        for device in &devices {
            let log = device.script.engine.log();
            if device.state.pending_count(log.len()) != device.state.pending(log) {
                return Err(format!(
                    "{}'s pending count is off after {trace:?}",
                    device.name
                ));
            }
        }
    }
    for round in 0..2 {
        for device in &mut devices {
            remote.expire_cache();
            device.sync(&remote).map_err(|e| {
                format!("quiet sync {round} of {}: {e} after {trace:?}", device.name)
            })?;
        }
    }
    let first = devices[0].script.engine.log();
    for device in &devices {
        let log = device.script.engine.log();
        log.verify()
            .map_err(|e| format!("{} does not verify: {e} after {trace:?}", device.name))?;
        let ids: BTreeSet<EventId> = log.events().iter().map(|e| e.id.clone()).collect();
        if let Some(lost) = created.difference(&ids).next() {
            return Err(format!("{} lacks {lost} after {trace:?}", device.name));
        }
        if log != first {
            return Err(format!("{} differs from d0 after {trace:?}", device.name));
        }
        if device.state.pending(log) != 0 {
            return Err(format!(
                "{} still has events to push after {trace:?}",
                device.name
            ));
        }
    }
    Ok(())
}

#[test]
fn every_event_created_anywhere_ends_on_every_device() {
    let catalogue = the_shared_catalogue();
    for seed in 0..INTERLEAVINGS {
        if let Err(problem) = interleaving(seed, &catalogue) {
            panic!("interleaving with seed {seed} failed: {problem}");
        }
    }
}
