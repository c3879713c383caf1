//! Writes the demo release book as a versioned JSON document: `demo-book <path>`.
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

    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: demo-book <output.json>");
        return std::process::ExitCode::FAILURE;
    };
    // The start of today (UTC): the same book all day, so rebuilds within a day do not
    // count as a new version of the app.
    let now = Utc::now();
    let today = now - chrono::Duration::seconds(i64::from(now.num_seconds_from_midnight()));
    let today = today.with_nanosecond(0).unwrap_or(today);
    match demo_book(today) {
        Ok(engine) => match std::fs::write(&path, Document::new(NAME, engine.log()).to_json()) {
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

/// Only a native tool; nothing to do in the browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
