//! The release page's registers: risks (likelihood × impact gives the severity), deviations
//! and issues with their corrective actions (an approved deviation waives a pass/fail
//! criterion), and the communications sent to stakeholders. Open entries come first, the
//! most severe on top; closed ones fold away.

use leptos::prelude::*;

use super::operations::{status_label, text_input, StatusSelect};
use super::waves::{button, can, keyed, person_here, recorded, when, who, Dyn, Text};
use super::ReleaseCtx;
use crate::domain::{
    Change, Communication, EntryStatus, Issue, IssueKind, ItemId, ReleaseChange, Risk, Section,
    Severity,
};
use crate::ui::act::{Act, ActStatus};
use crate::ui::desk::Desk;
use crate::ui::route::section_id;

const SEVERITIES: [(Severity, &str); 4] = [
    (Severity::Critical, "critical"),
    (Severity::High, "high"),
    (Severity::Medium, "medium"),
    (Severity::Low, "low"),
];

fn severity_label(severity: Severity) -> &'static str {
    SEVERITIES
        .iter()
        .find(|(s, _)| *s == severity)
        .map_or("", |(_, l)| l)
}

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
    entries.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
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
    let editable = move || !ctx.read_only() && ctx.with(|r| !r.status.is_final()).unwrap_or(false);
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
            {when(Box::new(move || risks.with(|r| r.0.is_empty() && r.1.is_empty())), Box::new(|| view! { <p>"No risk is recorded."</p> }.into_any()))}
            <ul class="ops__list">
                {keyed(Box::new(move || risks.get().0), |id| view! { <RiskItem id /> }.into_any())}
            </ul>
            {when(Box::new(move || risks.with(|r| !r.1.is_empty())), Box::new(move || view! {
                <details class="ops__more">
                    <summary>{Box::new(move || format!("{} closed risk(s)", risks.with(|r| r.1.len()))) as Text}</summary>
                    <ul class="ops__list">
                        {keyed(Box::new(move || risks.get().1), |id| view! { <RiskItem id /> }.into_any())}
                    </ul>
                </details>
            }.into_any()))}
            {when(Box::new(move || editable() && can(me, ReleaseChange::RaiseRisk(blank_risk()))), Box::new(|| view! {
                <details class="ops__more">
                    <summary>"Raise a risk"</summary>
                    <RiskForm risk=None />
                </details>
            }.into_any()))}
        </section>
        <section class="release__section ops" id=section_id(Section::Issues) aria-labelledby="issues-title">
            <h2 id="issues-title">"Deviations and issues"</h2>
            <p class="ops__help">"Each with its corrective action. An approved deviation waives the pass/fail criterion it names."</p>
            {when(Box::new(move || issues.with(|r| r.0.is_empty() && r.1.is_empty())), Box::new(|| view! { <p>"No deviation or issue is recorded."</p> }.into_any()))}
            <ul class="ops__list">
                {keyed(Box::new(move || issues.get().0), |id| view! { <IssueItem id /> }.into_any())}
            </ul>
            {when(Box::new(move || issues.with(|r| !r.1.is_empty())), Box::new(move || view! {
                <details class="ops__more">
                    <summary>{Box::new(move || format!("{} closed deviation(s) and issue(s)", issues.with(|r| r.1.len()))) as Text}</summary>
                    <ul class="ops__list">
                        {keyed(Box::new(move || issues.get().1), |id| view! { <IssueItem id /> }.into_any())}
                    </ul>
                </details>
            }.into_any()))}
            {when(Box::new(move || editable() && can(me, ReleaseChange::RaiseIssue(blank_issue()))), Box::new(|| view! {
                <details class="ops__more">
                    <summary>"Raise a deviation or issue"</summary>
                    <IssueForm issue=None />
                </details>
            }.into_any()))}
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
        let editable = !ctx.read_only()
            && ctx.with(|r| !r.status.is_final()).unwrap_or(false)
            && can(me, ReleaseChange::UpdateRisk(blank_risk()));
        let severity = severity_label(x.severity());
        let or_none = |s: &str| {
            if s.is_empty() {
                "None yet".to_owned()
            } else {
                s.to_owned()
            }
        };
        view! {
            <li class="ops__item" aria-label=format!("Risk: {}", x.title)>
                <h3 class="ops__title">{x.title.clone()}" "
                    <span class=format!("ops__badge ops__badge--{severity}")>{format!("{severity} severity")}</span></h3>
                <dl class="facts">
                    <dt>"Likelihood × impact"</dt><dd>{format!("{} × {}", x.likelihood, x.impact)}</dd>
                    <dt>"Owner"</dt><dd>{or_none(&x.owner)}</dd>
                    <dt>"Mitigation"</dt><dd>{or_none(&x.mitigation)}</dd>
                    <dt>"Status"</dt><dd>{status_label(x.status)}</dd>
                </dl>
                <p class="ops__stamp">{recorded(desk, &x.id)}</p>
                {editable.then(|| view! {
                    <details class="ops__more">
                        <summary>{format!("Update risk “{}”", x.title)}</summary>
                        <RiskForm risk=Some(x.clone()) />
                    </details>
                })}
            </li>
        }
        .into_any()
    });
    body
}

