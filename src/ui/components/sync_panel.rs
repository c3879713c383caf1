//! Settings' "Sync with a file host": the book folder's address, how to sign in, whether to
//! remember the credentials and to sync by itself; test the connection, sync now, and see
//! the last sync, the changes waiting to go up and the open conflicts.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::prefs::{SignIn, SyncSettings, SYNC_TIMEOUT_DEFAULT};
use crate::sync::http::check_base;
use crate::ui::desk::{progress_text, Desk, SyncView};
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

/// What is wrong with the form's fields, each shown under its field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FieldErrors {
    address: Option<String>,
    user: Option<String>,
    timeout: Option<String>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.address.is_some() || self.user.is_some() || self.timeout.is_some()
    }
}

/// The form as typed, not saved yet.
#[derive(Clone, Copy)]
struct Draft {
    address: RwSignal<String>,
    sign_in: RwSignal<SignIn>,
    user: RwSignal<String>,
    secret: RwSignal<String>,
    remember: RwSignal<bool>,
    auto: RwSignal<bool>,
    timeout: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
}

impl Draft {
    fn new(settings: &SyncSettings) -> Draft {
        Draft {
            address: RwSignal::new(settings.address.clone()),
            sign_in: RwSignal::new(settings.sign_in),
            user: RwSignal::new(settings.user.clone()),
            secret: RwSignal::new(SyncView::secret()),
            remember: RwSignal::new(settings.remember),
            auto: RwSignal::new(settings.auto),
            timeout: RwSignal::new(settings.timeout_s.to_string()),
            errors: RwSignal::new(FieldErrors::default()),
        }
    }

