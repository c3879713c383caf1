//! A release policy's freeze windows: when nothing may be deployed, once or repeating.

use crate::domain::order;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use leptos::prelude::*;

use crate::domain::schedule::minute;
use crate::domain::{FreezeWindow, ItemId, ReleasePolicy, Repeat};
use crate::ui::act::Act;
use crate::ui::desk::{fresh_id, Desk};
use crate::ui::kit::{error_id, GroupError};

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

/// The freeze windows: when nothing may be deployed.
#[component]
pub fn Freezes(
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
            order::sort(&mut list);
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
