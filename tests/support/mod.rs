//! What the domain tests share: a fixed start time, the demo organisation as the "given",
//! and short ways to address a release.
#![allow(dead_code)] // Each test file uses its own share of these.

use chrono::{DateTime, TimeZone, Utc};
use release_desk::demo::{self, Script};
use release_desk::domain::{
    Category, Change, Gate, LifecycleError, Release, ReleaseChange, ReleaseId, Version,
};

/// What a test returns: a refusal fails it with the domain's own words.
pub type Result<T = ()> = std::result::Result<T, LifecycleError>;

/// 1 October 2026, 09:00 UTC: where every test's clock starts.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// Given: the demo organisation (people, services, environments, CIs, policies).
pub fn given_catalogue() -> Script {
    let mut s = Script::new("e", start());
    for (actor, change) in demo::catalogue(2026) {
        s.ok(actor, change).expect("catalogue");
    }
    s
}

/// A change to one release.
pub fn on(id: &ReleaseId, change: ReleaseChange) -> Change {
    Change::Release {
        id: id.clone(),
        change,
    }
}

/// A release as the script's book holds it now.
pub fn release<'a>(s: &'a Script, id: &ReleaseId) -> &'a Release {
    &s.engine.book().releases[id]
}

/// Change management authorizes `gates` (the emergency CAB when `emergency`).
pub fn authorize(gates: Vec<Gate>, emergency: bool) -> ReleaseChange {
    ReleaseChange::Authorize {
        gates,
        emergency,
        note: "CAB decision".into(),
    }
}

/// Given: a draft minor release Payments 3.3 upgrading the payments API.
pub fn payments_3_3(s: &mut Script) -> Result<ReleaseId> {
    demo::new_release(
        s,
        "payments",
        Category::Minor,
        Version::new(3, 3, 0),
        "Payments 3.3",
        &["payments-api"],
    )
}
