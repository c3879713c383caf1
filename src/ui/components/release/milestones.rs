//! The dated build and test schedule of the release page: the milestones by date (done or
//! not, with their environment), the domain's warnings where their order looks wrong, and
//! one form that plans a milestone, or edits or removes the one chosen.

use leptos::prelude::*;

use super::common::{offer, on, person_here};
use super::ReleaseCtx;
use crate::domain::schedule::date;
use crate::domain::{ItemId, Milestone, MilestoneKind, ReleaseChange};
use crate::ui::act::Act;
use crate::ui::components::calendar::milestones::{milestone_table, shown};
use crate::ui::components::calendar::{at_midnight, parse_date};
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, editor::focus, effect, FieldSpec, FormOptions, RecordForm, When};

/// The element id of the schedule's section.
pub const SECTION: &str = "section-schedule";

/// A milestone as a change to offer: the domain says who may plan one, and when.
fn sample() -> ReleaseChange {
    ReleaseChange::SetMilestone(Milestone {
        id: ItemId::default(),
        kind: MilestoneKind::Other,
        name: String::new(),
        date: chrono::DateTime::default(),
        environment: None,
        done: false,
    })
}

/// The build and test schedule.
#[component]
pub fn Milestones() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let editing = RwSignal::new(None::<Milestone>);
    // Closed until asked for (by the button, or by editing a milestone), as the page's
    // other forms; once saved it closes and the confirmation stays by the button.
    let open = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let may = move || offer(ctx, me, &sample());
    let warnings = move || ctx.with(|r| r.schedule_warnings()).unwrap_or_default();
    // Edit: the milestone goes into the form below, which gets the focus.
    let edit = Callback::new(move |id: ItemId| {
        editing.set(
            ctx.with(|r| r.milestones.iter().find(|m| m.id == id).cloned())
                .flatten(),
        );
        said.set(None);
        open.set(true);
        request_animation_frame(|| focus("milestone-kind"));
    });
    view! {
        <section class="release__section" id=SECTION aria-labelledby="schedule-title">
            <h2 id="schedule-title">"Build and test schedule"</h2>
            <p class="release__help">"The dated milestones of building and testing: build complete, test environment ready, test start and end, rehearsal, UAT sign-off, go/no-go. The calendar shows them on their days."</p>
            {dy(move || {
                let list = desk.engine.with(|e| {
                    ctx.with(|r| r.schedule().into_iter().map(|m| shown(e.book(), (r, m))).collect::<Vec<_>>())
                        .unwrap_or_default()
                });
                if list.is_empty() {
                    return view! { <p>"No milestone planned yet."</p> }.into_any();
                }
                milestone_table(list, may().then_some(edit))
            })}
            {dy(move || {
                let list = warnings();
                (!list.is_empty()).then(|| view! {
                    <div class="release__warnings" role="note" aria-label="The schedule's order">
                        <p>"Check the order of the schedule:"</p>
                        <ul>{list.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                }).into_any()
            })}
            <When cond=may>
                <div class="opener">
                    <button class="button button--secondary" type="button"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| {
                            said.set(None);
                            editing.set(None);
                            open.update(|o| *o = !*o);
                            request_animation_frame(|| focus("milestone-kind"));
                        }>"Plan a milestone"</button>
                    <div class="act__status" aria-live="polite">
                        {move || said.get().map(|m| view! { <p class="act__done">{m}</p> })}
                    </div>
                </div>
                <When cond=move || open.get()><MilestoneForm editing open said /></When>
            </When>
        </section>
    }
}

