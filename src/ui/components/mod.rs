//! Components shared by several pages; one component a file.

pub mod nav;
