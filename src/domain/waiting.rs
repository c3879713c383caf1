//! What waits for a person: the approvals they may give now, the authorizations, waves,
//! handovers and post-implementation reviews their roles make theirs, each with its
//! release, what is asked, since when and how old it is; and the summary an approver needs
//! to decide (open risks, test results, deviations, the package's changes).
//!
//! A new kind of item is one variant of [`Kind`] and one function in [`SOURCES`], both in
//! this file: the function pushes a [`Waiting`] for every thing of that kind the person
//! must act on. The badge, the notifications and the dashboard read [`waiting_for`] and
//! need no change.

use super::book::Book;
use super::catalogue::{Person, Role};
use super::error::Section;
use super::gates::gate_phrase;
use super::ids::ReleaseId;
use super::permissions::may_decide;
use super::policy::Approver;
use super::query::pending_approvals;
use super::release::{
    ApprovalRound, Gate, IssueKind, Release, RoundOutcome, Severity, Status, WaveStatus,
};
use chrono::{DateTime, Duration, Utc};

/// A request is old, and flagged, once it has waited longer than this: a week, so that a
/// request made on a Friday is not flagged before the approver's next Friday.
pub const OLD_AFTER_DAYS: i64 = 7;

/// A deployment window is near when it starts within this many minutes.
pub const NEAR_MINUTES: i64 = 60;

/// The kinds of thing that wait for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An approval chain waits for this person's decision.
    Approval,
    /// A gate approved by its chain waits for change management's authorization.
    Authorization,
    /// A ready wave whose window has opened waits to be started.
    Wave,
    /// A release in review waits for operations to accept the handover.
    Handover,
    /// A release in review waits for its post-implementation review.
    Review,
    /// A comment mentions the person and waits for their reply or for them to mark it seen.
    Mention,
}

impl Kind {
    /// The words a person reads, as a heading of the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Approval => "approval",
            Kind::Authorization => "authorization",
            Kind::Wave => "wave to start",
            Kind::Handover => "handover to accept",
            Kind::Review => "post-implementation review",
            Kind::Mention => "mention to answer",
        }
    }
}

/// One thing that waits for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// What kind of thing it is.
    pub kind: Kind,
    /// The release it belongs to.
    pub release: ReleaseId,
    /// The release's title: "Payments v2.0".
    pub title: String,
    /// What is asked, as an imperative: "Approve the deployment to Production".
    pub what: String,
    /// Since when it waits: the request (or the step before) that made it this person's.
    pub since: DateTime<Utc>,
    /// Where on the release page it is done.
    pub section: Section,
    /// Names this item and no other, across the book's life: a device remembers which
    /// items it has told its person about by this key.
    pub key: String,
}

impl Waiting {
    /// How long it has waited at `now` (never negative).
    pub fn age(&self, now: DateTime<Utc>) -> Duration {
        (now - self.since).max(Duration::zero())
    }

    /// Whether it has waited longer than [`OLD_AFTER_DAYS`].
    pub fn is_old(&self, now: DateTime<Utc>) -> bool {
        is_old(self.since, now)
    }

    /// "waiting 3 days", "waiting 5 hours", "waiting less than an hour".
    pub fn age_words(&self, now: DateTime<Utc>) -> String {
        age_words(self.since, now)
    }
}

/// Whether something waiting since `since` is old at `now` (see [`OLD_AFTER_DAYS`]).
pub fn is_old(since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - since > Duration::days(OLD_AFTER_DAYS)
}

/// "waiting 3 days", "waiting 5 hours", "waiting less than an hour".
pub fn age_words(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let age = (now - since).max(Duration::zero());
    match (age.num_days(), age.num_hours()) {
        (0, 0) => "waiting less than an hour".into(),
        (0, hours) => format!("waiting {}", count(hours, "hour", "hours")),
        (days, _) => format!("waiting {}", count(days, "day", "days")),
    }
}

/// Since when a pending round waits for its next approver: the previous decision, or
/// the request when nobody has decided yet.
pub fn round_since(round: &ApprovalRound) -> DateTime<Utc> {
    round
        .decisions
        .last()
        .map_or(round.requested.at, |d| d.stamp.at)
}

/// "1 day", "3 days": a number with the noun it counts.
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where each kind of item comes from; a new kind adds its function here.
type Source = fn(&Book, &Person, DateTime<Utc>, &mut Vec<Waiting>);
const SOURCES: [Source; 6] = [
    approvals,
    authorizations,
    waves,
    handovers,
    reviews,
    mentions,
];

/// Comments that mention the person and wait for their reply or for them to mark them seen
/// (`release::comments::open_mentions`).
fn mentions(book: &Book, person: &Person, _: DateTime<Utc>, out: &mut Vec<Waiting>) {
    for open in super::release::comments::open_mentions(book, &person.id) {
        let what = format!(
            "Answer {}'s comment on {}",
            book.person_name(&open.comment.posted.by),
            super::release::comments::thread_label(open.comment.section)
        );
        out.push(item(
            open.release,
            Kind::Mention,
            what,
            open.since,
            open.comment.section.unwrap_or(Section::Overview),
            &open.comment.id.0,
        ));
    }
}

