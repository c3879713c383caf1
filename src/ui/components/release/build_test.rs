//! Build and test records: builds precise enough to repeat, the documentation produced,
//! and test runs (input CI tests, package tests, rehearsals and pilots) with a result per
//! pass/fail criterion.

use leptos::prelude::*;

use super::common::{fixed, offer, on, person_here, recorded_on as recorded};
use super::opener::opener;
use super::ReleaseCtx;
use crate::domain::{
    BuildRecord, CriterionResult, DocumentRecord, ItemId, ReleaseChange, Section, TestKind, TestRun,
};
use crate::ui::act::Act;
use crate::ui::desk::Desk;
use crate::ui::kit::{dy, Field, FieldSpec, FormOptions, RecordForm, When};
use crate::ui::route::section_id;

/// The builds section and the tests section of the release page.
#[component]
pub fn BuildTestSection() -> impl IntoView {
    view! {
        <super::milestones::Milestones />
        <BuildsPart />
        <TestsPart />
    }
}

#[component]
fn BuildsPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let builds = move || {
        ctx.with(|r| {
            r.builds
                .iter()
                .map(|b| (b.clone(), recorded(desk, &b.id)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let documents = move || {
        ctx.with(|r| {
            r.documents
                .iter()
                .map(|d| (d.title.clone(), d.location.clone(), recorded(desk, &d.id)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let may_build = move || offer(ctx, me, &ReleaseChange::RecordBuild(BuildRecord::default()));
    let may_document = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::RecordDocument(DocumentRecord::default()),
        )
    };
    let lines = |label: &'static str, items: Vec<String>| {
        (!items.is_empty()).then(|| view! {
            <div><dt>{label}</dt><dd><ul>{items.into_iter().map(|i| (view! { <li>{i}</li> }).into_any()).collect_view()}</ul></dd></div>
        }.into_any())
    };
    view! {
        <section class="release__section" id=section_id(Section::Builds) aria-labelledby="builds-title">
            <h2 id="builds-title">"Builds and documentation"</h2>
            {dy(move || ({
                let list = builds();
                if list.is_empty() {
                    view! { <p>"No build recorded yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="release__records">
                            {list.into_iter().map(|(b, who)| (view! {
                                <li class="release__record">
                                    <h3>{b.name}</h3>
                                    <p class="release__stamp">{who}</p>
                                    <dl class="release__facts release__facts--stacked">
                                        {lines("Inputs", b.inputs)}
                                        {lines("Steps", b.steps)}
                                        {lines("Checksums", b.checksums)}
                                        {(!b.location.is_empty()).then(|| view! { <div><dt>"Kept in"</dt><dd>{b.location}</dd></div> }.into_any())}
                                    </dl>
                                </li>
                            }).into_any()).collect_view()}
                        </ul>
                    }.into_any()
                }
            }).into_any())}
            {opener(Signal::derive(may_build), "Record a build", build_form)}
            <h3>"Documentation"</h3>
            {dy(move || ({
                let list = documents();
                if list.is_empty() {
                    view! { <p>"No document recorded yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="release__records">
                            {list.into_iter().map(|(title, location, who)| (view! {
                                <li>
                                    <strong>{title}</strong>
                                    {(!location.is_empty()).then(|| format!(" — kept in {location}"))}
                                    <span class="release__stamp">{format!(". {who}")}</span>
                                </li>
                            }).into_any()).collect_view()}
                        </ul>
                    }.into_any()
                }
            }).into_any())}
            {opener(Signal::derive(may_document), "Record a document", document_form)}
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn build_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let name = RwSignal::new(String::new());
    let inputs = RwSignal::new(String::new());
    let steps = RwSignal::new(String::new());
    let checksums = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let lines = |s: RwSignal<String>| -> Vec<String> {
        s.get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let submit = Callback::new(move |()| {
        let build = BuildRecord {
            id: ItemId::default(),
            name: name.get_untracked().trim().to_owned(),
            inputs: lines(inputs),
            steps: lines(steps),
            checksums: lines(checksums),
            location: location.get_untracked().trim().to_owned(),
        };
        act.run_saying(
            on(ctx, ReleaseChange::RecordBuild(build)),
            "Build recorded.",
            |_| (),
        );
    });
    let fields = vec![
        FieldSpec::text("name", "What was built", name)
            .help("E.g. “payments-api 4.0.0 container image”."),
        FieldSpec::area("inputs", "Inputs and their versions", inputs)
            .help("Source revisions, base images, libraries; one a line."),
        FieldSpec::area("steps", "Build steps", steps)
            .help("The steps taken, in order, one a line, so the build can be repeated."),
        FieldSpec::area("checksums", "Checksums", checksums)
            .help("Checksums of what was produced, one a line."),
        FieldSpec::text("location", "Kept in", location)
            .help("Where the package is kept (the definitive media library)."),
    ];
    let options = FormOptions::new(act, "build", "Record a build", "Record the build")
        .class("release__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit /> }.into_any()
}

/// The form, opened by its section's button (see [`opener`]).
fn document_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let title = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let submit = Callback::new(move |()| {
        let document = DocumentRecord {
            id: ItemId::default(),
            title: title.get_untracked().trim().to_owned(),
            location: location.get_untracked().trim().to_owned(),
        };
        act.run_saying(
            on(ctx, ReleaseChange::RecordDocument(document)),
            "Document recorded.",
            |_| (),
        );
    });
    let fields = vec![
        FieldSpec::text("title", "Document title", title)
            .help("Build instructions, runbook, user guide, release notes."),
        FieldSpec::text("location", "Document kept in", location),
    ];
    let options = FormOptions::new(act, "document", "Record a document", "Record the document")
        .class("release__form release__form--inline")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit /> }.into_any()
}

#[component]
fn TestsPart() -> impl IntoView {
    let ctx = ReleaseCtx::expect();
    let desk = Desk::expect();
    let me = person_here();
    let runs = move || {
        ctx.with(|r| {
            r.test_runs
                .iter()
                .rev()
                .map(|run| {
                    let results: Vec<(String, bool, String)> = run
                        .results
                        .iter()
                        .map(|res| {
                            let text = r
                                .criteria
                                .iter()
                                .find(|c| c.id == res.criterion)
                                .map_or("a removed criterion".to_owned(), |c| c.text.clone());
                            (text, res.passed, res.note.clone())
                        })
                        .collect();
                    let verdict = if run.results.is_empty() {
                        "no criteria judged"
                    } else if run.passed() {
                        "passed"
                    } else {
                        "failed"
                    };
                    let old = run.cycle != r.cycle;
                    (
                        format!("{} ({}): {verdict}", run.name, run.kind.label()),
                        results,
                        run.notes.clone(),
                        recorded(desk, &run.id),
                        old,
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let may_test = move || {
        offer(
            ctx,
            me,
            &ReleaseChange::RecordTestRun(TestRun {
                id: ItemId::default(),
                kind: TestKind::Package,
                name: String::new(),
                results: Vec::new(),
                notes: String::new(),
                cycle: 0,
            }),
        )
    };
    view! {
        <section class="release__section" id=section_id(Section::Tests) aria-labelledby="tests-title">
            <h2 id="tests-title">"Tests, rehearsals and pilots"</h2>
            {dy(move || ({
                let list = runs();
                if list.is_empty() {
                    view! { <p>"No test run recorded yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="release__records">
                            {list.into_iter().map(|(title, results, notes, who, old)| (view! {
                                <li class="release__record" class:release__round--past=old>
                                    <h3>{title}{old.then_some(" — an earlier plan cycle")}</h3>
                                    <p class="release__stamp">{who}</p>
                                    {(!results.is_empty()).then(|| view! {
                                        <ul class="release__results">
                                            {results.into_iter().map(|(text, passed, note)| (view! {
                                                <li class:release__result--met=passed class:release__result--failed=!passed>
                                                    {if passed { "Passed: " } else { "Failed: " }}{text}
                                                    {(!note.is_empty()).then(|| format!(" ({note})"))}
                                                </li>
                                            }).into_any()).collect_view()}
                                        </ul>
                                    }.into_any())}
                                    {(!notes.is_empty()).then(|| view! { <p>{notes}</p> }.into_any())}
                                </li>
                            }).into_any()).collect_view()}
                        </ul>
                    }.into_any()
                }
            }).into_any())}
            {opener(Signal::derive(may_test), "Record a test run", test_run_form)}
        </section>
    }
}

/// The form, opened by its section's button (see [`opener`]).
fn test_run_form() -> AnyView {
    let ctx = ReleaseCtx::expect();
    let act = Act::new();
    let name = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let kind = RwSignal::new(TestKind::Package.label().to_owned());
    // The criteria as they are now, tracked: one added to the plan a moment ago gets its
    // result and evidence fields without a reload.
    let criteria = Memo::new(move |_| {
        ctx.with(|r| {
            r.criteria
                .iter()
                .map(|c| (c.id.clone(), c.text.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    // One result per criterion: "" (not judged), "passed" or "failed", and its evidence.
    // Kept by criterion id for the form's life (made under the form's owner, so a row
    // rebuilt when its criterion's text changes keeps what was chosen).
    let results = StoredValue::new(Vec::<(ItemId, RwSignal<String>, RwSignal<String>)>::new());
    let owner = StoredValue::new(Owner::current());
    let slot = move |id: &ItemId| {
        if let Some((_, outcome, note)) =
            results.with_value(|all| all.iter().find(|(i, ..)| i == id).cloned())
        {
            return (outcome, note);
        }
        let make = || (RwSignal::new(String::new()), RwSignal::new(String::new()));
        let (outcome, note) = owner.with_value(|o| o.as_ref().map_or_else(make, |o| o.with(make)));
        results.update_value(|all| all.push((id.clone(), outcome, note)));
        (outcome, note)
    };
    let submit = Callback::new(move |()| {
        let judged = criteria.with_untracked(|now| {
            now.iter()
                .map(|(id, _)| (id, slot(id)))
                .filter(|(_, (outcome, _))| !outcome.get_untracked().is_empty())
                .map(|(id, (outcome, note))| CriterionResult {
                    criterion: id.clone(),
                    passed: outcome.get_untracked() == "passed",
                    note: note.get_untracked().trim().to_owned(),
                })
                .collect()
        });
        let chosen = kind.get_untracked();
        let run = TestRun {
            id: ItemId::default(),
            kind: TestKind::ALL
                .into_iter()
                .find(|k| k.label() == chosen)
                .unwrap_or_default(),
            name: name.get_untracked().trim().to_owned(),
            results: judged,
            notes: notes.get_untracked().trim().to_owned(),
            cycle: 0,
        };
        act.run_saying(
            on(ctx, ReleaseChange::RecordTestRun(run)),
            "Test run recorded.",
            |_| (),
        );
    });
    let outcomes = vec![
        (String::new(), "not judged".to_owned()),
        ("passed".to_owned(), "passed".to_owned()),
        ("failed".to_owned(), "failed".to_owned()),
    ];
    let per_criterion = view! {
        <fieldset class="release__choices">
            <legend>"Results per pass/fail criterion"</legend>
            <When cond=move || criteria.with(Vec::is_empty)><p>"The plan has no pass/fail criteria."</p></When>
            <For each=move || criteria.get() key=|c| c.clone() let((id, text))>
                {
                    let (outcome, note) = slot(&id);
                    let form = format!("run-{id}");
                    view! {
                        <div class="release__result-row">
                            <Field act form=form.clone() spec=FieldSpec::select(
                                "result", fixed(format!("Result for “{text}”")), outcome, outcomes.clone()) />
                            <Field act form spec=FieldSpec::text(
                                "note", fixed(format!("Evidence for “{text}”")), note) />
                        </div>
                    }
                }
            </For>
        </fieldset>
    }
    .into_any();
    let kinds: Vec<(String, String)> = TestKind::ALL
        .into_iter()
        .map(|k| (k.label().to_owned(), k.label().to_owned()))
        .collect();
    let fields = vec![
        FieldSpec::text("name", "Test run", name)
            .help("E.g. “Regression suite 14”, “Staging rehearsal”, “Pilot in three stores”."),
        FieldSpec::select("kind", "Kind of run", kind, kinds),
        FieldSpec::area("notes", "Observations", notes),
    ];
    let options = FormOptions::new(act, "run", "Record a test run", "Record the test run")
        .class("release__form")
        .release(ctx.id());
    view! { <RecordForm options fields on_submit=submit extra=per_criterion /> }.into_any()
}
