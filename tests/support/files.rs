//! Listing source files for the tidy tests (`#[path]`-included by each, so the walk is
//! written once).

use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, depth first, in name order so reports are stable.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
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