/// Everything that waits for `person` at `now`, oldest first.
pub fn waiting_for(book: &Book, person: &Person, now: DateTime<Utc>) -> Vec<Waiting> {
    let mut out = Vec::new();
    for source in SOURCES {
        source(book, person, now, &mut out);
    }
    super::order::sort_by_key(&mut out, |w| (w.since, w.key.clone()));
    out
}

fn item(
    release: &Release,
    kind: Kind,
    what: String,
    since: DateTime<Utc>,
    section: Section,
    detail: &str,
) -> Waiting {
    Waiting {
        kind,
        release: release.id.clone(),
        title: release.title(),
        what,
        since,
        section,
        key: format!(
            "{kind:?}:{}:{detail}:{}",
            release.id.0,
            since.timestamp_millis()
        ),
    }
}

/// Approvals the person may give now: since the request, or the decision before theirs.
fn approvals(book: &Book, person: &Person, _: DateTime<Utc>, out: &mut Vec<Waiting>) {
    for pending in pending_approvals(book, Some(person)) {
        let Some(round) = pending.release.round(&pending.gate) else {
            continue;
        };
        let since = round_since(round);
        let what = format!("Approve {}", gate_phrase(book, &pending.gate));
        out.push(item(
            pending.release,
            Kind::Approval,
            what,
            since,
            Section::Approvals,
            &gate_key(&pending.gate),
        ));
    }
}

/// Gates approved by their chain and not yet authorized, for change management.
fn authorizations(book: &Book, person: &Person, _: DateTime<Utc>, out: &mut Vec<Waiting>) {
    if !person.has(Role::ChangeManager) {
        return;
    }
    for release in active(book) {
        for round in release.rounds.iter().filter(|r| {
            r.cycle == release.cycle
                && r.outcome == RoundOutcome::Approved
                && !release.is_authorized(&r.gate)
        }) {
            let since = round_since(round);
            let what = format!("Authorize {}", gate_phrase(book, &round.gate));
            out.push(item(
                release,
                Kind::Authorization,
                what,
                since,
                Section::Authorization,
                &gate_key(&round.gate),
            ));
        }
    }
}

/// Ready waves of authorized environments whose window has opened, for the release
/// manager: since the later of readiness and the window's start.
fn waves(book: &Book, person: &Person, now: DateTime<Utc>, out: &mut Vec<Waiting>) {
    if !person.has(Role::ReleaseManager) {
        return;
    }
    for release in
        active(book).filter(|r| matches!(r.status, Status::Deployment | Status::EarlyLifeSupport))
    {
        for wave in release.waves.iter().filter(|w| {
            w.status == WaveStatus::Ready
                && w.plan.window.start <= now
                && release.is_authorized(&Gate::Deployment(w.plan.environment.clone()))
        }) {
            let ready = wave
                .readiness
                .as_ref()
                .map_or(wave.plan.window.start, |s| s.at);
            let what = format!("Start the wave “{}”", wave.plan.name);
            out.push(item(
                release,
                Kind::Wave,
                what,
                ready.max(wave.plan.window.start),
                Section::Waves,
                &wave.id.0,
            ));
        }
    }
}

/// Releases in review whose handover operations has not accepted, for operations.
fn handovers(book: &Book, person: &Person, _: DateTime<Utc>, out: &mut Vec<Waiting>) {
    if !person.has(Role::Operations) {
        return;
    }
    for release in in_review(book).filter(|r| r.review.handover.is_none()) {
        out.push(item(
            release,
            Kind::Handover,
            "Accept the handover to operations".into(),
            review_since(release),
            Section::Handover,
            "",
        ));
    }
}

/// Releases in review without their post-implementation review, for change management.
fn reviews(book: &Book, person: &Person, _: DateTime<Utc>, out: &mut Vec<Waiting>) {
    if !person.has(Role::ChangeManager) {
        return;
    }
    for release in in_review(book).filter(|r| r.review.pir.is_none()) {
        out.push(item(
            release,
            Kind::Review,
            "Record the post-implementation review".into(),
            review_since(release),
            Section::Review,
            "",
        ));
    }
}

fn active(book: &Book) -> impl Iterator<Item = &Release> {
    book.releases.values().filter(|r| !r.status.is_final())
}

fn in_review(book: &Book) -> impl Iterator<Item = &Release> {
    book.releases
        .values()
        .filter(|r| r.status == Status::Review)
}

/// A release entered review with its "fully operational" notification.
fn review_since(release: &Release) -> DateTime<Utc> {
    release
        .fully_operational
        .as_ref()
        .map_or(release.created.at, |s| s.at)
}

/// A gate as a key or element id part: `build`, `deployment-prod`.
pub fn gate_key(gate: &Gate) -> String {
    match gate {
        Gate::Planning => "planning".into(),
        Gate::Build => "build".into(),
        Gate::Deployment(env) => format!("deployment-{env}"),
        Gate::Close => "close".into(),
    }
}

