//! The release package: the release's details (name, RFCs, ownership, audience,
//! stakeholders, approach, dependencies) and the configuration items it changes, each
//! shown and edited.

use leptos::prelude::*;

use super::common::{chosen, field_error, list, offer, on, options, person_here};
use super::opener::opener;
use super::ReleaseCtx;
use crate::domain::{
    Approach, Automation, CiAction, CiChange, CiId, Delivery, ReleaseChange, ReleaseDetails,
    ReleaseId, Rollout, Section,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, effect, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::{release_href, section_id};

/// The details section and the package section of the release page.
#[component]
pub fn PackageSection() -> impl IntoView {
    view! {
        <DetailsPart />
        <PackagePart />
    }
}

#[component]
fn DetailsPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
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
                    d.approach.label(),
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
            {opener(Signal::derive(may_edit), "Edit the details", details_form)}
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn details_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let act = Act::new();
    let d = ctx.part(|r| r.details.clone());
    let text = |t: String| RwSignal::new(t);
    let name = text(d.name.clone());
    let rfcs = text(d.rfcs.join(", "));
    let owner = text(d.owner_team.clone());
    let audience = text(d.audience.clone());
    let stakeholders = text(d.stakeholders.join(", "));
    let rollout = text(d.approach.rollout.word().to_owned());
    let delivery = text(d.approach.delivery.word().to_owned());
    let automation = text(d.approach.automation.word().to_owned());
    let depends = RwSignal::new(d.depends_on.clone());
    let others = desk.engine.with_untracked(|e| {
        e.book()
            .releases
            .values()
            .filter(|r| r.id != ctx.id() && !r.status.is_final())
            .map(|r| (r.id.clone(), r.title()))
            .collect::<Vec<_>>()
    });
    let submit = Callback::new(move |()| {
        let details = ReleaseDetails {
            name: name.get_untracked().trim().to_owned(),
            rfcs: list(&rfcs.get_untracked()),
            owner_team: owner.get_untracked().trim().to_owned(),
            audience: audience.get_untracked().trim().to_owned(),
            stakeholders: list(&stakeholders.get_untracked()),
            approach: Approach {
                rollout: chosen(&Rollout::ALL, Rollout::word, &rollout.get_untracked()),
                delivery: chosen(&Delivery::ALL, Delivery::word, &delivery.get_untracked()),
                automation: chosen(
                    &Automation::ALL,
                    Automation::word,
                    &automation.get_untracked(),
                ),
            },
            depends_on: depends.get_untracked(),
        };
        act.run(on(ctx, ReleaseChange::EditDetails(details)), |_| ());
    });
    let fields = vec![
        FieldSpec::text("name", "Name", name),
        FieldSpec::text("rfcs", "Change requests (RFCs)", rfcs)
            .help("The RFC references that authorize the release, separated by commas."),
        FieldSpec::text("owner_team", "Owning team", owner)
            .help("The team ultimately responsible for the release."),
        FieldSpec::text("audience", "Audience", audience)
            .help("The users, customers and organizations the release reaches."),
        FieldSpec::text("stakeholders", "Stakeholders", stakeholders)
            .help("Who is kept informed, separated by commas."),
        FieldSpec::select(
            "rollout",
            "Rollout",
            rollout,
            options(&Rollout::ALL, Rollout::word),
        ),
        FieldSpec::select(
            "delivery",
            "Delivery",
            delivery,
            options(&Delivery::ALL, Delivery::word),
        ),
        FieldSpec::select(
            "automation",
            "Deployment",
            automation,
            options(&Automation::ALL, Automation::word),
        ),
    ];
    let choices = view! {
        <fieldset class="release__choices" aria-describedby="details-depends_on-error">
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
            {field_error(act, "depends_on", "details-depends_on-error".into())}
        </fieldset>
    }
    .into_any();
    let options = FormOptions::new(act, "details", "Edit the details", "Save the details")
        .class("release__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit extra=choices /> }.into_any()
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
                            c.action.label(),
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
                        <When cond=may_edit><th scope="col"><span class="release__hidden">"Remove"</span></th></When></tr></thead>
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
            <When cond={move || rows().is_empty()}><p>"The package carries no configuration item yet."</p></When>
            {opener(Signal::derive(may_edit), "Add a configuration item", add_ci)}
            <ActStatus act release=ctx.id() />
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn add_ci() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let desk = Desk::expect();
    let ci = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("upgrade"));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let choices = Signal::derive(move || {
        desk.engine.with(|e| {
            let carried: Vec<CiId> = ctx
                .with(|r| r.package.iter().map(|c| c.ci.clone()).collect())
                .unwrap_or_default();
            let mut choices = vec![(String::new(), "Choose from the catalogue".to_owned())];
            choices.extend(
                e.book()
                    .cis
                    .values()
                    .filter(|c| !c.retired && !carried.contains(&c.id))
                    .map(|c| (c.id.0.clone(), format!("{} ({})", c.name, c.kind.label()))),
            );
            choices
        })
    });
    // The version in use today, offered as the "from" of an upgrade.
    effect(move |_| {
        let id = ci.get();
        let current = desk.engine.with_untracked(|e| {
            e.book()
                .cis
                .get(&CiId(id))
                .map(|c| c.version.clone())
                .unwrap_or_default()
        });
        from.set(current);
    });
    let submit = Callback::new(move |()| {
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
        act.run(on(ctx, ReleaseChange::SetPackage(package)), |_| ());
    });
    let actions = vec![
        ("upgrade".to_owned(), "upgrade".to_owned()),
        ("add".to_owned(), "add (new item)".to_owned()),
        ("retire".to_owned(), "retire".to_owned()),
    ];
    let fields = vec![
        FieldSpec::select("package", "Configuration item", ci, choices),
        FieldSpec::select("action", "Change", kind, actions),
        FieldSpec::text("from", "From version", from).shown(move || kind.get() == "upgrade"),
        FieldSpec::text("to", "To version", to).shown(move || kind.get() != "retire"),
    ];
    let options = FormOptions::new(
        act,
        "package",
        "Add a configuration item",
        "Add to the package",
    )
    .class("release__form release__form--inline");
    view! { <RecordForm options fields on_submit=submit /> }.into_any()
}
