//! The domain's tables: the duplicate-id rule of new catalogue entries, the one table of
//! which statuses allow each release change (and that `apply` keeps to it), the `offer`
//! query the UI asks, and the words and lists (`label()`, `ALL`) of the domain's enums.

mod support;

use support::*;

use chrono::Duration;
use release_desk::demo::{self, APPROVER, OPERATIONS, RELEASE_MANAGER, TESTER};
use release_desk::domain::*;

fn invalid_field(error: &LifecycleError) -> Option<(&'static str, String)> {
    match error {
        LifecycleError::Invalid { field, message } => Some((*field, message.clone())),
        _ => None,
    }
}

#[test]
fn a_new_catalogue_entry_with_an_id_already_taken_is_refused() {
    // Given the demo organisation.
    let s = given_catalogue();
    let book = s.engine.book();
    let ctx = Context {
        now: start(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId("again".into()),
        key: None,
    };
    let expected = [
        (
            "payments",
            "There is already a service with the id “payments”.",
        ),
        (
            "prod",
            "There is already an environment with the id “prod”.",
        ),
        (
            "payments-api",
            "There is already a configuration item with the id “payments-api”.",
        ),
        ("rita", "There is already a person with the id “rita”."),
    ];
    for (id, words) in expected {
        // When the entry that made it is added again as a new entry…
        let again = demo::catalogue(2026)
            .into_iter()
            .map(|(_, change)| change)
            .find(|change| match change {
                Change::Service(x) => x.id.as_str() == id,
                Change::Environment(x) => x.id.as_str() == id,
                Change::Ci(x) => x.id.as_str() == id,
                Change::Person(x) => x.id.as_str() == id,
                _ => false,
            })
            .expect("the demo catalogue has it");
        let refused = decide_new(book, again.clone(), &ctx).expect_err("a duplicate id");
        // …then it is refused under the id field, in the words the catalogue form shows.
        assert_eq!(invalid_field(&refused), Some(("id", words.to_owned())));
        // The same command is still an edit of the entry.
        assert!(decide(book, again, &ctx).is_ok());
    }
}

#[test]
fn a_new_catalogue_entry_with_a_fresh_id_is_accepted() {
    let s = given_catalogue();
    let ctx = Context {
        now: start(),
        actor: PersonId::from(RELEASE_MANAGER),
        id: EventId("fresh".into()),
        key: None,
    };
    let service = Service {
        id: ServiceId::from("loyalty"),
        name: "Loyalty".into(),
        description: String::new(),
        owner_team: "CRM".into(),
        baseline: Version::new(1, 0, 0),
        retired: false,
    };
    let events = decide_new(s.engine.book(), Change::Service(service), &ctx).expect("accepted");
    assert_eq!(events.len(), 1);
}

/// One change of every kind, aimed at the release's own records where it needs one.
fn every_change(release: &Release) -> Vec<ReleaseChange> {
    use ReleaseChange as C;
    let wave = release
        .waves
        .first()
        .map(|w| w.id.clone())
        .unwrap_or_default();
    let criterion = release
        .criteria
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let plan = release.waves.first().map(|w| w.plan.clone());
    let risk = Risk {
        id: release
            .risks
            .first()
            .map(|r| r.id.clone())
            .unwrap_or_default(),
        title: "Risk".into(),
        likelihood: 2,
        impact: 2,
        owner: String::new(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    };
    let issue = Issue {
        id: release
            .issues
            .first()
            .map(|i| i.id.clone())
            .unwrap_or_default(),
        kind: IssueKind::Issue,
        title: "Issue".into(),
        severity: Severity::Low,
        corrective_action: String::new(),
        status: EntryStatus::Open,
        waives: None,
        approved: None,
    };
    let known = KnownError {
        id: release
            .known_errors
            .first()
            .map(|e| e.id.clone())
            .unwrap_or_default(),
        title: "Known".into(),
        workaround: String::new(),
        fix: String::new(),
        status: EntryStatus::Open,
    };
    let environment = plan
        .as_ref()
        .map(|p| p.environment.clone())
        .unwrap_or_default();
    let mut all = vec![
        C::EditDetails(release.details.clone()),
        C::SetPackage(release.package.clone()),
        C::EditPlan(release.plan.clone()),
        C::SetApprovalChain {
            gate: GateKind::Close,
            chain: vec![Approver::Role(Role::ChangeManager)],
        },
        C::AddCriterion {
            id: ItemId::default(),
            text: "Works".into(),
            stage: Stage::Test,
            acceptance: Some(Acceptance::Warranty),
        },
        C::RemoveCriterion(criterion),
        C::RemoveWave(wave.clone()),
        C::SetBackoutPlan("Undo".into()),
        C::RequestApproval(Gate::Build),
        C::DecideApproval {
            gate: Gate::Build,
            approve: true,
            comment: String::new(),
        },
        C::Authorize {
            gates: vec![Gate::Deployment(environment)],
            emergency: false,
            note: String::new(),
        },
        C::RecordBuild(BuildRecord {
            name: "Build".into(),
            ..BuildRecord::default()
        }),
        C::RecordDocument(DocumentRecord {
            title: "Runbook".into(),
            ..DocumentRecord::default()
        }),
        C::RecordTestRun(TestRun {
            id: ItemId::default(),
            kind: TestKind::Package,
            name: "Run".into(),
            results: Vec::new(),
            notes: String::new(),
            cycle: 0,
        }),
        C::RaiseRisk(risk.clone()),
        C::UpdateRisk(risk),
        C::RaiseIssue(issue.clone()),
        C::UpdateIssue(issue),
        C::ApproveDeviation(ItemId::default()),
        C::RecordKnownError(known.clone()),
        C::UpdateKnownError(known),
        C::RecordCommunication(Communication {
            id: ItemId::default(),
            audience: "Stores".into(),
            channel: String::new(),
            message: "Hello".into(),
        }),
        C::AddKnowledgeItem(KnowledgeItem {
            id: ItemId::default(),
            kind: KnowledgeKind::Transfer,
            topic: "Runbook".into(),
            audience: String::new(),
            done: None,
        }),
        C::CompleteKnowledgeItem(ItemId::default()),
        C::ConfirmReadiness(wave.clone()),
        C::StartWave(wave.clone()),
        C::OverrideWindow {
            wave: wave.clone(),
            reason: "Incident".into(),
        },
        C::VerifyWave {
            wave: wave.clone(),
            passed: true,
            notes: String::new(),
        },
        C::RemediateWave {
            wave: wave.clone(),
            notes: "Fixed".into(),
        },
        C::BackOut {
            reason: "Broken".into(),
        },
        C::Replan {
            reason: "Again".into(),
        },
        C::DeclareServiceLive,
        C::DeclareFullyOperational,
        C::RecordFeedback {
            from: "Store".into(),
            text: "Good".into(),
        },
        C::RecordEvaluation {
            goal: "Speed".into(),
            target: "1 s".into(),
            actual: "1 s".into(),
            met: true,
        },
        C::Confirm(ReviewCheck::Quality),
        C::RecordPir {
            outcome: PirOutcome::Successful,
            summary: "Fine".into(),
        },
        C::AcceptHandover {
            note: String::new(),
        },
        C::Cancel {
            reason: "Stop".into(),
        },
        C::SetMilestone(Milestone {
            id: ItemId("probe".into()),
            kind: MilestoneKind::TestStart,
            name: String::new(),
            date: demo::synthetic::start(),
            environment: None,
            done: false,
        }),
        C::RemoveMilestone(ItemId::default()),
        C::Comment {
            id: ItemId::default(),
            section: Some(Section::Plan),
            text: "Looks good".into(),
            mentions: vec![PersonId::from(RELEASE_MANAGER)],
        },
        C::EditComment {
            id: ItemId::default(),
            text: "Looks fine".into(),
            mentions: Vec::new(),
        },
        C::DeleteComment(ItemId::default()),
        C::SeeMention(ItemId::default()),
        C::SetRunbook(runbook_template(release.category)),
        C::SetTask(runbook_template(release.category).tasks[0].clone()),
        C::RemoveTask(TaskId::from("T1")),
        C::StartRun(RunKind::Rehearsal),
        C::MarkTask {
            run: ItemId::default(),
            task: TaskId::from("T1"),
            step: Step::Start,
        },
        C::SwitchToBackout {
            run: ItemId::default(),
            reason: "Stop".into(),
        },
        C::EndRun(ItemId::default()),
    ];
    if let Some(plan) = plan {
        all.push(C::AddWave {
            id: ItemId::default(),
            plan: plan.clone(),
        });
        all.push(C::EditWave { id: wave, plan });
    }
    all
}

#[test]
fn apply_keeps_to_the_table_of_statuses() {
    // Given a book with releases in every status…
    let s = demo::synthetic::book(40, demo::synthetic::start()).expect("synthetic book");
    let book = s.engine.book();
    let mut seen = std::collections::BTreeSet::new();
    for release in book.releases.values() {
        seen.insert(release.status);
        for change in every_change(release) {
            // …when each change is applied to the release as it stands…
            let mut scratch = Book::default();
            scratch.releases.insert(release.id.clone(), release.clone());
            let event = Event {
                id: EventId("probe".into()),
                seq: 0,
                at: s.now + Duration::minutes(1),
                by: PersonId::from(RELEASE_MANAGER),
                after: Vec::new(),
                what: on(&release.id, change.clone()),
                key: None,
                sig: None,
            };
            let outcome = try_apply(&mut scratch, &event);
            let allowed = change.allowed_in().contains(&release.status);
            // …then a status the table leaves out is refused, and a status it allows is
            // never refused because of the release's status.
            match outcome {
                Ok(()) => assert!(
                    allowed,
                    "{change:?} applied to a release {}",
                    release.status.phrase()
                ),
                Err(reason) if allowed => assert!(
                    !reason.contains(": the release is ") && !reason.contains("cannot change"),
                    "{change:?} refused in an allowed status ({}): {reason}",
                    release.status.phrase()
                ),
                Err(_) => {}
            }
        }
    }
    assert_eq!(seen.len(), Status::ALL.len(), "every status was tried");
}

#[test]
fn offer_asks_both_the_roles_and_the_status() {
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s).expect("a draft");
    let book = s.engine.book();
    let person = |id: &str| book.people.get(&PersonId::from(id));
    let back_out = ReleaseChange::BackOut {
        reason: String::new(),
    };
    let cancel = ReleaseChange::Cancel {
        reason: String::new(),
    };
    let risk = ReleaseChange::RaiseRisk(Risk {
        id: ItemId::default(),
        title: String::new(),
        likelihood: 1,
        impact: 1,
        owner: String::new(),
        mitigation: String::new(),
        status: EntryStatus::Open,
    });
    // A draft may be cancelled by a release manager, not by a tester.
    assert!(offer(book, &id, person(RELEASE_MANAGER), &cancel));
    assert!(!offer(book, &id, person(TESTER), &cancel));
    // Nothing deployed yet: nothing to back out, whoever asks.
    assert!(!offer(book, &id, person(OPERATIONS), &back_out));
    // Anyone registered may raise a risk; nobody who is not registered.
    assert!(offer(book, &id, person(APPROVER), &risk));
    assert!(!offer(book, &id, None, &risk));
    // No such release: nothing is offered.
    assert!(!offer(
        book,
        &ReleaseId::from("nowhere"),
        person(RELEASE_MANAGER),
        &risk
    ));
}

/// Every label of `all` is a non-empty phrase, and no two variants share one.
fn distinct<T: Copy + PartialEq + std::fmt::Debug>(all: &[T], label: fn(T) -> &'static str) {
    for (n, a) in all.iter().enumerate() {
        assert!(!label(*a).is_empty(), "{a:?} has no words");
        for b in &all[n + 1..] {
            assert_ne!(a, b, "{a:?} is listed twice");
            assert_ne!(label(*a), label(*b), "{a:?} and {b:?} read the same");
        }
    }
}

#[test]
fn every_enum_the_ui_shows_has_distinct_words() {
    distinct(&Status::ALL, Status::label);
    distinct(&Status::ALL, Status::step_label);
    distinct(&Phase::ALL, Phase::label);
    distinct(&Severity::ALL, Severity::label);
    distinct(&EntryStatus::ALL, EntryStatus::label);
    distinct(&Category::ALL, Category::label);
    distinct(&Role::ALL, Role::label);
    distinct(&CiKind::ALL, CiKind::label);
    distinct(&IssueKind::ALL, IssueKind::label);
    distinct(&KnowledgeKind::ALL, KnowledgeKind::label);
    distinct(&TestKind::ALL, TestKind::label);
    distinct(&MilestoneKind::ALL, MilestoneKind::label);
    distinct(&Stage::ALL, Stage::label);
    distinct(&Rollout::ALL, Rollout::label);
    distinct(&Rollout::ALL, Rollout::word);
    distinct(&Delivery::ALL, Delivery::label);
    distinct(&Delivery::ALL, Delivery::word);
    distinct(&Automation::ALL, Automation::label);
    distinct(&Automation::ALL, Automation::word);
    distinct(&WaveStatus::ALL, WaveStatus::label);
    distinct(&RoundOutcome::ALL, RoundOutcome::label);
    distinct(&PirOutcome::ALL, PirOutcome::label);
    distinct(&ReviewCheck::ALL, ReviewCheck::label);
    distinct(&Repeat::ALL, Repeat::label);
    distinct(&Period::ALL, Period::label);
    distinct(&GateKind::ALL, GateKind::label);
    distinct(&TaskKind::ALL, TaskKind::label);
    distinct(&TaskKind::ALL, TaskKind::slug);
    distinct(&RunKind::ALL, RunKind::label);
    distinct(&TaskState::ALL, TaskState::label);
    distinct(&Step::ALL, Step::label);
    // The words the UI's tables used, kept exactly (end-to-end tests read them).
    assert_eq!(
        Status::STEPS.map(Status::step_label),
        [
            "Planning",
            "Build and test",
            "Deployment",
            "Early life support",
            "Review and close"
        ]
    );
    assert_eq!(
        Approach::default().label(),
        "big bang (everyone at once), pushed to users, automatic deployment"
    );
}
