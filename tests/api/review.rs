//! Four-eyes approval over real HTTP, on a sandbox app that asks a second
//! person for every push (training off): who may approve, the digest an
//! approval names, the password asked again, and that nothing is sent until
//! an approval holds.
use crate::common::audience::call_json;
use crate::common::{push_ticket, spawn_app_full, TestApp, PASSWORD};
use push_console::domain::account::Role;
use push_console::server::clock::ManualClock;
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn tag_push(msg_random: u32, text: &str) -> Value {
    json!({
        "MsgRandom": msg_random,
        "Condition": { "TagsOr": ["vip"] },
        "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": text } }],
    })
}

/// A server whose sandbox app needs approval for `policy`, with training
/// (self-approval) as given, on a clock the test moves.
pub async fn app_needing_approval(
    policy: &str,
    training: bool,
) -> (TestApp, std::sync::Arc<ManualClock>) {
    let clock = ManualClock::at_secs(1_764_000_000);
    let env = HashMap::from([
        (
            "PUSH_CONSOLE_SANDBOX_APPROVAL".to_string(),
            policy.to_string(),
        ),
        (
            "PUSH_CONSOLE_SANDBOX_TRAINING".to_string(),
            training.to_string(),
        ),
    ]);
    (spawn_app_full(env, clock.clone()).await, clock)
}

/// push/send with an optional time: the composer's one call.
pub async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    text: &str,
    send_at_us: Option<i64>,
) -> (u16, Value) {
    let (key, random) = push_ticket(app, client).await;
    let body = json!({ "app_id": "sandbox", "key": key, "request": tag_push(random, text), "send_at_us": send_at_us });
    call_json(app, client, "push/send", body).await
}

