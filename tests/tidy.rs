//! Tidy checks over the source tree: the domain stays pure, its dispatchers name every
//! change, and the UI never injects HTML.
//!
//! Nothing under `src/domain/` may name the browser or UI crates (leptos, web-sys, js-sys,
//! gloo, wasm-bindgen) or read the clock: time, ids and the acting person come in as
//! arguments, so the domain runs and is tested natively and replays the same way
//! everywhere. The check is a plain function over `(path, text)` so that its own tests can
//! plant a violation without leaving one in the tree.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// What the domain must not contain, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("leptos", "names the UI framework"),
    ("web_sys", "names the browser bindings"),
    ("web-sys", "names the browser bindings"),
    ("js_sys", "names the JavaScript bindings"),
    ("js-sys", "names the JavaScript bindings"),
    ("gloo", "names the browser helpers"),
    ("wasm_bindgen", "names the JavaScript bridge"),
    ("wasm-bindgen", "names the JavaScript bridge"),
    ("Utc::now", "reads the clock; take the time as an argument"),
    (
        "Local::now",
        "reads the clock; take the time as an argument",
    ),
    (
        "SystemTime",
        "reads the clock; take the time as an argument",
    ),
    (
        "Instant::now",
        "reads the clock; take the time as an argument",
    ),
];

/// One forbidden word found in one line of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Violation {
    path: PathBuf,
    line: usize,
    word: &'static str,
    why: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: `{}` {} (the domain is pure)",
            self.path.display(),
            self.line,
            self.word,
            self.why
        )
    }
}

/// The violations in one domain file. Lines that are wholly comments are skipped, so the
/// domain's documentation may say what it does not do; code never is.
fn check_domain_file(path: &Path, text: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for &(word, why) in FORBIDDEN {
            if line.contains(word) {
                found.push(Violation {
                    path: path.to_owned(),
                    line: index + 1,
                    word,
                    why,
                });
            }
        }
    }
    found
}

/// Every file under `dir`, depth first, in name order so reports are stable.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|path| {
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// The violations in every file under `dir`, with the number of files read.
fn check_domain_tree(dir: &Path) -> (usize, Vec<Violation>) {
    let files = files_under(dir);
    let violations = files
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            check_domain_file(path, &text)
        })
        .collect();
    (files.len(), violations)
}

fn report(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn domain_names_no_browser_crate_and_reads_no_clock() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let (files, violations) = check_domain_tree(&domain);
    assert!(files > 0, "no file found under {}", domain.display());
    assert!(
        violations.is_empty(),
        "src/domain must stay pure:\n{}",
        report(&violations)
    );
}

#[test]
fn a_planted_violation_is_reported_with_file_and_line() {
    let text = "use chrono::{DateTime, Utc};\n\
                \n\
                pub fn stamp() -> DateTime<Utc> {\n    Utc::now()\n}\n";
    let violations = check_domain_file(Path::new("src/domain/planted.rs"), text);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].line, 4);
    assert_eq!(violations[0].word, "Utc::now");
    assert!(violations[0]
        .to_string()
        .starts_with("src/domain/planted.rs:4: `Utc::now` reads the clock"));
}

#[test]
fn every_forbidden_word_is_caught_in_code_but_not_in_comments() {
    for &(word, _) in FORBIDDEN {
        let text = format!("//! The domain never uses {word}.\nfn f() {{ {word}; }}\n");
        let violations = check_domain_file(Path::new("src/domain/x.rs"), &text);
        assert!(
            violations.iter().any(|v| v.word == word && v.line == 2),
            "{word} was not caught: {violations:?}"
        );
        assert!(violations.iter().all(|v| v.line == 2), "{violations:?}");
    }
}

#[test]
fn a_violation_planted_in_a_file_on_disk_fails_the_tree_check() {
    let dir = std::env::temp_dir().join(format!("release-desk-tidy-{}", std::process::id()));
    let nested = dir.join("domain/nested");
    fs::create_dir_all(&nested).expect("temp dir created");
    fs::write(
        dir.join("domain/clean.rs"),
        "pub fn pure(now: i64) -> i64 { now }\n",
    )
    .expect("written");
    fs::write(nested.join("ui.rs"), "\n\nuse leptos::prelude::*;\n").expect("written");

    let (files, violations) = check_domain_tree(&dir.join("domain"));
    fs::remove_dir_all(&dir).expect("temp dir removed");

    assert_eq!(files, 2);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, nested.join("ui.rs"));
    assert_eq!(violations[0].line, 3);
    assert_eq!(violations[0].word, "leptos");
}

/// Ways to hand text to the browser as markup: the UI never does (text goes through views).
const HTML_INJECTION: &[&str] = &["inner_html", "set_inner_html", "outer_html", "innerHTML"];

/// Lines of one UI file that inject markup, as `path:line: word`.
fn check_ui_file(path: &Path, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .flat_map(|(index, line)| {
            HTML_INJECTION
                .iter()
                .filter(move |word| line.contains(**word))
                .map(move |word| format!("{}:{}: `{word}`", path.display(), index + 1))
        })
        .collect()
}

#[test]
fn the_ui_never_injects_text_as_html() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let files = files_under(&ui);
    assert!(files.len() > 10, "too few files under {}", ui.display());
    let found: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("a UI file is readable");
            check_ui_file(path, &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "text must go through views, never as HTML:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_inner_html_is_caught() {
    let text = "// inner_html is not used\nview! { <div inner_html=text /> }\n";
    let found = check_ui_file(Path::new("src/ui/x.rs"), text);
    assert_eq!(found, vec!["src/ui/x.rs:2: `inner_html`".to_owned()]);
}

/// The dispatchers over the domain's commands. Every arm names its variants, so the
/// compiler lists what a new change needs; a catch-all arm would hide it.
const DISPATCHERS: &[&str] = &["decide.rs", "apply.rs", "permissions.rs", "describe.rs"];

/// Arms that match whatever is left.
const CATCH_ALL: &[&str] = &["_ =>", "other =>"];

/// Catch-all arms in one dispatcher, as `path:line: arm`.
fn check_dispatcher(path: &Path, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .flat_map(|(index, line)| {
            CATCH_ALL
                .iter()
                .filter(move |arm| line.contains(**arm))
                .map(move |arm| format!("{}:{}: `{arm}`", path.display(), index + 1))
        })
        .collect()
}

#[test]
fn the_dispatchers_name_every_change() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let found: Vec<String> = DISPATCHERS
        .iter()
        .flat_map(|name| {
            let path = domain.join(name);
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            check_dispatcher(&path, &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "a dispatcher names every variant, so a new change does not compile until it is \
         handled:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_catch_all_arm_is_caught() {
    let text = "match change {\n    C::Cancel { .. } => CANCEL,\n    // _ => is never used\n    _ => MANAGERS,\n    other => other,\n}\n";
    let found = check_dispatcher(Path::new("src/domain/permissions.rs"), text);
    assert_eq!(
        found,
        vec![
            "src/domain/permissions.rs:4: `_ =>`".to_owned(),
            "src/domain/permissions.rs:5: `other =>`".to_owned(),
        ]
    );
}
