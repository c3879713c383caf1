//! Reports as text: release notes, the PIR report and the dossier of a demo release, and
//! the release list as CSV a spreadsheet reads safely.

mod support;

use release_desk::demo::demo_book;
use release_desk::domain::report::{
    csv_cell, dossier, file_stem, pir_report, release_notes, releases_csv, Block, Kind, CSV_COLUMNS,
};
use release_desk::domain::{Engine, Release};

/// Given: the demo book, as of the tests' fixed start.
fn demo() -> Engine {
    demo_book(support::start()).expect("the demo book builds")
}

/// The demo release with this name.
fn named<'a>(engine: &'a Engine, name: &str) -> &'a Release {
    engine
        .book()
        .releases
        .values()
        .find(|r| r.details.name == name)
        .expect("a demo release of that name")
}

#[test]
fn release_notes_tell_users_what_changes_the_workarounds_and_where_to_get_help() {
    let engine = demo();
    let release = named(&engine, "Payments faster refunds");
    let notes = release_notes(engine.book(), release);
    assert_eq!(notes.title, "Release notes: Payments faster refunds v3.3");
    let md = notes.to_markdown();
    assert!(md.starts_with("# Release notes: Payments faster refunds v3.3\n\n"));
    for part in [
        "Payments 3.3 is a minor release. It is live.",
        "## What changes for users",
        "## Who is affected",
        "## When it reaches you",
        "## Known errors and workarounds",
        "- Refund e-mail shows UTC time. Workaround: Staff read the time from the till receipt. Fix: Payments 3.4",
        "## How to get help",
        "Contact the service desk and name “Payments faster refunds v3.3”.",
        "## References",
        "Production rollout: ",
        "Fully operational, with service levels in force, since ",
    ] {
        assert!(md.contains(part), "the notes hold {part:?}:\n{md}");
    }
    // A reader's notes carry no data dump: no status field, no tables.
    assert!(
        !md.contains("**Status:**") && !md.contains("| --- |"),
        "{md}"
    );
    // Every configuration item of the package is named as the catalogue names it, with
    // its change in words.
    for change in &release.package {
        let name = &engine.book().cis[&change.ci].name;
        assert!(
            md.contains(&format!("- {name}: {}", change.action.label())),
            "{name} is listed:\n{md}"
        );
    }
    assert_eq!(
        notes.file_name(),
        "release-notes-payments-faster-refunds-v3-3.md"
    );
}

#[test]
fn release_notes_of_a_release_without_known_errors_say_so() {
    let engine = demo();
    let notes = release_notes(engine.book(), named(&engine, "Storefront wish lists"));
    let known = notes
        .blocks
        .iter()
        .position(|b| *b == Block::Heading(2, "Known errors and workarounds".into()))
        .expect("a known errors section");
    assert_eq!(
        notes.blocks[known + 1],
        Block::Paragraph("No known errors.".into())
    );
}

#[test]
fn the_pir_report_states_the_outcome_evaluation_and_feedback() {
    let engine = demo();
    let report = pir_report(engine.book(), named(&engine, "Payments faster refunds"));
    let md = report.to_markdown();
    for part in [
        "# Post-implementation review: Payments faster refunds v3.3",
        "- **Outcome:** successful",
        "Objectives met; rehearsal caught one config gap",
        "| Checkout time | under 20 s | 14 s | yes |",
        "Store managers: “Faster checkout, no complaints”",
        "Quality requirements confirmed: ",
        "Operations accepted the handover",
    ] {
        assert!(md.contains(part), "the PIR report holds {part:?}:\n{md}");
    }
    assert!(!md.contains("has not begun"));
}

#[test]
fn the_pir_report_of_a_release_not_yet_in_review_says_so() {
    let engine = demo();
    let report = pir_report(
        engine.book(),
        named(&engine, "Payments platform 4 (wallets)"),
    );
    assert_eq!(
        report.blocks[0],
        Block::Paragraph(
            "The review and close phase has not begun: the release is in planning.".into()
        )
    );
    assert!(report
        .to_markdown()
        .contains("No post-implementation review recorded yet."));
}

#[test]
fn the_dossier_holds_everything_down_to_the_timeline() {
    let engine = demo();
    let release = named(&engine, "Till contactless upgrade");
    let md = dossier(engine.book(), engine.log(), release).to_markdown();
    for part in [
        "## Details",
        "## Release and deployment plan",
        "### 5. Approval chains",
        "## Pass/fail criteria and results",
        "## Approvals and authorizations",
        "## Deployment",
        "### Back-out plan",
        "\n## Registers\n",
        "\n### Deviations and issues\n",
        "Older terminals reject the contactless kernel",
        "\n## Review\n",
        "\n### Handover to operations\n",
        "## Audit timeline",
        "Backed out the deployment: Terminal firmware 2.1 rejects the new contactless kernel",
    ] {
        assert!(md.contains(part), "the dossier holds {part:?}");
    }
    // The plan's seven parts in their order.
    let at = |part: &str| md.find(part).expect(part);
    assert!(at("### 4. Audience") < at("### 5. Approval chains"));
    assert!(at("### 5. Approval chains") < at("### 6. Ownership"));
    // The report kinds round-trip through their address segments.
    for kind in Kind::ALL {
        assert_eq!(Kind::from_slug(kind.slug()), Some(kind));
    }
}

