//! The release page's registers: risks (likelihood × impact gives the severity), deviations
//! and issues with their corrective actions (an approved deviation waives a pass/fail
//! criterion), and the communications sent to stakeholders. Open entries come first, the
//! most severe on top; closed ones fold away.

use super::opener::opener;
use crate::domain::order;
use leptos::prelude::*;

use super::common::{
    button, chosen, keyed, offer, on, options, or_none, person_here, recorded, who, Entry, Text,
};
use super::entry_form::{entry_options, send_entry, status_field, status_of, EntryWords};
use super::ReleaseCtx;
use crate::domain::{
    Communication, EntryStatus, Issue, IssueKind, ItemId, ReleaseChange, Risk, Section, Severity,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::kit::{Dyn, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

const SCALE: [&str; 5] = ["1 (lowest)", "2", "3", "4", "5 (highest)"];

fn blank_risk() -> Risk {
    Risk {
        id: ItemId::default(),
        title: String::new(),
        likelihood: 3,
        impact: 3,
        owner: String::new(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    }
}

fn blank_issue() -> Issue {
    Issue {
        id: ItemId::default(),
        kind: IssueKind::Issue,
        title: String::new(),
        severity: Severity::Medium,
        corrective_action: String::new(),
        status: EntryStatus::Open,
        waives: None,
        approved: None,
    }
}

/// Open ids first by severity (highest first), then the closed ones.
fn split_by_severity(
    mut entries: Vec<(ItemId, Severity, u32, bool)>,
) -> (Vec<ItemId>, Vec<ItemId>) {
    order::sort_by(&mut entries, |a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    let (closed, open): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.3);
    (
        open.into_iter().map(|e| e.0).collect(),
        closed.into_iter().map(|e| e.0).collect(),
    )
}

/// The risk register, the deviations and issues, and the communications of a release.
#[component]
pub fn RegistersSection() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let me = person_here();
    let risks = Memo::new(move |_| {
        split_by_severity(
            ctx.with(|r| {
                r.risks
                    .iter()
                    .map(|x| {
                        let score = u32::from(x.likelihood) * u32::from(x.impact);
                        (
                            x.id.clone(),
                            x.severity(),
                            score,
                            x.status == EntryStatus::Closed,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        )
    });
    let issues = Memo::new(move |_| {
        split_by_severity(
            ctx.with(|r| {
                r.issues
                    .iter()
                    .map(|x| (x.id.clone(), x.severity, 0, x.status == EntryStatus::Closed))
                    .collect()
            })
            .unwrap_or_default(),
        )
    });
    view! {
        <section class="release__section ops" id=section_id(Section::Risks) aria-labelledby="risks-title">
            <h2 id="risks-title">"Risks"</h2>
            <p class="ops__help">"Likelihood and impact run from 1 to 5; their product gives the severity. Most severe first."</p>
            <When cond={move || risks.with(|r| r.0.is_empty() && r.1.is_empty())}><p>"No risk is recorded."</p></When>
            <ul class="ops__list">
                {keyed(Box::new(move || risks.get().0), |id| view! { <RiskItem id /> }.into_any())}
            </ul>
            <When cond={move || risks.with(|r| !r.1.is_empty())}><details class="ops__more">
                    <summary>{Box::new(move || format!("{} closed", crate::domain::plural::count(risks.with(|r| r.1.len()), "risk"))) as Text}</summary>
                    <ul class="ops__list">
                        {keyed(Box::new(move || risks.get().1), |id| view! { <RiskItem id /> }.into_any())}
                    </ul>
                </details></When>
            {opener(Signal::derive(move || offer(ctx, me, &ReleaseChange::RaiseRisk(blank_risk()))), "Raise a risk", || view! { <RiskForm risk=None /> }.into_any())}
        </section>
        <section class="release__section ops" id=section_id(Section::Issues) aria-labelledby="issues-title">
            <h2 id="issues-title">"Deviations and issues"</h2>
            <p class="ops__help">"Each with its corrective action. An approved deviation waives the pass/fail criterion it names."</p>
            <When cond={move || issues.with(|r| r.0.is_empty() && r.1.is_empty())}><p>"No deviation or issue is recorded."</p></When>
            <ul class="ops__list">
                {keyed(Box::new(move || issues.get().0), |id| view! { <IssueItem id /> }.into_any())}
            </ul>
            <When cond={move || issues.with(|r| !r.1.is_empty())}><details class="ops__more">
                    <summary>{Box::new(move || crate::domain::plural::count_of(issues.with(|r| r.1.len()), "closed deviation or issue", "closed deviations and issues")) as Text}</summary>
                    <ul class="ops__list">
                        {keyed(Box::new(move || issues.get().1), |id| view! { <IssueItem id /> }.into_any())}
                    </ul>
                </details></When>
            {opener(Signal::derive(move || offer(ctx, me, &ReleaseChange::RaiseIssue(blank_issue()))), "Raise a deviation or issue", || view! { <IssueForm issue=None /> }.into_any())}
        </section>
        <Communications />
    }
}

#[component]
fn RiskItem(id: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let risk = Memo::new(move |_| {
        ctx.with(|r| r.risks.iter().find(|x| x.id == id).cloned())
            .flatten()
    });
    let body: Dyn = Box::new(move || {
        let Some(x) = risk.get() else {
            return ().into_any();
        };
        let editable = offer(ctx, me, &ReleaseChange::UpdateRisk(blank_risk()));
        let severity = x.severity().label();
        let edit = editable.then(|| {
            (
                format!("Update risk “{}”", x.title),
                view! { <RiskForm risk=Some(x.clone()) /> }.into_any(),
            )
        });
        Entry {
            label: format!("Risk: {}", x.title),
            title: x.title.clone(),
            badge: (severity, format!("{severity} severity")),
            facts: vec![
                (
                    "Likelihood × impact",
                    format!("{} × {}", x.likelihood, x.impact),
                ),
                ("Owner", or_none(&x.owner)),
                ("Mitigation", or_none(&x.mitigation)),
                ("Status", x.status.label().to_owned()),
            ],
            stamp: recorded(desk, &x.id),
            actions: Vec::new(),
            edit,
            sub: false,
        }
        .view()
    });
    body
}

#[component]
fn RiskForm(risk: Option<Risk>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let base = risk.unwrap_or_else(blank_risk);
    let is_new = base.id.0.is_empty();
    let title = RwSignal::new(base.title.clone());
    let likelihood = RwSignal::new(base.likelihood.to_string());
    let impact = RwSignal::new(base.impact.to_string());
    let owner = RwSignal::new(base.owner.clone());
    let mitigation = RwSignal::new(base.mitigation.clone());
    let status = RwSignal::new(base.status.label().to_owned());
    let id = base.id.clone();
    let number = |value: RwSignal<String>| value.with_untracked(|v| v.parse().unwrap_or(0));
    let submit = Callback::new(move |()| {
        let entry = Risk {
            id: id.clone(),
            title: title.get_untracked(),
            likelihood: number(likelihood),
            impact: number(impact),
            owner: owner.get_untracked(),
            mitigation: mitigation.get_untracked(),
            status: status_of(status),
        };
        let change = if is_new {
            ReleaseChange::RaiseRisk(entry)
        } else {
            ReleaseChange::UpdateRisk(entry)
        };
        send_entry(act, ctx, change, is_new, vec![title, owner, mitigation]);
    });
    let scale = || -> Vec<(String, String)> {
        (1..=5)
            .zip(SCALE)
            .map(|(n, label)| (format!("{n}"), label.to_owned()))
            .collect()
    };
    let severity: Text = Box::new(move || {
        let probe = Risk {
            likelihood: likelihood.with(|v| v.parse().unwrap_or(0)),
            impact: impact.with(|v| v.parse().unwrap_or(0)),
            ..blank_risk()
        };
        format!("Severity: {}", probe.severity().label())
    });
    let fields = vec![
        FieldSpec::text("title", "What could go wrong", title),
        FieldSpec::select("likelihood", "Likelihood", likelihood, scale()),
        FieldSpec::select("impact", "Impact", impact, scale()),
        FieldSpec::text("owner", "Owner", owner),
        FieldSpec::area("mitigation", "Mitigation", mitigation),
        status_field(status),
    ];
    let words = EntryWords {
        key: "risk",
        raise: "Raise a risk",
        update: "Update risk",
        add: "Raise the risk",
        save: "Save the risk",
    };
    let options = entry_options(act, ctx, &base.id, &base.title, words);
    let extra = view! { <p class="ops__help" aria-live="polite">{severity}</p> }.into_any();
    view! { <RecordForm options fields on_submit=submit extra /> }
}

#[component]
fn IssueItem(id: ItemId) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let issue = Memo::new(move |_| {
        ctx.with(|r| r.issues.iter().find(|x| x.id == id).cloned())
            .flatten()
    });
    let body: Dyn = Box::new(move || {
        let Some(x) = issue.get() else {
            return ().into_any();
        };
        let editable = offer(ctx, me, &ReleaseChange::UpdateIssue(blank_issue()));
        let deviation = x.kind == IssueKind::Deviation;
        let approvable = deviation
            && x.approved.is_none()
            && offer(ctx, me, &ReleaseChange::ApproveDeviation(ItemId::default()));
        let waives = x.waives.as_ref().map(|c| {
            ctx.with(|r| {
                r.criteria
                    .iter()
                    .find(|k| &k.id == c)
                    .map(|k| k.text.clone())
            })
            .flatten()
            .unwrap_or_else(|| c.0.clone())
        });
        let approval = if deviation {
            Some(x.approved.as_ref().map_or_else(
                || "Not approved yet".to_owned(),
                |s| format!("Approved by {}", who(desk, s)),
            ))
        } else {
            None
        };
        let severity = x.severity.label();
        let kind = if deviation { "Deviation" } else { "Issue" };
        let approve_id = x.id.clone();
        let mut facts = vec![
            ("Corrective action", or_none(&x.corrective_action)),
            ("Status", x.status.label().to_owned()),
        ];
        facts.extend(waives.map(|w| ("Waives criterion", w)));
        facts.extend(approval.map(|a| ("Approval", a)));
        let mut actions = Vec::new();
        if approvable {
            actions.push(button(
                act,
                format!("Approve deviation “{}”", x.title),
                "button",
                Box::new(move || {
                    act.run(
                        on(ctx, ReleaseChange::ApproveDeviation(approve_id.clone())),
                        |_| {},
                    )
                }),
            ));
        }
        actions.push(view! { <ActStatus act release=ctx.id() /> }.into_any());
        let edit = editable.then(|| {
            (
                format!("Update “{}”", x.title),
                view! { <IssueForm issue=Some(x.clone()) /> }.into_any(),
            )
        });
        Entry {
            label: format!("{kind}: {}", x.title),
            title: format!("{kind}: {}", x.title),
            badge: (severity, format!("{severity} severity")),
            facts,
            stamp: recorded(desk, &x.id),
            actions,
            edit,
            sub: false,
        }
        .view()
    });
    body
}

#[component]
fn IssueForm(issue: Option<Issue>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let base = issue.unwrap_or_else(blank_issue);
    let is_new = base.id.0.is_empty();
    let deviation = base.kind == IssueKind::Deviation;
    let kind = RwSignal::new(if deviation { "deviation" } else { "issue" }.to_owned());
    let title = RwSignal::new(base.title.clone());
    let severity = RwSignal::new(base.severity.label().to_owned());
    let action = RwSignal::new(base.corrective_action.clone());
    let status = RwSignal::new(base.status.label().to_owned());
    let waives = RwSignal::new(base.waives.clone().map(|c| c.0).unwrap_or_default());
    // Tracked: a criterion added to the plan a moment ago can be waived without a reload.
    let criteria = Memo::new(move |_| {
        let mut criteria = vec![(String::new(), "None".to_owned())];
        ctx.with(|r| criteria.extend(r.criteria.iter().map(|c| (c.id.0.clone(), c.text.clone()))));
        criteria
    });
    let id = base.id.clone();
    let approved = base.approved.clone();
    let submit = Callback::new(move |()| {
        let is_deviation = kind.with_untracked(|k| k == "deviation");
        let waived = waives.get_untracked();
        let entry = Issue {
            id: id.clone(),
            kind: if is_deviation {
                IssueKind::Deviation
            } else {
                IssueKind::Issue
            },
            title: title.get_untracked(),
            severity: chosen(&Severity::ALL, Severity::label, &severity.get_untracked()),
            corrective_action: action.get_untracked(),
            status: status_of(status),
            waives: (!waived.is_empty()).then_some(ItemId(waived)),
            approved: approved.clone(),
        };
        let change = if is_new {
            ReleaseChange::RaiseIssue(entry)
        } else {
            ReleaseChange::UpdateIssue(entry)
        };
        // The waived criterion goes too: kept, it would make the next entry, an ordinary
        // issue, one the domain refuses (only a deviation waives).
        send_entry(act, ctx, change, is_new, vec![title, action, waives]);
    });
    let kinds = vec![
        ("issue".to_owned(), "issue (a problem met)".to_owned()),
        (
            "deviation".to_owned(),
            "deviation (done differently from the plan)".to_owned(),
        ),
    ];
    let fields = vec![
        FieldSpec::select("kind", "Kind", kind, kinds),
        FieldSpec::text("title", "What happened", title),
        FieldSpec::select(
            "severity",
            "Severity",
            severity,
            options(&Severity::ALL, Severity::label),
        ),
        FieldSpec::area("corrective_action", "Corrective action", action),
        status_field(status),
        FieldSpec::select(
            "waives",
            "Pass/fail criterion a deviation waives, once approved",
            waives,
            criteria,
        ),
    ];
    let words = EntryWords {
        key: "issue",
        raise: "Raise a deviation or issue",
        update: "Update",
        add: "Raise it",
        save: "Save changes",
    };
    let options = entry_options(act, ctx, &base.id, &base.title, words);
    view! { <RecordForm options fields on_submit=submit /> }
}

/// Messages sent to stakeholders.
#[component]
fn Communications() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let act = Act::new();
    let audience = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let may_record = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::RecordCommunication(Communication {
                id: ItemId::default(),
                audience: String::new(),
                channel: String::new(),
                message: String::new(),
            }),
        )
    };
    let list: Dyn = Box::new(move || {
        ctx.with(|r| {
            r.communications
                .iter()
                .rev()
                .map(|c| {
                    let how = if c.channel.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", c.channel)
                    };
                    view! {
                        <li class="ops__item">
                            <strong>{format!("To {}{how}", c.audience)}</strong>
                            <p class="ops__text">{c.message.clone()}</p>
                            <p class="ops__stamp">{recorded(desk, &c.id)}</p>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
        .unwrap_or_else(|| ().into_any())
    });
    let submit = Callback::new(move |()| {
        let entry = Communication {
            id: ItemId::default(),
            audience: audience.get_untracked(),
            channel: channel.get_untracked(),
            message: message.get_untracked(),
        };
        act.run(
            on(ctx, ReleaseChange::RecordCommunication(entry)),
            move |_| message.set(String::new()),
        );
    });
    let fields = vec![
        FieldSpec::text("audience", "Who it went to", audience),
        FieldSpec::text("channel", "Channel (e-mail, intranet, meeting)", channel),
        FieldSpec::area("message", "Message", message),
    ];
    let options = FormOptions::new(
        act,
        "comm",
        "Record a communication",
        "Record the communication",
    )
    .class("ops__form")
    .release(ctx.id());
    view! {
        <section class="release__section ops" id="section-communications" aria-labelledby="communications-title">
            <h2 id="communications-title">"Communications"</h2>
            <When cond={move || ctx.with(|r| r.communications.is_empty()).unwrap_or(true)}><p>"No communication is recorded."</p></When>
            <ul class="ops__list">{list}</ul>
            {opener(Signal::derive(may_record), "Record a communication", move || view! { <RecordForm options=options.clone() fields=fields.clone() on_submit=submit /> }.into_any())}
        </section>
    }
}
