//! Given/when/then tests of the deployment runbook: editing it and its checks, rehearsals
//! and the live run, who may mark a task, a failed go/no-go, back-out mode, learned
//! durations and run statistics, the policy's rehearsal, the overrun warning; and CSV
//! import with every kind of bad row.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{
    self, PlanShape, CHANGE_MANAGER, OPERATIONS, RELEASE_MANAGER, STAKEHOLDER, TESTER,
};
use release_desk::domain::*;

fn task(id: &str, minutes: u32, after: &[&str]) -> Task {
    Task {
        id: id.into(),
        title: ["Task ", id].concat(),
        stage: "Cutover".into(),
        minutes,
        after: after.iter().map(|&a| TaskId::from(a)).collect(),
        owner: OPERATIONS.into(),
        ..Task::default()
    }
}

fn kind(mut t: Task, kind: TaskKind) -> Task {
    t.kind = kind;
    t
}

/// A small runbook: T1 → T2 (go/no-go) → T3 (40 min) and T4 (20 min) → T5; back-out B1 → B2
/// after the go/no-go. T3 is owned by the tester.
fn small() -> Runbook {
    let mut t3 = task("T3", 40, &["T2"]);
    t3.owner = TESTER.into();
    Runbook {
        revision: 0,
        tasks: vec![
            task("T1", 10, &[]),
            kind(task("T2", 5, &["T1"]), TaskKind::GoNoGo),
            t3,
            task("T4", 20, &["T2"]),
            task("T5", 15, &["T3", "T4"]),
            kind(task("B1", 30, &["T2"]), TaskKind::Backout),
            kind(task("B2", 10, &["B1"]), TaskKind::Backout),
        ],
    }
}

fn invalid(error: LifecycleError) -> (&'static str, String) {
    match error {
        LifecycleError::Invalid { field, message } => (field, message),
        other => panic!("not an invalid field: {other}"),
    }
}

fn refused(s: &mut demo::Script, actor: &str, id: &ReleaseId, change: ReleaseChange) -> String {
    s.run(actor, on(id, change))
        .expect_err("refused")
        .to_string()
}

/// Given: Payments 3.3 in build and test, with the small runbook.
fn in_build_and_test(s: &mut demo::Script) -> Result<ReleaseId> {
    let id = payments_3_3(s)?;
    demo::plan(s, &id, &PlanShape::big_bang(start() + Duration::days(3)))?;
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::SetRunbook(small())))?;
    Ok(id)
}

fn mark(s: &mut demo::Script, actor: &str, id: &ReleaseId, task: &str, step: Step) -> Result {
    let run = release(s, id)
        .current_run()
        .expect("a run is going")
        .id
        .clone();
    s.ok(
        actor,
        on(
            id,
            ReleaseChange::MarkTask {
                run,
                task: task.into(),
                step,
            },
        ),
    )?;
    Ok(())
}

fn mark_err(s: &mut demo::Script, actor: &str, id: &ReleaseId, task: &str, step: Step) -> String {
    mark(s, actor, id, task, step)
        .expect_err("refused")
        .to_string()
}

fn current(s: &demo::Script, id: &ReleaseId) -> ItemId {
    release(s, id).current_run().expect("a run").id.clone()
}

