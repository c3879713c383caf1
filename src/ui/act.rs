//! [`Act`]: one form's or button's way to send a command to the desk, with what a person
//! needs to see while it runs — busy, saved, or refused with the reason next to the field
//! it concerns.
//!
//! A form gives its `Act` to the kit's `RecordForm` (see `docs/ui-kit.md`), which shows each
//! field's error under the field and this action's outcome under the button:
//!
//! ```ignore
//! let act = Act::new();
//! let on_submit = Callback::new(move |()| act.run(Change::Release { id, change }, |_| {}));
//! view! { <RecordForm options=FormOptions::new(act, "plan", "The plan", "Save") fields on_submit /> }
//! ```

use leptos::prelude::*;

use crate::ui::kit::dy;
use leptos::task::spawn_local;

use crate::domain::{Change, Event, LifecycleError, Missing, Person, PersonId, ReleaseId};
use crate::ui::desk::{Desk, DeskError};
use crate::ui::route::section_href;
use crate::ui::state::AppState;

/// The state of one action: running, its last error, its last success message.
#[derive(Clone, Copy)]
pub struct Act {
    /// A command is being decided and stored.
    pub busy: RwSignal<bool>,
    /// Why the last command was not made.
    pub error: RwSignal<Option<DeskError>>,
    /// What the last successful command did, in words ("Saved.").
    pub done: RwSignal<Option<String>>,
    /// What a form's own check found wrong before sending anything, several fields at once
    /// (see [`refuse_all`](Self::refuse_all)).
    pub checks: RwSignal<Vec<(&'static str, String)>>,
    desk: Desk,
}

impl Act {
    /// A new action bound to the desk.
    pub fn new() -> Act {
        Act {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            done: RwSignal::new(None),
            checks: RwSignal::new(Vec::new()),
            desk: Desk::expect(),
        }
    }

    /// Send `change` as the person at this browser; `then` runs with the stored events.
    pub fn run(self, change: Change, then: impl FnOnce(Vec<Event>) + 'static) {
        self.run_saying(change, "Saved.", then)
    }

    /// Add a catalogue entry (see [`Desk::execute_new`]): an id already in the book is
    /// refused under the id field, by the domain's duplicate-id rule.
    pub fn run_new(self, change: Change, then: impl FnOnce(Vec<Event>) + 'static) {
        self.send(change, "Saved.", true, Box::new(then))
    }

    /// As [`run`](Self::run), saying `message` on success.
    pub fn run_saying(
        self,
        change: Change,
        message: &'static str,
        then: impl FnOnce(Vec<Event>) + 'static,
    ) {
        self.send(change, message, false, Box::new(then))
    }

    /// The body of [`run_saying`](Self::run_saying) and [`run_new`](Self::run_new), with
    /// `then` boxed: generic, the whole async command (with the desk's `execute` inlined)
    /// was in the bundle once per caller.
    fn send(
        self,
        change: Change,
        message: &'static str,
        new: bool,
        then: Box<dyn FnOnce(Vec<Event>)>,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        self.done.set(None);
        self.checks.set(Vec::new());
        let desk = self.desk;
        spawn_local(async move {
            let sent = if new {
                desk.execute_new(change).await
            } else {
                desk.execute(change).await
            };
            match sent {
                Ok(events) => {
                    self.done.set(Some(message.to_owned()));
                    then(events);
                }
                Err(error) => self.error.set(Some(error)),
            }
            self.busy.set(false);
        });
    }

    /// Show a refusal found before any command was sent (a form's own check).
    pub fn refuse(self, field: &'static str, message: impl Into<String>) {
        self.done.set(None);
        self.checks.set(Vec::new());
        self.error
            .set(Some(DeskError::Refused(LifecycleError::invalid(
                field, message,
            ))));
    }

    /// Show what a form's own check found wrong, each message under its field; an empty
    /// list clears them.
    pub fn refuse_all(self, errors: Vec<(&'static str, String)>) {
        self.done.set(None);
        self.error.set(None);
        self.checks.set(errors);
    }

    /// The error message for `field`, if the last error concerns it.
    pub fn field_error(self, field: &'static str) -> Option<String> {
        self.error
            .with(|e| {
                e.as_ref()
                    .filter(|e| e.field() == Some(field))
                    .map(ToString::to_string)
            })
            .or_else(|| {
                self.checks.with(|list| {
                    list.iter()
                        .find(|(f, _)| *f == field)
                        .map(|(_, m)| m.clone())
                })
            })
    }

    /// `aria-invalid` for `field`'s input.
    pub fn invalid(self, field: &'static str) -> Option<&'static str> {
        self.field_error(field).map(|_| "true")
    }
}

impl Default for Act {
    fn default() -> Self {
        Act::new()
    }
}

/// An action's outcome that belongs to no field: "Saved.", or the refusal with what is
/// missing, each missing item linking to where it is fixed on the release.
#[component]
pub fn ActStatus(
    /// The action.
    act: Act,
    /// The release the missing items link to, if any.
    #[prop(optional, into)]
    release: Option<ReleaseId>,
) -> impl IntoView {
    act_status(act, release)
}

/// The markup of [`ActStatus`], for a caller that holds the release as an `Option`.
pub fn act_status(act: Act, release: Option<ReleaseId>) -> AnyView {
    let general = move || {
        act.error
            .get()
            .filter(|e| e.field().is_none())
            .map(|error| match &error {
                DeskError::Refused(LifecycleError::GateNotReady { step, missing }) => view! {
                    <div class="act__error" role="alert">
                        <p>{format!("{step} is not ready yet. It needs:")}</p>
                        <MissingList missing=missing.clone() release=release.clone() />
                    </div>
                }
                .into_any(),
                other => {
                    view! { <p class="act__error" role="alert">{other.to_string()}</p> }.into_any()
                }
            })
    };
    view! {
        <div class="act__status" aria-live="polite">
            {dy(move || (act.busy.get().then(|| view! { <p class="act__busy">"Saving…"</p> }.into_any())).into_any())}
            {dy(move || (act.done.get().map(|m| view! { <p class="act__done">{m}</p> })).into_any())}
            {general}
        </div>
    }
    .into_any()
}

/// What a gate still needs, each item a link to the section where it is fixed.
#[component]
pub fn MissingList(
    /// The missing items.
    missing: Vec<Missing>,
    /// The release the links go to.
    #[prop(optional_no_strip)]
    release: Option<ReleaseId>,
) -> impl IntoView {
    view! {
        <ul class="missing">
            {missing.into_iter().map(|m| (match &release {
                Some(id) => view! {
                    <li><a href=section_href(&id.0, m.section)>{m.item}</a></li>
                }.into_any(),
                None => view! { <li>{m.item}</li> }.into_any(),
            }).into_any()).collect_view()}
        </ul>
    }
}

/// The person at this browser as the book knows them, if they are registered.
pub fn me() -> Signal<Option<Person>> {
    let state = AppState::expect();
    let desk = Desk::expect();
    Signal::derive(move || {
        let id = state.person.get()?;
        desk.engine
            .with(|e| e.book().people.get(&PersonId(id)).cloned())
    })
}

/// Whether a person may make a change: the domain's rule, used to offer only what a role
/// allows (the desk still checks every gate when the command is sent).
pub use crate::domain::may;