pub async fn detail(app: &TestApp, client: &reqwest::Client, id: i64) -> Value {
    let res = app
        .call(client, "history/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

pub async fn sandbox_received(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_pushes")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap()
}

async fn approve(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    digest: &str,
    password: &str,
) -> (u16, Value) {
    let res = app
        .call(
            client,
            "review/approve",
            &[
                ("push_id", &id.to_string()),
                ("digest", digest),
                ("password", password),
            ],
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn held_id(outcome: &Value, status: &str) -> i64 {
    assert_eq!(outcome["Held"]["status"], status, "{outcome}");
    outcome["Held"]["push_id"].as_i64().unwrap()
}

#[tokio::test]
async fn only_someone_else_may_approve_and_only_the_digest_they_saw() {
    let (app, _clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let aude = app.signed_in("aude", Role::Auditor).await;

    let (status, outcome) = submit(&app, &olga, "四眼原则 / four eyes", None).await;
    assert_eq!(status, 200, "{outcome}");
    let id = held_id(&outcome, "awaiting_approval");
    assert_eq!(
        sandbox_received(&app).await,
        0,
        "nothing is sent on submission"
    );
    let d = detail(&app, &ada, id).await;
    let digest = d["review"]["digest"].as_str().unwrap().to_string();
    assert_eq!(digest.len(), 64);

    // The requester and an auditor: 403, whatever they name.
    let (status, e) = approve(&app, &olga, id, &digest, PASSWORD).await;
    assert_eq!((status, &e), (403, &json!({ "Review": "OwnPush" })));
    let (status, _) = approve(&app, &aude, id, &digest, PASSWORD).await;
    assert_eq!(status, 403);

    // Another digest: refused, and on record.
    let other = "0".repeat(64);
    let (status, e) = approve(&app, &ada, id, &other, PASSWORD).await;
    assert_eq!((status, &e), (409, &json!({ "Review": "DigestMismatch" })));
    assert_eq!(sandbox_received(&app).await, 0);

    // The record altered in the database after submission: what the
    // approver saw is no longer behind the record, so refused.
    let pool = &app.server.state.db.pool;
    let original: String = sqlx::query_scalar("SELECT request_json FROM pushes WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    let altered = original.replace("four eyes", "four eyes (changed)");
    sqlx::query("UPDATE pushes SET request_json = $1 WHERE id = $2")
        .bind(&altered)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    let (status, e) = approve(&app, &ada, id, &digest, PASSWORD).await;
    assert_eq!((status, &e), (409, &json!({ "Review": "DigestMismatch" })));
    assert_eq!(
        sandbox_received(&app).await,
        0,
        "an altered request never leaves"
    );
    let refused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'push.approve.refused'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(refused, 2);

    // Put back, the approval of the digest seen goes through and sends it,
    // with both names on the record.
    sqlx::query("UPDATE pushes SET request_json = $1 WHERE id = $2")
        .bind(&original)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    let (status, sent) = approve(&app, &ada, id, &digest, PASSWORD).await;
    assert_eq!(status, 200, "{sent}");
    assert!(
        sent["Sent"]["task_id"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{sent}"
    );
    assert_eq!(sandbox_received(&app).await, 1);
    let d = detail(&app, &aude, id).await;
    assert_eq!(d["row"]["status"], "sent");
    assert_eq!(d["row"]["operator"], "olga");
    assert_eq!(d["row"]["approver"], "ada");
    let steps: Vec<&str> = d["review"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["PushSubmit", "PushApprove"]);
    // Approving again: it no longer waits.
    let (status, e) = approve(&app, &ada, id, &digest, PASSWORD).await;
    assert_eq!((status, &e), (409, &json!({ "Review": "NotWaiting" })));
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_counted_by_the_throttle() {
    let (app, _clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let otto = app.signed_in("otto", Role::Operator).await;
    let (_, outcome) = submit(&app, &olga, "密码 / password", None).await;
    let id = held_id(&outcome, "awaiting_approval");
    let digest = detail(&app, &otto, id).await["review"]["digest"]
        .as_str()
        .unwrap()
        .to_string();
    let mut answers = Vec::new();
    for _ in 0..6 {
        answers.push(
            approve(&app, &otto, id, &digest, "not the password at all")
                .await
                .0,
        );
    }
    // Wrong (400) until the throttle makes the next guess wait (429).
    assert_eq!(answers[0], 400);
    assert!(answers.contains(&429), "{answers:?}");
    let failures: i64 =
        sqlx::query_scalar("SELECT failures FROM login_throttle WHERE key LIKE 'password:%'")
            .fetch_one(&app.server.state.db.pool)
            .await
            .unwrap();
    assert!(failures >= 1);
    assert_eq!(sandbox_received(&app).await, 0);
    let d = detail(&app, &otto, id).await;
    assert_eq!(d["row"]["status"], "awaiting_approval");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_only_the_requester_withdraws() {
    let (app, _clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let otto = app.signed_in("otto", Role::Operator).await;
    let (_, first) = submit(&app, &olga, "驳回 / reject me", None).await;
    let first = held_id(&first, "awaiting_approval");
    let (_, second) = submit(&app, &olga, "撤回 / withdraw me", None).await;
    let second = held_id(&second, "awaiting_approval");

    let reject = |client, reason: &'static str| {
        let app = &app;
        async move {
            let res = app
                .call(
                    client,
                    "review/reject",
                    &[("push_id", &first.to_string()), ("reason", reason)],
                )
                .await;
            (
                res.status().as_u16(),
                res.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    assert_eq!(
        reject(&otto, "   ").await,
        (400, json!({ "Review": "ReasonRequired" }))
    );
    assert_eq!(reject(&olga, "mine").await.0, 403);
    let (status, rejected) = reject(&otto, "文案有误 / wrong text").await;
    assert_eq!(status, 200, "{rejected}");
    assert_eq!(held_id(&rejected, "rejected"), first);
    let d = detail(&app, &olga, first).await;
    assert_eq!(d["review"]["reason"], "文案有误 / wrong text");

    let withdraw = |client| {
        let app = &app;
        async move {
            app.call(
                client,
                "review/withdraw",
                &[("push_id", &second.to_string())],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(withdraw(&otto).await, 403);
    assert_eq!(withdraw(&olga).await, 200);
    assert_eq!(
        detail(&app, &olga, second).await["row"]["status"],
        "withdrawn"
    );
    assert_eq!(sandbox_received(&app).await, 0);

    // Both stay in the history, each under its status.
    for (status, id) in [("rejected", first), ("withdrawn", second)] {
        let res = app
            .call(&olga, "history/list", &[("filter[status]", status)])
            .await;
        let page: Value = res.json().await.unwrap();
        let ids: Vec<i64> = page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [id], "{status}");
    }
}

#[tokio::test]
async fn an_edit_supersedes_the_submission_and_needs_its_own_approval() {
    let (app, _clock) = app_needing_approval("all", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let (_, first) = submit(&app, &olga, "初稿 / first draft", None).await;
    let first = held_id(&first, "awaiting_approval");
    let old_digest = detail(&app, &ada, first).await["review"]["digest"]
        .as_str()
        .unwrap()
        .to_string();

    let (key, random) = push_ticket(&app, &olga).await;
    let body = json!({ "app_id": "sandbox", "key": key, "request": tag_push(random, "定稿 / final"), "supersedes": first });
    let (status, second) = call_json(&app, &olga, "push/send", body).await;
    assert_eq!(status, 200, "{second}");
    let second = held_id(&second, "awaiting_approval");
    let old = detail(&app, &ada, first).await;
    assert_eq!(old["row"]["status"], "superseded");
    assert_eq!(old["review"]["superseded_by"], second);
    let new_digest = detail(&app, &ada, second).await["review"]["digest"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old_digest, new_digest);
    // The old approval is worth nothing now.
    let (status, _) = approve(&app, &ada, first, &old_digest, PASSWORD).await;
    assert_eq!(status, 409);
    let (status, sent) = approve(&app, &ada, second, &new_digest, PASSWORD).await;
    assert_eq!(status, 200, "{sent}");
    assert!(sent.get("Sent").is_some(), "{sent}");
    assert_eq!(sandbox_received(&app).await, 1);
}

#[tokio::test]
async fn in_training_the_sandbox_lets_one_person_try_the_whole_flow() {
    let (app, _clock) = app_needing_approval("all", true).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (_, outcome) = submit(&app, &olga, "练习 / training", None).await;
    let id = held_id(&outcome, "awaiting_approval");
    let d = detail(&app, &olga, id).await;
    assert_eq!(d["review"]["policy"]["training"], true);
    let digest = d["review"]["digest"].as_str().unwrap().to_string();
    let (status, sent) = approve(&app, &olga, id, &digest, PASSWORD).await;
    assert_eq!(status, 200, "{sent}");
    assert!(sent.get("Sent").is_some(), "{sent}");
}

#[tokio::test]
async fn everyone_asks_approval_only_for_a_push_to_every_user() {
    let (app, _clock) = app_needing_approval("everyone", false).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (status, tags) = submit(&app, &olga, "标签 / tags", None).await;
    assert_eq!(status, 200);
    assert!(
        tags.get("Sent").is_some(),
        "a tag push goes at once: {tags}"
    );
    let (key, random) = push_ticket(&app, &olga).await;
    let everyone = json!({ "MsgRandom": random, "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "全员 / all" } }] });
    let body = json!({ "app_id": "sandbox", "key": key, "request": everyone });
    let (_, held) = call_json(&app, &olga, "push/send", body).await;
    held_id(&held, "awaiting_approval");
}
