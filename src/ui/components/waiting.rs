//! "What waits for me": the header's count of what waits for the person acting in this
//! browser (the domain's `waiting::waiting_for`), the list of it on the Approvals page,
//! and browser notifications while the app is open: something new waits (after a sync or
//! another tab's change) or a deployment window that involves the person starts within
//! the hour. Permission is asked only when the person clicks; what was told is remembered
//! in localStorage by each item's key, so nothing is told twice.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use crate::domain::waiting::{self, count, Waiting};
use crate::ui::act::me;
use crate::ui::desk::{Desk, DeskStatus};
use crate::ui::kit::{dy, effect, When};
use crate::ui::route::{section_href, Page};

/// The keys of the items and windows this browser has told its person about.
const TOLD_KEY: &str = "release-desk:notified";

/// What waits for the person acting here, asked again when the book or the person
/// changes. A closure rather than a memo: the list is short, and a memo of a new type
/// costs the bundle kilobytes.
fn waiting_now() -> impl Fn() -> Vec<Waiting> + Copy + Send + Sync + 'static {
    let desk = Desk::expect();
    let me = me();
    move || match me.get() {
        Some(person) => desk
            .engine
            .with(|e| waiting::waiting_for(e.book(), &person, chrono::Utc::now())),
        None => Vec::new(),
    }
}

/// The header's badge: how many things wait for me, linking to their list. It also tells
/// the browser's notifications about new ones.
#[component]
pub fn WaitingBadge() -> impl IntoView {
    if crate::ui::published::published() {
        return ().into_any();
    }
    let items = waiting_now();
    watch(items);
    let n = move || items().len();
    let label = move || {
        let n = i64::try_from(n()).unwrap_or_default();
        format!("What waits for me: {}", count(n, "item", "items"))
    };
    let some = move || n() > 0;
    view! {
        <a class="waiting-badge" class:waiting-badge--some=some
            href=Page::Approvals.href() aria-label=label title=label>
            <span aria-hidden="true">"Waiting "</span>
            <span class="waiting-badge__count" aria-hidden="true">{n}</span>
        </a>
    }
    .into_any()
}

