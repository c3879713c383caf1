//! Search across the book: releases, risks, deviations and issues, known errors,
//! configuration items, services, environments, people and comments.
//!
//! Every word of the query must be found in a record. A word found whole ranks above one
//! found at the start of a word, which ranks above one found inside a word, and a word
//! found in the record's title counts a little more. Case and the common Latin accents
//! are ignored ("zoe" finds "Zoë"). The search folds each field into one reused buffer
//! and keeps references until the best results are chosen, so a query on a book of
//! 10,000 releases allocates little more than the results it returns.

use super::book::Book;
use super::error::Section;
use super::ids::ReleaseId;
use super::release::{Comment, Release};
use std::fmt::Write;

/// What a result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A release.
    Release,
    /// A risk of a release.
    Risk,
    /// A deviation or issue of a release.
    Issue,
    /// A known error of a release.
    KnownError,
    /// A comment on a release.
    Comment,
    /// A service of the catalogue.
    Service,
    /// An environment.
    Environment,
    /// A configuration item.
    Ci,
    /// A person of the book.
    Person,
}

impl Kind {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Release => "Release",
            Kind::Risk => "Risk",
            Kind::Issue => "Deviation or issue",
            Kind::KnownError => "Known error",
            Kind::Comment => "Comment",
            Kind::Service => "Service",
            Kind::Environment => "Environment",
            Kind::Ci => "Configuration item",
            Kind::Person => "Person",
        }
    }
}

/// Where a result leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A release's page, at a section (`None`: its top).
    Release(ReleaseId, Option<Section>),
    /// A comment thread of a release (`None`: the thread of the release as a whole).
    Thread(ReleaseId, Option<Section>),
    /// A catalogue entry (service, environment, configuration item, person) by id.
    Entry(Kind, String),
}

/// One result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it is.
    pub kind: Kind,
    /// Its title: the release's name and number, the risk's title, the person's name.
    pub title: String,
    /// The release it belongs to (title), if any.
    pub release: Option<String>,
    /// The words that matched, when not in the title.
    pub snippet: Option<String>,
    /// Where it leads.
    pub target: Target,
}

/// The best results and how many records matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    /// The best results, best first.
    pub found: Vec<Found>,
    /// How many records matched.
    pub total: usize,
}

/// The records of `book` matching every word of `query`, best first, at most `limit`.
pub fn search(book: &Book, query: &str, limit: usize) -> Results {
    let mut folded = String::new();
    fold_into(&mut folded, query);
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return Results::default();
    }
    let mut scorer = Scorer {
        words: &words,
        buffer: String::new(),
        best: vec![0; words.len()],
        snippet: None,
    };
    let mut hits: Vec<(u32, Source)> = Vec::new();
    for source in sources(book) {
        if let Some((score, snippet)) = scorer.score(&source) {
            hits.push((score, source.with_snippet(snippet)));
        }
    }
    let total = hits.len();
    super::order::sort_by(&mut hits, |a, b| {
        b.0.cmp(&a.0).then(a.1.kind().cmp(&b.1.kind()))
    });
    hits.truncate(limit);
    Results {
        found: hits.into_iter().map(|(_, s)| s.found(book)).collect(),
        total,
    }
}

/// `text` lower-cased and without the common Latin accents, appended to `out`.
pub fn fold_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for lower in c.to_lowercase() {
                out.push(plain(lower));
            }
        }
    }
}

/// Whether `c` belongs to a word: an ASCII letter or digit, or any letter past ASCII (the
/// punctuation and symbol blocks excepted). Cheaper than `char::is_alphanumeric`, whose
/// Unicode tables would cost the bundle kilobytes for the same answer on real names.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c >= 'À'
            && c != '×'
            && c != '÷'
            && !('\u{2000}'..='\u{2BFF}').contains(&c)
            && !('\u{3000}'..='\u{303F}').contains(&c))
}

/// A lower-case letter without its accent.
fn plain(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è'..='ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì'..='ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        other => other,
    }
}

