//! Comments on a release and on each section of its page, with @mentions.
//!
//! Anyone registered in the book may comment, stakeholders included: they read releases
//! and give feedback, and a person who is mentioned must be able to answer. Only the
//! author edits or deletes a comment; the log keeps every earlier wording, so the
//! timeline is the comment's history. `@id` or `@Full Name` mentions a person of the
//! book; the mention is resolved when the comment is decided, and an unknown name is
//! refused with the closest person suggested, so a typo never silently mentions nobody.
//! A mention makes the release wait for that person ([`open_mentions`]) until they reply
//! in the same thread or mark the mention seen.

use super::{find, require, Ask, At, Release, Stamp, OPEN};
use crate::domain::book::Book;
use crate::domain::catalogue::Person;
use crate::domain::change::ReleaseChange;
use crate::domain::error::{LifecycleError, Section};
use crate::domain::ids::{ItemId, PersonId};
use crate::domain::permissions::{Rule, EVERYONE};
use crate::domain::search::is_word_char;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The most characters a comment holds.
pub const COMMENT_CHARS: usize = 4000;
/// The most people one comment mentions.
pub const MENTIONS: usize = 20;

/// Commenting, on a release that is still open.
pub(crate) const COMMENT: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "comment on releases",
};

/// Editing or deleting one's own comment (`decide` checks the author).
pub(crate) const EDIT: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "edit or delete their comments",
};

/// Marking a mention of oneself seen (`decide` checks the mention).
pub(crate) const SEE: Rule = Rule {
    roles: EVERYONE,
    allowed: OPEN,
    action: "mark mentions seen",
};

/// A comment in a thread of a release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Id (the posting event's).
    pub id: ItemId,
    /// The section it is about; `None` for the release as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Section>,
    /// The text as written, mentions as `@id` or `@Name`; empty once deleted.
    pub text: String,
    /// The people mentioned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<PersonId>,
    /// Who posted it, when.
    pub posted: Stamp,
    /// The last edit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<Stamp>,
    /// When its author deleted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Stamp>,
    /// The people mentioned who marked the mention seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<PersonId>,
}

/// A piece of a comment's text: plain words, or a mention of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text shown as written.
    Text(&'a str),
    /// A mention (as written, and the person it names).
    Mention(&'a str, &'a Person),
}

/// A mention still waiting for its person: the release, the comment and since when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenMention<'a> {
    /// The release commented on.
    pub release: &'a Release,
    /// The comment that mentions the person.
    pub comment: &'a Comment,
    /// When the comment was posted.
    pub since: DateTime<Utc>,
}

/// What a thread is about, after "on": "the release", "the back-out plan".
pub fn thread_label(section: Option<Section>) -> &'static str {
    use Section as S;
    match section {
        None | Some(S::Overview) => "the release",
        Some(S::Operations) => "early life support",
        Some(S::Communications) => "the communications",
        Some(S::Timeline) => "the timeline",
        Some(S::Details) => "the details",
        Some(S::Package) => "the package",
        Some(S::Plan) => "the plan",
        Some(S::Criteria) => "the pass/fail criteria",
        Some(S::Approvals) => "the approvals",
        Some(S::Authorization) => "the authorizations",
        Some(S::Builds) => "the builds",
        Some(S::Tests) => "the tests",
        Some(S::Waves) => "the deployment waves",
        Some(S::Runbook) => "the runbook",
        Some(S::Backout) => "the back-out plan",
        Some(S::Risks) => "the risks",
        Some(S::Issues) => "the deviations and issues",
        Some(S::Review) => "the review",
        Some(S::Knowledge) => "the knowledge transfer",
        Some(S::Handover) => "the handover",
    }
}

/// The comment's text split into words and mentions of `people` (those of the book when
/// deciding; a comment's own `mentions` when showing it, so a later namesake never takes
/// an old mention over). Unknown `@words` stay text.
pub fn parts<'a>(people: &[&'a Person], text: &'a str) -> Vec<Part<'a>> {
    let mut out = Vec::new();
    let mut plain = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find('@') {
        let start = at + found;
        at = start + 1;
        if !starts_mention(text, start) {
            continue;
        }
        if let Some((len, person)) = mention_at(people, &text[at..]) {
            if plain < start {
                out.push(Part::Text(&text[plain..start]));
            }
            let end = at + len;
            out.push(Part::Mention(&text[start..end], person));
            plain = end;
            at = end;
        }
    }
    if plain < text.len() {
        out.push(Part::Text(&text[plain..]));
    }
    out
}

