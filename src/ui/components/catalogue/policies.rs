//! The release policies tab: for one service at a time, the numbering it gives next, how
//! often each category may reach production, the approval chain before each gate, the
//! freeze windows (once or repeating) and the fewest pass/fail criteria a test plan needs.
//! The whole policy is edited as a draft and saved as one change.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use leptos::prelude::*;

use super::{may_manage, ManageNote};
use crate::domain::schedule::minute;
use crate::domain::{
    numbering, Approver, Category, Change, FreezeWindow, FrequencyLimit, GateKind, ItemId, Period,
    PersonId, ReleasePolicy, Repeat, Role, ServiceId,
};
use crate::ui::act::Act;
use crate::ui::desk::{fresh_id, Desk};
use crate::ui::kit::{error_id, Field, FieldSpec, FormOptions, GroupError, RecordForm, When};
use crate::ui::state::AppState;

const PERIODS: [Period; 4] = [Period::Week, Period::Month, Period::Quarter, Period::Year];
const REPEATS: [Repeat; 4] = [
    Repeat::Once,
    Repeat::Weekly,
    Repeat::Monthly,
    Repeat::Yearly,
];

fn repeat_label(repeat: Repeat) -> &'static str {
    match repeat {
        Repeat::Once => "once",
        Repeat::Weekly => "every week",
        Repeat::Monthly => "every month",
        Repeat::Yearly => "every year",
    }
}

/// A time as a `datetime-local` input shows it: `2026-12-18T00:00` (UTC).
fn input_time(at: DateTime<Utc>) -> String {
    minute(at).replacen(' ', "T", 1)
}

/// A `datetime-local` input's value, read as UTC.
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (h, min) = (t.next()??, t.next()??);
    Some(
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day)?
            .and_hms_opt(h, min, 0)?
            .and_utc(),
    )
}

/// An approver as a select's value: `role:3` or `person:<id>`.
fn approver_value(approver: &Approver) -> String {
    match approver {
        Approver::Role(role) => {
            let index = Role::ALL.iter().position(|r| r == role).unwrap_or(0);
            format!("role:{index}")
        }
        Approver::Person(id) => format!("person:{id}"),
    }
}

fn approver_from(value: &str) -> Option<Approver> {
    match value.split_once(':')? {
        ("role", n) => Role::ALL
            .get(n.parse::<usize>().ok()?)
            .map(|r| Approver::Role(*r)),
        ("person", id) => Some(Approver::Person(PersonId::from(id))),
        _ => None,
    }
}

