//! The published, read-only view: `index.html?book=<url of a book folder>` (or `?book`
//! alone: the folder `book/` beside the app) pulls that book from its host into memory and
//! shows it with the whole app, read-only. Nothing is written to IndexedDB or
//! localStorage, nobody is acting, and no form or action is offered.
//!
//! The book is read exactly as a sync reads it ([`sync::pull`] into an empty engine): every
//! segment is checked against its hash and the whole audit chain must verify, so an altered
//! book is refused and nothing of it is shown. A private book's link carries its key in the
//! fragment (`?book=<url>#key=<key>`, never sent to any server): its files are opened with
//! it, and a missing or wrong key is said in words.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::schedule::minute;
use crate::domain::Engine;
use crate::sync::crypt::WebCipher;
use crate::sync::fetch::{FetchRemote, Progress};
use crate::sync::http::host_of;
use crate::sync::layout::{Manifest, MANIFEST};
use crate::sync::sealed::{BookKey, KeyRing, Sealed};
use crate::sync::{self, Credentials, Got, Publication, Remote, SyncError, SyncState};
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::state::AppState;

/// How a published book that does not verify is named in its refusal.
const PUBLISHED: &str = "the published book";

/// How long a request for the published book may take.
const TIMEOUT_MS: u32 = 30_000;

/// Where the published book stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    /// Being read from its host.
    Opening,
    /// Shown: the banner's sentence.
    Shown(String),
    /// Refused or unreachable: why, in words.
    Failed(String),
}

/// Provided (as context) only in the published view.
#[derive(Clone, Copy)]
pub struct Published {
    /// Where the book stands.
    pub loading: RwSignal<Loading>,
    /// What has come down so far.
    pub progress: RwSignal<Progress>,
}

/// Said where a page would offer a change, in the published view.
pub const READ_ONLY: &str =
    "This published book is read-only: changes are made in the team's own copies of it.";

/// Whether this tab shows a published book (read-only).
pub fn published() -> bool {
    use_context::<Published>().is_some()
}

/// The value of `book` in a query string (`?a=1&book=x`): `Some("")` for `?book` alone,
/// `None` when there is no `book`.
pub fn book_param(search: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == "book").then(|| value.replace('+', " "))
        })
        .map(|value| {
            js_sys::decode_uri_component(&value)
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or(value)
        })
}

/// The published book's folder this page was opened for, resolved against the page's
/// address (`?book` alone: `book/` beside the app); `None`: the viewer's own book.
pub fn book_address() -> Option<String> {
    let location = web_sys::window()?.location();
    let value = book_param(&location.search().ok()?)?;
    let value = if value.trim().is_empty() {
        "book/".to_owned()
    } else {
        value.trim().to_owned()
    };
    let page = location.href().ok()?;
    Some(
        web_sys::Url::new_with_base(&value, &page)
            .map(|url| url.href())
            .unwrap_or(value),
    )
}

/// Set up the published view for `address`: a desk that never stores, nobody acting, and
/// the book pulled in the background. Call once, instead of [`Desk::provide`].
pub fn provide(address: String) -> Desk {
    // Nobody acts here: the viewer's saved person is not read from preferences (and
    // nothing is written to them), so every page offers only what nobody may do: nothing.
    if let Some(mut state) = use_context::<AppState>() {
        state.person = signal(None).0;
        state.display_name = signal(None).0;
        provide_context(state);
    }
    let desk = Desk::provide_published();
    let loading = RwSignal::new(Loading::Opening);
    let progress = RwSignal::new(Progress::default());
    provide_context(Published { loading, progress });
    let key = fragment_key();
    spawn_local(async move {
        match pull_book(&address, key, move |p| progress.set(p)).await {
            Ok((engine, host, published)) => {
                loading.set(Loading::Shown(banner_text(
                    &engine,
                    &host,
                    published.as_ref(),
                )));
                desk.engine.set(engine);
                desk.status.set(DeskStatus::Ready);
            }
            Err(error) => {
                let message = refusal(&error);
                loading.set(Loading::Failed(message.clone()));
                desk.status.set(DeskStatus::Failed(message));
            }
        }
    });
    desk
}

