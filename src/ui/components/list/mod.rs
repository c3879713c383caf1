//! The release list's parts: the row index and the filter read from the address
//! ([`index`]), the virtual table that renders only the rows in view ([`table`]), and the
//! spreadsheet export ([`csv`]); the wizard's plan hints (the domain's [`templates`]); the
//! select and text fields both share ([`choice`]).

pub mod choice;
pub mod csv;
pub mod index;
pub mod table;
pub use crate::domain::templates;