#[test]
fn the_runbook_is_saved_checked_and_revised() -> Result {
    let mut s = given_catalogue();
    let id = in_build_and_test(&mut s)?;
    assert_eq!(release(&s, &id).runbook.revision, 1);
    assert_eq!(release(&s, &id).runbook.stages(), ["Cutover"]);
    // Every check names its field and says what is wrong.
    let cases: [(Task, &str, &str); 6] = [
        (
            Task {
                title: " ".into(),
                ..task("T9", 5, &[])
            },
            "title",
            "Enter what the task does.",
        ),
        (task("T9", 20_000, &[]), "minutes", "at most a week"),
        (
            task("T9", 5, &["T42"]),
            "after",
            "“T42”, which is not in the runbook",
        ),
        (task("T1", 5, &["T5"]), "after", "T1 → T2 → T3 → T5 → T1"),
        (
            Task {
                environment: Some("mars".into()),
                ..task("T9", 5, &[])
            },
            "environment",
            "no environment “mars”",
        ),
        (
            Task {
                wave: Some("nowhere".into()),
                ..task("T9", 5, &[])
            },
            "wave",
            "no wave “nowhere”",
        ),
    ];
    for (bad, field, words) in cases {
        let error = s
            .run(RELEASE_MANAGER, on(&id, ReleaseChange::SetTask(bad)))
            .expect_err("refused");
        let (f, message) = invalid(error);
        assert_eq!(f, field);
        assert!(message.contains(words), "{message}");
    }
    // A cycle through itself is named too.
    let error = s
        .run(
            RELEASE_MANAGER,
            on(&id, ReleaseChange::SetTask(task("T1", 5, &["T1"]))),
        )
        .expect_err("refused");
    assert!(invalid(error).1.contains("T1 → T1"));
    // An environment and a wave may be named by their names; they are kept as ids.
    let wave = release(&s, &id).waves[2].clone();
    let named = Task {
        environment: Some("Production".into()),
        wave: Some(ItemId::from(wave.plan.name.as_str())),
        ..task("T6", 5, &["T5"])
    };
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::SetTask(named)))?;
    let saved = release(&s, &id)
        .runbook
        .task(&"T6".into())
        .expect("saved")
        .clone();
    assert_eq!(saved.environment, Some("prod".into()));
    assert_eq!(saved.wave, Some(wave.id));
    assert_eq!(release(&s, &id).runbook.revision, 2);
    // A task others come after cannot go; the last one can.
    let message = refused(
        &mut s,
        RELEASE_MANAGER,
        &id,
        ReleaseChange::RemoveTask("T5".into()),
    );
    assert!(message.contains("T5 comes before T6"), "{message}");
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::RemoveTask("T6".into())),
    )?;
    assert_eq!(release(&s, &id).runbook.revision, 3);
    // Only release and change managers edit it.
    let message = refused(
        &mut s,
        TESTER,
        &id,
        ReleaseChange::SetTask(task("T7", 5, &[])),
    );
    assert!(message.contains("edit the runbook"), "{message}");
    Ok(())
}

