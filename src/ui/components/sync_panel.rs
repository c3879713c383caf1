//! Settings' "Sync with a file host": the book folder's address, how to sign in, whether to
//! remember the credentials and to sync by itself; test the connection, sync now, and see
//! the last sync, the changes waiting to go up and the open conflicts.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::prefs::{SignIn, SyncSettings, SYNC_TIMEOUT_DEFAULT};
use crate::sync::http::check_base;
use crate::ui::act::Act;
use crate::ui::components::sync_privacy::{take_invitation, SyncPrivacy};
use crate::ui::desk::{progress_text, Desk, PrivacyStep, SyncView};
use crate::ui::kit::{effect, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::{Page, Route};
use crate::ui::state::AppState;

/// The element id the header's link and `#/settings?section=sync` lead to.
pub const SECTION_ID: &str = "sync";

/// The address of the sync section of Settings.
pub fn sync_href() -> String {
    Route::to(Page::Settings)
        .with_param("section", SECTION_ID)
        .href()
}

/// What is wrong with the form's fields: each field's name and message, shown under it.
type FieldErrors = Vec<(&'static str, String)>;

/// A checkbox's value in the kit: `"true"` or empty.
fn ticked(on: bool) -> String {
    if on { "true" } else { "" }.to_owned()
}

/// What a button does once the form is taken.
#[derive(Clone, Copy)]
enum Then {
    Save,
    Test,
    Sync,
}

/// The form as typed, not saved yet.
#[derive(Clone, Copy)]
struct Draft {
    address: RwSignal<String>,
    sign_in: RwSignal<String>,
    user: RwSignal<String>,
    secret: RwSignal<String>,
    remember: RwSignal<String>,
    auto: RwSignal<String>,
    timeout: RwSignal<String>,
    /// Carries the fields' errors.
    act: Act,
}

impl Draft {
    fn new(settings: &SyncSettings) -> Draft {
        Draft {
            address: RwSignal::new(settings.address.clone()),
            sign_in: RwSignal::new(settings.sign_in.value().to_owned()),
            user: RwSignal::new(settings.user.clone()),
            secret: RwSignal::new(SyncView::secret()),
            remember: RwSignal::new(ticked(settings.remember)),
            auto: RwSignal::new(ticked(settings.auto)),
            timeout: RwSignal::new(settings.timeout_s.to_string()),
            act: Act::new(),
        }
    }

    /// How the person signs in, as chosen.
    fn sign_in(self) -> SignIn {
        self.sign_in.with(|v| SignIn::from_value(v))
    }

    /// The settings the form holds, or what is wrong with them.
    fn check(self) -> Result<SyncSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let address = self.address.get_untracked().trim().to_owned();
        if address.is_empty() {
            errors.push((
                "address",
                "Enter the address of the book's folder on the file host, such as https://files.example.org/books/payments/.".into(),
            ));
        }
        // Kept as the transport uses it (with its trailing '/').
        let address = match check_base(&address) {
            Ok(base) => base,
            Err(error) => {
                if errors.is_empty() {
                    errors.push(("address", error.to_string()));
                }
                address
            }
        };
        let sign_in = self.sign_in();
        let user = self.user.get_untracked().trim().to_owned();
        if sign_in == SignIn::Password && user.is_empty() {
            errors.push((
                "user",
                "Enter the user name the file host knows you by.".into(),
            ));
        }
        let timeout = match self.timeout.get_untracked().trim().parse::<u32>() {
            Ok(secs) if (1..=120).contains(&secs) => secs,
            _ => {
                errors.push((
                    "timeout",
                    "Enter a whole number of seconds from 1 to 120 (20 is usual).".into(),
                ));
                SYNC_TIMEOUT_DEFAULT
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SyncSettings {
            address,
            sign_in,
            user: if sign_in == SignIn::Password {
                user
            } else {
                String::new()
            },
            remember: self.remember.with_untracked(|v| v == "true"),
            auto: self.auto.with_untracked(|v| v == "true"),
            timeout_s: timeout,
        })
    }

    /// Take the form ([`Draft::apply`]), then do what the button asked. One future for the
    /// three buttons, so the bundle carries one.
    async fn apply_then(self, view: SyncView, desk: Desk, then: Then) {
        if !self.apply(view).await {
            return;
        }
        match then {
            Then::Save => {
                view.error.set(None);
                view.status.set(Some("Sync settings saved.".into()));
            }
            Then::Test => desk.test_connection().await,
            Then::Sync => desk.sync(false).await,
        }
    }

    /// Check the form and, when it is good, take it (saved in this browser, the secret
    /// encrypted when remembered). `false` when something must be fixed first (said under
    /// the field) or could not be saved (said in the panel).
    async fn apply(self, view: SyncView) -> bool {
        match self.check() {
            Ok(settings) => {
                self.act.refuse_all(Vec::new());
                let secret = if settings.sign_in == SignIn::None {
                    String::new()
                } else {
                    self.secret.get_untracked()
                };
                match view.apply(settings, secret).await {
                    Ok(()) => true,
                    Err(message) => {
                        view.status.set(None);
                        view.error.set(Some(message));
                        false
                    }
                }
            }
            Err(errors) => {
                self.act.refuse_all(errors);
                view.error.set(None);
                view.status.set(None);
                false
            }
        }
    }
}

/// The sync section of Settings.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let desk = Desk::expect();
    let view = SyncView::get();
    let state = AppState::expect();
    let draft = Draft::new(&view.settings.get_untracked());
    // What this device keeps about the book's privacy, for the saved address; an invitation
    // link sets the address and gives the key.
    let privacy = RwSignal::new(None);
    // Take an invitation link (`…&join=<address>&key=<key>`): its address becomes the sync
    // address, and its key is kept. Without one, read what is kept for the saved address.
    let take = move |invitation: Option<(String, String)>| async move {
        if let Some((join, _)) = &invitation {
            draft.address.set(join.clone());
        }
        match invitation {
            Some((_, link)) if draft.apply(view).await => {
                match desk.privacy(PrivacyStep::UseKey(link)).await {
                    Ok(p) => {
                        privacy.set(Some(p));
                        view.error.set(None);
                        view.status.set(Some("Invitation taken: the book's key is kept on this device. Sync now to open the shared book.".into()));
                    }
                    Err(message) => view.error.set(Some(message)),
                }
            }
            _ => privacy.set(desk.privacy(PrivacyStep::Read).await.ok()),
        }
    };
    let invitation = take_invitation();
    // Reading the sync state also reads the remembered password or token from its encrypted
    // store, after the form is drawn: it fills the field unless the person typed one meanwhile.
    spawn_local(async move {
        desk.reload_sync_meta().await;
        if draft.secret.with_untracked(String::is_empty) {
            draft.secret.set(SyncView::secret());
        }
        take(invitation).await;
    });
    // An invitation opened while this page is already showing (only the address's fragment
    // changes, so the page stays) is taken the same way.
    effect(move |first: Option<()>| {
        state.route.track();
        if first.is_some() {
            if let Some(invitation) = take_invitation() {
                spawn_local(take(Some(invitation)));
            }
        }
    });
    // A sync may give the book its first key, or learn older ones: read them again after each.
    effect(move |first: Option<()>| {
        view.meta.track();
        if first.is_some() {
            spawn_local(take(None));
        }
    });

    // `#/settings?section=sync` (the header's link) scrolls here.
    let wanted = Memo::new(move |_| state.route.with(|r| r.param("section") == Some(SECTION_ID)));
    effect(move |_| {
        if wanted.get() {
            request_animation_frame(|| {
                if let Some(element) = document().get_element_by_id(SECTION_ID) {
                    element.scroll_into_view();
                }
            });
        }
    });

    let save = Callback::new(move |()| {
        spawn_local(async move {
            draft.apply_then(view, desk, Then::Save).await;
            take(None).await;
        })
    });
    // Each button first replaces the last outcome with what it is doing, so the panel never
    // shows an earlier outcome as this one's.
    let test = move |_| {
        view.error.set(None);
        view.status.set(Some("Connecting…".into()));
        spawn_local(draft.apply_then(view, desk, Then::Test));
    };
    let sync_now = move |_| {
        if view.running.get_untracked().is_some() {
            return;
        }
        view.error.set(None);
        view.status.set(Some(progress_text(Default::default())));
        spawn_local(draft.apply_then(view, desk, Then::Sync));
    };
    let busy = move || view.running.with(Option::is_some);

    let status_line = move || match view.running.get() {
        Some(progress) => Some(progress_text(progress)),
        None => view.status.get(),
    };
    let last_synced = move || {
        view.meta.with(|m| {
            m.last_synced
                .as_deref()
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
                .map(|at| {
                    format!(
                        "Last synced: {} UTC",
                        crate::domain::schedule::minute(at.with_timezone(&chrono::Utc))
                    )
                })
                .unwrap_or_else(|| "Never synced".into())
        })
    };
    let pending = Memo::new(move |_| desk.engine.with(|e| view.pending(e.log())));
    let conflicts = Memo::new(move |_| {
        desk.engine.with(|e| {
            let book = e.book();
            book.open_conflicts()
                .map(|c| {
                    let release = c.release.as_ref().and_then(|id| {
                        book.releases.get(id).map(|r| {
                            (
                                r.title(),
                                Route::to(Page::Releases)
                                    .with_segment(id.as_str())
                                    .with_param("section", "conflicts")
                                    .href(),
                            )
                        })
                    });
                    (
                        c.event.0.clone(),
                        release,
                        book.person_name(&c.by).to_owned(),
                        c.reason.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    let password = move || draft.sign_in() == SignIn::Password;
    let fields = vec![
        FieldSpec::kind("address", "Sync address", draft.address, "url")
            .placeholder("https://files.example.org/books/payments/")
            .autocomplete("url")
            .help("The book's folder. The host must allow this app's origin (CORS) and serve the files with Cache-Control: no-cache."),
        FieldSpec::select(
            "sign_in",
            "Sign-in",
            draft.sign_in,
            SignIn::ALL
                .into_iter()
                .map(|k| (k.value().to_owned(), k.label().to_owned()))
                .collect::<Vec<_>>(),
        ),
        FieldSpec::text("user", "User name", draft.user)
            .autocomplete("username")
            .shown(password),
        FieldSpec::kind("password", "Password", draft.secret, "password")
            .autocomplete("current-password")
            .shown(password),
        FieldSpec::kind("token", "Token", draft.secret, "password")
            .autocomplete("off")
            .shown(move || draft.sign_in() == SignIn::Token),
        FieldSpec::check("remember", "Remember the credentials on this device", draft.remember)
            .help("Off: the password or token is kept only in this tab and asked again next time. Credentials never go into an exported file or an address."),
        FieldSpec::check("auto", "Sync automatically when online", draft.auto),
        FieldSpec::kind("timeout", "Time-out in seconds", draft.timeout, "number"),
    ];
    let options = FormOptions::new(
        draft.act,
        "sync",
        "Sync with a file host",
        "Save sync settings",
    )
    .class("sync__form")
    .novalidate();
    let buttons = view! {
        <button class="button button--secondary" type="button" on:click=test prop:disabled=busy>"Test connection"</button>
        <button class="button" type="button" on:click=sync_now prop:disabled=busy>"Sync now"</button>
    }
    .into_any();

    view! {
        <section class="panel sync" id=SECTION_ID aria-labelledby="sync-title">
            <h2 class="panel__title" id="sync-title">"Sync with a file host"</h2>
            <p class="panel__help">
                "Share this book with other laptops through a folder on a static file host (WebDAV, S3, nginx or Apache). "
                "Each device adds its own changes; nothing on the host or here is ever overwritten."
            </p>
            <RecordForm options fields on_submit=save actions=buttons />
            <p class="sync__status" role="status">{status_line}</p>
            <p class="sync__error" role="alert">{move || view.error.get()}</p>
            <ul class="sync__facts">
                <li>{last_synced}</li>
                <li>{move || format!("Changes waiting to go up: {}", pending.get())}</li>
                <li>
                    {move || format!("Open conflicts: {}", conflicts.with(Vec::len))}
                    <When cond=move || conflicts.with(|c| !c.is_empty())>
                        <ul class="sync__conflicts">
                            <For each=move || conflicts.get() key=|c| c.0.clone() let((_, release, by, reason))>
                                <li>
                                    {match release {
                                        Some((title, href)) => view! {
                                            <a href=href>{format!("{title}: {reason} ({by})")}</a>
                                        }.into_any(),
                                        None => view! { <span>{format!("{reason} ({by})")}</span> }.into_any(),
                                    }}
                                </li>
                            </For>
                        </ul>
                    </When>
                </li>
            </ul>
            <SyncPrivacy privacy />
            <p class="sync__device">
                {move || view.device.get().map(|d| format!("This device's id on the host: {d}"))}
            </p>
        </section>
    }
}
