//! The pages of the navigation frame and their addresses.
//!
//! Release Desk is published as plain static files, often under a sub-path such as
//! `/release-desk/`, so a page's address lives in the URL fragment (`#/releases`): every
//! page is the same `index.html`, and a reload or a bookmark works on any static host
//! without rewrite rules.

/// One page of the navigation frame, in the order the navigation shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The home page: what needs attention today.
    Dashboard,
    /// Every release and its place in the lifecycle.
    Releases,
    /// Change authorizations waiting for a decision.
    Approvals,
    /// Deployment windows and freeze periods.
    Calendar,
    /// Configuration items and release packages.
    Catalogue,
    /// Post-implementation reviews and release metrics.
    Reports,
    /// Preferences of the person at this browser.
    Settings,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 7] = [
        Page::Dashboard,
        Page::Releases,
        Page::Approvals,
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
            Page::Calendar => "Calendar",
            Page::Catalogue => "Catalogue",
            Page::Reports => "Reports",
            Page::Settings => "Settings",
        }
    }

    /// The page's segment in the address, as in `#/releases`.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Releases => "releases",
            Page::Approvals => "approvals",
            Page::Calendar => "calendar",
            Page::Catalogue => "catalogue",
            Page::Reports => "reports",
            Page::Settings => "settings",
        }
    }

    /// The link to the page, relative to the current document (so sub-paths keep working).
    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The page a location fragment names, with or without its leading `#`; an empty or
    /// unknown fragment shows the dashboard rather than an error.
    pub fn from_hash(hash: &str) -> Page {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = slug.split(['/', '?']).next().unwrap_or_default();
        Page::ALL
            .into_iter()
            .find(|page| page.slug() == slug)
            .unwrap_or(Page::Dashboard)
    }
}