/// A deployment window that starts soon and involves the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearWindow {
    /// The release.
    pub release: ReleaseId,
    /// "Wave 1: Nordic stores of Payments v2.0".
    pub what: String,
    /// When the window starts.
    pub start: DateTime<Utc>,
    /// Names this window (wave and start) for the device's memory of what it told.
    pub key: String,
}

/// Windows of waves not yet started that begin within [`NEAR_MINUTES`] after `now` and
/// involve `person`: they deploy (release manager, operations) or a chain of the release
/// names them.
pub fn near_windows(book: &Book, person: &Person, now: DateTime<Utc>) -> Vec<NearWindow> {
    let deploys = person.has(Role::ReleaseManager) || person.has(Role::Operations);
    let until = now + Duration::minutes(NEAR_MINUTES);
    let mut out = Vec::new();
    for release in active(book) {
        let named = || {
            release
                .approval_chains
                .values()
                .flatten()
                .any(|a| may_decide(person, a))
        };
        if !(deploys || named()) {
            continue;
        }
        for wave in release.waves.iter().filter(|w| {
            matches!(w.status, WaveStatus::Planned | WaveStatus::Ready)
                && w.plan.window.start > now
                && w.plan.window.start <= until
        }) {
            out.push(NearWindow {
                release: release.id.clone(),
                what: format!("{} of {}", wave.plan.name, release.title()),
                start: wave.plan.window.start,
                key: format!(
                    "Window:{}:{}",
                    wave.id.0,
                    wave.plan.window.start.timestamp_millis()
                ),
            });
        }
    }
    out
}

/// What an approver needs to decide on a release, as (heading, words) lines: open risks
/// by severity, the current cycle's test results, open deviations and the package's
/// configuration item changes.
pub fn decision_summary(book: &Book, release: &Release) -> Vec<(&'static str, String)> {
    let mut risks = String::new();
    for severity in Severity::ALL.into_iter().rev() {
        let n = release
            .risks
            .iter()
            .filter(|r| r.status.is_open() && r.severity() == severity)
            .count();
        if n > 0 {
            if !risks.is_empty() {
                risks.push_str(", ");
            }
            risks.push_str(&format!("{n} {}", severity.label()));
        }
    }
    let runs = release
        .test_runs
        .iter()
        .filter(|t| t.cycle == release.cycle);
    let (passed, failed) = runs.fold(
        (0, 0),
        |(p, f), t| {
            if t.passed() {
                (p + 1, f)
            } else {
                (p, f + 1)
            }
        },
    );
    let deviations: Vec<&str> = release
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Deviation && i.status.is_open())
        .map(|i| i.title.as_str())
        .collect();
    let changes: Vec<String> = release
        .package
        .iter()
        .map(|c| {
            let name = book
                .cis
                .get(&c.ci)
                .map_or(c.ci.0.as_str(), |ci| ci.name.as_str());
            match &c.action {
                super::release::CiAction::Add { version } => format!("{name} {version} (new)"),
                super::release::CiAction::Upgrade { from, to } => format!("{name} {from} → {to}"),
                super::release::CiAction::Retire => format!("{name} (retired)"),
            }
        })
        .collect();
    let or_none = |s: String, none: &str| if s.is_empty() { none.to_owned() } else { s };
    vec![
        ("Open risks", or_none(risks, "none")),
        (
            "Tests",
            if passed + failed == 0 {
                "none recorded".to_owned()
            } else {
                format!("{passed} passed, {failed} failed")
            },
        ),
        ("Deviations", or_none(deviations.join("; "), "none")),
        (
            "Changes",
            or_none(changes.join("; "), "no configuration item"),
        ),
    ]
}

/// The `mailto:` link that drafts a reminder to `approver` (everyone holding the role, for
/// a role; the person, for a mention) to do `what` ("approve build and test") on release
/// `title`, waiting `age` ("waiting 3 days"), with the release's address `link`. People without an e-mail address are left out of the "to"
/// line; the draft still opens for the sender to address.
pub fn reminder_mailto(
    book: &Book,
    approver: &Approver,
    title: &str,
    what: &str,
    age: &str,
    link: &str,
) -> String {
    let to: Vec<&str> = book
        .people
        .values()
        .filter(|p| !p.email.is_empty() && may_decide(p, approver))
        .map(|p| p.email.as_str())
        .collect();
    // ASCII only: Unicode's case tables would cost the bundle kilobytes for one letter.
    let mut what = what.to_owned();
    if let Some(first) = what.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    let subject = format!("Reminder: {what} of {title}");
    let body = format!(
        "Hello,\r\n\r\n{title} is {age} for you to {what}.\r\n\r\nThe release: {link}\r\n\r\nThank you."
    );
    let mut out = String::from("mailto:");
    for (i, address) in to.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        encode_into(&mut out, address);
    }
    out.push_str("?subject=");
    encode_into(&mut out, &subject);
    out.push_str("&body=");
    encode_into(&mut out, &body);
    out
}

/// Percent-encode every byte but the unreserved ones of RFC 3986 (and `@` in addresses).
fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}