/// The list of what waits for me, with the switch for browser notifications.
#[component]
pub fn WaitingList() -> impl IntoView {
    let items = waiting_now();
    let now = chrono::Utc::now();
    view! {
        <section class="panel approvals__panel" aria-labelledby="waiting-title">
            <h2 class="panel__title" id="waiting-title">"What waits for me"</h2>
            {dy(move || (items().is_empty().then(|| view! {
                <p class="panel__help">"Nothing waits for you."</p>
            })).into_any())}
            <ul class="approvals__list" aria-label="What waits for me">
                {move || items().into_iter().map(|w| {
                    let age = w.age_words(now);
                    let age = if w.is_old(now) { format!("Overdue: {age}") } else { age };
                    view! {
                        <li class="approvals__item">
                            <a href=section_href(&w.release.0, w.section)>{format!("{}: {}", w.title, w.what)}</a>
                            <span class="approvals__meta" class:approvals__age--old=w.is_old(now)>{age}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <NotifySwitch />
        </section>
    }
}

/// Where the browser's permission stands, in words, with the button that asks for it.
#[component]
fn NotifySwitch() -> impl IntoView {
    // Flipped when the browser answers; the permission itself is read from the browser.
    let answered = RwSignal::new(false);
    let permission = move || {
        answered.track();
        Notification::permission()
    };
    let ask = move |_| {
        let Ok(promise) = Notification::request_permission() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            answered.set(true);
        });
    };
    let words = move || {
        match permission() {
        NotificationPermission::Granted => {
            "This browser tells you, while Release Desk is open, when something new waits for you or a window of yours starts within the hour."
        }
        NotificationPermission::Denied => {
            "Notifications are blocked for Release Desk in this browser's site settings; allow them there to be told."
        }
        _ => "Release Desk can tell you, while it is open, when something new waits for you.",
    }
    };
    view! {
        <p class="panel__note">{words}</p>
        <When cond=move || permission() == NotificationPermission::Default>
            <button class="button button--secondary" type="button" on:click=ask>"Notify me in this browser"</button>
        </When>
    }
}

/// Tell the browser about new items after the first look, and about near windows each
/// minute, when the person allowed notifications.
fn watch(items: impl Fn() -> Vec<Waiting> + 'static) {
    let desk = Desk::expect();
    let me = me();
    // The first look (and a change of person) learns what already waits, silently.
    let seen_for = StoredValue::new(None::<String>);
    effect(move |_| {
        let person = me.with(|p| p.as_ref().map(|p| p.id.0.clone()));
        let ready = desk.status.with(|s| *s == DeskStatus::Ready);
        let first = !ready || seen_for.get_value() != person;
        if ready {
            seen_for.set_value(person);
        }
        let keys = items().into_iter().map(|w| (w.key, w.what, w.title));
        tell(keys.collect(), first);
    });
    // Each tick of the desk's minute clock (not at once: the book is not open yet).
    effect(move |before| {
        desk.minute.track();
        let Some(person) = me.get_untracked().filter(|_| before.is_some()) else {
            return;
        };
        let near = desk
            .engine
            .with_untracked(|e| waiting::near_windows(e.book(), &person, chrono::Utc::now()));
        let near = near.into_iter().map(|w| {
            let starts = crate::ui::components::calendar::clock(w.start);
            (w.key, format!("Deployment window at {starts} UTC"), w.what)
        });
        tell(near.collect(), false);
    });
}

/// Notify each (key, title, body) not told before, unless `silent`; remember them all.
/// The keys are kept one a line in one string (the store's string instance, no new one).
fn tell(mut news: Vec<(String, String, String)>, silent: bool) {
    // What this tab has seen already needs no look at the store: most events bring
    // nothing new to tell, and the store's list is read and written only when one does.
    // Kept as the store keeps them, one key a line.
    thread_local! {
        static SEEN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    SEEN.with_borrow_mut(|seen| {
        news.retain(|(key, ..)| !seen.lines().any(|k| k == key));
        for (key, ..) in &news {
            seen.push_str(key);
            seen.push('\n');
        }
    });
    if news.is_empty() {
        return;
    }
    let granted = Notification::permission() == NotificationPermission::Granted;
    let mut told: String = LocalStorage::get(TOLD_KEY).unwrap_or_default();
    let before = told.len();
    for (key, title, body) in news {
        if told.lines().any(|k| k == key) {
            continue;
        }
        if granted && !silent {
            let options = NotificationOptions::new();
            options.set_body(&body);
            options.set_tag(&key);
            let _ = Notification::new_with_options(&title, &options);
        }
        told.push_str(&key);
        told.push('\n');
    }
    if told.len() != before {
        // The newest few hundred are enough never to tell one twice.
        let lines = told.lines().count();
        if lines > 500 {
            told = told
                .lines()
                .skip(lines - 500)
                .flat_map(|k| [k, "\n"])
                .collect();
        }
        let _ = LocalStorage::set(TOLD_KEY, &told);
    }
}

/// The `mailto:` draft reminding `approver` to do `what` ("approve build and test") on
/// `release`, waiting since `since`: the domain's one builder, with this app's address of
/// the release so the reminder opens it.
pub fn remind_href(
    book: &crate::domain::Book,
    approver: &crate::domain::Approver,
    release: &crate::domain::Release,
    what: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> String {
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    waiting::reminder_mailto(
        book,
        approver,
        &release.title(),
        what,
        &waiting::age_words(since, chrono::Utc::now()),
        &format!("{here}{}", crate::ui::route::release_href(&release.id.0)),
    )
}

/// "Remind by e-mail" (named `label` for a screen reader) with the draft `href`; when the
/// draft has nobody to go to, the words that no e-mail address is on record for `whom`.
pub fn remind_link(href: String, label: String, whom: String) -> AnyView {
    if href.starts_with("mailto:?") {
        view! { <p class="release__help">{format!("No e-mail address is on record for {whom}.")}</p> }
            .into_any()
    } else {
        view! { <a class="button button--secondary" href=href aria-label=label>"Remind by e-mail"</a> }
            .into_any()
    }
}
