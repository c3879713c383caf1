//! The dashboard's panels, one a file: releases by status, the next deployment windows,
//! approvals waiting for me, open risks and issues, early life support, what is deployed
//! where, and open conflicts.

pub mod approvals;
pub mod conflicts;
pub mod matrix;
pub mod risks;
pub mod status;
pub mod support;
pub mod windows;

/// A label with its first letter in capitals: "build and test" → "Build and test".
pub fn capital(label: &str) -> String {
    let mut out = label.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// "1 release", "3 releases": a count with its noun, plural with an `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
