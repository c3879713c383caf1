//! Writes the demo release book as a versioned JSON document: `demo-book <path>`.
//! With `--sized RELEASES EVENTS`, writes a large synthetic book instead (benchmarks); with
//! `--long-release EVENTS`, a book with one release of at least EVENTS events, and prints
//! that release's id (the release page benchmark).
//!
//! Trunk runs it at every build (Trunk.toml), so the bundle carries a demo book built
//! through the domain's commands with dates around the build day; the app imports it on
//! first start. Building it here rather than in the browser keeps the demo script out of
//! the wasm bundle.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use chrono::{Timelike, Utc};
    use release_desk::demo::{demo_book, NAME};
    use release_desk::domain::Document;

    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, releases, events, path] = args.as_slice() {
        if flag == "--sized" {
            return sized(releases, events, path);
        }
    }
    if let [flag, events, path] = args.as_slice() {
        if flag == "--long-release" {
            return long_release(events, path);
        }
    }
    let [path] = args.as_slice() else {
        eprintln!(
            "usage: demo-book <output.json> | demo-book --sized RELEASES EVENTS <output.json> \
             | demo-book --long-release EVENTS <output.json>"
        );
        return std::process::ExitCode::FAILURE;
    };
    // The start of today (UTC): the same book all day, so rebuilds within a day do not
    // count as a new version of the app.
    let now = Utc::now();
    let today = now - chrono::Duration::seconds(i64::from(now.num_seconds_from_midnight()));
    let today = today.with_nanosecond(0).unwrap_or(today);
    match demo_book(today) {
        Ok(engine) => match std::fs::write(path, Document::new(NAME, engine.log()).to_json()) {
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
fn sized(releases: &str, events: &str, path: &str) -> std::process::ExitCode {
    use release_desk::demo::synthetic;
    use release_desk::domain::Document;
    let (Ok(releases), Ok(events)) = (releases.parse(), events.parse()) else {
        eprintln!("demo-book: RELEASES and EVENTS are whole numbers");
        return std::process::ExitCode::FAILURE;
    };
    match synthetic::sized(releases, events, synthetic::start()) {
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

/// Only a native tool; nothing to do in the browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
