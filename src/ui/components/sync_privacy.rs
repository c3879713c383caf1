//! The sync panel's "Book privacy": whether the shared book is private (encrypted on the
//! host with its key) or public, the invitation link for teammates and the published link
//! for stakeholders (each carrying the key in its fragment), entering a key or the team
//! passphrase, and for a keeper changing the key or making a public book private.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::sync::sealed::Privacy;
use crate::ui::act::Act;
use crate::ui::desk::{Desk, PrivacyStep};
use crate::ui::kit::{FieldSpec, FormOptions, RecordForm, When};
use crate::ui::state::AppState;

/// This app's address without query or fragment.
fn app_address() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// The invitation link: the app, opened at the sync panel with the address and the key.
pub fn invitation_link(privacy: &Privacy) -> Option<String> {
    let key = privacy.ring.current()?;
    Some(format!(
        "{}#/settings?section=sync&join={}&key={}",
        app_address(),
        encode(&privacy.address),
        key.to_text()
    ))
}

/// The published link: the read-only view of the book, with the key in its fragment.
pub fn published_link(privacy: &Privacy) -> String {
    let book = format!("{}?book={}", app_address(), encode(&privacy.address));
    match privacy.ring.current() {
        Some(key) => format!("{book}#key={}", key.to_text()),
        None => book,
    }
}

/// An invitation link opened this page: the address and the whole link, once. The key is
/// then taken out of the address bar (`history.replaceState`), so it is not left in view.
pub fn take_invitation() -> Option<(String, String)> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    crate::sync::sealed::key_in_link(&hash)?;
    let query = hash.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let join = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("join="))?;
    let join: String = js_sys::decode_uri_component(join).ok()?.into();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.starts_with("key="))
        .collect();
    let path = hash.split_once('?').map(|(p, _)| p).unwrap_or(&hash);
    let clean = format!("{path}?{}", kept.join("&"));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some((join, hash))
}

/// The privacy section; `privacy` is what this device keeps for the saved address.
#[component]
pub fn SyncPrivacy(
    /// What this device keeps for the saved address, once read.
    privacy: RwSignal<Option<Privacy>>,
) -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let entered = RwSignal::new(String::new());
    let act = Act::new();

    let run = move |step: PrivacyStep, done: &'static str| {
        busy.set(true);
        status.set(Some("Working…".into()));
        spawn_local(async move {
            match desk.privacy(step).await {
                Ok(p) => {
                    privacy.set(Some(p));
                    status.set(Some(done.into()));
                    act.refuse_all(Vec::new());
                }
                Err(message) => {
                    status.set(None);
                    act.refuse_all(vec![("book_key", message)]);
                }
            }
            busy.set(false);
        });
    };
    let use_key = Callback::new(move |()| {
        let text = entered.get_untracked();
        entered.set(String::new());
        run(
            PrivacyStep::UseKey(text),
            "Key kept on this device. Sync now to open the shared book.",
        );
    });
    let make_public = move |_| {
        run(
            PrivacyStep::SharePublic,
            "This book will be shared unencrypted (public).",
        )
    };
    let change_key = move |_| {
        run(
            PrivacyStep::ChangeKey,
            "The book has a new key. Send the new invitation link to the team and the new published link to stakeholders.",
        )
    };
    let private = move || privacy.with(|p| p.as_ref().is_some_and(|p| p.ring.current().is_some()));
    let public = move || privacy.with(|p| p.as_ref().is_some_and(|p| p.public));
    // In a signed book only a keeper changes the key; a book without keepers lets anyone.
    let keeper = Memo::new(move |_| {
        let me = state.person.get();
        desk.engine.with(|e| {
            let book = e.book();
            book.keepers().next().is_none()
                || book.keepers().any(|k| Some(k.id.as_str()) == me.as_deref())
        })
    });

    let fields = vec![FieldSpec::kind(
        "book_key",
        "Invitation link or team passphrase",
        entered,
        "password",
    )
    .autocomplete("off")
    .help("Paste the invitation link a teammate sent, or enter the team passphrase (at least 12 characters). The key stays on this device.")];
    let options = FormOptions::new(act, "book_key", "Open a private book", "Use this key")
        .class("sync__form")
        .novalidate();

    view! {
        <section class="sync__privacy" aria-labelledby="sync-privacy-title">
            <h3 id="sync-privacy-title">"Book privacy"</h3>
            <p class="sync__privacy-state">
                {move || privacy.with(|p| p.as_ref().map(Privacy::describe))}
            </p>
            <When cond=private>
                <label class="field">
                    <span class="field__label">"Invitation link for teammates"</span>
                    <input class="field__input" readonly type="text" aria-label="Invitation link"
                        prop:value=move || privacy.with(|p| p.as_ref().and_then(invitation_link))/>
                </label>
                <label class="field">
                    <span class="field__label">"Published link for stakeholders (read-only)"</span>
                    <input class="field__input" readonly type="text" aria-label="Published link"
                        prop:value=move || privacy.with(|p| p.as_ref().map(published_link))/>
                </label>
                <p class="panel__help">"Both links carry the book's key after #: anyone who has a link can read the book. Send them only to the people meant to read it."</p>
            </When>
            <RecordForm options fields on_submit=use_key />
            <p class="sync__status" role="status">{move || status.get()}</p>
            <div class="sync__privacy-actions">
                <When cond=move || !private() && !public()>
                    <button class="button button--secondary" type="button" on:click=make_public prop:disabled=move || busy.get()>
                        "Share as a public book (not encrypted)"
                    </button>
                </When>
                <When cond=move || keeper.get() && privacy.with(Option::is_some) && (private() || public())>
                    <button class="button button--secondary" type="button" on:click=change_key prop:disabled=move || busy.get()>
                        {move || if public() { "Make this book private" } else { "Change the book's key" }}
                    </button>
                </When>
            </div>
        </section>
    }
}
