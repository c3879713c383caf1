//! Reports built from the book: release notes (Markdown and print), the PIR report, the
//! release list as CSV. Pure text builders live beside the views that show them.