#[test]
fn a_rehearsal_runs_its_tasks_in_order_and_teaches_their_durations() -> Result {
    let mut s = given_catalogue();
    let id = in_build_and_test(&mut s)?;
    // The live run waits for deployment; a rehearsal may run now.
    let message = refused(
        &mut s,
        RELEASE_MANAGER,
        &id,
        ReleaseChange::StartRun(RunKind::Live),
    );
    assert!(
        message.contains("live run starts in deployment"),
        "{message}"
    );
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::StartRun(RunKind::Rehearsal)),
    )?;
    let run = current(&s, &id);
    assert_eq!(
        release(&s, &id).run(&run).expect("run").title(),
        "Rehearsal 1"
    );
    // One run at a time, and the runbook stays as it is while it goes.
    let message = refused(
        &mut s,
        RELEASE_MANAGER,
        &id,
        ReleaseChange::StartRun(RunKind::Rehearsal),
    );
    assert!(message.contains("Rehearsal 1 is going"), "{message}");
    let message = refused(
        &mut s,
        RELEASE_MANAGER,
        &id,
        ReleaseChange::SetTask(task("T9", 5, &[])),
    );
    assert!(
        message.contains("cannot change while Rehearsal 1 is going"),
        "{message}"
    );
    // A task waits for its predecessors.
    assert!(mark_err(&mut s, OPERATIONS, &id, "T2", Step::Start).contains("waits for T1"));
    // Who may mark: the owner when a person, or a release manager or operations.
    let message = mark_err(&mut s, STAKEHOLDER, &id, "T1", Step::Start);
    assert!(message.contains("mark task T1"), "{message}");
    mark(&mut s, OPERATIONS, &id, "T1", Step::Start)?;
    s.now += Duration::minutes(12);
    mark(&mut s, OPERATIONS, &id, "T1", Step::Finish)?;
    assert!(mark_err(&mut s, OPERATIONS, &id, "T1", Step::Finish).contains("already done"));
    mark(&mut s, RELEASE_MANAGER, &id, "T2", Step::Finish)?;
    // The tester owns T3 and may mark it; not T4.
    let book = s.engine.book();
    let r = release(&s, &id);
    let mine: Vec<(&str, Vec<Step>)> = r
        .my_tasks(book, &TESTER.into(), s.now)
        .into_iter()
        .map(|(t, steps)| (t.id.as_str(), steps))
        .collect();
    assert_eq!(
        mine,
        [(
            "T3",
            vec![Step::Start, Step::Finish, Step::Skip, Step::Fail]
        )]
    );
    assert!(r
        .step_refusal(book, &TESTER.into(), &"T4".into(), Step::Start, s.now)
        .is_some());
    // The book-wide list for the "My tasks" page names the release.
    let everywhere = my_tasks(book, &TESTER.into(), s.now);
    assert_eq!(everywhere.len(), 1);
    assert_eq!(
        (&everywhere[0].0.id, everywhere[0].1.id.as_str()),
        (&id, "T3")
    );
    mark(&mut s, TESTER, &id, "T3", Step::Start)?;
    mark(&mut s, OPERATIONS, &id, "T4", Step::Skip)?;
    s.now += Duration::minutes(55);
    mark(&mut s, TESTER, &id, "T3", Step::Finish)?;
    mark(&mut s, OPERATIONS, &id, "T5", Step::Start)?;
    s.now += Duration::minutes(15);
    mark(&mut s, OPERATIONS, &id, "T5", Step::Finish)?;
    // Back-out steps are not on the path of a run that did not back out.
    let message = mark_err(&mut s, OPERATIONS, &id, "B1", Step::Start);
    assert!(
        message.contains("only once the run switches to back-out"),
        "{message}"
    );
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::EndRun(run.clone())))?;
    assert!(release(&s, &id).current_run().is_none());
    // Learned: T3 took 57 minutes (a minute a command on the script's clock).
    let learned = learned(release(&s, &id));
    let t3 = learned[&TaskId::from("T3")];
    assert_eq!((t3.median, t3.p90, t3.samples), (57, 57, 1));
    assert_eq!(t3.text(), "median 57 min, p90 57 min (1 run)");
    assert!(
        !learned.contains_key(&TaskId::from("T4")),
        "a skipped task teaches nothing"
    );
    // The review's statistics: T3 was late, on the critical path.
    let stats = release(&s, &id).run_statistics().expect("stats");
    assert_eq!(stats.run, "Rehearsal 1");
    assert_eq!(stats.planned_minutes, 70);
    assert!(stats.late.contains(&"T3".into()));
    assert!(stats.critical_slips.contains(&"T3".into()));
    assert_eq!(stats.backout_minutes, None);
    let summary = run_summaries(release(&s, &id), s.now);
    assert_eq!(summary.len(), 1);
    assert!(summary[0].starts_with("Rehearsal 1: 1 h "), "{summary:?}");
    Ok(())
}

#[test]
fn a_failed_go_no_go_stops_what_it_gates_and_back_out_takes_over() -> Result {
    let mut s = given_catalogue();
    let id = in_build_and_test(&mut s)?;
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::StartRun(RunKind::Rehearsal)),
    )?;
    let run = current(&s, &id);
    mark(&mut s, OPERATIONS, &id, "T1", Step::Finish)?;
    // When the go/no-go fails…
    mark(&mut s, RELEASE_MANAGER, &id, "T2", Step::Fail)?;
    // …then what depends on it, directly or through others, is stopped.
    for t in ["T3", "T5"] {
        let message = mark_err(&mut s, RELEASE_MANAGER, &id, t, Step::Start);
        assert!(
            message.contains("Stopped by the failed go/no-go “Task T2”"),
            "{t}: {message}"
        );
    }
    assert!(mark_err(&mut s, RELEASE_MANAGER, &id, "T2", Step::Start).contains("no go"));
    // The forecast leaves the stopped tasks out.
    let fc = release(&s, &id).run_forecast(s.now).expect("forecast");
    assert!(fc.timed(&"T3".into()).is_none());
    // Switching to back-out needs a reason; then the back-out steps are the path.
    let message = refused(
        &mut s,
        RELEASE_MANAGER,
        &id,
        ReleaseChange::SwitchToBackout {
            run: run.clone(),
            reason: " ".into(),
        },
    );
    assert!(message.contains("why the run backs out"), "{message}");
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::SwitchToBackout {
                run: run.clone(),
                reason: "No go".into(),
            },
        ),
    )?;
    let fc = release(&s, &id).run_forecast(s.now).expect("forecast");
    let ids: Vec<&str> = fc.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["T1", "T2", "B1", "B2"]);
    assert_eq!(fc.critical_path, ["B1".into(), "B2".into()] as [TaskId; 2]);
    assert!(mark_err(&mut s, OPERATIONS, &id, "T4", Step::Start).contains("switched to back-out"));
    assert!(mark_err(&mut s, OPERATIONS, &id, "B2", Step::Start).contains("waits for B1"));
    mark(&mut s, OPERATIONS, &id, "B1", Step::Start)?;
    s.now += Duration::minutes(29);
    mark(&mut s, OPERATIONS, &id, "B1", Step::Finish)?;
    mark(&mut s, OPERATIONS, &id, "B2", Step::Start)?;
    mark(&mut s, OPERATIONS, &id, "B2", Step::Finish)?;
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::EndRun(run)))?;
    let stats = release(&s, &id).run_statistics().expect("stats");
    // Switched, two refusals, B1 started, 29 minutes, B1 and B2 marked, ended: a minute
    // a command on the script's clock.
    assert_eq!(stats.backout_minutes, Some(36));
    assert!(run_summaries(release(&s, &id), s.now)[0].ends_with("(backed out)"));
    // The audit line says what happened.
    let events = s.engine.log().events();
    let line = describe::describe(s.engine.book(), &events[events.len() - 2]);
    assert_eq!(line, "Finished B2 “Task B2” in Rehearsal 1");
    Ok(())
}

