//! Components shared by several pages; one component a file.

pub mod calendar;
pub mod catalogue;
pub mod dashboard;
pub mod identity;
pub mod list;
pub mod nav;
pub mod other_book;
pub mod people_panel;
pub mod release;
pub mod report;
pub mod search;
pub mod storage_banner;
pub mod storage_panel;
pub mod sync_indicator;
pub mod sync_panel;
pub mod sync_privacy;
pub mod transfer_panel;
pub mod trust;
pub mod update_notice;
pub mod waiting;
