//! A release policy's frequency limits: how often each category may reach production.

use leptos::prelude::*;

use crate::domain::{Category, FrequencyLimit, Period, ReleasePolicy};
use crate::ui::act::Act;
use crate::ui::kit::{error_id, GroupError};

/// How often each category may reach production.
#[component]
pub fn Frequency(
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
                                if let Some(x) = Period::ALL.into_iter().find(|x| x.label() == v) {
                                    edit(&|p| p.frequency[i].period = x)
                                }
                            }>
                                {Period::ALL.map(|x| view! {
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
