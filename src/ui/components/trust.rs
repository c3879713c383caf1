//! Signing and trust, in Settings: whether the book is signed and by whom it was founded,
//! the keys this browser holds, the device keys enrolled (a keeper revokes a lost one),
//! joining a signed book from a new device and enrolling it, the changes that were
//! rejected, and a check of every signature on demand. The rules are the domain's
//! (`domain::trust`); this file only offers what they would accept.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::trust::{Enrolment, PublicKey};
use crate::domain::{Change, Person, PersonId, Role};
use crate::ui::act::me;
use crate::ui::components::people_panel::{role_from, role_options};
use crate::ui::desk::Desk;
use crate::ui::kit::When;
use crate::ui::route::{Page, Route};

/// A join request: what a new device shows and a keeper pastes to enrol it.
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct JoinRequest {
    person: PersonId,
    name: String,
    public: PublicKey,
    device: String,
}

/// The trust section of Settings.
#[component]
pub fn TrustPanel() -> impl IntoView {
    let desk = Desk::expect();
    let me = me();
    let status = RwSignal::new(String::new());
    let signed = Memo::new(move |_| desk.engine.with(|e| e.book().signing.founding.is_some()));
    let summary = move || {
        desk.engine.with(|e| {
            let book = e.book();
            match &book.signing.founding {
                None => "This book is not signed yet: anyone using this app can act as anyone in it. Begin signing to make every change provable.".to_owned(),
                Some((_, stamp)) => {
                    let keepers: Vec<&str> = book.keepers().map(|p| p.name.as_str()).collect();
                    format!(
                        "Signed since {}, begun by {}. Every change carries its author's device signature. Keepers: {}.",
                        crate::domain::schedule::date(stamp.at),
                        book.person_name(&stamp.by),
                        keepers.join(", ")
                    )
                }
            }
        })
    };
    let may_found = move || {
        !signed.get()
            && desk.status.get() == crate::ui::desk::DeskStatus::Ready
            && me.get().is_some_and(|p| {
                p.has(Role::ReleaseManager) || p.has(Role::ChangeManager) || p.has(Role::Keeper)
            })
    };
    let found = move |_| {
        let Some(person) = me.get_untracked() else {
            return;
        };
        status.set("Making a key…".into());
        spawn_local(async move {
            let result = desk
                .found(person.id.clone(), person.name.clone(), device_name())
                .await;
            status.set(match result {
                Ok(()) => format!("Signing begun: {} is the book's first keeper.", person.name),
                Err(error) => error.to_string(),
            });
        });
    };
    let held = move || {
        let held = desk.held.get();
        desk.engine.with(|e| {
            let book = e.book();
            let lines: Vec<String> = held
                .iter()
                .filter_map(|(person, id)| {
                    let key = book.keys.get(id)?;
                    let state = if key.revoked.is_some() {
                        ", revoked"
                    } else {
                        ""
                    };
                    Some(format!(
                        "{} (code {}{state})",
                        book.person_name(person),
                        key.public.fingerprint()
                    ))
                })
                .collect();
            if lines.is_empty() {
                "This browser holds no key enrolled in this book.".to_owned()
            } else {
                format!("This browser holds keys for: {}.", lines.join("; "))
            }
        })
    };
    view! {
        <section class="settings__trust" aria-labelledby="settings-trust">
            <h2 class="settings__heading" id="settings-trust">"Signing and trust"</h2>
            <p class="trust__summary">{summary}</p>
            <When cond=may_found>
                <button type="button" class="button" on:click=found>"Begin signing this book"</button>
            </When>
            <When cond=move || signed.get()>
                <p class="trust__held">{held}</p>
                <KeysTable status />
                <JoinForm status />
                <EnrolForm status />
            </When>
            <RejectedList />
            <VerifyButton />
            <p class="trust__status" role="status">{move || status.get()}</p>
        </section>
    }
}

/// The name this device gives its keys.
fn device_name() -> String {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let kind = if agent.contains("Mobile") {
        "Phone"
    } else {
        "Browser"
    };
    format!(
        "{kind}, enrolled {}",
        crate::domain::schedule::date(chrono::Utc::now())
    )
}