/// The key in this page's fragment (`#key=<key>`), if any. It stays in the address, so the
/// link keeps working when reloaded.
fn fragment_key() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    crate::sync::sealed::key_in_link(&hash).map(str::to_owned)
}

/// What the published view says when it shows no book: a private book's key in the words
/// of a link, anything else as the sync says it.
fn refusal(error: &SyncError) -> String {
    match error {
        SyncError::Private => "This published book is private: open the whole published link, with its key (the part from #key=). It is not shown.".to_owned(),
        SyncError::WrongKey => "The key in this link does not open this published book: it may have been changed. Ask for the current published link. It is not shown.".to_owned(),
        SyncError::Tampered { path, detail } if path == PUBLISHED => {
            format!("This published book does not verify: {detail}. It is not shown.")
        }
        SyncError::BadKey(why) => format!("The key in this link cannot be used ({why}): ask for the published link again. It is not shown."),
        other => other.to_string(),
    }
}

/// Pull the whole book at `address` into an empty engine, opening it with `key` when it is
/// private; with the host's name. A book whose whole chain does not verify is refused.
async fn pull_book(
    address: &str,
    key: Option<String>,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<(Engine, String, Option<Publication>), SyncError> {
    let fetch = FetchRemote::new(address, Credentials::None, TIMEOUT_MS)?.on_progress(on_progress);
    let ring = match key {
        Some(text) => KeyRing::new(vec![BookKey::from_text(&text)?]),
        None => KeyRing::default(),
    };
    let cipher = WebCipher::new();
    let remote = Sealed::new(&fetch, &cipher, ring);
    let nothing_there = || SyncError::NotFound(format!("book at {}", fetch.base()));
    let manifest = match remote.get(MANIFEST, None).await? {
        Got::Ok { body, .. } => Manifest::decode(&body)?,
        Got::NotModified | Got::NotFound => return Err(nothing_there()),
    };
    // Pull as one of the book's own devices, so no request asks for an index that is not
    // there; nothing is ever pushed.
    let device = manifest
        .devices
        .iter()
        .next()
        .cloned()
        .unwrap_or_else(|| "viewer".to_owned());
    let pulled = sync::pull(
        &Engine::new(),
        &device,
        &SyncState::new(&manifest.name),
        &remote,
    )
    .await?;
    let published = pulled.published;
    let incoming = pulled.incoming.ok_or_else(nothing_there)?;
    let engine = crate::ui::desk::checked(&Engine::new, incoming, "the published book")
        .await
        .engine;
    // docs/sync.md: a published book whose chain does not verify is refused, not shown.
    if let Err(link) = engine.log().verify() {
        return Err(SyncError::Tampered {
            path: PUBLISHED.into(),
            detail: format!("its audit chain does not verify: {link}"),
        });
    }
    Ok((engine, host_of(fetch.base()).to_owned(), published))
}

/// "Published book from <host>, published on <time> by <person>. Every change checked: N
/// changes, none altered since it was written." A book published before publications were
/// recorded says so, with the time of its newest change instead.
pub fn banner_text(engine: &Engine, host: &str, published: Option<&Publication>) -> String {
    let log = engine.log();
    let when = match published {
        Some(p) => format!("published on {} UTC by {}", minute(p.at), p.by),
        None => {
            let newest = log
                .events()
                .iter()
                .map(|e| e.at)
                .max()
                .map_or_else(|| "none".to_owned(), |at| format!("{} UTC", minute(at)));
            format!("publication not dated (its newest change: {newest})")
        }
    };
    let chain = match log.verify() {
        Ok(()) => format!(
            "Every change checked: {} changes, none altered since it was written.",
            log.len()
        ),
        Err(link) => format!("Altered after it was written: the record breaks at {link}."),
    };
    format!(
        "Published book from {host}, {when}. {chain} {}",
        signatures_text(engine)
    )
}

/// "N events verified, signed by M people; K rejected." (or that the book is not signed).
pub fn signatures_text(engine: &Engine) -> String {
    let book = engine.book();
    let rejected: std::collections::HashSet<_> = book.rejected.iter().map(|r| &r.event).collect();
    let signed: Vec<_> = engine
        .log()
        .events()
        .iter()
        .filter(|e| e.sig.is_some() && !rejected.contains(&e.id))
        .collect();
    if signed.is_empty() && rejected.is_empty() {
        return "Not signed: written before signing.".to_owned();
    }
    let people = crate::domain::order::set(signed.iter().map(|e| &e.by));
    format!(
        "{} events verified, signed by {} {}; {} rejected.",
        signed.len(),
        people.len(),
        if people.len() == 1 {
            "person"
        } else {
            "people"
        },
        rejected.len()
    )
}

/// " 12 files, 3.4 MB received" (nothing before the first answer).
fn received(progress: Progress) -> String {
    if progress.requests == 0 && progress.bytes == 0 {
        return String::new();
    }
    format!(" {}", progress.received())
}

/// The banner across the top of every page of the published view: opening, what was
/// published when and its verification, or why it could not be shown.
#[component]
pub fn PublishedBanner() -> impl IntoView {
    let Some(published) = use_context::<Published>() else {
        return ().into_any();
    };
    view! {
        <section class="published" role="region" aria-label="Published book">
            {move || match published.loading.get() {
                Loading::Opening => view! {
                    <p class="banner banner--info" role="status">
                        "Opening the published book…"
                        {move || received(published.progress.get())}
                    </p>
                }
                .into_any(),
                Loading::Shown(text) => view! {
                    <p class="banner banner--info">{text}" Read-only: nothing can be changed here."</p>
                }
                .into_any(),
                Loading::Failed(why) => view! {
                    <p class="banner banner--error" role="alert">{why}</p>
                }
                .into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The Settings page of the published view: nothing to set here, and the way back to the
/// viewer's own book.
#[component]
pub fn PublishedSettings() -> impl IntoView {
    let own = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "./".to_owned());
    view! {
        <section class="page settings">
            <h1 class="page__title">"Settings"</h1>
            <p>
                "This is a published book, shown read-only: nothing can be changed, stored, "
                "imported or synced from this view, and your own book in this browser is not "
                "touched."
            </p>
            <p><a href=own>"Open your own book"</a></p>
        </section>
    }
}

/// Whether a published book was refused (or could not be reached): the pages then show
/// nothing, only the banner's message. Always false for the viewer's own book.
pub fn refused() -> Signal<bool> {
    let published = use_context::<Published>();
    Signal::derive(move || {
        published.is_some_and(|p| p.loading.with(|l| matches!(l, Loading::Failed(_))))
    })
}

/// A read-only look, in the part of the page that calls it, at a book an import refused
/// because it is another book: the published view's in-memory desk (nothing is stored,
/// nobody acts), filled from the file's log, which the import already read and whose chain
/// verified. Its signatures are checked here as the published view checks them.
pub fn provide_file(log: crate::domain::Log, about: String) -> Desk {
    let desk = Desk::provide_published();
    let loading = RwSignal::new(Loading::Opening);
    let progress = RwSignal::new(Progress::default());
    provide_context(Published { loading, progress });
    spawn_local(async move {
        match Engine::new().incoming(&log) {
            Ok(incoming) => {
                let engine = crate::ui::desk::checked(&Engine::new, incoming, "the file")
                    .await
                    .engine;
                loading.set(Loading::Shown(format!(
                    "{about} {}",
                    signatures_text(&engine)
                )));
                desk.engine.set(engine);
                desk.status.set(DeskStatus::Ready);
            }
            Err(clash) => {
                let message = clash.to_string();
                loading.set(Loading::Failed(message.clone()));
                desk.status.set(DeskStatus::Failed(message));
            }
        }
    });
    desk
}
