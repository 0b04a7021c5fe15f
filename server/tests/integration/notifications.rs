//! Notifications against real receivers (docs/product.md, "Notifications"): a real SMTP server and
//! an HTTP receiver for the webhooks, the worker driven with a test clock.

use std::sync::Arc;

use app::types::{Role, WorkflowState};
use chrono::{DateTime, Duration, Utc};
use seat_audit::{
    auth::{accounts, SignedIn},
    config::{NotifySettings, Secret, Settings},
    db::{self, Pool},
    notify::{self, Notifier},
    report::{Report, Signal, Status},
    workflow,
};
use tempfile::TempDir;

use crate::support::{
    mail::{HookReceiver, SmtpServer},
    report_row as row, save_report, spawn_app_with, test_settings, DEMO_ADMIN,
};

const ADMIN: &str = "admin@corp.example";
const OPS: &str = "ops@corp.example";
const MARA: &str = "mara@corp.example";
const XENA: &str = "xena@corp.example";
const LINK: &str = "https://seat-audit.example.com/approvals";

/// A company with two managers: Mara (Alma, Bruno) and Xena (Yuri, Zoe); admins Admin and Ops, Ops
/// being the fallback approver.
struct World {
    pool: Pool,
    settings: Arc<Settings>,
    admin: SignedIn,
    _dir: TempDir,
}

fn t0() -> DateTime<Utc> {
    "2026-12-02T09:00:00Z".parse().unwrap()
}

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

async fn world(notify: NotifySettings) -> World {
    let dir = TempDir::new().unwrap();
    let mut settings = test_settings(dir.path());
    settings.notify = NotifySettings {
        public_url: Some("https://seat-audit.example.com".parse().unwrap()),
        ..notify
    };
    let pool = db::connect(&settings).await.unwrap();
    let mut admin_id = 0;
    for (email, role) in [
        (ADMIN, Role::Admin),
        (OPS, Role::Admin),
        (MARA, Role::Manager),
        (XENA, Role::Manager),
    ] {
        let id = accounts::add(&pool, email, role, "a-long-enough-password", "system")
            .await
            .unwrap();
        if email == ADMIN {
            admin_id = id;
        }
    }
    seat_audit::db::query("UPDATE workflow_settings SET fallback_approver = ?")
        .bind(OPS)
        .execute(&pool)
        .await
        .unwrap();
    let report = Report {
        as_of: t0() - Duration::hours(1),
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: vec![
            row(
                "100",
                "Boss Above",
                "boss@corp.example",
                None,
                Status::Active,
            ),
            row("200", "Mara Manager", MARA, Some("100"), Status::Active),
            row(
                "300",
                "Alma Inside",
                "alma@corp.example",
                Some("200"),
                Status::NeverActive,
            ),
            row(
                "400",
                "Bruno Inside",
                "bruno@corp.example",
                Some("200"),
                Status::NeverActive,
            ),
            row("500", "Xena Manager", XENA, Some("100"), Status::Active),
            row(
                "600",
                "Yuri Beside",
                "yuri@corp.example",
                Some("500"),
                Status::NeverActive,
            ),
            row(
                "700",
                "Zoe Beside",
                "zoe@corp.example",
                Some("500"),
                Status::NeverActive,
            ),
        ],
    };
    save_report(&pool, &report).await;
    World {
        pool,
        settings: Arc::new(settings),
        admin: SignedIn {
            id: admin_id,
            email: ADMIN.into(),
            role: Role::Admin,
        },
        _dir: dir,
    }
}

fn email_to(smtp: &SmtpServer) -> NotifySettings {
    NotifySettings {
        smtp_url: Some(Secret::new(smtp.url())),
        from: Some("seat-audit <seat-audit@corp.example>".into()),
        ..NotifySettings::default()
    }
}

impl World {
    fn notifier(&self) -> Notifier {
        let channels = self.settings.channels().unwrap();
        Notifier::new(self.pool.clone(), self.settings.clone(), Arc::new(channels))
    }