/// Every device key enrolled, with a Revoke button for keepers.
#[component]
fn KeysTable(status: RwSignal<String>) -> impl IntoView {
    let desk = Desk::expect();
    let me = me();
    let reason = RwSignal::new(String::new());
    let keeper = move || me.get().is_some_and(|p| p.has(Role::Keeper));
    let rows = move || {
        desk.engine.with(|e| {
            let book = e.book();
            book.keys
                .values()
                .map(|key| {
                    let id = key.id.clone();
                    let person = book.person_name(&key.person).to_owned();
                    let state = match &key.revoked {
                        Some(r) => format!("Revoked {}: {}", crate::domain::schedule::date(r.stamp.at), r.reason),
                        None => "In use".to_owned(),
                    };
                    let live = key.revoked.is_none();
                    let label = format!("Revoke the key {} of {person}", key.public.fingerprint());
                    let revoke = move |_| {
                        let change = Change::Revoke {
                            key: id.clone(),
                            reason: reason.get_untracked(),
                        };
                        spawn_local(async move {
                            status.set(match desk.execute(change).await {
                                Ok(_) => "Key revoked: its later changes no longer count.".into(),
                                Err(error) => error.to_string(),
                            });
                        });
                    };
                    view! {
                        <tr>
                            <td>{person}</td>
                            <td>{key.device.clone()}</td>
                            <td><code>{key.public.fingerprint()}</code></td>
                            <td>{state}</td>
                            <td>
                                <When cond=move || keeper() && live>
                                    <button type="button" class="button button--small" aria-label=label.clone() on:click=revoke.clone()>"Revoke"</button>
                                </When>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-scroll">
            <table class="trust__keys">
                <caption>"Device keys enrolled"</caption>
                <thead><tr><th scope="col">"Person"</th><th scope="col">"Device"</th><th scope="col">"Code"</th><th scope="col">"State"</th><th scope="col">"Action"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <When cond=keeper>
            <label class="field__label" for="revoke-reason">"Reason for revoking a key"</label>
            <input class="field__input" id="revoke-reason" prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev)) placeholder="Laptop lost" />
        </When>
    }
}

/// A new device asks to join: it makes a key and shows the request and its code.
#[component]
fn JoinForm(status: RwSignal<String>) -> impl IntoView {
    let desk = Desk::expect();
    let name = RwSignal::new(String::new());
    let request = RwSignal::new(None::<(String, String, String)>);
    let holds_none = move || desk.held.get().is_empty();
    let join = move |_| {
        let name = name.get_untracked().trim().to_owned();
        if name.is_empty() {
            status.set("Enter your name to make a join request.".into());
            return;
        }
        let person = PersonId(crate::ui::components::people_panel::person_id(&name));
        let state = crate::ui::state::AppState::expect();
        spawn_local(async move {
            match crate::storage::keys::generate(&person, &device_name()).await {
                Ok(key) => {
                    let join = JoinRequest {
                        person,
                        name,
                        public: key.public,
                        device: key.device.clone(),
                    };
                    let text = serde_json::to_string(&join).unwrap_or_default();
                    // The same request as a link the keeper opens in their own browser.
                    let here = web_sys::window()
                        .and_then(|w| w.location().href().ok())
                        .unwrap_or_default();
                    let base = here.split('#').next().unwrap_or_default().to_owned();
                    let link = format!(
                        "{base}{}",
                        Route::to(Page::Settings).with_param("join", &text).href()
                    );
                    request.set(Some((key.public.fingerprint(), text, link)));
                    desk.load_keys().await;
                    // Once a keeper's enrolment arrives, this browser acts as them.
                    let _ = state.act_as(join.person.as_str(), &join.name);
                }
                Err(error) => status.set(error.to_string()),
            }
        });
    };
    view! {
        <When cond=holds_none>
            <h3>"Join this book from this device"</h3>
            <label class="field__label" for="join-name">"Your name"</label>
            <input class="field__input" id="join-name" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="button" class="button" on:click=join>"Make a join request"</button>
        </When>
        {move || request.get().map(|(code, text, link)| view! {
            <p>"Send this join request to a keeper, and read them the code "<strong class="trust__code">{code}</strong>" so they can compare it."</p>
            <label class="field__label" for="join-request">"Join request"</label>
            <textarea class="field__input" id="join-request" readonly rows="4">{text}</textarea>
            <p>"Or send the keeper this link, which opens the request in their Settings: "
                <a class="trust__link" href=link.clone()>"join link"</a></p>
        })}
    }
}

/// A keeper enrols a device from its join request, after comparing the code.
#[component]
fn EnrolForm(status: RwSignal<String>) -> impl IntoView {
    let desk = Desk::expect();
    let me = me();
    // A join link opens Settings with the request in the address.
    let state = crate::ui::state::AppState::expect();
    let text = RwSignal::new(String::new());
    crate::ui::kit::effect(move |_| {
        if let Some(join) = state.route.with(|r| r.param("join").map(str::to_owned)) {
            text.set(join);
        }
    });
    let role = RwSignal::new(Role::ALL[0].label().to_owned());
    let parsed = Memo::new(move |_| serde_json::from_str::<JoinRequest>(text.get().trim()).ok());
    let keeper = move || me.get().is_some_and(|p| p.has(Role::Keeper));
    let enrol = move |_| {
        let Some(join) = serde_json::from_str::<JoinRequest>(text.get_untracked().trim()).ok()
        else {
            status.set("That is not a join request.".into());
            return;
        };
        let existing = desk
            .engine
            .with_untracked(|e| e.book().people.get(&join.person).cloned());
        let person = existing.unwrap_or(Person {
            email: String::new(),
            id: join.person.clone(),
            name: join.name.clone(),
            roles: vec![role_from(&role.get_untracked())],
        });
        let change = Change::Enrol(Box::new(Enrolment {
            person,
            public: join.public,
            device: join.device.clone(),
        }));
        spawn_local(async move {
            status.set(match desk.execute(change).await {
                Ok(_) => format!("Enrolled {}'s device.", join.name),
                Err(error) => error.to_string(),
            });
        });
    };
    view! {
        <When cond=keeper>
            <h3>"Enrol a device"</h3>
            <label class="field__label" for="enrol-request">"Join request"</label>
            <textarea class="field__input" id="enrol-request" rows="3"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || parsed.get().map(|join| view! {
                <p>"Compare this code with the one the new device shows: "
                    <strong class="trust__code">{join.public.fingerprint()}</strong>
                    {format!(" ({}, {})", join.name, join.device)}</p>
            })}
            <label class="field__label" for="enrol-role">"Role, if they are new to the book"</label>
            <select class="field__input" id="enrol-role" on:change=move |ev| role.set(event_target_value(&ev))>
                {role_options().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
            </select>
            <button type="button" class="button" on:click=enrol>"Enrol this device"</button>
        </When>
    }
}

/// The changes kept in the log but not counted, and why.
#[component]
fn RejectedList() -> impl IntoView {
    let desk = Desk::expect();
    let count = move || desk.engine.with(|e| e.book().rejected.len());
    let any = move || count() > 0;
    let rows = move || {
        desk.engine.with(|e| {
            let book = e.book();
            book.rejected
                .iter()
                .map(|r| {
                    let what = e
                        .log()
                        .events()
                        .iter()
                        .find(|ev| ev.id == r.event)
                        .map(|ev| crate::domain::describe::describe(book, ev))
                        .unwrap_or_default();
                    let source = book
                        .signing
                        .sources
                        .get(&r.event)
                        .cloned()
                        .unwrap_or_else(|| "this browser's own log".to_owned());
                    view! {
                        <tr>
                            <td>{book.person_name(&r.by).to_owned()}</td>
                            <td>{format!("{} UTC", crate::domain::schedule::minute(r.at))}</td>
                            <td>{what}</td>
                            <td>{r.reason.clone()}</td>
                            <td>{source}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h3 id="rejected-changes">"Rejected changes"</h3>
        <When cond=any fallback=|| view! { <p>"None: every change in this book counts."</p> }>
            <p>{move || format!("Kept in the log but not counted: {}.", crate::domain::plural::count(count(), "change"))}</p>
            <div class="table-scroll">
                <table class="trust__rejected">
                    <caption>"Rejected changes"</caption>
                    <thead><tr><th scope="col">"Claims to be from"</th><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"Why it does not count"</th><th scope="col">"Came from"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </When>
    }
}

/// Check every signature again, with progress.
#[component]
fn VerifyButton() -> impl IntoView {
    let desk = Desk::expect();
    let result = RwSignal::new(String::new());
    let run = move |_| {
        result.set("Checking every signature…".into());
        spawn_local(async move {
            let found = desk
                .verify_everything(&move |share| {
                    result.set(format!(
                        "Checking every signature… {}%",
                        (share * 100.0).round() as u32
                    ));
                })
                .await;
            result.set(format!(
                "{} checked, {} written before signing; {} not verified.",
                crate::domain::plural::count(found.signed, "signed event"),
                found.unsigned,
                crate::domain::plural::count(found.forged, "signature")
            ));
        });
    };
    view! {
        <button type="button" class="button" on:click=run>"Check every signature"</button>
        <p class="trust__verify" role="status">{move || result.get()}</p>
    }
}
