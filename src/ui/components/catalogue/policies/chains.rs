//! A release policy's approval chains: who approves, in order, before each gate.

use leptos::prelude::*;

use crate::domain::{Approver, GateKind, PersonId, ReleasePolicy, Role};
use crate::ui::act::Act;
use crate::ui::desk::Desk;
use crate::ui::kit::GroupError;

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

/// The approval chain before each gate.
#[component]
pub fn Chains(
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