    async fn propose(&self, users: &[&str], at: DateTime<Utc>) -> Vec<i64> {
        let users: Vec<String> = users.iter().map(|u| u.to_string()).collect();
        workflow::propose(&self.pool, &self.admin, &users, true, at)
            .await
            .unwrap()
    }

    async fn signed_in(&self, email: &str) -> SignedIn {
        let account = accounts::by_email(&self.pool, email)
            .await
            .unwrap()
            .unwrap();
        SignedIn {
            id: account.id,
            email: account.email,
            role: account.role,
        }
    }

    async fn state(&self, id: i64) -> WorkflowState {
        workflow::get(&self.pool, id).await.unwrap().unwrap().state
    }

    async fn audit_actions(&self) -> Vec<String> {
        seat_audit::db::query_scalar("SELECT action FROM audit_log ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    async fn set(&self, sql: &str) {
        seat_audit::db::query(sql)
            .execute(&self.pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_batch_reaches_each_approver_as_one_digest_of_their_own_team_once_a_day() {
    let smtp = SmtpServer::start(&[]);
    let w = world(email_to(&smtp)).await;
    let notifier = w.notifier();
    w.propose(&["300", "400", "600"], t0()).await;

    // The batch settles first (5 quiet minutes by default): nothing yet.
    let (planned, _) = notifier.round(t0() + minutes(1)).await.unwrap();
    assert_eq!(planned.digests, 0);
    let (planned, delivered) = notifier.round(t0() + minutes(6)).await.unwrap();
    assert_eq!((planned.digests, delivered.sent), (2, 2));

    let mara = smtp.to(MARA);
    assert_eq!(mara.len(), 1, "one message for the batch");
    assert_eq!(
        mara[0].subject(),
        "seat-audit: 2 proposals wait for your decision"
    );
    let body = mara[0].body();
    assert!(
        body.contains("Alma Inside <alma@corp.example>: deactivate."),
        "{body}"
    );
    assert!(body.contains("Bruno Inside"), "{body}");
    assert!(body.contains("Expires 2026-12-16."), "{body}");
    assert!(
        !body.contains("Yuri") && !body.contains("Zoe"),
        "outside Mara's team: {body}"
    );
    assert_eq!(body.matches("http").count(), 1, "one link: {body}");
    assert!(body.contains(LINK), "{body}");
    assert!(
        !body.to_lowercase().contains("session") && !body.contains("token"),
        "{body}"
    );
    assert_eq!(
        mara[0].header("Message-ID").unwrap(),
        notify::message_id("digest:mara@corp.example:2026-12-02")
    );
    let xena = smtp.to(XENA);
    assert_eq!(xena.len(), 1);
    assert_eq!(
        xena[0].subject(),
        "seat-audit: 1 proposal waits for your decision"
    );
    assert!(xena[0].body().contains("Yuri Beside") && !xena[0].body().contains("Alma"));
    assert!(smtp.to(ADMIN).is_empty() && smtp.to(OPS).is_empty());

    // Nothing new the same day, and a second batch waits for tomorrow's digest.
    notifier.round(t0() + Duration::hours(2)).await.unwrap();
    w.propose(&["700"], t0() + Duration::hours(3)).await;
    notifier.round(t0() + Duration::hours(4)).await.unwrap();
    assert_eq!(
        smtp.received().len(),
        2,
        "at most one message a day per approver"
    );
    notifier.round(t0() + Duration::hours(24)).await.unwrap();
    let xena = smtp.to(XENA);
    assert_eq!(xena.len(), 2);
    let body = xena[1].body();
    let new = body.find("New:\n- Zoe Beside").expect("Zoe is new");
    let waiting = body
        .find("Still waiting:\n- Yuri Beside")
        .expect("Yuri still waits");
    assert!(new < waiting, "{body}");
    assert_eq!(smtp.to(MARA).len(), 1, "nothing changed for Mara");
}

#[tokio::test]
async fn a_reminder_comes_before_the_expiry_and_silence_escalates_but_never_executes() {
    let smtp = SmtpServer::start(&[]);
    let w = world(email_to(&smtp)).await;
    let notifier = w.notifier();
    // Expiry 14 days (default), reminder 3 days (default), escalation after 7 days (default).
    let id = w.propose(&["300"], t0()).await[0];
    notifier.round(t0() + minutes(6)).await.unwrap();
    assert_eq!(smtp.to(MARA).len(), 1);

    notifier.round(t0() + Duration::days(6)).await.unwrap();
    assert_eq!(smtp.received().len(), 1, "nothing is due on day 6");

    // Day 7: the fallback approver is shown the item too, and may decide it.
    notifier
        .round(t0() + Duration::days(7) + minutes(1))
        .await
        .unwrap();
    let ops = smtp.to(OPS);
    assert_eq!(ops.len(), 1);
    assert!(
        ops[0]
            .body()
            .contains("Escalated to you (their approver has not answered):\n- Alma Inside"),
        "{}",
        ops[0].body()
    );
    assert_eq!(smtp.to(MARA).len(), 1, "nothing new for Mara on day 7");
    let queue = workflow::awaiting_for(&w.pool, OPS, Role::Admin)
        .await
        .unwrap();
    assert_eq!(queue.iter().map(|i| i.id).collect::<Vec<_>>(), [id]);
    assert!(w.audit_actions().await.contains(&"escalated".to_owned()));

    // Day 11: three days before the expiry, both are reminded.
    notifier
        .round(t0() + Duration::days(11) + minutes(1))
        .await
        .unwrap();
    let mara = smtp.to(MARA);
    assert_eq!(mara.len(), 2);
    assert_eq!(
        mara[1].subject(),
        "seat-audit: 1 proposal waits for your decision (1 expiring soon)"
    );
    assert!(mara[1].body().contains("Expiring soon:\n- Alma Inside"));

    // Day 14: it expires; nothing was done to Alma.
    notifier
        .round(t0() + Duration::days(14) + minutes(1))
        .await
        .unwrap();
    assert_eq!(w.state(id).await, WorkflowState::Expired);
    let item = workflow::get(&w.pool, id).await.unwrap().unwrap();
    assert_eq!((item.executed_by, item.requests), (None, None));
}

#[tokio::test]
async fn at_expiry_an_item_can_escalate_to_the_fallback_approver_for_one_more_period() {
    let smtp = SmtpServer::start(&[]);
    let w = world(email_to(&smtp)).await;
    w.set("UPDATE workflow_settings SET escalate_after_days = 0, on_expiry = 'escalate'")
        .await;
    w.set("UPDATE notify_settings SET reminder_days = 0").await;
    let notifier = w.notifier();
    let id = w.propose(&["300"], t0()).await[0];
    notifier.round(t0() + minutes(6)).await.unwrap();
    notifier.round(t0() + Duration::days(10)).await.unwrap();
    assert!(smtp.to(OPS).is_empty(), "no escalation before the expiry");

    notifier
        .round(t0() + Duration::days(14) + minutes(1))
        .await
        .unwrap();
    assert_eq!(w.state(id).await, WorkflowState::Awaiting);
    let item = workflow::get(&w.pool, id).await.unwrap().unwrap();
    assert_eq!(item.escalated_to.as_deref(), Some(OPS));
    assert!(
        item.expires_at.starts_with("2026-12-30"),
        "{}",
        item.expires_at
    );
    assert_eq!(smtp.to(OPS).len(), 1);

    // Ops decides it as the fallback approver.
    let ops = w.signed_in(OPS).await;
    let decided = workflow::decide(
        &w.pool,
        &ops,
        &[id],
        false,
        "keep her",
        t0() + Duration::days(15),
    )
    .await
    .unwrap();
    assert_eq!(decided, 1);
    assert_eq!(w.state(id).await, WorkflowState::Rejected);

    // Unanswered through the second period too, an item expires.
    let second = w.propose(&["400"], t0() + Duration::days(15)).await[0];
    notifier
        .round(t0() + Duration::days(29) + minutes(1))
        .await
        .unwrap();
    assert_eq!(w.state(second).await, WorkflowState::Awaiting);
    notifier
        .round(t0() + Duration::days(43) + minutes(2))
        .await
        .unwrap();
    assert_eq!(w.state(second).await, WorkflowState::Expired);
}

#[tokio::test]
async fn admins_are_told_once_per_event_on_every_channel_and_at_most_n_an_hour() {
    let smtp = SmtpServer::start(&[]);
    let hooks = HookReceiver::start().await;
    let w = world(NotifySettings {
        slack_webhook_url: Some(Secret::new(format!("{}/ok/slack", hooks.address))),
        teams_webhook_url: Some(Secret::new(format!("{}/ok/teams", hooks.address))),
        webhook_url: Some(Secret::new(format!("{}/ok/generic", hooks.address))),
        ..email_to(&smtp)
    })
    .await;
    w.set("UPDATE notify_settings SET approver_digest = FALSE, admin_per_hour = 3")
        .await;
    let notifier = w.notifier();
    let ids = w.propose(&["300", "400"], t0()).await;
    let mara = w.signed_in(MARA).await;
    let now = t0() + Duration::hours(1);
    workflow::decide(&w.pool, &mara, &ids, true, "", now)
        .await
        .unwrap();
    let (planned, delivered) = notifier.round(now + minutes(1)).await.unwrap();
    assert_eq!(planned.events, 1, "two approvals in one go are one event");
    assert_eq!(
        delivered.sent, 5,
        "two admins' emails, Slack, Teams and the webhook"
    );
    for admin in [ADMIN, OPS] {
        let mails = smtp.to(admin);
        assert_eq!(mails.len(), 1, "{admin}");
        assert_eq!(
            mails[0].subject(),
            "seat-audit: mara@corp.example approved 2 proposals: waiting for execution"
        );
    }
    assert!(smtp.to(MARA).is_empty(), "approvers get no admin events");
    let slack = hooks.received("/ok/slack");
    assert_eq!(slack.len(), 1);
    assert!(slack[0].body["text"]
        .as_str()
        .unwrap()
        .contains("approved 2 proposals"));
    let teams = hooks.received("/ok/teams");
    assert_eq!(
        teams[0].body["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    let generic = hooks.received("/ok/generic");
    assert_eq!(generic[0].body["kind"], "admin");
    assert_eq!(generic[0].body["link"], "https://seat-audit.example.com");
    assert_eq!(
        generic[0].key.as_deref(),
        generic[0].body["idempotency_key"].as_str()
    );

    // Told once.
    notifier.round(now + minutes(2)).await.unwrap();
    assert_eq!(smtp.received().len(), 2);

    // Five failed syncs in the same hour: 3 an hour at most, one of them used already, so one
    // message for the first and one gathering the other four.
    for _ in 0..5 {
        w.set(
            "INSERT INTO sync_runs (trigger, kind, as_of, started_at, finished_at, outcome, error)
             VALUES ('schedule', 'full', '2026-12-02T10:00:00Z', '2026-12-02T10:00:00Z',
                     '2026-12-02T10:01:00Z', 'failed', 'Gong answered 401: the key was revoked')",
        )
        .await;
    }
    notifier.round(now + minutes(3)).await.unwrap();
    let subjects: Vec<String> = smtp.to(ADMIN).iter().map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects[1].contains("failed"), "{subjects:?}");
    assert_eq!(subjects[2], "seat-audit: 4 more events");
    assert!(smtp.to(ADMIN)[1].body().contains("the key was revoked"));
    // The hour is full: a sixth waits for the next hour, then it is told.
    w.set(
        "INSERT INTO sync_runs (trigger, kind, as_of, started_at, finished_at, outcome, error)
         VALUES ('schedule', 'full', '2026-12-02T10:00:00Z', '2026-12-02T10:00:00Z',
                 '2026-12-02T10:05:00Z', 'stopped_on_quota', 'the daily share is spent')",
    )
    .await;
    notifier.round(now + minutes(10)).await.unwrap();
    assert_eq!(smtp.to(ADMIN).len(), 3);
    notifier.round(now + minutes(65)).await.unwrap();
    let last = smtp.to(ADMIN).pop().unwrap();
    assert!(
        last.subject().contains("stopped on the quota"),
        "{}",
        last.subject()
    );
}

#[tokio::test]
async fn a_refused_email_is_retried_with_a_growing_wait_and_sent_once() {
    let smtp = SmtpServer::start(&["--refuse", "2"]);
    let w = world(NotifySettings {
        retry_secs: 60,
        ..email_to(&smtp)
    })
    .await;
    let notifier = w.notifier();
    w.propose(&["300"], t0()).await;
    let at = t0() + minutes(6);
    let (_, delivered) = notifier.round(at).await.unwrap();
    assert_eq!((delivered.sent, delivered.failed), (0, 1));
    let health = notify::health(&w.pool, at).await.unwrap();
    assert_eq!(health.problems.len(), 1);
    assert!(!health.problems[0].given_up);
    assert!(
        health.problems[0].error.contains("451"),
        "{:?}",
        health.problems[0]
    );

    let delivered = notifier.deliver(at + Duration::seconds(30)).await.unwrap();
    assert_eq!(
        (delivered.sent, delivered.failed),
        (0, 0),
        "not due before the wait"
    );
    let second = at + Duration::seconds(61);
    let delivered = notifier.deliver(second).await.unwrap();
    assert_eq!(
        (delivered.sent, delivered.failed),
        (0, 1),
        "second attempt refused"
    );
    let delivered = notifier
        .deliver(second + Duration::seconds(119))
        .await
        .unwrap();
    assert_eq!(delivered.sent, 0, "the second wait is twice the first");
    let delivered = notifier
        .deliver(second + Duration::seconds(121))
        .await
        .unwrap();
    assert_eq!(delivered.sent, 1);
    assert_eq!(smtp.to(MARA).len(), 1, "sent once");
    assert!(notify::health(&w.pool, at)
        .await
        .unwrap()
        .problems
        .is_empty());
    assert!(!w
        .audit_actions()
        .await
        .contains(&"notification_failed".to_owned()));
}

#[tokio::test]
async fn an_email_refused_at_every_attempt_is_given_up_and_shown_with_its_reason() {
    let smtp = SmtpServer::start(&["--refuse", "100"]);
    let w = world(NotifySettings {
        retry_secs: 60,
        max_attempts: 2,
        ..email_to(&smtp)
    })
    .await;
    let notifier = w.notifier();
    w.propose(&["300"], t0()).await;
    let at = t0() + minutes(6);
    notifier.round(at).await.unwrap();
    notifier.deliver(at + minutes(2)).await.unwrap();
    let health = notify::health(&w.pool, at).await.unwrap();
    assert_eq!(health.problems.len(), 1);
    let problem = &health.problems[0];
    assert!(problem.given_up && problem.attempts == 2, "{problem:?}");
    assert_eq!(problem.recipient, MARA);
    let reason: String = seat_audit::db::query_scalar(
        "SELECT reason FROM audit_log WHERE action = 'notification_failed'",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(reason.starts_with("given up after 2 attempts"), "{reason}");
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn a_restart_mid_send_sends_the_message_once() {
    // The SMTP server holds the first message's recipient 20 s: the send is under way when the
    // worker is stopped, as a restart would.
    let smtp = SmtpServer::start(&["--stall", "20"]);
    let w = world(NotifySettings {
        lease_secs: 120,
        ..email_to(&smtp)
    })
    .await;
    w.propose(&["300"], t0()).await;
    let at = t0() + minutes(6);
    let before = w.notifier();
    before.plan(at).await.unwrap();
    let sending = tokio::spawn(async move { before.deliver(at).await });
    loop {
        let state: String = seat_audit::db::query_scalar("SELECT state FROM notifications")
            .fetch_one(&w.pool)
            .await
            .unwrap();
        if state == "sending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    sending.abort();
    let _ = sending.await;

    // After the restart: the digest is not planned again, and the message held by the stopped
    // worker is left alone until its lease passes, then sent once.
    let after = w.notifier();
    let (planned, delivered) = after.round(at + minutes(1)).await.unwrap();
    assert_eq!((planned.digests, delivered.sent), (0, 0));
    let delivered = after
        .deliver(at + minutes(2) + Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(delivered.sent, 1);
    after.round(at + minutes(5)).await.unwrap();
    let mails = smtp.to(MARA);
    assert_eq!(mails.len(), 1, "sent once");
    assert_eq!(
        mails[0].header("Message-ID").unwrap(),
        notify::message_id("digest:mara@corp.example:2026-12-02")
    );
}

#[tokio::test]
async fn the_settings_test_button_sends_or_says_why_not_without_a_secret() {
    let smtp = SmtpServer::start(&[]);
    let hooks = HookReceiver::start().await;
    let data_dir = TempDir::new().unwrap();
    let mut settings = test_settings(data_dir.path());
    settings.notify = NotifySettings {
        slack_webhook_url: Some(Secret::new(format!(
            "{}/ok/slack-secret-token",
            hooks.address
        ))),
        webhook_url: Some(Secret::new(format!(
            "{}/broken/generic-secret-token",
            hooks.address
        ))),
        ..email_to(&smtp)
    };
    let app = spawn_app_with(settings, data_dir).await;
    let test = |channel: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(format!("{}/notify/test", app.address))
                .form(&[("csrf", app.csrf.as_str()), ("channel", channel)])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 303, "{channel}");
            let to = response.headers()["location"].to_str().unwrap().to_owned();
            url::form_urlencoded::parse(to.split_once('?').unwrap().1.as_bytes())
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<String>()
        }
    };
    let said = test("email").await;
    assert_eq!(
        said,
        format!("notice: Test message sent: Email to {}.", DEMO_ADMIN.0)
    );
    assert_eq!(smtp.to(DEMO_ADMIN.0).len(), 1);
    assert_eq!(
        test("slack").await,
        "notice: Test message sent: Slack to slack."
    );
    let said = test("webhook").await;
    assert!(
        said.starts_with("refused: The test message was not sent. The webhook answered 500"),
        "{said}"
    );
    assert!(!said.contains("secret-token"), "{said}");
    let said = test("teams").await;
    assert!(said.contains("Microsoft Teams is not configured"), "{said}");
    let said = test("pigeon").await;
    assert!(
        said.starts_with("refused: Channel: “pigeon” is not one of"),
        "{said}"
    );
    let pool = app.pool().await;
    let actions: Vec<String> = seat_audit::db::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'notification_test%' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "notification_test_sent",
            "notification_test_sent",
            "notification_test_failed",
        ]
    );
    // The Settings page shows the channels, never a secret.
    let html = app.get("/settings").await.text().await.unwrap();
    assert!(
        html.contains(&format!("smtp://127.0.0.1:{}", smtp.port)),
        "SMTP server shown"
    );
    assert!(!html.contains("secret-token"));
}

#[tokio::test]
async fn the_installation_check_says_whether_the_smtp_server_takes_the_settings_without_sending() {
    let smtp = SmtpServer::start(&["--user", "seat-audit", "--password", "right-password"]);
    let checked = |password: &'static str| {
        let url = format!("smtp://seat-audit:{password}@127.0.0.1:{}", smtp.port);
        async move {
            let w = world(NotifySettings {
                smtp_url: Some(Secret::new(url)),
                from: Some("seat-audit <seat-audit@corp.example>".into()),
                ..NotifySettings::default()
            })
            .await;
            let channels = w.settings.channels().unwrap();
            seat_audit::check::run(seat_audit::check::Targets {
                gong: None,
                scim: None,
                database: seat_audit::check::Database::Open(&w.pool),
                notify: Some(&channels),
            })
            .await
        }
    };
    let email_line = |result: &app::types::CheckResult| {
        result
            .lines
            .iter()
            .find(|l| l.sentence.starts_with("Email:"))
            .cloned()
            .expect("a line about email")
    };
    let good = email_line(&checked("right-password").await);
    assert_eq!(good.verdict, app::types::Verdict::Passed, "{good:?}");
    let bad = email_line(&checked("wrong-password").await);
    assert_eq!(bad.verdict, app::types::Verdict::Failed, "{bad:?}");
    assert!(
        bad.sentence.contains(&format!("127.0.0.1:{}", smtp.port)),
        "{bad:?}"
    );
    assert!(!bad.sentence.contains("wrong-password"), "{bad:?}");
    assert!(smtp.received().is_empty(), "the check sends nothing");
}
