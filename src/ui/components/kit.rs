//! The old home of [`Dyn`] and [`dy`], now in [`crate::ui::kit`]; kept so older imports
//! still compile.

pub use crate::ui::kit::{dy, Dyn};
