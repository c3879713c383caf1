//! The release package: the release's details (name, RFCs, ownership, audience,
//! stakeholders, approach, dependencies) and the configuration items it changes, each
//! shown and edited.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::ui::components::kit::dy;

use super::common::{list, offer, on, person_here};
use super::form::TextField as Field;
use super::ReleaseCtx;
use crate::domain::{
    Approach, Automation, CiAction, CiChange, CiId, Delivery, ReleaseChange, ReleaseDetails,
    ReleaseId, Rollout, Section,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::{release_href, section_id};

/// The details section and the package section of the release page.
#[component]
pub fn PackageSection() -> impl IntoView {
    view! {
        <DetailsPart />
        <PackagePart />
    }
}

fn approach_text(a: Approach) -> String {
    format!(
        "{}, {}, {}",
        match a.rollout {
            Rollout::BigBang => "big bang (everyone at once)",
            Rollout::Phased => "phased (waves of target groups)",
        },
        match a.delivery {
            Delivery::Push => "pushed to users",
            Delivery::Pull => "pulled by users",
        },
        match a.automation {
            Automation::Automatic => "automatic deployment",
            Automation::Manual => "manual deployment",
        }
    )
}

#[component]
fn DetailsPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let editing = RwSignal::new(false);
    let may_edit = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::EditDetails(ReleaseDetails::default()),
        )
    };
    let facts = move || {
        desk.engine.with(|e| {
            ctx.with(|r| {
                let d = &r.details;
                let deps: Vec<(String, String)> = d
                    .depends_on
                    .iter()
                    .map(|id| {
                        let title = e
                            .book()
                            .releases
                            .get(id)
                            .map_or(id.0.clone(), |r| r.title());
                        (release_href(&id.0), title)
                    })
                    .collect();
                (
                    d.name.clone(),
                    d.rfcs.join(", "),
                    d.owner_team.clone(),
                    d.audience.clone(),
                    d.stakeholders.join(", "),
                    approach_text(d.approach),
                    deps,
                )
            })
        })
    };
    let or_none = |s: String| {
        if s.is_empty() {
            "None yet".to_owned()
        } else {
            s
        }
    };
    view! {
        <section class="release__section" id=section_id(Section::Details) aria-labelledby="details-title">
            <h2 id="details-title">"Details"</h2>
            {dy(move || (facts().map(|(name, rfcs, owner, audience, stakeholders, approach, deps)| view! {
                <dl class="release__facts release__facts--stacked">
                    <div><dt>"Name"</dt><dd>{name}</dd></div>
                    <div><dt>"Change requests (RFCs)"</dt><dd>{or_none(rfcs)}</dd></div>
                    <div><dt>"Owning team"</dt><dd>{or_none(owner)}</dd></div>
                    <div><dt>"Audience"</dt><dd>{or_none(audience)}</dd></div>
                    <div><dt>"Stakeholders"</dt><dd>{or_none(stakeholders)}</dd></div>
                    <div><dt>"Approach"</dt><dd>{approach}</dd></div>
                    <div><dt>"Depends on"</dt><dd>
                        {if deps.is_empty() { Some("No other release") } else { None }}
                        {deps.into_iter().map(|(href, title)| (view! { <a class="release__dep" href=href>{title}</a> }).into_any()).collect_view()}
                    </dd></div>
                </dl>
            })).into_any())}
            {dy(move || (may_edit().then(|| view! {
                <button class="button button--secondary" type="button"
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    "Edit the details"
                </button>
            }.into_any())).into_any())}
            {dy(move || ((editing.get() && may_edit()).then(|| view! { <DetailsForm editing /> }.into_any())).into_any())}
        </section>
    }
}