/// A 1-to-5 `<select>`.
fn scale_select(id: String, value: RwSignal<u8>) -> impl IntoView {
    view! {
        <select class="field__input" id=id on:change=move |ev| {
            if let Ok(n) = event_target_value(&ev).parse() { value.set(n) }
        }>
            {(1u8..=5).zip(SCALE).map(|(n, label)| view! {
                <option value=n.to_string() selected=value.get_untracked() == n>{label}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn RiskForm(risk: Option<Risk>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let base = risk.unwrap_or_else(blank_risk);
    let is_new = base.id.0.is_empty();
    let key = if is_new {
        "new".to_owned()
    } else {
        base.id.0.clone()
    };
    let title = RwSignal::new(base.title.clone());
    let likelihood = RwSignal::new(base.likelihood);
    let impact = RwSignal::new(base.impact);
    let owner = RwSignal::new(base.owner.clone());
    let mitigation = RwSignal::new(base.mitigation.clone());
    let status = RwSignal::new(base.status);
    let id = base.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entry = Risk {
            id: id.clone(),
            title: title.get_untracked(),
            likelihood: likelihood.get_untracked(),
            impact: impact.get_untracked(),
            owner: owner.get_untracked(),
            mitigation: mitigation.get_untracked(),
            status: status.get_untracked(),
        };
        let change = if is_new {
            ReleaseChange::RaiseRisk(entry)
        } else {
            ReleaseChange::UpdateRisk(entry)
        };
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| {
                if is_new {
                    title.set(String::new());
                    owner.set(String::new());
                    mitigation.set(String::new());
                }
            },
        );
    };
    let (l_id, i_id, s_id) = (
        format!("risk-{key}-likelihood"),
        format!("risk-{key}-impact"),
        format!("risk-{key}-status"),
    );
    view! {
        <form class="ops__form" aria-label=if is_new { "Raise a risk".to_owned() } else { format!("Update risk “{}”", base.title) } on:submit=submit>
            {text_input(act, format!("risk-{key}-title"), "What could go wrong".into(), "title", title, "text")}
            <div class="field">
                <label class="field__label" for=l_id.clone()>"Likelihood"</label>
                {scale_select(l_id, likelihood)}
            </div>
            <div class="field">
                <label class="field__label" for=i_id.clone()>"Impact"</label>
                {scale_select(i_id, impact)}
            </div>
            <p class="ops__help" aria-live="polite">{Box::new(move || {
                let probe = Risk { likelihood: likelihood.get(), impact: impact.get(), ..blank_risk() };
                format!("Severity: {}", severity_label(probe.severity()))
            }) as Text}</p>
            {text_input(act, format!("risk-{key}-owner"), "Owner".into(), "owner", owner, "text")}
            {text_input(act, format!("risk-{key}-mitigation"), "Mitigation".into(), "mitigation", mitigation, "area")}
            <div class="field">
                <label class="field__label" for=s_id.clone()>"Status"</label>
                <StatusSelect id=s_id value=status />
            </div>
            <button class="button" type="submit" prop:disabled=act.busy>
                {if is_new { "Raise the risk" } else { "Save the risk" }}
            </button>
            <ActStatus act release=ctx.id() />
        </form>
    }
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
        let open = !ctx.read_only() && ctx.with(|r| !r.status.is_final()).unwrap_or(false);
        let editable = open && can(me, ReleaseChange::UpdateIssue(blank_issue()));
        let deviation = x.kind == IssueKind::Deviation;
        let approvable = open
            && deviation
            && x.approved.is_none()
            && can(me, ReleaseChange::ApproveDeviation(ItemId::default()));
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
        let severity = severity_label(x.severity);
        let kind = if deviation { "Deviation" } else { "Issue" };
        let approve_id = x.id.clone();
        view! {
            <li class="ops__item" aria-label=format!("{kind}: {}", x.title)>
                <h3 class="ops__title">{format!("{kind}: {}", x.title)}" "
                    <span class=format!("ops__badge ops__badge--{severity}")>{format!("{severity} severity")}</span></h3>
                <dl class="facts">
                    <dt>"Corrective action"</dt>
                    <dd>{if x.corrective_action.is_empty() { "None yet".to_owned() } else { x.corrective_action.clone() }}</dd>
                    <dt>"Status"</dt><dd>{status_label(x.status)}</dd>
                    {waives.map(|w| view! { <dt>"Waives criterion"</dt><dd>{w}</dd> })}
                    {approval.map(|a| view! { <dt>"Approval"</dt><dd>{a}</dd> })}
                </dl>
                <p class="ops__stamp">{recorded(desk, &x.id)}</p>
                {approvable.then(|| button(act, format!("Approve deviation “{}”", x.title), "button",
                    Box::new(move || act.run(Change::Release { id: ctx.id(), change: ReleaseChange::ApproveDeviation(approve_id.clone()) }, |_| {}))))}
                {editable.then(|| view! {
                    <details class="ops__more">
                        <summary>{format!("Update “{}”", x.title)}</summary>
                        <IssueForm issue=Some(x.clone()) />
                    </details>
                })}
                <ActStatus act release=ctx.id() />
            </li>
        }
        .into_any()
    });
    body
}

#[component]
fn IssueForm(issue: Option<Issue>) -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let base = issue.unwrap_or_else(blank_issue);
    let is_new = base.id.0.is_empty();
    let key = if is_new {
        "new".to_owned()
    } else {
        base.id.0.clone()
    };
    let deviation = RwSignal::new(base.kind == IssueKind::Deviation);
    let title = RwSignal::new(base.title.clone());
    let severity = RwSignal::new(base.severity);
    let action = RwSignal::new(base.corrective_action.clone());
    let status = RwSignal::new(base.status);
    let waives = RwSignal::new(base.waives.clone().map(|c| c.0).unwrap_or_default());
    let criteria: Vec<(String, String)> = ctx
        .release
        .with_untracked(|r| {
            r.as_ref().map(|r| {
                r.criteria
                    .iter()
                    .map(|c| (c.id.0.clone(), c.text.clone()))
                    .collect()
            })
        })
        .unwrap_or_default();
    let id = base.id.clone();
    let approved = base.approved.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let is_deviation = deviation.get_untracked();
        let waived = waives.get_untracked();
        let entry = Issue {
            id: id.clone(),
            kind: if is_deviation {
                IssueKind::Deviation
            } else {
                IssueKind::Issue
            },
            title: title.get_untracked(),
            severity: severity.get_untracked(),
            corrective_action: action.get_untracked(),
            status: status.get_untracked(),
            waives: (is_deviation && !waived.is_empty()).then_some(ItemId(waived)),
            approved: approved.clone(),
        };
        let change = if is_new {
            ReleaseChange::RaiseIssue(entry)
        } else {
            ReleaseChange::UpdateIssue(entry)
        };
        act.run(
            Change::Release {
                id: ctx.id(),
                change,
            },
            move |_| {
                if is_new {
                    title.set(String::new());
                    action.set(String::new());
                }
            },
        );
    };
    let (k_id, sev_id, st_id, w_id) = (
        format!("issue-{key}-kind"),
        format!("issue-{key}-severity"),
        format!("issue-{key}-status"),
        format!("issue-{key}-waives"),
    );
    let w_error = format!("{w_id}-error");
    view! {
        <form class="ops__form" aria-label=if is_new { "Raise a deviation or issue".to_owned() } else { format!("Update “{}”", base.title) } on:submit=submit>
            <div class="field">
                <label class="field__label" for=k_id.clone()>"Kind"</label>
                <select class="field__input" id=k_id on:change=move |ev| deviation.set(event_target_value(&ev) == "deviation")>
                    <option value="issue" selected=!deviation.get_untracked()>"issue (a problem met)"</option>
                    <option value="deviation" selected=deviation.get_untracked()>"deviation (done differently from the plan)"</option>
                </select>
            </div>
            {text_input(act, format!("issue-{key}-title"), "What happened".into(), "title", title, "text")}
            <div class="field">
                <label class="field__label" for=sev_id.clone()>"Severity"</label>
                <select class="field__input" id=sev_id on:change=move |ev| {
                    let text = event_target_value(&ev);
                    if let Some((s, _)) = SEVERITIES.iter().find(|(_, l)| *l == text) { severity.set(*s) }
                }>
                    {SEVERITIES.iter().map(|(s, l)| {
                        let s = *s;
                        view! { <option value=*l selected=severity.get_untracked() == s>{*l}</option> }
                    }).collect_view()}
                </select>
            </div>
            {text_input(act, format!("issue-{key}-action"), "Corrective action".into(), "corrective_action", action, "area")}
            <div class="field">
                <label class="field__label" for=st_id.clone()>"Status"</label>
                <StatusSelect id=st_id value=status />
            </div>
            {when(Box::new(move || deviation.get()), Box::new(move || view! {
                <div class="field">
                    <label class="field__label" for=w_id.clone()>"Pass/fail criterion it waives, once approved"</label>
                    <select class="field__input" id=w_id.clone() aria-describedby=w_error.clone()
                        on:change=move |ev| waives.set(event_target_value(&ev))>
                        <option value="" selected=waives.with_untracked(String::is_empty)>"None"</option>
                        {criteria.iter().map(|(id, text)| {
                            let chosen = id.clone();
                            view! { <option value=id.clone() selected=waives.with_untracked(|w| w == &chosen)>{text.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <super::waves::FieldNote act field="waives" id=w_error.clone() />
                </div>
            }.into_any()))}
            <button class="button" type="submit" prop:disabled=act.busy>
                {if is_new { "Raise it" } else { "Save changes" }}
            </button>
            <ActStatus act release=ctx.id() />
        </form>
    }
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
        !ctx.read_only()
            && ctx.with(|r| !r.status.is_final()).unwrap_or(false)
            && can(
                me,
                ReleaseChange::RecordCommunication(Communication {
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entry = Communication {
            id: ItemId::default(),
            audience: audience.get_untracked(),
            channel: channel.get_untracked(),
            message: message.get_untracked(),
        };
        act.run(
            Change::Release {
                id: ctx.id(),
                change: ReleaseChange::RecordCommunication(entry),
            },
            move |_| message.set(String::new()),
        );
    };
    view! {
        <section class="release__section ops" id="section-communications" aria-labelledby="communications-title">
            <h2 id="communications-title">"Communications"</h2>
            {when(Box::new(move || ctx.with(|r| r.communications.is_empty()).unwrap_or(true)), Box::new(|| view! { <p>"No communication is recorded."</p> }.into_any()))}
            <ul class="ops__list">{list}</ul>
            {when(Box::new(may_record), Box::new(move || view! {
                <details class="ops__more">
                    <summary>"Record a communication"</summary>
                    <form class="ops__form" aria-label="Record a communication" on:submit=submit>
                        {text_input(act, "comm-audience".into(), "Who it went to".into(), "audience", audience, "text")}
                        {text_input(act, "comm-channel".into(), "Channel (e-mail, intranet, meeting)".into(), "channel", channel, "text")}
                        {text_input(act, "comm-message".into(), "Message".into(), "message", message, "area")}
                        <button class="button" type="submit" prop:disabled=act.busy>"Record the communication"</button>
                        <ActStatus act release=ctx.id() />
                    </form>
                </details>
            }.into_any()))}
        </section>
    }
}
