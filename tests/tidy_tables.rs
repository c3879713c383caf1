//! Tidy check (with `tidy.rs`): the domain owns its tables. Under `src/ui/` no code lists
//! the variants of a domain enum or words them: the domain's `ALL`, `STEPS`, `label()`,
//! `word()` and `allowed_in()` are the one place. Concretely, outside comments:
//!
//! (a) no array or slice literal (`[…]`, `&[…]`, `vec![…]`) holds two or more variants of
//!     one domain enum as its own elements (or in a tuple among them: `(Severity::High,
//!     "high")`), and no `const`/`static` item names two or more;
//! (b) no `match` arm maps a domain enum's variant straight to a string literal
//!     (`Severity::High => "high"`).
//!
//! A UI that matches a variant to choose a view, a CSS class through a method, or a
//! component is fine: those arms end in something other than a string literal. Each rule
//! is a function over `(path, text)` so the self-tests below can plant a violation.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/files.rs"]
mod files;
use files::files_under;
use std::fs;
use std::path::Path;

/// The domain's enums whose lists and words the domain owns.
const DOMAIN_ENUMS: &[&str] = &[
    "Status",
    "Phase",
    "Severity",
    "EntryStatus",
    "Stage",
    "Role",
    "Category",
    "Rollout",
    "Delivery",
    "Automation",
    "PirOutcome",
    "ReviewCheck",
    "KnowledgeKind",
    "TestKind",
    "IssueKind",
    "WaveStatus",
    "RoundOutcome",
    "GateKind",
    "Repeat",
    "Period",
    "CiKind",
    "TaskKind",
    "RunKind",
    "TaskState",
    "Step",
];

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The text with `//` comments blanked (so line numbers stay), string literals kept.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The domain enum whose variant starts at byte `at` of `text` (`Severity::High`, not
/// `Severity::ALL` nor `MySeverity::High`), with the variant's end.
fn variant_at(text: &str, at: usize) -> Option<(&'static str, usize)> {
    if text[..at].chars().next_back().is_some_and(ident_char) {
        return None;
    }
    let rest = &text[at..];
    DOMAIN_ENUMS.iter().find_map(|name| {
        let after = rest.strip_prefix(name)?.strip_prefix("::")?;
        let variant: String = after.chars().take_while(|c| ident_char(*c)).collect();
        let mut chars = variant.chars();
        let camel = chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.next().is_some_and(|c| c.is_ascii_lowercase());
        camel.then(|| (*name, at + name.len() + 2 + variant.len()))
    })
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Rule (a): lists of two or more variants of one enum, as `path:line: what`.
fn lists_in(path: &Path, text: &str) -> Vec<String> {
    let code = strip_comments(text);
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    for (start, _) in code.match_indices('[') {
        // Count the variants among the list's own elements (bracket and paren depth,
        // never inside a `{…}` block such as a closure or a match).
        let (mut depth, mut braces, mut at) = (0i32, 0i32, start);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        while at < bytes.len() {
            match bytes[at] {
                b'[' | b'(' => depth += 1,
                b']' | b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'{' => braces += 1,
                b'}' => braces -= 1,
                _ => {}
            }
            if braces == 0 && depth <= 2 && code.is_char_boundary(at) {
                if let Some((name, end)) = variant_at(&code, at) {
                    match counts.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((name, 1)),
                    }
                    at = end;
                    continue;
                }
            }
            at += 1;
        }
        if let Some((name, n)) = counts.into_iter().find(|(_, n)| *n >= 2) {
            found.push(format!(
                "{}:{}: a list of {n} `{name}` variants (use `{name}::ALL` and the domain's words)",
                path.display(),
                line_of(&code, start)
            ));
        }
    }
    for (start, _) in code
        .match_indices("const ")
        .chain(code.match_indices("static "))
    {
        if code[..start].chars().next_back().is_some_and(ident_char) {
            continue;
        }
        // The item ends at the first `;` outside brackets (its type may be `[T; 4]`).
        let mut depth = 0i32;
        let end = code[start..]
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '[' | '(' | '{' => depth += 1,
                    ']' | ')' | '}' => depth -= 1,
                    _ => {}
                }
                *c == ';' && depth == 0
            })
            .map_or(code.len(), |(e, _)| start + e);
        let item = &code[start..end];
        for name in DOMAIN_ENUMS {
            let n = item
                .match_indices(name)
                .filter(|(i, _)| variant_at(&code, start + i).is_some())
                .count();
            if n >= 2 {
                found.push(format!(
                    "{}:{}: a const/static naming {n} `{name}` variants",
                    path.display(),
                    line_of(&code, start)
                ));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Rule (b): match arms from a variant straight to a string literal, as `path:line: what`.
fn worded_arms_in(path: &Path, text: &str) -> Vec<String> {
    strip_comments(text)
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let (pattern, value) = line.split_once("=>")?;
            let names_variant = pattern
                .char_indices()
                .any(|(i, _)| variant_at(pattern, i).is_some());
            (names_variant && value.trim_start().starts_with('"')).then(|| {
                format!(
                    "{}:{}: a domain variant worded in the UI: `{}` (use its `label()`)",
                    path.display(),
                    index + 1,
                    line.trim()
                )
            })
        })
        .collect()
}

#[test]
fn the_ui_neither_lists_nor_words_domain_variants() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let files = files_under(&ui);
    assert!(files.len() > 10, "too few files under {}", ui.display());
    let found: Vec<String> = files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("a UI file is readable");
            let mut found = lists_in(path, &text);
            found.extend(worded_arms_in(path, &text));
            found
        })
        .collect();
    assert!(
        found.is_empty(),
        "the domain owns its tables (ALL, label(), allowed_in()):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_label_table_is_caught() {
    let text = "// [Status::Draft, Status::Planning] in a comment is fine\n\
                pub const SEVERITIES: [(Severity, &str); 2] = [\n\
                \x20   (Severity::High, \"high\"),\n    (Severity::Low, \"low\"),\n];\n";
    let found = lists_in(Path::new("src/ui/x.rs"), text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("src/ui/x.rs:2: a const/static naming 2 `Severity`"));
    assert!(found[1].starts_with("src/ui/x.rs:2: a list of 2 `Severity` variants"));
}

#[test]
fn a_planted_slice_or_vec_of_variants_is_caught() {
    let slice = "let steps = &[Status::Planning, Status::Review];\n";
    assert_eq!(lists_in(Path::new("a.rs"), slice).len(), 1);
    let vec = "let x = vec![\n    Stage::Build,\n    Stage::Test,\n];\n";
    let found = lists_in(Path::new("a.rs"), vec);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("a.rs:1: a list of 2 `Stage` variants"));
}

#[test]
fn the_domains_lists_and_one_variant_per_list_are_allowed() {
    let fine = "for s in Status::ALL { }\nlet a = [Status::Draft];\nlet i = xs[0];\n\
                let v = vec![move || match s { Status::Draft => 1, Status::Review => 2 }];\n\
                let other = [MyStatus::Open, MyStatus::Closed];\n";
    assert_eq!(lists_in(Path::new("a.rs"), fine), Vec::<String>::new());
}

#[test]
fn a_planted_worded_arm_is_caught_but_a_view_arm_is_not() {
    let text =
        "match s {\n    Severity::High => \"high\",\n    Severity::Low | Severity::Medium => \
                view! { <p>\"low\"</p> },\n}\nmatch p { Page::Home => \"home\" }\n";
    let found = worded_arms_in(Path::new("src/ui/x.rs"), text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("src/ui/x.rs:2: a domain variant worded in the UI"));
}
