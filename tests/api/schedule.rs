//! Scheduled pushes over real HTTP, on a clock the test moves: one leaves at
//! its time and not before; one cancelled before its time never reaches the
//! sandbox; one late within the grace still goes, beyond it is `missed`; a
//! push approved after its time waits for a person; the day's quota used
//! up makes a due push `failed` with that reason. Rounds of the dispatcher
//! are run by the test after each move of the clock (the server's own run
//! too; a push is claimed by one of them).
use crate::common::audience::call_json;
use crate::common::{push_ticket, spawn_app_with_clock, TestApp, PASSWORD};
use crate::review::{app_needing_approval, detail, sandbox_received, submit, tag_push};
use push_console::domain::account::Role;
use push_console::server::clock::ManualClock;
use push_console::server::push::dispatch;
use serde_json::{json, Value};
use std::time::Duration;

const MINUTE_US: i64 = 60_000_000;

fn now_us(app: &TestApp) -> i64 {
    app.server.state.clock.now_micros()
}

/// Waits (briefly, for the call the round started) until push `id` has `status`.
async fn until_status(app: &TestApp, client: &reqwest::Client, id: i64, status: &str) -> Value {
    for _ in 0..300 {
        let d = detail(app, client, id).await;
        if d["row"]["status"] == status {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "push {id} never became {status}: {}",
        detail(app, client, id).await
    );
}

/// Approves push `id` as `client`, naming the digest its page shows.
async fn approve_as_seen(app: &TestApp, client: &reqwest::Client, id: i64) -> reqwest::Response {
    let digest = detail(app, client, id).await["review"]["digest"]
        .as_str()
        .unwrap()
        .to_string();
    let id = id.to_string();
    let form = [
        ("push_id", id.as_str()),
        ("digest", &digest),
        ("password", PASSWORD),
    ];
    app.call(client, "review/approve", &form).await
}

fn held(outcome: &Value) -> i64 {
    outcome["Held"]["push_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("held: {outcome}"))
}

#[tokio::test]
async fn a_scheduled_push_leaves_at_its_time_and_not_before() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let at = now_us(&app) + 2 * MINUTE_US;
    let (status, outcome) = submit(&app, &olga, "两分钟后 / in two minutes", Some(at)).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["Held"]["status"], "scheduled");
    let id = held(&outcome);
    let d = detail(&app, &olga, id).await;
    assert_eq!(d["review"]["scheduled"]["at_us"], at);
    assert_eq!(d["review"]["scheduled"]["app_zone"], "Asia/Shanghai");

    clock.advance_secs(119);
    let round = dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(round.started, 0);
    assert_eq!(sandbox_received(&app).await, 0);

    clock.advance_secs(1);
    dispatch::round(&app.server.state).await.unwrap();
    let d = until_status(&app, &olga, id, "sent").await;
    assert!(d["row"]["task_id"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(sandbox_received(&app).await, 1);
    assert_eq!(d["attempts"][0]["operator"], "scheduler");
    // Another round finds nothing more to send.
    clock.advance_secs(5);
    dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(sandbox_received(&app).await, 1);
}

#[tokio::test]
async fn a_time_must_be_one_minute_to_thirty_days_ahead() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let now = now_us(&app);
    for (at, why) in [
        (now + 30_000_000, "TooSoon"),
        (now - MINUTE_US, "TooSoon"),
        (now + 31 * 24 * 60 * MINUTE_US, "TooFar"),
    ] {
        let (status, e) = submit(&app, &olga, "time", Some(at)).await;
        assert_eq!((status, e), (400, json!({ "Review": why })));
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pushes")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "a refused time records nothing");
}

#[tokio::test]
async fn cancelled_before_its_time_it_never_reaches_the_sandbox() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let aude = app.signed_in("aude", Role::Auditor).await;
    let (_, outcome) = submit(
        &app,
        &olga,
        "取消 / cancel",
        Some(now_us(&app) + 2 * MINUTE_US),
    )
    .await;
    let id = held(&outcome);
    let cancel = |client| {
        let app = &app;
        async move {
            app.call(client, "review/cancel", &[("push_id", &id.to_string())])
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(cancel(&aude).await, 403, "an auditor cannot cancel");
    assert_eq!(cancel(&olga).await, 200);
    assert_eq!(cancel(&olga).await, 409, "once is enough");
    clock.advance_secs(180);
    dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(sandbox_received(&app).await, 0);
    let d = detail(&app, &olga, id).await;
    assert_eq!(d["row"]["status"], "cancelled");
    let audit: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('push.schedule', 'push.cancel')",
    )
    .fetch_one(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn late_within_the_grace_it_goes_and_beyond_it_is_missed() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let now = now_us(&app);
    let (_, a) = submit(
        &app,
        &olga,
        "迟到 / late but in grace",
        Some(now + 2 * MINUTE_US),
    )
    .await;
    let (_, b) = submit(&app, &olga, "错过 / missed", Some(now + MINUTE_US)).await;
    let (a, b) = (held(&a), held(&b));
    // As if no server ran: the clock jumps; b is 15 min + 1 s late, a 14 min.
    clock.advance_secs(16 * 60 + 1);
    let round = dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(round.missed, 1, "{round:?}");
    until_status(&app, &olga, a, "sent").await;
    let d = detail(&app, &olga, b).await;
    assert_eq!(d["row"]["status"], "missed");
    assert_eq!(sandbox_received(&app).await, 1);
}

#[tokio::test]
async fn approved_after_its_time_it_waits_for_the_approver_to_choose() {
    let (app, clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let (_, outcome) = submit(
        &app,
        &olga,
        "太晚 / too late",
        Some(now_us(&app) + 2 * MINUTE_US),
    )
    .await;
    let id = held(&outcome);
    clock.advance_secs(3 * 60);
    dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(sandbox_received(&app).await, 0, "not approved, not sent");
    let res = approve_as_seen(&app, &ada, id).await;
    let approved: Value = res.json().await.unwrap();
    assert_eq!(approved["Held"]["status"], "approved", "{approved}");
    dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(
        sandbox_received(&app).await,
        0,
        "never sent late without a person"
    );
    let d = detail(&app, &ada, id).await;
    assert_eq!(d["review"]["late"], true);
    // The approver gives it a new time; it goes then.
    let at = now_us(&app) + 2 * MINUTE_US;
    let res = app
        .call(
            &ada,
            "review/reschedule",
            &[("push_id", &id.to_string()), ("at_us", &at.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    clock.advance_secs(2 * 60);
    dispatch::round(&app.server.state).await.unwrap();
    let d = until_status(&app, &ada, id, "sent").await;
    assert_eq!(d["row"]["approver"], "ada");
}

#[tokio::test]
async fn a_new_time_under_approval_is_a_new_submission() {
    let (app, clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let (_, outcome) = submit(
        &app,
        &olga,
        "改期 / moved",
        Some(now_us(&app) + 10 * MINUTE_US),
    )
    .await;
    let id = held(&outcome);
    let res = approve_as_seen(&app, &ada, id).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["Held"]["status"],
        "scheduled"
    );
    let at = now_us(&app) + 20 * MINUTE_US;
    let res = app
        .call(
            &olga,
            "review/reschedule",
            &[("push_id", &id.to_string()), ("at_us", &at.to_string())],
        )
        .await;
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["Held"]["status"], "awaiting_approval", "{again}");
    assert_eq!(detail(&app, &olga, id).await["row"]["status"], "superseded");
    clock.advance_secs(30 * 60);
    dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(
        sandbox_received(&app).await,
        0,
        "the new time was not approved"
    );
}

#[tokio::test]
async fn a_due_push_over_the_day_s_quota_fails_with_that_reason() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = push_ticket(&app, &olga).await;
    let now = json!({ "app_id": "sandbox", "key": key, "request": tag_push(random, "now") });
    let (status, _) = call_json(&app, &olga, "push/send", now).await;
    assert_eq!(status, 200);
    // The rest of today's quota used by other pushes.
    sqlx::query("UPDATE push_rate SET day_count = 100")
        .execute(&app.server.state.db.pool)
        .await
        .unwrap();
    let (_, outcome) = submit(
        &app,
        &olga,
        "额度 / quota",
        Some(now_us(&app) + 2 * MINUTE_US),
    )
    .await;
    let id = held(&outcome);
    clock.advance_secs(2 * 60);
    let round = dispatch::round(&app.server.state).await.unwrap();
    assert_eq!(round.failed, 1, "{round:?}");
    let d = detail(&app, &olga, id).await;
    assert_eq!(d["row"]["status"], "failed");
    assert!(d["refusal"].get("QuotaUsedUp").is_some(), "{d}");
    assert_eq!(sandbox_received(&app).await, 1);
}
