//! The release policies tab: for one service at a time, the numbering it gives next, the
//! rollout approach new releases start with, how often each category may reach
//! production, the approval chain before each gate, the freeze windows (once or
//! repeating) and the fewest pass/fail criteria a test plan needs.
//! The whole policy is edited as a draft and saved as one change.

mod chains;
mod freezes;
mod frequency;

use leptos::prelude::*;

use super::{may_manage, tab, ManageNote};
use crate::domain::{numbering, Category, Change, ReleasePolicy, ServiceId};
use crate::ui::act::Act;
use crate::ui::components::list::choice::ApproachChoices;
use crate::ui::desk::Desk;
use crate::ui::kit::{effect, Field, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::state::AppState;
use chains::Chains;
use freezes::Freezes;
use frequency::Frequency;

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
    effect(move |_| {
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
    effect(move |first: Option<()>| {
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
            <h3>"Default rollout approach"</h3>
            <p class="catalogue__help">"How a new release of this service is deployed unless its release manager chooses otherwise: the new-release form starts with it."</p>
            <div class="wizard__row">
                <ApproachChoices value=Signal::derive(move || draft.with(|d| d.as_ref().map(|p| p.default_approach).unwrap_or_default()))
                    on_change=Callback::new(move |a| edit(&|p| p.default_approach = a)) />
            </div>
            <Frequency draft edit act />
            <Chains draft edit act />
            <Freezes draft edit act />
            <h3>"Test plans"</h3>
            <Field act form="policy"
                spec=FieldSpec::kind("min_pass_criteria", "Fewest pass/fail criteria a test plan may have", min, "number") />
        }
        .into_any()
    };

    let body = view! {
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
    }
    .into_any();
    tab(
        "policies",
        "Release policies",
        "Each service's rules: how its releases are numbered, how often they may go live, who approves before each gate, when nothing may be deployed, and how many pass/fail criteria a test plan needs.",
        body,
    )
}