#[component]
fn DetailsForm(editing: RwSignal<bool>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let act = Act::new();
    let d = ctx
        .release
        .with_untracked(|r| r.as_ref().map(|r| r.details.clone()))
        .unwrap_or_default();
    let name = RwSignal::new(d.name.clone());
    let rfcs = RwSignal::new(d.rfcs.join(", "));
    let owner = RwSignal::new(d.owner_team.clone());
    let audience = RwSignal::new(d.audience.clone());
    let stakeholders = RwSignal::new(d.stakeholders.join(", "));
    let rollout = RwSignal::new(d.approach.rollout);
    let delivery = RwSignal::new(d.approach.delivery);
    let automation = RwSignal::new(d.approach.automation);
    let depends = RwSignal::new(d.depends_on.clone());
    let others = desk.engine.with_untracked(|e| {
        e.book()
            .releases
            .values()
            .filter(|r| r.id != ctx.id() && !r.status.is_final())
            .map(|r| (r.id.clone(), r.title()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let details = ReleaseDetails {
            name: name.get_untracked().trim().to_owned(),
            rfcs: list(&rfcs.get_untracked()),
            owner_team: owner.get_untracked().trim().to_owned(),
            audience: audience.get_untracked().trim().to_owned(),
            stakeholders: list(&stakeholders.get_untracked()),
            approach: Approach {
                rollout: rollout.get_untracked(),
                delivery: delivery.get_untracked(),
                automation: automation.get_untracked(),
            },
            depends_on: depends.get_untracked(),
        };
        act.run(on(ctx, ReleaseChange::EditDetails(details)), move |_| {
            editing.set(false)
        });
    };
    let choice = |id: &'static str,
                  label: &'static str,
                  options: [&'static str; 2],
                  first: Signal<bool>,
                  set: Callback<bool>| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <select class="field__input" id=id on:change=move |ev| set.run(event_target_value(&ev) == options[0])>
                    <option value=options[0] selected=move || first.get()>{options[0]}</option>
                    <option value=options[1] selected=move || !first.get()>{options[1]}</option>
                </select>
            </div>
        }
    };
    view! {
        <form class="release__form" on:submit=submit>
            <Field id="details-name" label="Name" value=name act field="name" />
            <Field id="details-rfcs" label="Change requests (RFCs)" value=rfcs act
                help="The RFC references that authorize the release, separated by commas." />
            <Field id="details-owner" label="Owning team" value=owner act
                help="The team ultimately responsible for the release." />
            <Field id="details-audience" label="Audience" value=audience act
                help="The users, customers and organizations the release reaches." />
            <Field id="details-stakeholders" label="Stakeholders" value=stakeholders act
                help="Who is kept informed, separated by commas." />
            {choice("details-rollout", "Rollout", ["big bang", "phased"],
                Signal::derive(move || rollout.get() == Rollout::BigBang),
                Callback::new(move |b| rollout.set(if b { Rollout::BigBang } else { Rollout::Phased })))}
            {choice("details-delivery", "Delivery", ["push", "pull"],
                Signal::derive(move || delivery.get() == Delivery::Push),
                Callback::new(move |b| delivery.set(if b { Delivery::Push } else { Delivery::Pull })))}
            {choice("details-automation", "Deployment", ["automatic", "manual"],
                Signal::derive(move || automation.get() == Automation::Automatic),
                Callback::new(move |b| automation.set(if b { Automation::Automatic } else { Automation::Manual })))}
            <fieldset class="release__choices">
                <legend>"Depends on (released before this one)"</legend>
                {others.into_iter().map(|(id, title)| ({
                    let dom_id = format!("depends-{}", id.0);
                    let key: ReleaseId = id.clone();
                    let checked = depends.with_untracked(|d| d.contains(&id));
                    view! {
                        <label class="release__choice">
                            <input type="checkbox" id=dom_id prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    depends.update(|d| {
                                        d.retain(|x| x != &key);
                                        if on { d.push(key.clone()) }
                                    });
                                } />
                            {title}
                        </label>
                    }
                }).into_any()).collect_view()}
                <p class="field__error" id="details-depends-error" role="alert">{dy(move || (act.field_error("depends_on")).into_any())}</p>
            </fieldset>
            <button class="button" type="submit" disabled=act.busy>"Save the details"</button>
            <ActStatus act release=ctx.id() />
        </form>
    }
}

fn action_text(action: &CiAction) -> String {
    match action {
        CiAction::Add { version } => format!("add at {version}"),
        CiAction::Upgrade { from, to } => format!("upgrade from {from} to {to}"),
        CiAction::Retire => "retire".to_owned(),
    }
}

#[component]
fn PackagePart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let may_edit = move || offer(ctx, me, &ReleaseChange::SetPackage(Vec::new()));
    let rows = move || {
        desk.engine.with(|e| {
            ctx.with(|r| {
                r.package
                    .iter()
                    .map(|c| {
                        let ci = e.book().cis.get(&c.ci);
                        (
                            c.ci.clone(),
                            ci.map_or(c.ci.0.clone(), |ci| ci.name.clone()),
                            ci.map_or("", |ci| ci.kind.label()),
                            action_text(&c.action),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    let set =
        move |package: Vec<CiChange>| act.run(on(ctx, ReleaseChange::SetPackage(package)), |_| {});
    let remove = move |ci: CiId| {
        let package = ctx
            .with(|r| r.package.iter().filter(|c| c.ci != ci).cloned().collect())
            .unwrap_or_default();
        set(package);
    };
    view! {
        <section class="release__section" id=section_id(Section::Package) aria-labelledby="package-title">
            <h2 id="package-title">"Release package"</h2>
            <p class="release__help">"The configuration items the release adds, upgrades or retires: software, assets, documentation, processes, training and contracts."</p>
            <div class="release__table-wrap">
                <table class="release__table">
                    <thead><tr><th scope="col">"Configuration item"</th><th scope="col">"Kind"</th><th scope="col">"Change"</th>
                        {dy(move || (may_edit().then(|| view! { <th scope="col"><span class="release__hidden">"Remove"</span></th> }.into_any())).into_any())}</tr></thead>
                    <tbody>
                        {dy(move || ({
                            let edit = may_edit();
                            rows().into_iter().map(|(id, name, kind, action)| ({
                                let label = format!(" {name} from the package");
                                view! {
                                    <tr>
                                        <td>{name}</td><td>{kind}</td><td>{action}</td>
                                        {edit.then(|| view! {
                                            <td><button class="button button--secondary" type="button"
                                                disabled=act.busy
                                                on:click=move |_| remove(id.clone())>"Remove"<span class="release__hidden">{label}</span></button></td>
                                        }.into_any())}
                                    </tr>
                                }
                            }).into_any()).collect_view()
                        }).into_any())}
                    </tbody>
                </table>
            </div>
            {dy(move || (rows().is_empty().then_some(view! { <p>"The package carries no configuration item yet."</p> }.into_any())).into_any())}
            {dy(move || (may_edit().then(|| view! { <AddCi act /> }.into_any())).into_any())}
            <ActStatus act release=ctx.id() />
        </section>
    }
}

#[component]
fn AddCi(act: Act) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let ci = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("upgrade"));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let choices = move || {
        desk.engine.with(|e| {
            let carried: Vec<CiId> = ctx
                .with(|r| r.package.iter().map(|c| c.ci.clone()).collect())
                .unwrap_or_default();
            e.book()
                .cis
                .values()
                .filter(|c| !c.retired && !carried.contains(&c.id))
                .map(|c| (c.id.0.clone(), format!("{} ({})", c.name, c.kind.label())))
                .collect::<Vec<_>>()
        })
    };
    // The version in use today, offered as the "from" of an upgrade.
    let pick = move |id: String| {
        let current = desk.engine.with_untracked(|e| {
            e.book()
                .cis
                .get(&CiId(id.clone()))
                .map(|c| c.version.clone())
                .unwrap_or_default()
        });
        from.set(current);
        ci.set(id);
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let id = ci.get_untracked();
        if id.is_empty() {
            return act.refuse("package", "Choose a configuration item to add.");
        }
        let action = match kind.get_untracked().as_str() {
            "add" => CiAction::Add {
                version: to.get_untracked().trim().to_owned(),
            },
            "retire" => CiAction::Retire,
            _ => CiAction::Upgrade {
                from: from.get_untracked().trim().to_owned(),
                to: to.get_untracked().trim().to_owned(),
            },
        };
        let mut package = ctx.with(|r| r.package.clone()).unwrap_or_default();
        package.push(CiChange {
            ci: CiId(id),
            action,
        });
        act.run(on(ctx, ReleaseChange::SetPackage(package)), move |_| {
            ci.set(String::new());
            to.set(String::new());
        });
    };
    view! {
        <form class="release__form release__form--inline" on:submit=submit>
            <h3>"Add a configuration item"</h3>
            <div class="field">
                <label class="field__label" for="package-ci">"Configuration item"</label>
                <select class="field__input" id="package-ci" aria-describedby="package-ci-error"
                    aria-invalid=move || act.invalid("package")
                    on:change=move |ev| pick(event_target_value(&ev))>
                    <option value="" selected=move || ci.get().is_empty()>"Choose from the catalogue"</option>
                    {dy(move || (choices().into_iter().map(|(id, name)| (view! { <option value=id>{name}</option> }).into_any()).collect_view()).into_any())}
                </select>
                <p class="field__error" id="package-ci-error" role="alert">{dy(move || (act.field_error("package")).into_any())}</p>
            </div>
            <div class="field">
                <label class="field__label" for="package-action">"Change"</label>
                <select class="field__input" id="package-action" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="upgrade" selected=true>"upgrade"</option>
                    <option value="add">"add (new item)"</option>
                    <option value="retire">"retire"</option>
                </select>
            </div>
            {dy(move || ((kind.get() == "upgrade").then(|| view! {
                <Field id="package-from" label="From version" value=from act />
            }.into_any())).into_any())}
            {dy(move || ((kind.get() != "retire").then(|| view! {
                <Field id="package-to" label="To version" value=to act />
            }.into_any())).into_any())}
            <button class="button" type="submit" disabled=act.busy>"Add to the package"</button>
        </form>
    }
}