#[test]
fn a_fixed_start_holds_a_task_until_its_time() -> Result {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    demo::plan(
        &mut s,
        &id,
        &PlanShape::big_bang(start() + Duration::days(3)),
    )?;
    let at = s.now + Duration::hours(2);
    let runbook = Runbook {
        revision: 0,
        tasks: vec![Task {
            fixed_start: Some(at),
            ..task("T1", 30, &[])
        }],
    };
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::SetRunbook(runbook)))?;
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::StartRun(RunKind::Rehearsal)),
    )?;
    let fc = release(&s, &id).run_forecast(s.now).expect("forecast");
    assert_eq!(fc.tasks[0].start, at);
    let message = mark_err(&mut s, OPERATIONS, &id, "T1", Step::Start);
    assert!(message.contains("may not start before"), "{message}");
    s.now = at;
    mark(&mut s, OPERATIONS, &id, "T1", Step::Start)?;
    Ok(())
}

fn in_deployment(s: &mut demo::Script, category: Category) -> Result<ReleaseId> {
    let id = match category {
        Category::Major => demo::new_release(
            s,
            "payments",
            Category::Major,
            Version::new(4, 0, 0),
            "Payments 4",
            &["payments-api"],
        )?,
        _ => payments_3_3(s)?,
    };
    demo::plan(s, &id, &PlanShape::big_bang(start() + Duration::days(3)))?;
    demo::build_and_test(s, &id)?;
    Ok(id)
}

#[test]
fn the_policy_can_ask_a_major_release_for_a_finished_rehearsal() -> Result {
    let mut s = given_catalogue();
    let mut policy = s.engine.book().policy(&"payments".into());
    policy.rehearse_major = true;
    s.ok(CHANGE_MANAGER, Change::Policy(policy))?;
    let id = in_deployment(&mut s, Category::Major)?;
    let gate = Gate::Deployment("test".into());
    let needs = |s: &demo::Script| -> Vec<Missing> {
        missing_for(s.engine.book(), release(s, &id), &gate, false)
    };
    let missing = needs(&s);
    let item = missing
        .iter()
        .find(|m| m.section == Section::Runbook)
        .expect("listed");
    assert!(item.item.contains("finished rehearsal"), "{}", item.item);
    // A runbook template is a hint: applying it satisfies nothing by itself.
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            ReleaseChange::SetRunbook(runbook_template(Category::Major)),
        ),
    )?;
    assert!(needs(&s).iter().any(|m| m.section == Section::Runbook));
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::StartRun(RunKind::Rehearsal)),
    )?;
    assert!(
        needs(&s).iter().any(|m| m.section == Section::Runbook),
        "still going"
    );
    let run = current(&s, &id);
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::EndRun(run)))?;
    assert!(!needs(&s).iter().any(|m| m.section == Section::Runbook));
    Ok(())
}

