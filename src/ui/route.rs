//! The pages of the navigation frame and their addresses.
//!
//! Release Desk is published as plain static files, often under a sub-path such as
//! `/release-desk/`, so a page's address lives in the URL fragment (`#/releases`): every
//! page is the same `index.html`, and a reload or a bookmark works on any static host
//! without rewrite rules.
//!
//! An address is `#/<page>[/<segment>…][?key=value&…]`:
//!
//! | address | view |
//! |---|---|
//! | `#/releases?q=pay&phase=planning` | the release list, filtered |
//! | `#/releases/new` | the new-release wizard |
//! | `#/releases/<id>?section=plan` | a release's page, scrolled to a section |
//! | `#/releases/<id>?as_of=<event>` | the release as it was after an event |
//! | `#/catalogue/services` | one tab of the catalogue |
//! | `#/reports/notes/<id>` | one report |
//! | `#/search?q=failover` | search across the book |

/// One page of the navigation frame, in the order the navigation shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The home page: what needs attention today.
    Dashboard,
    /// Every release and its place in the lifecycle.
    Releases,
    /// Change authorizations waiting for a decision.
    Approvals,
    /// The runbook tasks the person here may act on now (a phone's view of a run).
    MyTasks,
    /// Deployment windows and freeze periods.
    Calendar,
    /// Services, environments, configuration items and release policies.
    Catalogue,
    /// Release notes, post-implementation reviews and exports.
    Reports,
    /// Preferences of the person at this browser.
    Settings,
    /// Search across the book (from the header's box; not in the navigation).
    Search,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 8] = [
        Page::Dashboard,
        Page::Releases,
        Page::Approvals,
        Page::MyTasks,
        Page::Calendar,
        Page::Catalogue,
        Page::Reports,
        Page::Settings,
    ];

    /// The page's name as the navigation shows it.
    pub fn title(self) -> &'static str {
        match self {
            Page::Dashboard => "Dashboard",
            Page::Releases => "Releases",
            Page::Approvals => "Approvals",
            Page::MyTasks => "My tasks",
            Page::Calendar => "Calendar",
            Page::Catalogue => "Catalogue",
            Page::Reports => "Reports",
            Page::Settings => "Settings",
            Page::Search => "Search",
        }
    }

    /// The page's segment in the address, as in `#/releases`.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Releases => "releases",
            Page::Approvals => "approvals",
            Page::MyTasks => "my-tasks",
            Page::Calendar => "calendar",
            Page::Catalogue => "catalogue",
            Page::Reports => "reports",
            Page::Settings => "settings",
            Page::Search => "search",
        }
    }

    /// The link to the page, relative to the current document (so sub-paths keep working).
    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The page a location fragment names, with or without its leading `#`; an empty or
    /// unknown fragment shows the dashboard rather than an error.
    pub fn from_hash(hash: &str) -> Page {
        Route::from_hash(hash).page
    }
}

/// A whole address: the page, the segments after it and the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The page of the navigation frame.
    pub page: Page,
    /// The decoded segments after the page: `["new"]`, `["<release id>"]`, `["services"]`.
    pub rest: Vec<String>,
    /// The decoded query pairs, in address order.
    pub query: Vec<(String, String)>,
}

impl Route {
    /// The route to a page with nothing after it.
    pub fn to(page: Page) -> Route {
        Route {
            page,
            rest: Vec::new(),
            query: Vec::new(),
        }
    }

    /// Read a location fragment, with or without its leading `#`.
    pub fn from_hash(hash: &str) -> Route {
        let body = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = body.split_once('?').unwrap_or((body, ""));
        let mut segments = path.split('/').filter(|s| !s.is_empty()).map(decode);
        let first = segments.next().unwrap_or_default();
        let pages = Page::ALL.into_iter().chain([Page::Search]);
        let Some(page) = pages.into_iter().find(|p| p.slug() == first) else {
            return Route::to(Page::Dashboard);
        };
        Route {
            page,
            rest: segments.collect(),
            query: query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(k), decode(v))
                })
                // A private book's key (an invitation link) is never part of a route, so
                // no link the app makes carries it on.
                .filter(|(k, _)| k != "key")
                .collect(),
        }
    }

    /// The segment after the page at `index`, if any.
    pub fn segment(&self, index: usize) -> Option<&str> {
        self.rest.get(index).map(String::as_str)
    }

    /// The value of a query key, if present.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// This route with one more segment.
    pub fn with_segment(mut self, segment: impl Into<String>) -> Route {
        self.rest.push(segment.into());
        self
    }

    /// This route with `key` set to `value`, or removed when `value` is empty.
    pub fn with_param(mut self, key: &str, value: &str) -> Route {
        self.query.retain(|(k, _)| k != key);
        if !value.is_empty() {
            self.query.push((key.to_owned(), value.to_owned()));
        }
        self
    }

    /// The address as a link: `#/releases/r-1?section=plan`.
    pub fn href(&self) -> String {
        let mut out = format!("#/{}", self.page.slug());
        for segment in &self.rest {
            out.push('/');
            encode_into(&mut out, segment);
        }
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            encode_into(&mut out, k);
            out.push('=');
            encode_into(&mut out, v);
        }
        out
    }
}

/// The link to a release's page.
pub fn release_href(id: &str) -> String {
    Route::to(Page::Releases).with_segment(id).href()
}

/// The link to one section of a release's page (the section's element id is
/// `section-<name>`, see [`section_id`]).
pub fn section_href(id: &str, section: crate::domain::Section) -> String {
    Route::to(Page::Releases)
        .with_segment(id)
        .with_param("section", section_slug(section))
        .href()
}

/// The address name of a release page section.
pub fn section_slug(section: crate::domain::Section) -> &'static str {
    use crate::domain::Section as S;
    match section {
        S::Details => "details",
        S::Package => "package",
        S::Plan => "plan",
        S::Criteria => "criteria",
        S::Approvals => "approvals",
        S::Authorization => "authorization",
        S::Builds => "builds",
        S::Tests => "tests",
        S::Waves => "waves",
        S::Runbook => "runbook",
        S::Backout => "backout",
        S::Risks => "risks",
        S::Issues => "issues",
        S::Review => "review",
        S::Knowledge => "knowledge",
        S::Handover => "handover",
        S::Overview => "overview",
        S::Operations => "operations",
        S::Communications => "communications",
        S::Timeline => "timeline",
    }
}

/// The element id of a release page section: `section-plan`.
pub fn section_id(section: crate::domain::Section) -> String {
    format!("section-{}", section_slug(section))
}

/// Percent-encode everything but unreserved characters (RFC 3986).
fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 15) as usize] as char);
        }
    }
}

/// Decode `%XX` escapes and `+` (a space in form encoding); bad escapes stay as typed.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
