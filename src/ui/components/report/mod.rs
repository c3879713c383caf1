//! Reports on the book, one component a file: the picker of release and report, the report
//! itself as a printable document with its Markdown download, and the release list as CSV.
//! The text is built by the pure [`report`](crate::domain::report) module; these views only
//! show it and hand it to the browser.

pub mod csv_export;
pub mod document;
pub mod picker;
