//! A report as Markdown (CommonMark with pipe tables), and its file name.

use super::{Block, Report};

impl Report {
    /// The report as Markdown (CommonMark with pipe tables).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    for _ in 0..*level {
                        out.push('#');
                    }
                    out.push(' ');
                    out.push_str(text);
                    out.push_str("\n\n");
                }
                Block::Paragraph(text) => {
                    out.push_str(text.trim());
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("- ");
                        out.push_str(&one_line(item));
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        out.push_str(&format!("- **{label}:** {}\n", one_line(value)));
                    }
                    out.push('\n');
                }
                Block::Table { head, rows } => {
                    let row = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
                        out.push('|');
                        for cell in cells {
                            out.push(' ');
                            out.push_str(&one_line(&cell).replace('|', "\\|"));
                            out.push_str(" |");
                        }
                        out.push('\n');
                    };
                    row(&mut out, &mut head.iter().map(|h| (*h).to_owned()));
                    row(&mut out, &mut head.iter().map(|_| "---".to_owned()));
                    for cells in rows {
                        row(&mut out, &mut cells.iter().cloned());
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// A file name for the report: its title in lower case with dashes, then `.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", file_stem(&self.title))
    }
}

/// A title as a file name stem: ASCII letters and digits in lower case, every other run of
/// characters one dash. "Release notes: Payments v3.3" → `release-notes-payments-v3-3`.
pub fn file_stem(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("report");
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
