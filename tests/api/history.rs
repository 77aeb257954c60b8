//! The history, the audit log and their CSV exports over real HTTP: every
//! push found exactly once page after page, filters that mean what they say,
//! times in the viewer's zone, role checks, and exports that are audited.
use crate::common;

use common::{download_csv, push_ticket, send_push, spawn_app, spawn_app_with_clock, TestApp};
use push_console::domain::account::Role;
use push_console::domain::push::outcome::SendOutcome;
use push_console::server::clock::ManualClock;
use push_console::server::text_grams;
use push_console::server::text_search::PUSH_TEXT;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const STATUSES: [&str; 4] = ["sent", "failed", "unknown", "refused"];
/// 2026-11-26 00:00:00 UTC.
const DAY0_US: i64 = 1_795_651_200_000_000;

/// `n` pushes straight into the table, one a minute from DAY0, statuses in turn.
async fn seed(app: &TestApp, n: i64) {
    let mut tx = app.server.state.db.write().await.unwrap();
    for i in 0..n {
        let status = STATUSES[(i % 4) as usize];
        let at = DAY0_US + i * 60_000_000;
        let text = format!("seeded push {i} 优惠");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, \
             updated_at_us, status, msg_random, request_json, audience_kind, condition_json, \
             first_text, task_id) VALUES ($1, 'sandbox', NULL, $2, $3, $3, $4, $5, '{}', $6, $9, $7, $8) \
             RETURNING id",
        )
        .bind(format!("seed-{i}"))
        .bind(if i % 2 == 0 { "olga" } else { "oscar" })
        .bind(at)
        .bind(status)
        .bind(i)
        .bind(if i % 3 == 0 { "tags" } else { "all" })
        .bind(&text)
        .bind((status == "sent").then(|| format!("task-{i}")))
        .bind((i % 3 == 0).then_some(r#"{"TagsOr":["vip"]}"#))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        // As the server writes a record's short-word index entries.
        text_grams::write(&mut tx, PUSH_TEXT, id, &[&text])
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn list(app: &TestApp, c: &reqwest::Client, form: &[(&str, &str)]) -> Value {
    let res = app.call(c, "history/list", form).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.unwrap()
}

fn ids(page: &Value) -> Vec<i64> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn pages_walk_every_push_once_newest_first_and_filters_mean_what_they_say() {
    let app = spawn_app().await;
    seed(&app, 130).await;
    let auditor = app.signed_in("audrey", Role::Auditor).await;

    let mut seen = Vec::new();
    let mut page = list(&app, &auditor, &[("filter[status]", "")]).await;
    loop {
        assert!(ids(&page).len() <= 50);
        seen.extend(ids(&page));
        let Some(next) = page["next"].as_object().cloned() else {
            break;
        };
        let (at, id) = (next["at_us"].to_string(), next["id"].to_string());
        page = list(
            &app,
            &auditor,
            &[
                ("filter[status]", ""),
                ("after[at_us]", &at),
                ("after[id]", &id),
            ],
        )
        .await;
    }
    assert_eq!(seen.len(), 130, "every push once");
    assert_eq!(
        seen.iter().collect::<BTreeSet<_>>().len(),
        130,
        "none twice"
    );
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");

    let sent = list(&app, &auditor, &[("filter[status]", "sent")]).await;
    assert_eq!(ids(&sent).len(), 33);
    assert!(sent["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "sent"));

    let by_task = list(&app, &auditor, &[("filter[text]", "task-8")]).await;
    assert_eq!(ids(&by_task).len(), 1, "a TaskId matches exactly");
    assert_eq!(by_task["rows"][0]["task_id"], "task-8");
    let by_words = list(&app, &auditor, &[("filter[text]", "push 12 优惠")]).await;
    assert_eq!(ids(&by_words).len(), 1);
    let percent = list(&app, &auditor, &[("filter[text]", "%")]).await;
    assert_eq!(ids(&percent).len(), 0, "% is a character, not a wildcard");

    let oscar_tags = list(
        &app,
        &auditor,
        &[("filter[operator]", "oscar"), ("filter[audience]", "tags")],
    )
    .await;
    assert_eq!(ids(&oscar_tags).len(), 22, "odd multiples of 3 below 130");

    // 130 minutes from 00:00 UTC: in Shanghai (UTC+8) all on the 26th, and
    // the 25th holds nothing.
    let day = list(
        &app,
        &auditor,
        &[("filter[from]", "2026-11-26"), ("filter[to]", "2026-11-26")],
    )
    .await;
    assert_eq!(ids(&day).len(), 50);
    assert!(day["next"].is_object());
    let before = list(&app, &auditor, &[("filter[to]", "2026-11-25")]).await;
    assert_eq!(ids(&before).len(), 0);

    let bad = app
        .call(&auditor, "history/list", &[("filter[status]", "deleted")])
        .await;
    assert_eq!(
        bad.status(),
        400,
        "an unknown status is refused, not ignored"
    );
    let bad_date = app
        .call(&auditor, "history/list", &[("filter[from]", "yesterday")])
        .await;
    assert_eq!(bad_date.status(), 400);
    app.stop().await;
}

#[tokio::test]
async fn times_are_shown_in_the_viewers_zone_from_the_tz_cookie() {
    let app = spawn_app().await;
    seed(&app, 1).await;
    let auditor = app.signed_in("audrey", Role::Auditor).await;
    let shanghai = list(&app, &auditor, &[("filter[status]", "")]).await;
    assert_eq!(shanghai["time_zone"], "Asia/Shanghai");
    assert_eq!(shanghai["rows"][0]["at"], "2026-11-26 08:00:00");

    // A second browser whose page told the server its zone.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str("tz=America%2FNew_York", &app.url("/").parse().unwrap());
    let browser = reqwest::Client::builder()
        .cookie_provider(jar)
        .build()
        .unwrap();
    let login = app
        .call(
            &browser,
            "auth/login",
            &[("name", "audrey"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(login.status(), 200);
    let res = app
        .call(&browser, "history/list", &[("filter[status]", "")])
        .await;
    let new_york: Value = res.json().await.unwrap();
    assert_eq!(new_york["time_zone"], "America/New_York");
    assert_eq!(new_york["rows"][0]["at"], "2026-11-25 19:00:00");
    app.stop().await;
}

#[tokio::test]
async fn a_sent_push_shows_its_exact_request_and_its_attempt() {
    let clock = ManualClock::at_secs(1_795_651_200);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = push_ticket(&app, &olga).await;
    let request = json!({
        "MsgRandom": random,
        "Condition": { "TagsOr": ["vip", "新用户"] },
        "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "双十一 / sale" } }]
    });
    let SendOutcome::Sent { push_id, task_id } = send_push(&app, &olga, &key, &request).await
    else {
        panic!("the sandbox accepts the push");
    };
    let id = push_id.to_string();

    let detail: Value = app
        .call(&olga, "history/get", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["row"]["status"], "sent");
    assert_eq!(detail["row"]["task_id"], task_id.as_str());
    assert_eq!(detail["row"]["audience_kind"], "tags");
    assert_eq!(detail["row"]["first_text"], "双十一 / sale");
    let body: Value = serde_json::from_str(detail["request"].as_str().unwrap()).unwrap();
    let stored: String = sqlx::query_scalar("SELECT request_json FROM pushes WHERE id = $1")
        .bind(push_id)
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        body,
        serde_json::from_str::<Value>(&stored).unwrap(),
        "the body as sent"
    );
    assert_eq!(body["MsgRandom"], random);
    let attempts = detail["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["outcome"], "sent");
    assert_eq!(attempts[0]["task_id"], task_id.as_str());
    assert_eq!(attempts[0]["operator"], "olga");

    let missing: Value = app
        .call(&olga, "history/get", &[("id", "999999")])
        .await
        .json()
        .await
        .unwrap();
    assert!(missing.is_null());
    app.stop().await;
}

#[tokio::test]
async fn the_audit_log_is_for_admins_and_auditors_and_filters_by_kind() {
    let app = spawn_app().await;
    let auditor = app.signed_in("audrey", Role::Auditor).await;
    let operator = app.signed_in("olga", Role::Operator).await;
    let denied = app
        .call(&operator, "audit/list", &[("filter[group]", "")])
        .await;
    assert_eq!(denied.status(), 403);

    let logins: Value = app
        .call(&auditor, "audit/list", &[("filter[group]", "login")])
        .await
        .json()
        .await
        .unwrap();
    let rows = logins["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "two sign-ins: {rows:?}");
    assert!(rows.iter().all(|r| r["action"] == "login.success"));
    assert_eq!(rows[0]["actor"], "olga", "newest first");
    let by_actor: Value = app
        .call(&auditor, "audit/list", &[("filter[actor]", "audrey")])
        .await
        .json()
        .await
        .unwrap();
    assert!(by_actor["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["actor"] == "audrey"));
    let bad = app
        .call(&auditor, "audit/list", &[("filter[group]", "drop table")])
        .await;
    assert_eq!(bad.status(), 400);
    app.stop().await;
}

#[tokio::test]
async fn csv_exports_stream_every_row_are_audited_and_refuse_others() {
    let app = spawn_app().await;
    seed(&app, 2_345).await;
    let auditor = app.signed_in("audrey", Role::Auditor).await;
    let operator = app.signed_in("olga", Role::Operator).await;

    let res = auditor
        .get(app.url("/export/history.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    drop(res);
    // As browsers fetch it: compressed (once brotli, once gzip), read to the end.
    let text = download_csv(&app, &auditor, "/export/history.csv", true).await;
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines.len(),
        2_346,
        "a header and every push, across three chunks"
    );
    assert!(lines[0].starts_with("id,time,time_zone,app"));
    let ids: BTreeSet<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 2_345, "no row twice");

    let filtered = download_csv(
        &app,
        &auditor,
        "/export/history.csv?status=sent&operator=olga",
        false,
    )
    .await;
    assert!(filtered
        .lines()
        .skip(1)
        .all(|l| l.contains(",olga,") && l.contains(",sent,")));

    let audit = download_csv(&app, &auditor, "/export/audit.csv?group=export", true).await;
    let exports: Vec<&str> = audit.lines().skip(1).collect();
    assert_eq!(
        exports.len(),
        4,
        "the three history exports and this one: {audit}"
    );
    assert!(exports
        .iter()
        .all(|l| l.contains("audrey") && l.contains("export.")));

    let refused = operator
        .get(app.url("/export/history.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        403,
        "operators read history but do not export it"
    );
    let anonymous = app
        .new_client()
        .get(app.url("/export/audit.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let cross_site = auditor
        .get(app.url("/export/history.csv"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'export.%'")
            .fetch_one(&app.server.state.db.pool)
            .await
            .unwrap();
    assert_eq!(count, 4, "refused exports are not exports");
    app.stop().await;
}
