//! The demo organisation: a retail company's IT with four services, three environments,
//! configuration items of every kind, six people and release policies.

use crate::domain::{
    Approach, Approver, Category, Change, CiKind, ConfigurationItem, Environment, FreezeWindow,
    FrequencyLimit, GateKind, Period, Person, ReleasePolicy, Repeat, Role, Rollout, Service,
    Version,
};
use chrono::{DateTime, TimeZone, Utc};
use std::collections::BTreeMap;

/// The release manager's id.
pub const RELEASE_MANAGER: &str = "rita";
/// The change manager's (CAB chair's) id.
pub const CHANGE_MANAGER: &str = "carl";
/// The approver's id.
pub const APPROVER: &str = "ana";
/// The tester's id.
pub const TESTER: &str = "tom";
/// The operations lead's id.
pub const OPERATIONS: &str = "olga";
/// The stakeholder's id.
pub const STAKEHOLDER: &str = "sam";

fn person(id: &str, name: &str, roles: &[Role]) -> Change {
    Change::Person(Person {
        email: format!("{id}@example.org"),
        id: id.into(),
        name: name.into(),
        roles: roles.to_vec(),
    })
}

fn service(id: &str, name: &str, team: &str, baseline: Version, description: &str) -> Change {
    Change::Service(Service {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        owner_team: team.into(),
        baseline,
        retired: false,
    })
}

fn environment(id: &str, name: &str, order: u32, production: bool) -> Change {
    Change::Environment(Environment {
        id: id.into(),
        name: name.into(),
        production,
        order,
        retired: false,
    })
}

fn ci(id: &str, name: &str, kind: CiKind, service: &str, version: &str) -> Change {
    Change::Ci(ConfigurationItem {
        id: id.into(),
        name: name.into(),
        kind,
        service: Some(service.into()),
        version: version.into(),
        retired: false,
    })
}

fn year_end_freeze(year: i32) -> FreezeWindow {
    let at = |y, m, d| -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .unwrap_or_default()
    };
    FreezeWindow {
        id: "year-end".into(),
        name: "Year-end trading freeze".into(),
        start: at(year, 12, 18),
        end: at(year + 1, 1, 4),
        repeat: Repeat::Yearly,
        environments: vec!["prod".into()],
    }
}

fn policy(service: &str, rollout: Rollout, freeze_year: i32) -> Change {
    let chains = BTreeMap::from([
        (GateKind::Build, vec![Approver::Role(Role::Approver)]),
        (
            GateKind::Deployment,
            vec![
                Approver::Role(Role::Approver),
                Approver::Role(Role::Operations),
            ],
        ),
        (GateKind::Close, vec![Approver::Role(Role::ChangeManager)]),
    ]);
    Change::Policy(ReleasePolicy {
        service: service.into(),
        frequency: vec![FrequencyLimit {
            category: Category::Major,
            max: 1,
            period: Period::Quarter,
        }],
        default_approach: Approach {
            rollout,
            ..Approach::default()
        },
        approval_chains: chains,
        freeze_windows: vec![year_end_freeze(freeze_year)],
        min_pass_criteria: 2,
        rehearse_major: false,
    })
}

/// The commands that lay out the demo organisation, each with the person who gives it.
/// The first registers the release manager, who then sets up everything else. Freeze
/// windows repeat yearly from `freeze_year`.
pub fn catalogue(freeze_year: i32) -> Vec<(&'static str, Change)> {
    let rm = RELEASE_MANAGER;
    vec![
        (
            rm,
            person(rm, "Rita Ramos", &[Role::ReleaseManager, Role::Keeper]),
        ),
        (
            rm,
            person(CHANGE_MANAGER, "Carl Chen", &[Role::ChangeManager]),
        ),
        (rm, person(APPROVER, "Ana Alves", &[Role::Approver])),
        (rm, person(TESTER, "Tom Tanaka", &[Role::Tester])),
        (rm, person(OPERATIONS, "Olga Okafor", &[Role::Operations])),
        (rm, person(STAKEHOLDER, "Sam Singh", &[Role::Stakeholder])),
        (
            rm,
            service(
                "payments",
                "Payments",
                "Payments squad",
                Version::new(3, 2, 0),
                "Card and wallet payments for stores and web shop",
            ),
        ),
        (
            rm,
            service(
                "storefront",
                "Web storefront",
                "Digital team",
                Version::new(5, 4, 0),
                "The public web shop",
            ),
        ),
        (
            rm,
            service(
                "warehouse",
                "Warehouse management",
                "Logistics IT",
                Version::new(2, 1, 0),
                "Stock, picking and dispatch",
            ),
        ),
        (
            rm,
            service(
                "pos",
                "Point of sale",
                "Store systems",
                Version::new(7, 0, 0),
                "Tills and card terminals in 120 stores",
            ),
        ),
        (rm, environment("test", "Test", 1, false)),
        (rm, environment("staging", "Staging", 2, false)),
        (rm, environment("prod", "Production", 3, true)),
        (
            rm,
            ci(
                "payments-api",
                "Payments API",
                CiKind::Software,
                "payments",
                "3.2.0",
            ),
        ),
        (
            rm,
            ci(
                "payments-db",
                "Payments database cluster",
                CiKind::VirtualAsset,
                "payments",
                "PostgreSQL 16",
            ),
        ),
        (
            rm,
            ci(
                "psp-contract",
                "Payment service provider contract",
                CiKind::Contract,
                "payments",
                "2025 terms",
            ),
        ),
        (
            rm,
            ci(
                "refund-process",
                "Refund procedure",
                CiKind::Process,
                "payments",
                "rev 4",
            ),
        ),
        (
            rm,
            ci(
                "storefront-web",
                "Storefront web app",
                CiKind::Software,
                "storefront",
                "5.4.0",
            ),
        ),
        (
            rm,
            ci(
                "storefront-guide",
                "Storefront operations runbook",
                CiKind::Documentation,
                "storefront",
                "5.4",
            ),
        ),
        (
            rm,
            ci(
                "wms-app",
                "Warehouse app",
                CiKind::Software,
                "warehouse",
                "2.1.0",
            ),
        ),
        (
            rm,
            ci(
                "wh-scanner",
                "Handheld scanners",
                CiKind::PhysicalAsset,
                "warehouse",
                "Zebra TC58",
            ),
        ),
        (
            rm,
            ci(
                "pos-software",
                "Till software",
                CiKind::Software,
                "pos",
                "7.0.0",
            ),
        ),
        (
            rm,
            ci(
                "pos-terminal",
                "Card terminals",
                CiKind::PhysicalAsset,
                "pos",
                "Model T2",
            ),
        ),
        (
            rm,
            ci(
                "cashier-training",
                "Cashier training course",
                CiKind::Training,
                "pos",
                "2026",
            ),
        ),
        (
            rm,
            ci(
                "pos-guide",
                "Till user guide",
                CiKind::Documentation,
                "pos",
                "7.0",
            ),
        ),
        (rm, policy("payments", Rollout::BigBang, freeze_year)),
        (rm, policy("storefront", Rollout::BigBang, freeze_year)),
        (rm, policy("warehouse", Rollout::BigBang, freeze_year)),
        (rm, policy("pos", Rollout::Phased, freeze_year)),
    ]
}