#[test]
fn the_live_run_warns_before_it_overruns_the_window() -> Result {
    let mut s = given_catalogue();
    let id = in_deployment(&mut s, Category::Minor)?;
    demo::pass_gate(&mut s, &id, Gate::Deployment("test".into()))?;
    let r = release(&s, &id);
    let window = r.waves[0].plan.window;
    // The Test window is some hours long; the runbook's plan takes half an hour less.
    let span = (window.end - window.start).num_minutes() as u32;
    let fits = Runbook {
        revision: 0,
        tasks: vec![task("T1", span - 120, &[]), task("T2", 90, &["T1"])],
    };
    s.ok(RELEASE_MANAGER, on(&id, ReleaseChange::SetRunbook(fits)))?;
    assert_eq!(
        release(&s, &id).runbook_overrun(s.engine.book(), s.now),
        None
    );
    s.now = window.start;
    s.ok(
        RELEASE_MANAGER,
        on(&id, ReleaseChange::StartRun(RunKind::Live)),
    )?;
    mark(&mut s, OPERATIONS, &id, "T1", Step::Start)?;
    // T1 runs 70 minutes past its plan: the finish passes the window's end by 40 minutes,
    // and the warning comes 50 minutes before the window ends.
    let now = window.start + Duration::minutes(i64::from(span) - 120 + 70);
    let warning = release(&s, &id)
        .runbook_overrun(s.engine.book(), now)
        .expect("warned");
    assert_eq!(
        warning,
        "Forecast to overrun the Test window by 40 min; critical path through “Task T1”, “Task T2”."
    );
    assert!(now < window.end, "warned before the window ends");
    Ok(())
}

#[test]
fn a_runbook_with_a_merged_cycle_has_no_forecast_but_never_panics() {
    let mut r = small();
    r.tasks[0].after.push("T5".into());
    let err = plan(&r, start()).expect_err("a cycle");
    assert_eq!(err.0.first(), err.0.last());
    assert!(err.message().contains(" → "));
}

// CSV.

const GOOD: &str = "id,title,stage,kind,owner,environment,wave,minutes,after,fixed_start\r\n\
T1,\"Stop, then drain the queues\",Cutover,task,olga,prod,,1h30,,2026-12-06T22:00Z\r\n\
T2,\"Say \"\"go\"\"\",Cutover,Go/no-go decision,rita,,,5m,T1,\r\n\
T3,Deploy,Cutover,TASK,olga,,,1:15,T1;T2,2026-12-06 23:30\r\n\
B1,Restore,Back-out,backout,olga,,,45,T2,\r\n";

#[test]
fn a_csv_with_quotes_commas_a_header_and_crlf_imports() {
    let runbook = import_csv(GOOD).expect("imports");
    let t = &runbook.tasks;
    assert_eq!(t.len(), 4);
    assert_eq!(t[0].title, "Stop, then drain the queues");
    assert_eq!(t[0].minutes, 90);
    assert_eq!(t[1].title, "Say \"go\"");
    assert_eq!(t[1].kind, TaskKind::GoNoGo);
    assert_eq!(t[2].minutes, 75);
    assert_eq!(t[2].after, ["T1".into(), "T2".into()] as [TaskId; 2]);
    assert_eq!(t[3].kind, TaskKind::Backout);
    assert_eq!(t[0].environment, Some("prod".into()));
    assert!(t[2].fixed_start.is_some());
    // Exported, it imports back to the same tasks.
    assert_eq!(import_csv(&export_csv(&runbook)).expect("again"), runbook);
    // Without a header, the columns come in their order; LF alone also ends a line.
    let plain = "T1,One,,,,,,10,,\nT2,Two,,milestone,,,,0,T1,\n";
    let r = import_csv(plain).expect("plain");
    assert_eq!(r.tasks[1].kind, TaskKind::Milestone);
    // Columns in another order, named by the header.
    let moved = "title,id,minutes\nFirst,A,1h\n";
    assert_eq!(import_csv(moved).expect("moved").tasks[0].minutes, 60);
    assert_eq!(parse_minutes("1h 30m"), Some(90));
    assert_eq!(parse_minutes("2 hours"), Some(120));
    assert_eq!(parse_minutes("1:75"), None);
}