/// The people a person may mention now, whose id or name starts with `prefix` (what
/// follows the `@` being typed), at most `limit` of them.
pub fn suggest<'a>(book: &'a Book, prefix: &str, limit: usize) -> Vec<&'a Person> {
    book.people
        .values()
        .filter(|p| {
            starts_with_folded(p.id.as_str(), prefix).is_some()
                || p.name
                    .split(' ')
                    .any(|word| starts_with_folded(word, prefix).is_some())
        })
        .take(limit)
        .collect()
}

/// The `@word` the caret at byte `caret` of `text` is in or just after, as the byte range
/// of the word after the `@` (empty just after a lone `@`): what suggestions complete.
pub fn mention_at_caret(text: &str, caret: usize) -> Option<std::ops::Range<usize>> {
    let caret = caret.min(text.len());
    let before = text.get(..caret)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(caret, |(i, _)| i);
    (start > 0 && text[..start].ends_with('@') && starts_mention(text, start - 1)).then(|| {
        let len = text[caret..]
            .char_indices()
            .find(|(_, c)| !is_name_char(*c))
            .map_or(text.len() - caret, |(i, _)| i);
        start..caret + len
    })
}

/// The mentions waiting for `person` across the book, oldest first: in releases still
/// open (a closed release no longer waits), in comments by someone else, neither deleted
/// nor seen, with no later comment by that person in the same thread.
pub fn open_mentions<'a>(book: &'a Book, person: &PersonId) -> Vec<OpenMention<'a>> {
    let mut out: Vec<OpenMention> = Vec::new();
    for release in book.releases.values() {
        if release.comments.is_empty() || release.status.is_final() {
            continue;
        }
        for (n, comment) in release.comments.iter().enumerate() {
            if waits_for(&release.comments, n, person) {
                out.push(OpenMention {
                    release,
                    comment,
                    since: comment.posted.at,
                });
            }
        }
    }
    crate::domain::order::sort_by_key(&mut out, |m| m.since);
    out
}

/// Whether the comment at `n` of `comments` waits for `person`.
fn waits_for(comments: &[Comment], n: usize, person: &PersonId) -> bool {
    let comment = &comments[n];
    comment.deleted.is_none()
        && &comment.posted.by != person
        && comment.mentions.contains(person)
        && !comment.seen.contains(person)
        && !comments[n + 1..].iter().any(|later| {
            later.section == comment.section
                && &later.posted.by == person
                && later.deleted.is_none()
        })
}

/// Whether the comment `id` of `release` waits for `person` (to offer "Mark seen").
pub fn mention_waits(release: &Release, id: &ItemId, person: &PersonId) -> bool {
    release
        .comments
        .iter()
        .position(|c| &c.id == id)
        .is_some_and(|n| waits_for(&release.comments, n, person))
}