/// Plan a milestone, or edit the one in `editing`.
#[component]
pub fn MilestoneForm(
    /// The milestone being edited; none while planning a new one.
    editing: RwSignal<Option<Milestone>>,
    /// Whether the form is open: a save or a cancel closes it.
    open: RwSignal<bool>,
    /// The confirmation kept by the button once the form has closed.
    said: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let act = Act::new();
    let kind = RwSignal::new(MilestoneKind::TestStart.label().to_owned());
    let name = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    let environment = RwSignal::new(String::new());
    let done = RwSignal::new(String::new());
    // Choosing a milestone to edit fills the fields.
    effect(move |_| {
        if let Some(m) = editing.get() {
            kind.set(m.kind.label().to_owned());
            name.set(m.name.clone());
            day.set(date(m.date));
            environment.set(
                m.environment
                    .as_ref()
                    .map_or(String::new(), |e| e.to_string()),
            );
            done.set(if m.done { "true".into() } else { String::new() });
        }
    });
    let reset = move || {
        open.set(false);
        editing.set(None);
        name.set(String::new());
        day.set(String::new());
        done.set(String::new());
    };
    let environments = Signal::derive(move || {
        let mut list = vec![(String::new(), "None in particular".to_owned())];
        desk.engine.with(|e| {
            list.extend(
                e.book()
                    .environments
                    .values()
                    .filter(|e| !e.retired)
                    .map(|e| (e.id.to_string(), e.name.clone())),
            )
        });
        list
    });
    let kinds: Vec<(String, String)> = MilestoneKind::ALL
        .iter()
        .map(|k| (k.label().to_owned(), k.label().to_owned()))
        .collect();
    let submit = Callback::new(move |()| {
        let Some(on_day) = parse_date(&day.get_untracked()) else {
            return act.refuse("date", "Enter the milestone's date, such as 2026-11-30.");
        };
        let chosen = kind.get_untracked();
        let env = environment.get_untracked();
        let milestone = Milestone {
            id: editing.with_untracked(|m| m.as_ref().map(|m| m.id.clone()).unwrap_or_default()),
            kind: MilestoneKind::ALL
                .into_iter()
                .find(|k| k.label() == chosen)
                .unwrap_or_default(),
            name: name.get_untracked().trim().to_owned(),
            date: at_midnight(on_day),
            environment: (!env.is_empty()).then(|| env.as_str().into()),
            done: !done.get_untracked().is_empty(),
        };
        act.run_saying(
            on(ctx, ReleaseChange::SetMilestone(milestone)),
            "Milestone saved.",
            move |_| {
                said.set(Some("Milestone saved.".into()));
                reset()
            },
        );
    });
    let fields = vec![
        FieldSpec::select("kind", "Milestone", kind, kinds),
        FieldSpec::text("name", "Name (optional)", name)
            .help("Its own name, such as “Regression suite green”; needed for “Other milestone”."),
        FieldSpec::kind("date", "Date (UTC)", day, "date"),
        FieldSpec::select("environment", "Environment", environment, environments),
        FieldSpec::check("done", "Done", done),
    ];
    let editing_now = move || editing.with(Option::is_some);
    let name = Signal::derive(move || {
        editing.with(|m| match m {
            Some(m) => format!("Edit the milestone “{}”", m.title()),
            None => "Plan a milestone".to_owned(),
        })
    });
    let options = FormOptions::new(act, "milestone", "", "")
        .add_or_edit(name, Signal::derive(editing_now), "milestone")
        .heading()
        .class("release__form")
        .release(ctx.id());
    let remove = move |_| {
        if let Some(id) = editing.with_untracked(|m| m.as_ref().map(|m| m.id.clone())) {
            act.run_saying(
                on(ctx, ReleaseChange::RemoveMilestone(id)),
                "Milestone removed.",
                move |_| {
                    said.set(Some("Milestone removed.".into()));
                    reset()
                },
            );
        }
    };
    let cancel = view! {
        <When cond=editing_now>
            <button class="button button--secondary" type="button" on:click=move |_| reset()>"Cancel editing"</button>
            <button class="button button--secondary" type="button" on:click=remove>"Remove the milestone"</button>
        </When>
    }
    .into_any();
    view! { <RecordForm options fields on_submit=submit actions=cancel /> }
}
