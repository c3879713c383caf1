//! Writes the demo release book as a versioned JSON document: `demo-book <path>`.
//! With `--sized RELEASES EVENTS`, writes a large synthetic book instead (benchmarks); with
//! `--long-release EVENTS`, a book with one release of at least EVENTS events, and prints
//! that release's id (the release page benchmark); with `--sync-layout EVENTS DIR`, the
//! files a sync host holds for a book (manifest, device index, segments) as device `bench`
//! pushed it: the demo book when EVENTS is 0, else a synthetic book of at least EVENTS
//! events (the published-book tests and the sync benchmarks).
//!
//! Trunk runs it at every build (Trunk.toml), so the bundle carries a demo book built
//! through the domain's commands with dates around the build day; the app imports it on
//! first start. Building it here rather than in the browser keeps the demo script out of
//! the wasm bundle.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use release_desk::demo::{demo_book, NAME};
    use release_desk::domain::Document;

    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, releases, events, path] = args.as_slice() {
        if flag == "--sized" {
            return sized(releases, events, path, false);
        }
        if flag == "--sized-signed" {
            return sized(releases, events, path, true);
        }
    }
    if let [flag, events, path] = args.as_slice() {
        if flag == "--long-release" {
            return long_release(events, path);
        }
        if flag == "--sync-layout" {
            return sync_layout(events, path);
        }
    }
    let [path] = args.as_slice() else {
        eprintln!(
            "usage: demo-book <output.json> | demo-book --sized RELEASES EVENTS <output.json> \
             | demo-book --sized-signed RELEASES EVENTS <output.json> \
             | demo-book --long-release EVENTS <output.json> \
             | demo-book --sync-layout EVENTS <folder>"
        );
        return std::process::ExitCode::FAILURE;
    };
    match demo_book(today()) {
        Ok(engine) => match std::fs::write(path, Document::new(NAME, engine.log()).to_json())
            .and_then(|()| std::fs::write(keys_path(path), demo_keys()))
        {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("demo-book: cannot write {path}: {error}");
                std::process::ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("demo-book: the demo script was refused: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A large synthetic book for the storage benchmarks.
#[cfg(not(target_arch = "wasm32"))]
fn sized(releases: &str, events: &str, path: &str, signed: bool) -> std::process::ExitCode {
    use release_desk::demo::synthetic;
    use release_desk::domain::Document;
    let (Ok(releases), Ok(events)) = (releases.parse(), events.parse()) else {
        eprintln!("demo-book: RELEASES and EVENTS are whole numbers");
        return std::process::ExitCode::FAILURE;
    };
    match synthetic::sized_with(releases, events, synthetic::start(), signed) {
        Ok(s) => {
            let json = Document::new("Synthetic book", s.engine.log()).to_json();
            match std::fs::write(path, json) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("demo-book: cannot write {path}: {error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            eprintln!("demo-book: the synthetic script was refused: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A book whose one release has at least `events` events; prints the release's id.
#[cfg(not(target_arch = "wasm32"))]
fn long_release(events: &str, path: &str) -> std::process::ExitCode {
    use release_desk::demo::synthetic;
    use release_desk::domain::Document;
    let Ok(events) = events.parse() else {
        eprintln!("demo-book: EVENTS is a whole number");
        return std::process::ExitCode::FAILURE;
    };
    match synthetic::long_release(events, synthetic::start()) {
        Ok((s, id)) => {
            let json = Document::new("One long release", s.engine.log()).to_json();
            match std::fs::write(path, json) {
                Ok(()) => {
                    println!("{id}");
                    std::process::ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("demo-book: cannot write {path}: {error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            eprintln!("demo-book: the synthetic script was refused: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The sync host's files of the demo book (EVENTS 0) or of a synthetic book, pushed by
/// device `bench` through the ordinary exchange into an in-memory host, then written out.
#[cfg(not(target_arch = "wasm32"))]
fn sync_layout(events: &str, dir: &str) -> std::process::ExitCode {
    use release_desk::demo::{demo_book, synthetic, NAME};
    use release_desk::sync::{memory::MemoryRemote, push_as, Publication, SyncState};
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    let Ok(events) = events.parse::<usize>() else {
        eprintln!("demo-book: EVENTS is a whole number");
        return std::process::ExitCode::FAILURE;
    };
    let (name, engine) = if events == 0 {
        (NAME, demo_book(today()).map_err(|e| e.to_string()))
    } else {
        let releases = (events / 10).max(1);
        let built = synthetic::sized(releases, events, synthetic::start());
        (
            "Synthetic book",
            built.map(|s| s.engine).map_err(|e| e.to_string()),
        )
    };
    let engine = match engine {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("demo-book: the script was refused: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let remote = MemoryRemote::honouring();
    // The in-memory host answers at once: one poll finishes the push.
    let state = SyncState::new(name);
    // Published by the release manager, now (the published-book tests read it back).
    let published = Publication {
        by: "Rita Ramos".to_owned(),
        at: chrono::Utc::now(),
    };
    let mut pushing = pin!(push_as(&engine, "bench", &state, &remote, Some(published)));
    let pushed = match pushing
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(pushed) => pushed,
        Poll::Pending => {
            eprintln!("demo-book: the in-memory push did not finish");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Err(error) = pushed {
        eprintln!("demo-book: the push failed: {error}");
        return std::process::ExitCode::FAILURE;
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("demo-book: cannot make {dir}: {error}");
        return std::process::ExitCode::FAILURE;
    }
    for path in remote.paths() {
        let body = remote.file(&path).unwrap_or_default();
        if let Err(error) = std::fs::write(std::path::Path::new(dir).join(&path), body) {
            eprintln!("demo-book: cannot write {path}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

/// The start of today (UTC): the same demo book all day, so rebuilds within a day do not
/// count as a new version of the app.
#[cfg(not(target_arch = "wasm32"))]
fn today() -> chrono::DateTime<chrono::Utc> {
    use chrono::{Timelike, Utc};
    let now = Utc::now();
    let today = now - chrono::Duration::seconds(i64::from(now.num_seconds_from_midnight()));
    today.with_nanosecond(0).unwrap_or(today)
}

/// Only a native tool; nothing to do in the browser.
#[cfg(target_arch = "wasm32")]
fn main() {}

/// `demo-keys.json` beside the demo book.
#[cfg(not(target_arch = "wasm32"))]
fn keys_path(book: &str) -> std::path::PathBuf {
    std::path::Path::new(book).with_file_name("demo-keys.json")
}

/// The demo people's key seeds, which the app imports with the demo book so the demo device
/// can act as each of them. Demo keys are public knowledge; a real book has none of this.
#[cfg(not(target_arch = "wasm32"))]
fn demo_keys() -> String {
    use base64::Engine as _;
    use release_desk::demo::{keys::Keyring, DEMO_DEVICE, DEMO_PEOPLE, DEMO_SEED};
    let mut ring = Keyring::new();
    let keys: Vec<serde_json::Value> = DEMO_PEOPLE
        .iter()
        .map(|person| {
            ring.add(person, &format!("{DEMO_SEED}{person}"));
            let seed = ring.secret(&(*person).into()).unwrap_or_default();
            serde_json::json!({
                "person": person,
                "seed": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed),
            })
        })
        .collect();
    serde_json::json!({ "device": DEMO_DEVICE, "keys": keys }).to_string()
}
