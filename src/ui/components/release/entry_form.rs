//! What the forms of the release's register entries (risks, deviations and issues, known
//! errors) share: one key and name per entry, new or an update, the status select, and
//! sending the entry as a new one or an update. A section imports this as it does `common`.

use leptos::prelude::*;

use super::common::{chosen, fixed, options, send_clearing};
use super::ReleaseCtx;
use crate::domain::{EntryStatus, ItemId, ReleaseChange};
use crate::ui::act::Act;
use crate::ui::kit::{FieldSpec, FormOptions};

/// The words of one kind of entry's form.
pub struct EntryWords {
    /// The form key's prefix: "risk" (then "risk-new" or "risk-<id>").
    pub key: &'static str,
    /// The new entry's form name: "Raise a risk".
    pub raise: &'static str,
    /// The start of an update's form name, before the title: "Update risk".
    pub update: &'static str,
    /// The new entry's button: "Raise the risk".
    pub add: &'static str,
    /// An update's button: "Save the risk".
    pub save: &'static str,
}

/// The form options for the entry `id` (empty: a new one) titled `title`.
pub fn entry_options(
    act: Act,
    ctx: ReleaseCtx,
    id: &ItemId,
    title: &str,
    words: EntryWords,
) -> FormOptions {
    let is_new = id.0.is_empty();
    let key = format!("{}-{}", words.key, if is_new { "new" } else { id.as_str() });
    let name = if is_new {
        words.raise.to_owned()
    } else {
        format!("{} “{title}”", words.update)
    };
    let submit = if is_new { words.add } else { words.save };
    FormOptions::new(act, fixed(key), name, submit)
        .class("ops__form")
        .release(ctx.id())
}

/// The entry's status, as a select of the domain's words.
pub fn status_field(status: RwSignal<String>) -> FieldSpec {
    FieldSpec::select(
        "status",
        "Status",
        status,
        options(&EntryStatus::ALL, EntryStatus::label),
    )
}

/// The status the select chose.
pub fn status_of(status: RwSignal<String>) -> EntryStatus {
    chosen(
        &EntryStatus::ALL,
        EntryStatus::label,
        &status.get_untracked(),
    )
}

/// Send `change` (a new entry when `is_new`, else an update); a new entry's form is
/// emptied (`clear`) once it is saved, ready for the next.
pub fn send_entry(
    act: Act,
    ctx: ReleaseCtx,
    change: ReleaseChange,
    is_new: bool,
    clear: Vec<RwSignal<String>>,
) {
    send_clearing(act, ctx, change, if is_new { clear } else { Vec::new() });
}