/// A record searched, by reference.
enum Source<'a> {
    Release(&'a Release),
    Risk(&'a Release, usize, Option<&'a str>),
    Issue(&'a Release, usize, Option<&'a str>),
    KnownError(&'a Release, usize, Option<&'a str>),
    Comment(&'a Release, &'a Comment),
    Service(&'a super::catalogue::Service, Option<&'a str>),
    Environment(&'a super::catalogue::Environment),
    Ci(&'a super::catalogue::ConfigurationItem),
    Person(&'a super::catalogue::Person),
}

fn sources(book: &Book) -> impl Iterator<Item = Source<'_>> {
    let releases = book.releases.values().flat_map(|r| {
        std::iter::once(Source::Release(r))
            .chain((0..r.risks.len()).map(move |n| Source::Risk(r, n, None)))
            .chain((0..r.issues.len()).map(move |n| Source::Issue(r, n, None)))
            .chain((0..r.known_errors.len()).map(move |n| Source::KnownError(r, n, None)))
            .chain(
                r.comments
                    .iter()
                    .filter(|c| c.deleted.is_none())
                    .map(move |c| Source::Comment(r, c)),
            )
    });
    releases
        .chain(book.services.values().map(|s| Source::Service(s, None)))
        .chain(book.environments.values().map(Source::Environment))
        .chain(book.cis.values().map(Source::Ci))
        .chain(book.people.values().map(Source::Person))
}

impl<'a> Source<'a> {
    fn kind(&self) -> Kind {
        match self {
            Source::Release(_) => Kind::Release,
            Source::Risk(..) => Kind::Risk,
            Source::Issue(..) => Kind::Issue,
            Source::KnownError(..) => Kind::KnownError,
            Source::Comment(..) => Kind::Comment,
            Source::Service(..) => Kind::Service,
            Source::Environment(_) => Kind::Environment,
            Source::Ci(_) => Kind::Ci,
            Source::Person(_) => Kind::Person,
        }
    }

    /// The record's fields, its title first (a release's number is scored apart).
    fn fields(&self, each: &mut dyn FnMut(&'a str)) {
        match self {
            Source::Release(r) => {
                each(&r.details.name);
                for rfc in &r.details.rfcs {
                    each(rfc);
                }
                each(&r.details.owner_team);
                each(&r.details.audience);
            }
            Source::Risk(r, n, _) => {
                let risk = &r.risks[*n];
                each(&risk.title);
                each(&risk.mitigation);
                each(&risk.owner);
            }
            Source::Issue(r, n, _) => {
                let issue = &r.issues[*n];
                each(&issue.title);
                each(&issue.corrective_action);
            }
            Source::KnownError(r, n, _) => {
                let error = &r.known_errors[*n];
                each(&error.title);
                each(&error.workaround);
                each(&error.fix);
            }
            Source::Comment(_, c) => {
                each("");
                each(&c.text);
            }
            Source::Service(s, _) => {
                each(&s.name);
                each(s.id.as_str());
                each(&s.description);
                each(&s.owner_team);
            }
            Source::Environment(e) => {
                each(&e.name);
                each(e.id.as_str());
            }
            Source::Ci(ci) => {
                each(&ci.name);
                each(ci.id.as_str());
                each(&ci.version);
            }
            Source::Person(p) => {
                each(&p.name);
                each(p.id.as_str());
            }
        }
    }

    fn with_snippet(self, snippet: Option<&'a str>) -> Self {
        match self {
            Source::Risk(r, n, _) => Source::Risk(r, n, snippet),
            Source::Issue(r, n, _) => Source::Issue(r, n, snippet),
            Source::KnownError(r, n, _) => Source::KnownError(r, n, snippet),
            Source::Service(s, _) => Source::Service(s, snippet),
            other => other,
        }
    }

    fn found(self, book: &Book) -> Found {
        let kind = self.kind();
        let in_release = |r: &Release| Some(r.title());
        let (title, release, snippet, target) = match self {
            Source::Release(r) => (r.title(), None, None, Target::Release(r.id.clone(), None)),
            Source::Risk(r, n, snippet) => (
                r.risks[n].title.clone(),
                in_release(r),
                snippet,
                Target::Release(r.id.clone(), Some(Section::Risks)),
            ),
            Source::Issue(r, n, snippet) => (
                r.issues[n].title.clone(),
                in_release(r),
                snippet,
                Target::Release(r.id.clone(), Some(Section::Issues)),
            ),
            Source::KnownError(r, n, snippet) => (
                r.known_errors[n].title.clone(),
                in_release(r),
                snippet,
                Target::Release(r.id.clone(), Some(Section::Issues)),
            ),
            Source::Comment(r, c) => (
                format!(
                    "{} on {}",
                    book.person_name(&c.posted.by),
                    super::release::comments::thread_label(c.section)
                ),
                in_release(r),
                Some(c.text.as_str()),
                Target::Thread(r.id.clone(), c.section),
            ),
            Source::Service(s, snippet) => (
                s.name.clone(),
                None,
                snippet,
                Target::Entry(Kind::Service, s.id.0.clone()),
            ),
            Source::Environment(e) => (
                e.name.clone(),
                None,
                None,
                Target::Entry(Kind::Environment, e.id.0.clone()),
            ),
            Source::Ci(ci) => (
                ci.name.clone(),
                None,
                None,
                Target::Entry(Kind::Ci, ci.id.0.clone()),
            ),
            Source::Person(p) => (
                p.name.clone(),
                None,
                None,
                Target::Entry(Kind::Person, p.id.0.clone()),
            ),
        };
        Found {
            kind,
            title,
            release,
            snippet: snippet.map(cut),
            target,
        }
    }
}

/// A matched field as a result shows it: on one line, at most 160 characters.
fn cut(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect();
    if text.chars().nth(160).is_some() {
        out.push('…');
    }
    out
}

/// Scores records against the query's words, reusing its buffers.
struct Scorer<'q, 'a> {
    words: &'q [&'q str],
    buffer: String,
    best: Vec<u32>,
    snippet: Option<&'a str>,
}

impl<'a> Scorer<'_, 'a> {
    /// The record's score and the first field after its title that matched, or `None`
    /// when a word of the query is nowhere in it.
    fn score(&mut self, source: &Source<'a>) -> Option<(u32, Option<&'a str>)> {
        self.best.iter_mut().for_each(|b| *b = 0);
        self.snippet = None;
        let mut index = 0;
        source.fields(&mut |field| {
            self.field(field, index == 0);
            index += 1;
        });
        if let Source::Release(r) = source {
            self.buffer.clear();
            let _ = write!(self.buffer, "{} v{}", r.version, r.version);
            let number = std::mem::take(&mut self.buffer);
            self.folded_field(&number, None, true);
            self.buffer = number;
        }
        if self.best.contains(&0) {
            return None;
        }
        Some((self.best.iter().sum(), self.snippet))
    }

    fn field(&mut self, field: &'a str, title: bool) {
        if field.is_empty() {
            return;
        }
        let mut folded = std::mem::take(&mut self.buffer);
        folded.clear();
        fold_into(&mut folded, field);
        self.folded_field(&folded, (!title).then_some(field), title);
        self.buffer = folded;
    }

    fn folded_field(&mut self, folded: &str, field: Option<&'a str>, title: bool) {
        let mut matched = false;
        for (word, best) in self.words.iter().zip(self.best.iter_mut()) {
            let rank = rank(folded, word);
            if rank == 0 {
                continue;
            }
            matched = true;
            let score = rank * 2 + u32::from(title);
            *best = (*best).max(score);
        }
        if matched && self.snippet.is_none() {
            self.snippet = field;
        }
    }
}

/// How `word` is found in `text`: 3 a whole word, 2 the start of a word, 1 inside a
/// word, 0 not at all.
fn rank(text: &str, word: &str) -> u32 {
    let mut best = 0;
    for (at, _) in text.match_indices(word) {
        let starts = !text[..at].chars().next_back().is_some_and(is_word_char);
        let ends = !text[at + word.len()..]
            .chars()
            .next()
            .is_some_and(is_word_char);
        let rank = match (starts, ends) {
            (true, true) => return 3,
            (true, false) => 2,
            _ => 1,
        };
        best = best.max(rank);
    }
    best
}
