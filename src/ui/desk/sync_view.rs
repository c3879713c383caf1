//! What syncing is doing and did, for the sync panel and the header: [`SyncView`], its
//! settings and secret, and the remote they describe.

use crate::storage::{prefs, secrets};
use crate::sync::fetch::{FetchRemote, Progress};
use crate::sync::meta::SyncMeta;
use crate::sync::{Credentials, SyncError, SyncReport};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// What a tab says while another one syncs.
pub const SYNC_ELSEWHERE: &str =
    "Another tab is syncing this book; its result shows here when it is done.";

/// What syncing is doing and did, for the sync panel and the header. One per tab.
#[derive(Clone, Copy)]
pub struct SyncView {
    /// The saved settings (address, sign-in, options).
    pub settings: RwSignal<prefs::SyncSettings>,
    /// While a sync runs: what has been received so far.
    pub running: RwSignal<Option<Progress>>,
    /// The outcome line: a sync's or a connection test's.
    pub status: RwSignal<Option<String>>,
    /// The last failure, in the `SyncError`'s words.
    pub error: RwSignal<Option<String>>,
    /// What is kept between syncs (state, last sync), as last read or written.
    pub meta: RwSignal<SyncMeta>,
    /// This browser's device id, once read.
    pub device: RwSignal<Option<String>>,
}

thread_local! {
    static SYNC_VIEW: Cell<Option<SyncView>> = const { Cell::new(None) };
    /// The password or token for this tab: from the form, or remembered (once read by
    /// [`SyncView::load_secret`]); `None` until either.
    static SYNC_SECRET: RefCell<Option<String>> = const { RefCell::new(None) };
}

impl SyncView {
    /// This tab's sync view.
    pub fn get() -> SyncView {
        SYNC_VIEW.with(|cell| match cell.get() {
            Some(view) => view,
            None => SyncView::fresh(),
        })
    }

    /// A new sync view, owned by the app being mounted (the desk makes one as it is
    /// provided): its signals live as long as that app, and a second app in the same page
    /// (the in-browser tests mount one after another) gets its own.
    pub(super) fn fresh() -> SyncView {
        let view = SyncView {
            settings: RwSignal::new(prefs::sync_settings()),
            running: RwSignal::new(None),
            status: RwSignal::new(None),
            error: RwSignal::new(None),
            meta: RwSignal::new(SyncMeta::default()),
            device: RwSignal::new(None),
        };
        SYNC_VIEW.with(|cell| cell.set(Some(view)));
        view
    }

    /// The password or token this tab uses: typed in this tab, or remembered (once
    /// [`SyncView::load_secret`] has read it).
    pub fn secret() -> String {
        SYNC_SECRET.with(|s| s.borrow().clone()).unwrap_or_default()
    }

    /// Read the remembered password or token into this tab, unless it has one already. The
    /// desk does so as it opens ([`super::Desk::reload_sync_meta`]), which also moves a clear one an
    /// older version left in localStorage into the encrypted store.
    /// A failure to read it is logged and leaves none, so the person is asked for it again.
    pub async fn load_secret() {
        if SYNC_SECRET.with(|s| s.borrow().is_some()) {
            return;
        }
        let remembered = match secrets::sync_secret().await {
            Ok(remembered) => remembered.unwrap_or_default(),
            Err(error) => {
                web_sys::console::warn_1(&error.to_string().into());
                return;
            }
        };
        SYNC_SECRET.with(|s| {
            s.borrow_mut().get_or_insert(remembered);
        });
    }

    /// Take new settings: saved in this browser, the secret kept in memory for this tab
    /// and, only when the person asked to remember it, stored encrypted (else forgotten).
    pub async fn apply(self, settings: prefs::SyncSettings, secret: String) -> Result<(), String> {
        prefs::set_sync_settings(&settings).map_err(|e| e.to_string())?;
        let remember = settings.remember && settings.sign_in != prefs::SignIn::None;
        SYNC_SECRET.with(|s| *s.borrow_mut() = Some(secret.clone()));
        self.settings.set(settings);
        secrets::keep_sync_secret(remember, &secret)
            .await
            .map_err(|e| e.to_string())
    }

    fn credentials(settings: &prefs::SyncSettings) -> Credentials {
        let secret = SyncView::secret();
        match settings.sign_in {
            prefs::SignIn::None => Credentials::None,
            prefs::SignIn::Password => Credentials::Basic {
                user: settings.user.trim().to_owned(),
                password: secret,
            },
            prefs::SignIn::Token => Credentials::Bearer { token: secret },
        }
    }

    /// The remote for the saved settings, reporting progress into [`SyncView::running`].
    pub(super) async fn remote(self) -> Result<FetchRemote, SyncError> {
        SyncView::load_secret().await;
        let settings = self.settings.get_untracked();
        if settings.address.trim().is_empty() {
            return Err(SyncError::BadAddress(
                "there is none yet; enter the address of the book's folder on the file host".into(),
            ));
        }
        let timeout = settings.timeout_s.clamp(1, 120) * 1000;
        let remote = FetchRemote::new(
            settings.address.trim(),
            SyncView::credentials(&settings),
            timeout,
        )?;
        let running = self.running;
        Ok(remote.on_progress(move |p| {
            if running.get_untracked().is_some() {
                running.set(Some(p));
            }
        }))
    }

    /// How many events of `log` are not known to be on the host of the saved address.
    pub fn pending(self, log: &crate::domain::Log) -> usize {
        let address = self
            .settings
            .with(|s| crate::sync::http::check_base(s.address.trim()).unwrap_or_default());
        self.meta.with(|m| {
            if m.address == address {
                m.state.pending_count(log.len())
            } else {
                log.len()
            }
        })
    }
}

/// `Syncing… 12 files, 3.4 MB received`.
pub fn progress_text(progress: Progress) -> String {
    if progress.requests == 0 {
        return "Syncing…".into();
    }
    format!("Syncing… {}", progress.received())
}

/// `Synced: 2 changes down, 1 up; 0 new conflicts.`, then what the exchange noted (a
/// device set aside, weak ETags, an older copy from a cache), each a sentence of its own.
pub fn synced_text(report: &SyncReport) -> String {
    let mut text = format!(
        "Synced: {} down, {} up; {}.",
        crate::domain::plural::count(report.pulled, "change"),
        report.pushed,
        crate::domain::plural::count(report.new_conflicts, "new conflict")
    );
    for note in &report.notes {
        text.push(' ');
        text.push_str(note);
    }
    text
}
