//! Two real server processes on one database (PostgreSQL in the suite's
//! second stage, as replicas run; SQLite in the first): one replica's restart
//! never touches a call the other is making, and that call cannot be retried
//! while it is in flight; a push one replica sent is held as a repeat when
//! the other is asked to send it again.
use crate::common;

use common::process::{command, serve, sign_in, wait_for_status};
use std::time::Duration;

/// A data folder, and the database the replicas share (a fresh PostgreSQL
/// database when the suite has one), with the operator olga in it.
pub(crate) async fn shared_database() -> (
    tempfile::TempDir,
    String,
    Option<common::FreshPg>,
    push_console::server::db::Db,
) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pc.toml"), "").unwrap();
    let (database_url, pg) = common::fresh_database_url(&dir).await;
    common::process::add_operator(dir.path(), &database_url, "olga");
    let db = push_console::server::db::connect(&database_url)
        .await
        .unwrap();
    (dir, database_url, pg, db)
}

#[tokio::test]
async fn a_replica_restarting_during_anothers_slow_call_leaves_it_alone() {
    let (dir, database_url, _pg, db) = shared_database().await;

    // Replica A's sandbox answers pushes after 8 s: its call is in flight
    // while replica B is restarted.
    let mut slow = command(dir.path(), &database_url);
    slow.env("PUSH_CONSOLE_SANDBOX_DELAY_MS", "8000")
        .env("PUSH_CONSOLE_IM_TIMEOUT_SECS", "30")
        .arg("serve");
    let mut a = serve(slow).await;
    let olga_a = sign_in(&a.base, "olga").await;
    let ticket = common::process::ticket(&olga_a, &a.base).await;
    let payload = serde_json::json!({
        "app_id": "sandbox",
        "key": ticket["key"],
        "request": {
            "From_Account": "administrator",
            "MsgRandom": ticket["msg_random"],
            "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "一次 / once" } }],
        },
    });
    let in_flight = tokio::spawn({
        let (olga, url) = (olga_a.clone(), format!("{}/api/push/send", a.base));
        async move {
            olga.post(url)
                .header("accept", "application/json")
                .json(&payload)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    });
    let status = wait_for_status(&db, "sending", Duration::from_secs(10)).await;
    assert_eq!(status, "sending", "A's record is committed before its call");
    let push_id: i64 = sqlx::query_scalar("SELECT id FROM pushes")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    // Replica B starts, is killed, and starts again, all during A's call.
    let replica = || {
        let mut c = command(dir.path(), &database_url);
        c.arg("serve");
        c
    };
    let mut b_first = serve(replica()).await;
    b_first.child.kill().unwrap();
    b_first.child.wait().unwrap();
    let mut b = serve(replica()).await;
    let olga_b = sign_in(&b.base, "olga").await;
    let retried = olga_b
        .post(format!("{}/api/push/retry", b.base))
        .header("accept", "application/json")
        .form(&[("push_id", push_id.to_string())])
        .send()
        .await
        .unwrap();
    let retry_status = retried.status();
    let retry_body = retried.text().await.unwrap();
    assert_eq!(
        retry_status, 400,
        "a push in flight on another replica is not retried: {retry_body}"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM pushes")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "sending", "B's start-up left A's call alone");

    let outcome = tokio::time::timeout(Duration::from_secs(40), in_flight)
        .await
        .expect("A's call ends")
        .unwrap();
    assert!(outcome["Sent"]["task_id"].is_string(), "{outcome}");
    let status: String = sqlx::query_scalar("SELECT status FROM pushes")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "sent");
    // Every request a sandbox received, in all three processes' logs (the
    // sandbox answers a repeated MsgRandom with the first TaskId, so its
    // table alone would not show a second call).
    let calls: usize = [&a, &b_first, &b]
        .iter()
        .map(|served| {
            served
                .events_named("sandbox answered")
                .iter()
                .filter(|e| e["command"] == "im_push")
                .count()
        })
        .sum();
    assert_eq!(calls, 1, "one push reached the API");
    for child in [&mut a.child, &mut b.child] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Sends the one test message through `base` with a fresh ticket, sent again
/// with another while the app's one-push-a-second slot says "too soon"
/// (waiting as long as the server says): the status and answer of the first
/// send that is not "too soon".
async fn send_once_the_slot_is_free(
    client: &reqwest::Client,
    base: &str,
    repeat_of: Option<i64>,
) -> (u16, serde_json::Value) {
    loop {
        let ticket = common::process::ticket(client, base).await;
        let res = client
            .post(format!("{base}/api/push/send"))
            .header("accept", "application/json")
            .json(&serde_json::json!({
                "app_id": "sandbox",
                "key": ticket["key"],
                "repeat_of": repeat_of,
                "request": {
                    "MsgRandom": ticket["msg_random"],
                    "Condition": { "TagsOr": ["vip"] },
                    "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "两个副本 / two replicas" } }],
                },
            }))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        match body["Refused"]["reason"]["TooSoon"]["retry_after_ms"].as_u64() {
            Some(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            None => return (status, body),
        }
    }
}

#[tokio::test]
async fn a_push_one_replica_sent_is_held_when_another_replica_is_asked_to_send_it_again() {
    let (dir, database_url, _pg, db) = shared_database().await;
    let replica = || {
        let mut c = command(dir.path(), &database_url);
        c.arg("serve");
        c
    };
    let (mut a, mut b) = (serve(replica()).await, serve(replica()).await);
    let (olga_a, olga_b) = (
        sign_in(&a.base, "olga").await,
        sign_in(&b.base, "olga").await,
    );

    let (status, first) = send_once_the_slot_is_free(&olga_a, &a.base, None).await;
    assert_eq!(status, 200, "{first}");
    let first_id = first["Sent"]["push_id"].as_i64().expect("sent by A");
    // B, asked for the same message to the same audience, holds it.
    let (status, held) = send_once_the_slot_is_free(&olga_b, &b.base, None).await;
    assert_eq!(status, 409, "{held}");
    assert_eq!(held["RecentRepeat"]["push_id"], first_id);
    // With the operator's yes it goes.
    let (status, again) = send_once_the_slot_is_free(&olga_b, &b.base, Some(first_id)).await;
    assert_eq!(status, 200, "{again}");
    assert!(again["Sent"].is_object(), "{again}");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_pushes")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        sent, 2,
        "the first push and the one confirmed, nothing else"
    );
    for served in [&mut a, &mut b] {
        served.child.kill().unwrap();
        served.child.wait().unwrap();
    }
}