/// The release policies tab.
#[component]
pub fn PoliciesTab() -> impl IntoView {
    let desk = Desk::expect();
    let state = AppState::expect();
    let manage = may_manage();
    let services = Memo::new(move |_| {
        desk.engine.with(|e| {
            e.book()
                .services
                .values()
                .filter(|s| !s.retired)
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let asked = state
        .route
        .with_untracked(|r| r.param("service").map(str::to_owned));
    let chosen = RwSignal::new(asked.unwrap_or_default());
    let current = Memo::new(move |_| {
        let id = chosen.get();
        services.with(|list| {
            list.iter()
                .find(|(sid, _)| *sid == id)
                .or(list.first())
                .map(|(sid, _)| sid.clone())
        })
    });
    let draft = RwSignal::new(None::<ReleasePolicy>);
    // The one plain field of the policy, filled with each fresh draft; the lists below
    // edit the draft directly.
    let min = RwSignal::new(String::new());
    // A fresh draft whenever another service is chosen (or the book finishes opening).
    Effect::new(move |_| {
        let policy = current.get().map(|id| {
            desk.engine
                .with_untracked(|e| e.book().policy(&ServiceId(id)))
        });
        min.set(
            policy
                .as_ref()
                .map(|p| p.min_pass_criteria.to_string())
                .unwrap_or_default(),
        );
        draft.set(policy);
    });
    let act = Act::new();
    // Choosing another service keeps it in the address (not on the first run: the address
    // already says it).
    Effect::new(move |first: Option<()>| {
        let id = chosen.get();
        if first.is_some() {
            state.replace(state.route.get_untracked().with_param("service", &id));
            act.error.set(None);
            act.done.set(None);
        }
    });
    let edit = move |f: &dyn Fn(&mut ReleasePolicy)| {
        draft.update(|d| {
            if let Some(p) = d.as_mut() {
                f(p)
            }
        })
    };
    let save = Callback::new(move |()| {
        let Some(mut policy) = draft.get_untracked() else {
            return;
        };
        match min.get_untracked().trim().parse::<u32>() {
            Ok(n) => policy.min_pass_criteria = n,
            Err(_) => {
                return act.refuse(
                    "min_pass_criteria",
                    "Enter the number of criteria as a whole number, such as 3.",
                )
            }
        }
        act.run(Change::Policy(policy), |_| {});
    });
    let numbers = move || {
        let id = ServiceId(current.get()?);
        Some(desk.engine.with(|e| {
            Category::ALL.map(|c| (c.label(), numbering(e.book(), &id, c).suggested.to_string()))
        }))
    };
    let options = FormOptions::new(act, "policy", "Release policy", "Save the policy")
        .class("catalogue__policy")
        .locked(Signal::derive(move || !manage.get()));
    let sections = move || {
        view! {
            <h3>"Numbering"</h3>
            <p class="catalogue__help">"The numbers the next releases get: one step after the latest release of the line."</p>
            <dl class="facts">
                {move || numbers().map(|list| list.into_iter().map(|(category, version)| view! {
                    <dt>{format!("Next {category}")}</dt><dd>{version}</dd>
                }).collect_view())}
            </dl>
            <Frequency draft edit act />
            <Chains draft edit act />
            <Freezes draft edit act />
            <h3>"Test plans"</h3>
            <Field act form="policy"
                spec=FieldSpec::kind("min_pass_criteria", "Fewest pass/fail criteria a test plan may have", min, "number") />
        }
        .into_any()
    };

    view! {
        <section class="catalogue__tab" aria-labelledby="policies-title">
            <h2 id="policies-title">"Release policies"</h2>
            <p class="catalogue__help">
                "Each service's rules: how its releases are numbered, how often they may go live, who approves "
                "before each gate, when nothing may be deployed, and how many pass/fail criteria a test plan needs."
            </p>
            <div class="catalogue__filter">
                <Field act form="policy"
                    spec=FieldSpec::select("service", "Policy of the service", chosen, services) />
            </div>
            <When cond=move || !manage.get()>
                <ManageNote />
            </When>
            <When cond=move || draft.with(Option::is_some)
                fallback=|| view! { <p class="catalogue__help">"Add a service first: policies belong to services."</p> }>
                <RecordForm options=options.clone() fields=Vec::new() on_submit=save extra=sections() />
            </When>
        </section>
    }
}

/// How often each category may reach production.
#[component]
fn Frequency(
    draft: RwSignal<Option<ReleasePolicy>>,
    edit: impl Fn(&dyn Fn(&mut ReleasePolicy)) + Copy + Send + Sync + 'static,
    act: Act,
) -> impl IntoView {
    let count = Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |p| p.frequency.len())));
    let get = move |i: usize, f: fn(&FrequencyLimit) -> String| {
        draft.with(|d| d.as_ref().and_then(|p| p.frequency.get(i)).map(f))
    };
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let category = move || get(i, |l| l.category.label().to_owned());
                let period = move || get(i, |l| l.period.label().to_owned());
                view! {
                    <fieldset class="policy__row">
                        <legend>{format!("Limit {}", i + 1)}</legend>
                        <div class="field">
                            <label class="field__label" for=format!("limit-{i}-category")>"Category"</label>
                            <select class="field__input" id=format!("limit-{i}-category") on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(c) = Category::ALL.into_iter().find(|c| c.label() == v) {
                                    edit(&|p| p.frequency[i].category = c)
                                }
                            }>
                                {Category::ALL.map(|c| view! {
                                    <option value=c.label() prop:selected=move || category().as_deref() == Some(c.label())>{c.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("limit-{i}-max")>"At most"</label>
                            <input class="field__input field__input--short" id=format!("limit-{i}-max") type="number" min="0"
                                aria-describedby=error_id("policy", "frequency") aria-invalid=move || act.invalid("frequency")
                                prop:value=move || get(i, |l| l.max.to_string())
                                on:input=move |ev| {
                                    let n = event_target_value(&ev).parse::<u32>().unwrap_or(0);
                                    edit(&|p| p.frequency[i].max = n)
                                } />
                        </div>
                        <div class="field">
                            <label class="field__label" for=format!("limit-{i}-period")>"Releases per"</label>
                            <select class="field__input" id=format!("limit-{i}-period") on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(x) = PERIODS.into_iter().find(|x| x.label() == v) {
                                    edit(&|p| p.frequency[i].period = x)
                                }
                            }>
                                {PERIODS.map(|x| view! {
                                    <option value=x.label() prop:selected=move || period().as_deref() == Some(x.label())>{x.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button class="button button--secondary" type="button"
                            on:click=move |_| edit(&|p| { p.frequency.remove(i); })>
                            {format!("Remove limit {}", i + 1)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"How often releases may go live"</h3>
        <p class="catalogue__help">"At most so many releases of a category may reach production in a week, month, quarter or year."</p>
        {rows}
        <GroupError act form="policy" field="frequency" />
        <button class="button button--secondary" type="button" on:click=move |_| edit(&|p| p.frequency.push(FrequencyLimit {
            category: Category::Major,
            max: 1,
            period: Period::Quarter,
        }))>"Add a frequency limit"</button>
    }
}

/// The approval chain before each gate.
#[component]
fn Chains(
    draft: RwSignal<Option<ReleasePolicy>>,
    edit: impl Fn(&dyn Fn(&mut ReleasePolicy)) + Copy + Send + Sync + 'static,
    act: Act,
) -> impl IntoView {
    let desk = Desk::expect();
    let choices = Memo::new(move |_| {
        let mut list: Vec<(String, String)> = Role::ALL
            .iter()
            .map(|r| {
                (
                    approver_value(&Approver::Role(*r)),
                    format!("anyone who is {}", r.label()),
                )
            })
            .collect();
        desk.engine.with(|e| {
            list.extend(e.book().people.values().map(|p| {
                (
                    approver_value(&Approver::Person(p.id.clone())),
                    p.name.clone(),
                )
            }))
        });
        list
    });
    let name_of = move |approver: &Approver| match approver {
        Approver::Role(r) => format!("anyone who is {}", r.label()),
        Approver::Person(id) => desk.engine.with(|e| e.book().person_name(id).to_owned()),
    };
    let gates = GateKind::ALL.map(|gate| {
        let picked = RwSignal::new(String::new());
        let chain = move || {
            draft.with(|d| {
                d.as_ref()
                    .and_then(|p| p.approval_chains.get(&gate))
                    .cloned()
                    .unwrap_or_default()
            })
        };
        let select_id = format!("chain-{}", gate.label().replace(' ', "-"));
        view! {
            <fieldset class="policy__row policy__chain">
                <legend>{format!("Before {}", gate.label())}</legend>
                {move || {
                    let list = chain();
                    if list.is_empty() {
                        return view! { <p class="catalogue__help">"Change management alone authorizes this gate."</p> }.into_any();
                    }
                    view! {
                        <ol class="policy__approvers">
                            {list.into_iter().enumerate().map(|(i, approver)| {
                                let who = name_of(&approver);
                                view! {
                                    <li>
                                        {who.clone()}" "
                                        <button class="button button--secondary button--small" type="button"
                                            on:click=move |_| edit(&|p| {
                                                if let Some(c) = p.approval_chains.get_mut(&gate) {
                                                    c.remove(i);
                                                    if c.is_empty() { p.approval_chains.remove(&gate); }
                                                }
                                            })>
                                            "Remove"<span class="visually-hidden">{format!(" {who} from the chain before {}", gate.label())}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <div class="field policy__add">
                    <label class="field__label" for=select_id.clone()>{format!("Approver to add before {}", gate.label())}</label>
                    <select class="field__input" id=select_id on:change=move |ev| picked.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || picked.with(String::is_empty)>"Choose an approver"</option>
                        {move || choices.get().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                    <button class="button button--secondary" type="button" on:click=move |_| {
                        if let Some(approver) = approver_from(&picked.get_untracked()) {
                            edit(&|p| p.approval_chains.entry(gate).or_default().push(approver.clone()));
                            picked.set(String::new());
                        }
                    }>
                        {format!("Add to the chain before {}", gate.label())}
                    </button>
                </div>
            </fieldset>
        }
    });
    view! {
        <h3>"Approval chains"</h3>
        <p class="catalogue__help">"Who approves, in order, before change management authorizes each gate."</p>
        {gates.into_iter().collect_view()}
        <GroupError act form="policy" field="chain" />
    }
}

/// The freeze windows: when nothing may be deployed.
#[component]
fn Freezes(
    draft: RwSignal<Option<ReleasePolicy>>,
    edit: impl Fn(&dyn Fn(&mut ReleasePolicy)) + Copy + Send + Sync + 'static,
    act: Act,
) -> impl IntoView {
    let desk = Desk::expect();
    let environments = Memo::new(move |_| {
        desk.engine.with(|e| {
            let mut list: Vec<_> = e
                .book()
                .environments
                .values()
                .filter(|env| !env.retired)
                .map(|env| (env.order, env.id.clone(), env.name.clone()))
                .collect();
            list.sort();
            list
        })
    });
    let count =
        Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |p| p.freeze_windows.len())));
    let get = move |i: usize, f: &dyn Fn(&FreezeWindow) -> String| {
        draft.with(|d| {
            d.as_ref()
                .and_then(|p| p.freeze_windows.get(i))
                .map(f)
                .unwrap_or_default()
        })
    };
    let described = error_id("policy", "freeze_windows");
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let described = described.clone();
                let time_field = move |label: &'static str, end: bool| {
                    let id = format!("freeze-{i}-{}", if end { "end" } else { "start" });
                    view! {
                        <div class="field">
                            <label class="field__label" for=id.clone()>{label}</label>
                            <input class="field__input" id=id type="datetime-local"
                                aria-describedby=error_id("policy", "freeze_windows") aria-invalid=move || act.invalid("freeze_windows")
                                prop:value=move || get(i, &|f| input_time(if end { f.end } else { f.start }))
                                on:input=move |ev| {
                                    if let Some(at) = parse_time(&event_target_value(&ev)) {
                                        edit(&|p| {
                                            let f = &mut p.freeze_windows[i];
                                            if end { f.end = at } else { f.start = at }
                                        })
                                    }
                                } />
                        </div>
                    }
                };
                view! {
                    <fieldset class="policy__row policy__freeze">
                        <legend>{format!("Freeze window {}", i + 1)}</legend>
                        <div class="field">
                            <label class="field__label" for=format!("freeze-{i}-name")>"Reason"</label>
                            <input class="field__input" id=format!("freeze-{i}-name") type="text" maxlength="80"
                                aria-describedby=described aria-invalid=move || act.invalid("freeze_windows")
                                prop:value=move || get(i, &|f| f.name.clone())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    edit(&|p| p.freeze_windows[i].name = v.clone())
                                } />
                        </div>
                        {time_field("Starts (UTC)", false)}
                        {time_field("Ends (UTC)", true)}
                        <div class="field">
                            <label class="field__label" for=format!("freeze-{i}-repeat")>"Repeats"</label>
                            <select class="field__input" id=format!("freeze-{i}-repeat") on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(r) = REPEATS.into_iter().find(|r| repeat_label(*r) == v) {
                                    edit(&|p| p.freeze_windows[i].repeat = r)
                                }
                            }>
                                {REPEATS.map(|r| view! {
                                    <option value=repeat_label(r) prop:selected=move || get(i, &|f| repeat_label(f.repeat).to_owned()) == repeat_label(r)>
                                        {repeat_label(r)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <fieldset class="policy__envs">
                            <legend>"Environments frozen (none ticked: every environment)"</legend>
                            {move || environments.get().into_iter().map(|(_, env, name)| {
                                let id = format!("freeze-{i}-env-{env}");
                                let ticked = env.clone();
                                view! {
                                    <span class="field--check">
                                        <input type="checkbox" id=id.clone()
                                            prop:checked=move || draft.with(|d| d.as_ref().and_then(|p| p.freeze_windows.get(i)).is_some_and(|f| f.environments.contains(&ticked)))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                edit(&|p| {
                                                    let list = &mut p.freeze_windows[i].environments;
                                                    list.retain(|e| *e != env);
                                                    if on { list.push(env.clone()) }
                                                })
                                            } />
                                        <label for=id>{name}</label>
                                    </span>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button class="button button--secondary" type="button"
                            on:click=move |_| edit(&|p| { p.freeze_windows.remove(i); })>
                            {format!("Remove freeze window {}", i + 1)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let add = move |_| {
        let start = Utc::now() + Duration::days(7);
        let start = parse_time(&input_time(start)).unwrap_or(start);
        let window = FreezeWindow {
            id: ItemId(fresh_id()),
            name: String::new(),
            start,
            end: start + Duration::days(1),
            repeat: Repeat::Once,
            environments: Vec::new(),
        };
        edit(&|p| p.freeze_windows.push(window.clone()))
    };
    view! {
        <h3>"Freeze windows"</h3>
        <p class="catalogue__help">"Times when nothing may be deployed, once or repeating; times are in UTC."</p>
        {rows}
        <GroupError act form="policy" field="freeze_windows" />
        <button class="button button--secondary" type="button" on:click=add>"Add a freeze window"</button>
    }
}