    /// The settings the form holds, or what is wrong with them.
    fn check(self) -> Result<SyncSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let address = self.address.get_untracked().trim().to_owned();
        if address.is_empty() {
            errors.address = Some(
                "Enter the address of the book's folder on the file host, such as https://files.example.org/books/payments/.".into(),
            );
        }
        // Kept as the transport uses it (with its trailing '/').
        let address = match check_base(&address) {
            Ok(base) => base,
            Err(error) => {
                if errors.address.is_none() {
                    errors.address = Some(error.to_string());
                }
                address
            }
        };
        let sign_in = self.sign_in.get_untracked();
        let user = self.user.get_untracked().trim().to_owned();
        if sign_in == SignIn::Password && user.is_empty() {
            errors.user = Some("Enter the user name the file host knows you by.".into());
        }
        let timeout = match self.timeout.get_untracked().trim().parse::<u32>() {
            Ok(secs) if (1..=120).contains(&secs) => secs,
            _ => {
                errors.timeout =
                    Some("Enter a whole number of seconds from 1 to 120 (20 is usual).".into());
                SYNC_TIMEOUT_DEFAULT
            }
        };
        if errors.any() {
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
            remember: self.remember.get_untracked(),
            auto: self.auto.get_untracked(),
            timeout_s: timeout,
        })
    }

    /// Check the form and, when it is good, take it (saved in this browser). `false` when
    /// something must be fixed first (said under the field).
    fn apply(self, view: SyncView) -> bool {
        match self.check() {
            Ok(settings) => {
                self.errors.set(FieldErrors::default());
                let secret = if settings.sign_in == SignIn::None {
                    String::new()
                } else {
                    self.secret.get_untracked()
                };
                match view.apply(settings, secret) {
                    Ok(()) => true,
                    Err(message) => {
                        view.status.set(None);
                        view.error.set(Some(message));
                        false
                    }
                }
            }
            Err(errors) => {
                self.errors.set(errors);
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
    spawn_local(desk.reload_sync_meta());

    // `#/settings?section=sync` (the header's link) scrolls here.
    let wanted = Memo::new(move |_| state.route.with(|r| r.param("section") == Some(SECTION_ID)));
    Effect::new(move |_| {
        if wanted.get() {
            request_animation_frame(|| {
                if let Some(element) = document().get_element_by_id(SECTION_ID) {
                    element.scroll_into_view();
                }
            });
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if draft.apply(view) {
            view.error.set(None);
            view.status.set(Some("Sync settings saved.".into()));
        }
    };
    // Each button first replaces the last outcome with what it is doing, so the panel never
    // shows an earlier outcome as this one's.
    let test = move |_| {
        view.error.set(None);
        view.status.set(Some("Connecting…".into()));
        if draft.apply(view) {
            spawn_local(desk.test_connection());
        }
    };
    let sync_now = move |_| {
        if view.running.get_untracked().is_some() {
            return;
        }
        view.error.set(None);
        view.status.set(Some(progress_text(Default::default())));
        if draft.apply(view) {
            spawn_local(desk.sync(false));
        }
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

    let error_of = move |pick: fn(&FieldErrors) -> Option<String>| move || draft.errors.with(pick);
    let invalid = move |pick: fn(&FieldErrors) -> Option<String>| {
        move || draft.errors.with(|e| pick(e).is_some()).then_some("true")
    };

    view! {
        <section class="panel sync" id=SECTION_ID aria-labelledby="sync-title">
            <h2 class="panel__title" id="sync-title">"Sync with a file host"</h2>
            <p class="panel__help">
                "Share this book with other laptops through a folder on a static file host (WebDAV, S3, nginx or Apache). "
                "Each device adds its own changes; nothing on the host or here is ever overwritten."
            </p>
            <form class="sync__form" on:submit=save aria-labelledby="sync-title" novalidate>
                <div class="field">
                    <label class="field__label" for="sync-address">"Sync address"</label>
                    <input class="field__input" id="sync-address" name="sync-address" type="url"
                        placeholder="https://files.example.org/books/payments/"
                        autocomplete="url"
                        aria-describedby="sync-address-help error-sync-address"
                        aria-invalid=invalid(|e| e.address.clone())
                        prop:value=move || draft.address.get()
                        on:input=move |ev| draft.address.set(event_target_value(&ev)) />
                    <p class="sync__help" id="sync-address-help">
                        "The book's folder. The host must allow this app's origin (CORS) and serve the files with Cache-Control: no-cache."
                    </p>
                    <p class="field__error" id="error-sync-address" role="alert">{error_of(|e| e.address.clone())}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="sync-sign-in">"Sign-in"</label>
                    <select class="field__input" id="sync-sign-in"
                        on:change=move |ev| draft.sign_in.set(SignIn::from_value(&event_target_value(&ev)))>
                        {SignIn::ALL.into_iter().map(|kind| view! {
                            <option value=kind.value() selected=move || draft.sign_in.get() == kind>{kind.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || draft.sign_in.get() == SignIn::Password>
                    <div class="field">
                        <label class="field__label" for="sync-user">"User name"</label>
                        <input class="field__input" id="sync-user" type="text" autocomplete="username"
                            aria-describedby="error-sync-user"
                            aria-invalid=invalid(|e| e.user.clone())
                            prop:value=move || draft.user.get()
                            on:input=move |ev| draft.user.set(event_target_value(&ev)) />
                        <p class="field__error" id="error-sync-user" role="alert">{error_of(|e| e.user.clone())}</p>
                    </div>
                    <div class="field">
                        <label class="field__label" for="sync-password">"Password"</label>
                        <input class="field__input" id="sync-password" type="password" autocomplete="current-password"
                            prop:value=move || draft.secret.get()
                            on:input=move |ev| draft.secret.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <Show when=move || draft.sign_in.get() == SignIn::Token>
                    <div class="field">
                        <label class="field__label" for="sync-token">"Token"</label>
                        <input class="field__input" id="sync-token" type="password" autocomplete="off"
                            prop:value=move || draft.secret.get()
                            on:input=move |ev| draft.secret.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <span class="field--check">
                    <input type="checkbox" id="sync-remember" aria-describedby="sync-remember-help"
                        prop:checked=move || draft.remember.get()
                        on:change=move |ev| draft.remember.set(event_target_checked(&ev)) />
                    <label for="sync-remember">"Remember the credentials on this device"</label>
                </span>
                <p class="sync__help" id="sync-remember-help">
                    "Off: the password or token is kept only in this tab and asked again next time. Credentials never go into an exported file or an address."
                </p>
                <span class="field--check">
                    <input type="checkbox" id="sync-auto"
                        prop:checked=move || draft.auto.get()
                        on:change=move |ev| draft.auto.set(event_target_checked(&ev)) />
                    <label for="sync-auto">"Sync automatically when online"</label>
                </span>
                <div class="field">
                    <label class="field__label" for="sync-timeout">"Time-out in seconds"</label>
                    <input class="field__input sync__timeout" id="sync-timeout" type="number" min="1" max="120" step="1"
                        aria-describedby="error-sync-timeout"
                        aria-invalid=invalid(|e| e.timeout.clone())
                        prop:value=move || draft.timeout.get()
                        on:input=move |ev| draft.timeout.set(event_target_value(&ev)) />
                    <p class="field__error" id="error-sync-timeout" role="alert">{error_of(|e| e.timeout.clone())}</p>
                </div>
                <div class="sync__actions">
                    <button class="button" type="submit">"Save sync settings"</button>
                    <button class="button button--secondary" type="button" on:click=test prop:disabled=busy>"Test connection"</button>
                    <button class="button" type="button" on:click=sync_now prop:disabled=busy>"Sync now"</button>
                </div>
            </form>
            <p class="sync__status" role="status">{status_line}</p>
            <p class="sync__error" role="alert">{move || view.error.get()}</p>
            <ul class="sync__facts">
                <li>{last_synced}</li>
                <li>{move || format!("Changes waiting to go up: {}", pending.get())}</li>
                <li>
                    {move || format!("Open conflicts: {}", conflicts.with(Vec::len))}
                    <Show when=move || conflicts.with(|c| !c.is_empty())>
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
                    </Show>
                </li>
            </ul>
            <p class="sync__device">
                {move || view.device.get().map(|d| format!("This device's id on the host: {d}"))}
            </p>
        </section>
    }
}