#[test]
fn the_dossier_holds_the_discussion_thread_by_thread_with_mentions_as_names() -> support::Result {
    use release_desk::demo::{OPERATIONS, RELEASE_MANAGER, STAKEHOLDER};
    use release_desk::domain::{ItemId, ReleaseChange, Section};
    use support::{given_catalogue, on, payments_3_3, release};
    let comment = |section, text: &str| ReleaseChange::Comment {
        id: ItemId::default(),
        section,
        text: text.into(),
        mentions: Vec::new(),
    };
    // Given a release discussed on its plan and as a whole, one comment edited, one deleted.
    let mut s = given_catalogue();
    let id = payments_3_3(&mut s)?;
    s.ok(
        RELEASE_MANAGER,
        on(
            &id,
            comment(Some(Section::Plan), "@olga can the window move?"),
        ),
    )?;
    let asked = s.ok(
        STAKEHOLDER,
        on(&id, comment(None, "When does it reach shops?")),
    )?;
    s.ok(
        STAKEHOLDER,
        on(
            &id,
            ReleaseChange::EditComment {
                id: ItemId::from(&asked),
                text: "When does it reach the shops?".into(),
                mentions: Vec::new(),
            },
        ),
    )?;
    let oops = s.ok(
        OPERATIONS,
        on(&id, comment(Some(Section::Plan), "Wrong thread, sorry")),
    )?;
    s.ok(
        OPERATIONS,
        on(&id, ReleaseChange::DeleteComment(ItemId::from(&oops))),
    )?;
    s.ok(
        OPERATIONS,
        on(&id, comment(Some(Section::Plan), "Yes, @Rita Ramos.")),
    )?;
    // When the dossier is written.
    let md = dossier(s.engine.book(), s.engine.log(), release(&s, &id)).to_markdown();
    let chapter = &md[md.find("\n## Discussion\n").expect("the chapter")
        ..md.find("## Audit timeline").expect("the timeline")];
    // Then each thread lists its comments in order, by whom and when, mentions as names,
    // edits noted, and the deleted comment is gone.
    let at = |part: &str| {
        chapter
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} in {chapter}"))
    };
    assert!(at("### On the plan") < at("Rita Ramos, "));
    assert!(at("UTC: @Olga Okafor can the window move?") < at("UTC: Yes, @Rita Ramos."));
    assert!(at("### On the release") > at("Yes, @Rita Ramos."));
    assert!(
        chapter.contains("UTC: When does it reach the shops? (edited Sam"),
        "{chapter}"
    );
    assert!(!chapter.contains("Wrong thread"), "{chapter}");
    assert!(!md.contains("No comments."));
    // A release nobody discussed says so.
    let engine = demo();
    let quiet = named(&engine, "Till self-checkout mode");
    let md = dossier(engine.book(), engine.log(), quiet).to_markdown();
    assert!(md.contains("## Discussion\n\nNo comments."), "{md}");
    Ok(())
}

#[test]
fn markdown_tables_escape_pipes_and_line_breaks() {
    let report = release_desk::domain::report::Report {
        title: "T".into(),
        blocks: vec![Block::Table {
            head: vec!["A", "B"],
            rows: vec![vec!["x | y".into(), "line one\nline two".into()]],
        }],
    };
    assert_eq!(
        report.to_markdown(),
        "# T\n\n| A | B |\n| --- | --- |\n| x \\| y | line one line two |\n\n"
    );
}

#[test]
fn csv_cells_are_quoted_as_rfc_4180_asks() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a, b"), "\"a, b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_cell(""), "");
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text() {
    assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-2"), "'-2");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("\tx"), "'\tx");
    assert_eq!(csv_cell("a=b"), "a=b");
}

#[test]
fn the_release_list_as_csv_has_a_header_and_one_row_a_release() {
    let engine = demo();
    let book = engine.book();
    let all: Vec<&Release> = book.releases.values().collect();
    let csv = releases_csv(book, &all);
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(lines[0], CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), all.len() + 1);
    assert!(csv.ends_with("\r\n"));
    let row = lines
        .iter()
        .find(|l| l.contains(",Payments faster refunds,"))
        .expect("a row for Payments faster refunds");
    assert!(row.contains(",3.3,Payments,minor,closed,"), "{row}");
    assert!(
        row.ends_with(",0,1"),
        "no open risk, one open known error: {row}"
    );
}

#[test]
fn a_release_named_like_a_formula_is_exported_as_text() {
    let engine = demo();
    let mut release = named(&engine, "Storefront redesign").clone();
    release.details.name = "=cmd|' /C calc'!A0".into();
    let csv = releases_csv(engine.book(), &[&release]);
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
}

#[test]
fn file_stems_are_plain_lowercase_words() {
    assert_eq!(
        file_stem("Release notes: Payments v3.3"),
        "release-notes-payments-v3-3"
    );
    assert_eq!(file_stem("  Ünïcode — only!  "), "n-code-only");
    assert_eq!(file_stem("—"), "report");
}