/// Why a comment's text is beyond the book's limits, if it is: too long, control
/// characters other than line breaks and tabs, too many mentions. `decide` refuses such
/// a comment, and `limits::beyond` rejects one that arrives from elsewhere.
pub fn beyond(text: &str, mentions: &[PersonId]) -> Option<String> {
    let chars = text.chars().count();
    if chars > COMMENT_CHARS {
        return Some(format!(
            "A comment holds at most {COMMENT_CHARS} characters; this one has {chars}. Shorten it or split it in two."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Some("The comment holds invisible control characters; type it again.".into());
    }
    if mentions.len() > MENTIONS {
        return Some(format!(
            "A comment mentions at most {MENTIONS} people; mention a team's lead instead."
        ));
    }
    None
}

/// Decide [`ReleaseChange::Comment`]: the text is within limits and every @mention names
/// a person of the book.
pub(crate) fn decide_comment(
    ask: &Ask,
    section: Option<Section>,
    text: String,
) -> Result<ReleaseChange, LifecycleError> {
    let mentions = resolve(ask.book, &text)?;
    Ok(ReleaseChange::Comment {
        id: ask.new_id.clone(),
        section,
        text,
        mentions,
    })
}

/// Decide [`ReleaseChange::EditComment`]: the author's own comment, still there.
pub(crate) fn decide_edit(
    ask: &Ask,
    id: ItemId,
    text: String,
) -> Result<ReleaseChange, LifecycleError> {
    own(ask, &id)?;
    let mentions = resolve(ask.book, &text)?;
    Ok(ReleaseChange::EditComment { id, text, mentions })
}

/// Decide [`ReleaseChange::DeleteComment`]: the author's own comment, still there.
pub(crate) fn decide_delete(ask: &Ask, id: ItemId) -> Result<ReleaseChange, LifecycleError> {
    own(ask, &id)?;
    Ok(ReleaseChange::DeleteComment(id))
}

/// Decide [`ReleaseChange::SeeMention`]: the comment mentions the person marking it.
pub(crate) fn decide_see(ask: &Ask, id: ItemId) -> Result<ReleaseChange, LifecycleError> {
    let comment = comment(ask.release, &id)?;
    let mentioned = ask.actor.is_some_and(|a| comment.mentions.contains(&a.id));
    if !mentioned {
        return Err(LifecycleError::WrongState(
            "that comment does not mention you".into(),
        ));
    }
    Ok(ReleaseChange::SeeMention(id))
}

/// Apply [`ReleaseChange::Comment`].
pub(crate) fn apply_comment(
    release: &mut Release,
    section: Option<Section>,
    text: &str,
    mentions: &[PersonId],
    at: &At,
) {
    release.comments.push(Comment {
        id: at.new_id(),
        section,
        text: text.to_owned(),
        mentions: mentions.to_vec(),
        posted: at.stamp(),
        edited: None,
        deleted: None,
        seen: Vec::new(),
    });
}

/// Apply [`ReleaseChange::EditComment`]: only its author's edit counts.
pub(crate) fn apply_edit(
    release: &mut Release,
    id: &ItemId,
    text: &str,
    mentions: &[PersonId],
    at: &At,
) -> Result<(), String> {
    let comment = authored(release, id, at)?;
    comment.text = text.to_owned();
    comment.mentions = mentions.to_vec();
    comment.edited = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::DeleteComment`]: the text leaves the book, the log keeps it.
pub(crate) fn apply_delete(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    let comment = authored(release, id, at)?;
    comment.text.clear();
    comment.mentions.clear();
    comment.deleted = Some(at.stamp());
    Ok(())
}

/// Apply [`ReleaseChange::SeeMention`].
pub(crate) fn apply_see(release: &mut Release, id: &ItemId, at: &At) -> Result<(), String> {
    let comment = find(&mut release.comments, id, |c| &c.id, "comment")?;
    let by = &at.0.by;
    require(
        comment.mentions.contains(by),
        "the comment does not mention them",
    )?;
    require(!comment.seen.contains(by), "the mention is already seen")?;
    comment.seen.push(by.clone());
    Ok(())
}

fn authored<'a>(release: &'a mut Release, id: &ItemId, at: &At) -> Result<&'a mut Comment, String> {
    let comment = find(&mut release.comments, id, |c| &c.id, "comment")?;
    require(
        comment.posted.by == at.0.by,
        "only its author changes a comment",
    )?;
    require(comment.deleted.is_none(), "the comment was deleted")?;
    Ok(comment)
}

fn comment<'a>(release: &'a Release, id: &ItemId) -> Result<&'a Comment, LifecycleError> {
    release
        .comments
        .iter()
        .find(|c| &c.id == id && c.deleted.is_none())
        .ok_or_else(|| LifecycleError::NotFound("That comment".into()))
}

fn own(ask: &Ask, id: &ItemId) -> Result<(), LifecycleError> {
    let comment = comment(ask.release, id)?;
    if ask.actor.is_some_and(|a| a.id == comment.posted.by) {
        Ok(())
    } else {
        Err(LifecycleError::WrongState(
            "only its author edits or deletes a comment".into(),
        ))
    }
}

/// The people `text` mentions, or why it cannot be posted.
fn resolve(book: &Book, text: &str) -> Result<Vec<PersonId>, LifecycleError> {
    if text.trim().is_empty() {
        return Err(LifecycleError::invalid("text", "Write the comment."));
    }
    let people: Vec<&Person> = book.people.values().collect();
    let mut mentions: Vec<PersonId> = Vec::new();
    for part in parts(&people, text) {
        match part {
            Part::Mention(_, person) => {
                if !mentions.contains(&person.id) {
                    mentions.push(person.id.clone());
                }
            }
            Part::Text(words) => unknown_mention(&people, words)?,
        }
    }
    if let Some(why) = beyond(text, &mentions) {
        return Err(LifecycleError::invalid("text", why));
    }
    Ok(mentions)
}

/// Refuse an `@word` in plain text that names nobody, suggesting the closest person.
fn unknown_mention(people: &[&Person], words: &str) -> Result<(), LifecycleError> {
    let mut at = 0;
    while let Some(found) = words[at..].find('@') {
        let start = at + found;
        at = start + 1;
        if !starts_mention(words, start) {
            continue;
        }
        let word: String = words[at..]
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        if word.is_empty() {
            continue;
        }
        let closest = people
            .iter()
            .min_by_key(|p| distance(&word, p.id.as_str()).min(distance(&word, &p.name)));
        let hint = closest.map_or_else(
            || " Nobody is registered yet.".to_owned(),
            |p| format!(" Did you mean @{} ({})?", p.id, p.name),
        );
        return Err(LifecycleError::invalid(
            "text",
            format!("Nobody called “@{word}” is in this book.{hint} Write @ and their id or full name, or remove the @."),
        ));
    }
    Ok(())
}

/// An `@` at `start` begins a mention unless it follows a letter or digit (an e-mail
/// address: ops@example.com).
fn starts_mention(text: &str, start: usize) -> bool {
    !text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| is_word_char(c) || c == '@')
}

fn is_name_char(c: char) -> bool {
    is_word_char(c) || c == '-' || c == '_'
}

/// The person whose id or full name `rest` starts with (the longest wins), and its length.
fn mention_at<'a>(people: &[&'a Person], rest: &str) -> Option<(usize, &'a Person)> {
    let mut best: Option<(usize, &Person)> = None;
    for person in people {
        for key in [person.id.as_str(), person.name.as_str()] {
            let Some(len) = starts_with_folded(rest, key) else {
                continue;
            };
            let ends = !rest[len..].chars().next().is_some_and(is_name_char);
            if ends && !key.is_empty() && best.is_none_or(|(b, _)| len > b) {
                best = Some((len, person));
            }
        }
    }
    best
}

/// If `text` starts with `prefix`, ignoring case, the length in `text` it covers.
fn starts_with_folded(text: &str, prefix: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| i))
}

/// The edit distance between two words, ignoring case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::Role;

    fn person(id: &str, name: &str) -> Person {
        Person {
            id: PersonId::from(id),
            name: name.into(),
            roles: vec![Role::Stakeholder],
            email: String::new(),
        }
    }

    #[test]
    fn mentions_by_id_or_full_name_are_found_and_mail_addresses_are_not() {
        let (rita, olga) = (person("rita", "Rita Ramos"), person("olga", "Olga Okafor"));
        let people = [&rita, &olga];
        let parts = parts(
            &people,
            "@rita and @Olga Okafor, see ops@example.com or @nobody.",
        );
        assert_eq!(
            parts,
            vec![
                Part::Mention("@rita", &rita),
                Part::Text(" and "),
                Part::Mention("@Olga Okafor", &olga),
                Part::Text(", see ops@example.com or @nobody."),
            ]
        );
    }

    #[test]
    fn an_unknown_mention_suggests_the_closest_person() {
        let (rita, olga) = (person("rita", "Rita Ramos"), person("olga", "Olga Okafor"));
        let error = unknown_mention(&[&rita, &olga], "ask @ritta please").expect_err("unknown");
        assert!(
            error
                .to_string()
                .contains("Did you mean @rita (Rita Ramos)?"),
            "{error}"
        );
        assert!(unknown_mention(&[&rita], "mail ops@example.com, @ 10:00").is_ok());
    }

    #[test]
    fn limits_refuse_long_text_and_control_characters_but_keep_line_breaks() {
        assert!(beyond("two\nlines\tand a tab", &[]).is_none());
        assert!(beyond("bell\u{7}", &[]).is_some());
        assert!(beyond(&"x".repeat(COMMENT_CHARS + 1), &[]).is_some());
        assert!(beyond(&"é".repeat(COMMENT_CHARS), &[]).is_none());
    }

    #[test]
    fn the_mention_at_the_caret_is_the_word_it_is_in() {
        let text = "ask @al about @";
        assert_eq!(mention_at_caret(text, 7), Some(5..7));
        assert_eq!(mention_at_caret(text, 6), Some(5..7));
        assert_eq!(mention_at_caret(text, 5), Some(5..7));
        assert_eq!(mention_at_caret(text, text.len()), Some(15..15));
        assert_eq!(mention_at_caret(text, 10), None);
        assert_eq!(mention_at_caret("mail ops@ex", 11), None);
        assert_eq!(mention_at_caret("@é", 1), Some(1..3));
        assert_eq!(mention_at_caret("@é", 2), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("ritta", "rita"), 1);
        assert_eq!(distance("Rita", "rita"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}
