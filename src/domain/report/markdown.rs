//! A report as Markdown (CommonMark with pipe tables), and its file name.
//!
//! Every text in a report may come from a person or a file, so it is written as text,
//! never as Markdown: it cannot become HTML, a heading, a list, a link or an image.

use super::{Block, Report};

impl Report {
    /// The report as Markdown (CommonMark with pipe tables).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", inline(&one_line(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Heading(level, heading) => {
                    for _ in 0..*level {
                        out.push('#');
                    }
                    out.push(' ');
                    out.push_str(&inline(&one_line(heading)));
                    out.push_str("\n\n");
                }
                Block::Paragraph(paragraph) => {
                    for line in paragraph.trim().lines() {
                        out.push_str(&text(line.trim()));
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("- ");
                        out.push_str(&text(&one_line(item)));
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        out.push_str(&format!("- **{label}:** {}\n", inline(&one_line(value))));
                    }
                    out.push('\n');
                }
                Block::Table { head, rows } => {
                    let row = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
                        out.push('|');
                        for cell in cells {
                            out.push(' ');
                            out.push_str(&cell);
                            out.push_str(" |");
                        }
                        out.push('\n');
                    };
                    row(&mut out, &mut head.iter().map(|h| inline(h)));
                    row(&mut out, &mut head.iter().map(|_| "---".to_owned()));
                    for cells in rows {
                        row(&mut out, &mut cells.iter().map(|c| inline(&one_line(c))));
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

/// One line of someone's text as Markdown text: `<`, `>` and `&` as entities (no HTML);
/// backslashes before the characters that make emphasis, code, links, images and table
/// cells; and before what would start a heading, a list, a quote or a rule at the start of
/// the line. A `javascript:` address cannot become a link: brackets and `<` are escaped,
/// and its colon is too, so no renderer's autolinking takes it.
pub fn text(line: &str) -> String {
    escape(line, true)
}

/// [`text`] where the line cannot start a block (after `# ` or `- **Label:** `, in a cell).
fn inline(line: &str) -> String {
    escape(line, false)
}

fn escape(line: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let start = line.trim_start();
    out.push_str(&line[..line.len() - start.len()]);
    // What a line may start with to become a block: `#`, `-`, `+`, `*`, `=`, `>`, `1.`, `1)`.
    let digits = start.bytes().take_while(u8::is_ascii_digit).count();
    let chars = start.char_indices();
    let numbered = digits > 0 && matches!(start.as_bytes().get(digits), Some(b'.' | b')'));
    for (i, c) in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start && i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if at_start && numbered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            ':' if start[..i].to_ascii_lowercase().ends_with("javascript") => {
                out.push_str("&#58;");
            }
            _ => out.push(c),
        }
    }
    out
}