#[test]
fn every_bad_row_of_a_csv_is_reported_with_its_line() {
    let text = "id,title,stage,kind,owner,environment,wave,minutes,after,fixed_start\n\
A,First,,task,,,,10,,\n\
B,,,task,,,,10,A,\n\
A,Again,,task,,,,10,,\n\
C,Bad time,,task,,,,ten,,\n\
D,Bad kind,,party,,,,10,,\n\
E,Unknown,,task,,,,10,Z9,\n\
F,Loop one,,task,,,,10,G,\n\
G,Loop two,,task,,,,10,F,\n\
H,Late,,task,,,,10,,tomorrow\n\
,No id,,task,,,,10,,\n\
I,Too long,,task,,,,2000h,,\n";
    let errors = import_csv(text).expect_err("bad rows");
    let by_line: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    let expect: [(usize, &str); 9] = [
        (3, "The title is missing."),
        (4, "The id “A” is already on line 2."),
        (5, "The duration “ten” is not like 90, 90m, 1h30 or 1:30."),
        (
            6,
            "The kind “party” is not one of task, milestone, go_no_go, communication, backout.",
        ),
        (7, "The predecessor “Z9” is not in the file."),
        (
            8,
            "The tasks F → G → F wait for each other (a cycle); take one predecessor out.",
        ),
        (
            10,
            "The fixed start “tomorrow” is not a time like 2026-12-06T22:00Z.",
        ),
        (11, "The id is missing."),
        (12, "The duration is more than a week (10,080 minutes)."),
    ];
    assert_eq!(by_line, expect);
}

#[test]
fn the_templates_are_valid_runbooks_for_every_category() -> Result {
    for category in Category::ALL {
        let t = runbook_template(category);
        assert!(
            t.tasks.iter().any(|t| t.kind == TaskKind::Backout),
            "{category:?}"
        );
        let fc = plan(&t, start()).expect("no cycle");
        assert!(fc.finish > fc.start);
        assert_eq!(import_csv(&export_csv(&t)).expect("round trip"), t);
    }
    Ok(())
}

#[test]
fn the_demo_book_holds_a_rehearsed_runbook() {
    let today = start() + Duration::days(40);
    let engine = demo::demo_book(today).expect("demo book");
    let book = engine.book();
    let r = book
        .releases
        .values()
        .find(|r| !r.runbook.tasks.is_empty())
        .expect("a release with a runbook");
    let tasks = &r.runbook.tasks;
    assert_eq!(tasks.len(), 12);
    assert_eq!(r.runbook.stages(), ["Preparation", "Cutover"]);
    assert_eq!(
        tasks.iter().filter(|t| t.kind == TaskKind::GoNoGo).count(),
        1
    );
    assert_eq!(
        tasks.iter().filter(|t| t.kind == TaskKind::Backout).count(),
        2
    );
    assert_eq!(r.runs.len(), 1);
    assert!(r.runs[0].kind == RunKind::Rehearsal && !r.runs[0].is_going());
    assert!(r.runs[0].started.at < today, "rehearsed before today");
    // It taught durations, and its statistics reach the review's report.
    let learned = learned(r);
    assert_eq!(learned[&TaskId::from("C2")].median, 70);
    let stats = r.run_statistics().expect("stats");
    assert!(stats.late.contains(&"C2".into()), "{stats:?}");
    let report = report::pir_report(book, r);
    assert!(report.to_markdown().contains("Runbook runs"));
    assert!(
        report
            .to_markdown()
            .contains("Critical path slips: P2, C1, C2, C4"),
        "{}",
        report.to_markdown()
    );
    // The plan fits its production window, and the policy's rehearsal is there.
    let prod_wave = r
        .waves
        .iter()
        .find(|w| w.plan.environment.as_str() == "prod");
    assert_eq!(r.runbook_window(), prod_wave.map(|w| w.plan.window));
    assert_eq!(r.runbook_overrun(book, today), None);
    let prod = Gate::Deployment("prod".into());
    assert!(!missing_for(book, r, &prod, false)
        .iter()
        .any(|m| m.section == Section::Runbook));
    assert!(book.policy(&r.service).rehearse_major);
}

#[test]
fn the_readme_example_imports() {
    let readme = include_str!("../README.md");
    let block = readme
        .split("```csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a csv block in the README");
    let runbook = import_csv(block).expect("imports");
    assert_eq!(runbook.tasks.len(), 5);
    assert_eq!(runbook.tasks[1].minutes, 90);
    assert_eq!(runbook.tasks[2].kind, TaskKind::GoNoGo);
}
