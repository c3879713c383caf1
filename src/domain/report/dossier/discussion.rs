//! The dossier's chapter "Discussion": the comments on the release, thread by thread, with
//! who wrote them, when, and mentions as names. Deleted comments are left out, as the
//! release page leaves them out.

use crate::domain::book::Book;
use crate::domain::catalogue::Person;
use crate::domain::release::comments::{parts, thread_label, Part};
use crate::domain::release::Release;
use crate::domain::report::{stamp, Doc};

/// The chapter "Discussion".
pub(super) fn discussion(d: &mut Doc, book: &Book, r: &Release) {
    d.h(2, "Discussion");
    let shown: Vec<_> = r.comments.iter().filter(|c| c.deleted.is_none()).collect();
    let mut threads = Vec::new();
    for c in &shown {
        if !threads.contains(&c.section) {
            threads.push(c.section);
        }
    }
    if threads.is_empty() {
        d.p("No comments.");
    }
    for section in threads {
        d.h(3, &format!("On {}", thread_label(section)));
        let lines = shown
            .iter()
            .filter(|c| c.section == section)
            .map(|c| {
                let people: Vec<&Person> = c
                    .mentions
                    .iter()
                    .filter_map(|m| book.people.get(m))
                    .collect();
                let mut line = format!("{}: ", stamp(book, &c.posted));
                for part in parts(&people, &c.text) {
                    match part {
                        Part::Text(t) => line.push_str(t),
                        Part::Mention(_, p) => {
                            line.push('@');
                            line.push_str(&p.name);
                        }
                    }
                }
                if let Some(edited) = &c.edited {
                    line.push_str(&format!(" (edited {})", stamp(book, edited)));
                }
                line
            })
            .collect();
        d.list_or(lines, "");
    }
}
