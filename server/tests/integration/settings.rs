//! The Settings page's forms through the running server (saved, read back, a bad field refused by
//! name with nothing saved), and what an admin sets there shaping the next sync's report.

use app::types::{Policy, SettingsData, ZoneInForce, ZoneSource};
use chrono::Duration as Days;
use seat_audit::{policy, report::Status, sync::Trigger};

use crate::{
    support::{spawn_app, TestApp},
    sync_support::{as_of, harness, simulator_config},
};

impl TestApp {
    async fn settings_data(&self) -> SettingsData {
        self.call("settings", &[]).await
    }

    /// Posts a form to a server function; the error's sentence when it is refused (422).
    pub async fn submit(&self, function: &str, form: &[(&str, &str)]) -> Result<(), String> {
        let response = self
            .client
            .post(format!("{}/api/{function}", self.address))
            .header("accept", "application/json")
            .header("x-csrf-token", &self.csrf)
            .form(form)
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            200 => Ok(()),
            422 => Err(response.text().await.unwrap()),
            other => panic!("/api/{function} answered {other}"),
        }
    }
}

/// The kind of the latest sync run: full or incremental.
async fn last_kind(pool: &seat_audit::db::Pool) -> String {
    seat_audit::db::query_scalar("SELECT kind FROM sync_runs ORDER BY id DESC LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

const POLICY: [(&str, &str); 5] = [
    ("inactivity_days", "60"),
    ("grace_days", "14"),
    ("lookback_days", "365"),
    ("time_zone", "Europe/Berlin"),
    ("quota_share_pct", "40"),
];

#[tokio::test]
async fn thresholds_seats_and_contract_are_saved_and_shown_again_on_the_page() {
    let app = spawn_app().await;
    let defaults = app.settings_data().await;
    assert_eq!(
        defaults.policy,
        Policy {
            inactivity_days: 90,
            grace_days: 30,
            lookback_days: 365,
            time_zone: String::new(),
            quota_share: 0.5,
        },
        "the configuration's values until an admin saves"
    );
    assert_eq!(
        defaults.time_zone_in_force.source,
        ZoneSource::Default,
        "no setting and no sync yet: UTC by default"
    );
    assert_eq!(defaults.time_zone_in_force.name, "UTC");

    app.submit("save_policy", &POLICY).await.unwrap();
    app.submit(
        "save_seat_types",
        &[
            ("gong_purchased", "1,200"),
            ("gong_price", "$1,600"),
            ("forecast_purchased", "80"),
            ("forecast_price", "900.50"),
            ("engage_purchased", "0"),
            ("engage_price", "0"),
        ],
    )
    .await
    .unwrap();
    app.submit(
        "save_contract",
        &[
            ("renewal_date", "2027-03-31"),
            ("notice_days", "60"),
            ("uplift_pct", "7"),
            ("headroom_pct", "15"),
            ("currency", "eur"),
        ],
    )
    .await
    .unwrap();

    let saved = app.settings_data().await;
    assert_eq!(saved.policy.inactivity_days, 60);
    assert_eq!(saved.policy.grace_days, 14);
    assert_eq!(saved.policy.time_zone, "Europe/Berlin");
    assert_eq!(
        saved.time_zone_in_force,
        ZoneInForce {
            name: "Europe/Berlin".into(),
            source: ZoneSource::Setting
        }
    );
    assert!((saved.policy.quota_share - 0.4).abs() < 1e-9);
    assert_eq!(saved.seat_types[0].purchased, 1200);
    assert_eq!(saved.seat_types[0].price_per_year_cents, 160_000);
    assert_eq!(saved.seat_types[1].price_per_year_cents, 90_050);
    assert_eq!(saved.contract.renewal_date, "2027-03-31".parse().ok());
    assert_eq!(saved.contract.currency, "EUR");

    let page = app.get("/settings").await.text().await.unwrap();
    for shown in [
        r#"value="60""#,
        r#"value="Europe/Berlin""#,
        r#"value="2027-03-31""#,
        r#"value="900.50""#,
        "In force: Europe/Berlin (from the setting below",
    ] {
        assert!(page.contains(shown), "the page shows {shown}");
    }
}

#[tokio::test]
async fn a_bad_field_is_refused_by_name_and_nothing_of_the_form_is_saved() {
    let app = spawn_app().await;
    let before = app.settings_data().await;

    let mut policy = POLICY;
    policy[3] = ("time_zone", "Mars/Olympus");
    let refusal = app.submit("save_policy", &policy).await.unwrap_err();
    assert!(
        refusal.contains("Company time zone") && refusal.contains("Mars/Olympus"),
        "{refusal}"
    );
    let refusal = app
        .submit(
            "save_seat_types",
            &[
                ("gong_purchased", "1200"),
                ("gong_price", "1600"),
                ("forecast_purchased", "many"),
                ("forecast_price", "900"),
                ("engage_purchased", "0"),
                ("engage_price", "0"),
            ],
        )
        .await
        .unwrap_err();
    assert!(refusal.contains("Forecast seats purchased"), "{refusal}");
    let refusal = app
        .submit(
            "protect_user",
            &[
                ("email", "nobody@nowhere.example"),
                ("until", ""),
                ("note", "CEO"),
            ],
        )
        .await
        .unwrap_err();
    assert!(refusal.contains("no Gong user has the email"), "{refusal}");

    assert_eq!(app.settings_data().await, before, "nothing changed");
}

#[tokio::test]
async fn the_next_sync_judges_by_the_saved_thresholds_and_leaves_protected_users_unflagged() {
    let mut config = simulator_config(400);
    config.reference_now = Some(as_of() + Days::days(1));
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the first sync");
    let first = h.latest_report().await.expect("a report");
    let inactive = first
        .rows
        .iter()
        .find(|r| r.status == Status::Inactive)
        .expect("the demo company has inactive users");
    // Quiet for 90 to 300 days: inactive under the default threshold, active under 300 days.
    let quiet: Vec<&str> = first
        .rows
        .iter()
        .filter(|r| r.status == Status::Inactive && r.id != inactive.id)
        .filter(|r| {
            r.last_active
                .is_some_and(|day| as_of().date_naive() - day < Days::days(290))
        })
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        !quiet.is_empty(),
        "the demo company has users quiet for months"
    );

    let settings = seat_audit::config::Settings::default();
    let previous = policy::load(&h.pool, &settings).await.unwrap();
    let patient = Policy {
        inactivity_days: 300,
        ..previous.policy.clone()
    };
    policy::save(&h.pool, &previous, &patient, as_of())
        .await
        .unwrap();
    policy::protected::add(
        &h.pool,
        &app::types::ProtectedUser {
            user_id: inactive.id.clone(),
            email: inactive.email.clone(),
            name: inactive.name.clone(),
            until: Some(as_of().date_naive() + Days::days(30)),
            note: "parental leave".into(),
            added_at: as_of(),
        },
    )
    .await
    .unwrap();

    h.simulator.clock().advance(Days::days(1));
    h.syncer
        .sync_once(Trigger::Schedule)
        .await
        .expect("the next sync");
    let next = h.latest_report().await.expect("a report");
    let status_of = |id: &str| next.rows.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(
        status_of(&inactive.id),
        Status::Protected,
        "snoozed: not flagged"
    );
    for id in &quiet {
        assert_eq!(status_of(id), Status::Active, "active within 300 days");
    }
    let flagged = |rows: &[seat_audit::report::ReportRow]| {
        rows.iter().filter(|r| r.status.is_candidate()).count()
    };
    assert!(flagged(&next.rows) < flagged(&first.rows));
}

#[tokio::test]
async fn a_new_time_zone_makes_the_next_sync_read_the_whole_look_back_again() {
    let mut config = simulator_config(100);
    config.reference_now = Some(as_of() + Days::days(1));
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the first sync");
    let settings = seat_audit::config::Settings::default();
    let previous = policy::load(&h.pool, &settings).await.unwrap();
    let berlin = Policy {
        time_zone: "Europe/Berlin".into(),
        ..previous.policy.clone()
    };
    // Saved after the first run started.
    let saved_at = as_of() + Days::hours(1);
    policy::save(&h.pool, &previous, &berlin, saved_at)
        .await
        .unwrap();

    h.simulator.clock().advance(Days::days(1));
    h.syncer
        .sync_once(Trigger::Schedule)
        .await
        .expect("the next sync");
    let kind = last_kind(&h.pool).await;
    assert_eq!(kind, "full");

    h.simulator.clock().advance(Days::days(1));
    h.syncer
        .sync_once(Trigger::Schedule)
        .await
        .expect("the one after");
    let kind = last_kind(&h.pool).await;
    assert_eq!(
        kind, "incremental",
        "once re-read, runs are incremental again"
    );
}
