//! Tidy checks over the source tree: the domain stays pure, its dispatchers name every
//! change, the UI never injects HTML, and storage never imports sync.
//!
//! Nothing under `src/domain/` may name the browser or UI crates (leptos, web-sys, js-sys,
//! gloo, wasm-bindgen) or read the clock: time, ids and the acting person come in as
//! arguments, so the domain runs and is tested natively and replays the same way
//! everywhere. The check is a plain function over `(path, text)` so that its own tests can
//! plant a violation without leaving one in the tree.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/files.rs"]
mod files;
use files::files_under;
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

/// Paths by which a storage file would name the sync layer. Sync may call storage (it
/// keeps its state there through the desk); storage never calls sync, or the two layers
/// would depend on each other.
const SYNC_PATHS: &[&str] = &["crate::sync", "super::super::sync", "release_desk::sync"];

/// True when `c` may continue a Rust identifier.
fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lines of one storage file that name the sync layer, as `path:line: what`: a path
/// starting with one of [`SYNC_PATHS`], or `sync` in a `crate::{…}` group.
fn check_storage_file(path: &Path, text: &str) -> Vec<String> {
    let code: Vec<&str> = text
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect();
    let mut found = Vec::new();
    for (index, line) in code.iter().enumerate() {
        for &prefix in SYNC_PATHS {
            let hit = line.match_indices(prefix).any(|(at, _)| {
                !line[at + prefix.len()..].starts_with(ident_char)
                    && !line[..at].ends_with(|c: char| ident_char(c) || c == ':')
            });
            if hit {
                found.push(format!("{}:{}: `{prefix}`", path.display(), index + 1));
            }
        }
    }
    // `use crate::{sync, …}` may span lines: split each group at its top-level commas and
    // look at the first name of every item.
    let joined = code.join("\n");
    for (start, _) in joined.match_indices("crate::{") {
        let group = &joined[start + "crate::{".len()..];
        let mut depth = 0;
        let mut items = vec![String::new()];
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => items.push(String::new()),
                _ => {}
            }
            if let Some(item) = items.last_mut() {
                item.push(c);
            }
        }
        let names_sync = items.iter().any(|item| {
            let name: String = item
                .trim_start_matches([',', ' ', '\n'])
                .chars()
                .take_while(|c| ident_char(*c))
                .collect();
            name == "sync"
        });
        if names_sync {
            let line = joined[..start].matches('\n').count() + 1;
            found.push(format!("{}:{line}: `crate::{{sync}}`", path.display()));
        }
    }
    found
}

#[test]
fn storage_never_imports_sync() {
    let storage = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/storage");
    let files = files_under(&storage);
    assert!(files.len() > 3, "too few files under {}", storage.display());
    let found: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("a storage file is readable");
            check_storage_file(path, &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "storage must not import sync (sync calls storage, never the other way):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_sync_import_in_storage_is_caught() {
    let text = "//! Uses crate::sync in a comment only.\n\
                use crate::storage::sync_meta::SyncMeta;\n\
                use crate::sync::SyncState;\n\
                fn f() { super::super::sync::pull(); }\n\
                use crate::{\n    domain::Engine,\n    sync::{self, Remote},\n};\n\
                use crate::{storage, synced};\n";
    let found = check_storage_file(Path::new("src/storage/x.rs"), text);
    assert_eq!(
        found,
        vec![
            "src/storage/x.rs:3: `crate::sync`".to_owned(),
            "src/storage/x.rs:4: `super::super::sync`".to_owned(),
            "src/storage/x.rs:5: `crate::{sync}`".to_owned(),
        ]
    );
}

#[test]
fn a_sync_import_planted_in_a_storage_file_on_disk_fails_the_tree_check() {
    let dir = std::env::temp_dir().join(format!("release-desk-tidy-sync-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir created");
    fs::write(dir.join("clean.rs"), "use crate::storage::sync_meta;\n").expect("written");
    fs::write(dir.join("store.rs"), "\nuse crate::sync::layout;\n").expect("written");
    let found: Vec<String> = files_under(&dir)
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("readable");
            check_storage_file(path, &text)
        })
        .collect();
    fs::remove_dir_all(&dir).expect("temp dir removed");
    assert_eq!(
        found,
        vec![format!(
            "{}:2: `crate::sync`",
            dir.join("store.rs").display()
        )]
    );
}

/// The dispatchers over the domain's commands. Every arm names its variants, so the
/// compiler lists what a new change needs; a catch-all arm would hide it.
const DISPATCHERS: &[&str] = &[
    "change.rs",
    "decide.rs",
    "apply.rs",
    "permissions.rs",
    "describe.rs",
];

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

/// Calls that compile a whole generic routine per call site: each `sort_by` instantiates a
/// driftsort for its element and closure types, each `Effect::new` the effect's scheduling
/// loop. The app has one of each (`domain::order`, `ui::kit::effect`), so the bundle carries
/// the code once; these would bring a copy back.
const ONE_COPY: &[(&str, &str)] = &[
    (".sort()", "domain::order::sort"),
    (".sort_by(", "domain::order::sort_by"),
    (".sort_by_key(", "domain::order::sort_by_key"),
    (".sort_by_cached_key(", "domain::order::sort_by_key"),
    (".sort_unstable", "domain::order::sort"),
    ("Effect::new(", "ui::kit::effect"),
];

/// The files that hold the one copy.
const ONE_COPY_HOMES: &[&str] = &["src/domain/order.rs", "src/ui/kit/mod.rs"];

/// Calls of [`ONE_COPY`] in one file's code, as `path:line: call (use …)`.
fn check_one_copy(path: &Path, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .flat_map(|(index, line)| {
            ONE_COPY
                .iter()
                .filter(move |(call, _)| line.contains(call))
                .map(move |(call, instead)| {
                    format!("{}:{}: `{call}` (use {instead})", path.display(), index + 1)
                })
        })
        .collect()
}

#[test]
fn sorts_and_effects_go_through_their_one_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = files_under(&root.join("src"));
    assert!(files.len() > 50, "too few files under src/");
    let found: Vec<String> = files
        .iter()
        .filter(|path| !ONE_COPY_HOMES.iter().any(|home| path.ends_with(home)))
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("a source file is readable");
            check_one_copy(path, &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "each of these compiles another copy of a generic routine into the bundle:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_sort_and_effect_are_caught() {
    let text = "fn f(v: &mut Vec<u8>) {\n    // v.sort_by(|a, b| a.cmp(b)) in a comment is fine\n    v.sort_by(|a, b| b.cmp(a));\n    v.sort_unstable();\n    Effect::new(move |_| ());\n}\n";
    let found = check_one_copy(Path::new("src/ui/x.rs"), text);
    assert_eq!(
        found,
        vec![
            "src/ui/x.rs:3: `.sort_by(` (use domain::order::sort_by)".to_owned(),
            "src/ui/x.rs:4: `.sort_unstable` (use domain::order::sort)".to_owned(),
            "src/ui/x.rs:5: `Effect::new(` (use ui::kit::effect)".to_owned(),
        ]
    );
}
