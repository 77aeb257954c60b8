//! The server killed with SIGKILL while a push is in flight: once its lease
//! has run out the record says `unknown`, never nothing, and a retry resends
//! the same MsgRandom and body.
use crate::common;

use common::process::{command, serve, sign_in};
use std::time::Duration;

#[tokio::test]
async fn a_push_cut_off_by_sigkill_is_unknown_after_restart_and_retried_with_the_same_body() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pc.toml"), "").unwrap();
    let (database_url, _pg) = common::fresh_database_url(&dir).await;
    common::process::add_operator(dir.path(), &database_url, "olga");

    // The sandbox answers pushes only after a minute: the push is in flight.
    let mut slow = command(dir.path(), &database_url);
    slow.env("PUSH_CONSOLE_SANDBOX_DELAY_MS", "60000")
        .arg("serve");
    let served = serve(slow).await;
    let (mut server, base) = (served.child, served.base);
    let olga = sign_in(&base, "olga").await;
    let ticket = common::process::ticket(&olga, &base).await;
    let body = serde_json::json!({
        "From_Account": "administrator",
        "MsgRandom": ticket["msg_random"],
        "MsgLifeTime": 120,
        "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "在路上 / in flight" } }],
    });
    let in_flight = tokio::spawn({
        let (olga, base) = (olga.clone(), base.clone());
        let payload =
            serde_json::json!({ "app_id": "sandbox", "key": ticket["key"], "request": body });
        async move {
            olga.post(format!("{base}/api/push/send"))
                .json(&payload)
                .send()
                .await
        }
    });

    let db = push_console::server::db::connect(&database_url)
        .await
        .unwrap();
    let mut status = String::new();
    for _ in 0..200 {
        status = sqlx::query_scalar("SELECT status FROM pushes")
            .fetch_optional(&db.pool)
            .await
            .unwrap()
            .unwrap_or_default();
        if status == "sending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, "sending", "the record is committed before the call");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        in_flight.await.unwrap().is_err(),
        "the caller lost its connection"
    );

    let served = serve({
        let mut c = command(dir.path(), &database_url);
        c.arg("serve");
        c
    })
    .await;
    let (mut server, base) = (served.child, served.base);
    // The killed process cannot renew its lease; when it has run out, the
    // new process's sweeper takes the record for lost.
    let status = common::process::wait_for_status(&db, "unknown", lease_runs_out()).await;
    assert_eq!(status, "unknown");
    let (push_id, request_json): (i64, String) =
        sqlx::query_as("SELECT id, request_json FROM pushes")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&request_json).unwrap();
    assert_eq!(stored, body, "the exact request is on record");

    let olga = sign_in(&base, "olga").await;
    let retry = || async {
        olga.post(format!("{base}/api/push/retry"))
            .header("accept", "application/json")
            .form(&[("push_id", push_id.to_string())])
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    let mut retried = retry().await;
    // The restart may come within the app's one-second spacing; the answer
    // says how long to wait (this is a separate process: no test clock).
    if let Some(ms) = retried["Refused"]["reason"]["TooSoon"]["retry_after_ms"].as_u64() {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        retried = retry().await;
    }
    let task_id = retried["Sent"]["task_id"]
        .as_str()
        .unwrap_or_else(|| panic!("sent on retry: {retried}"))
        .to_string();
    let (received_random, received_body): (i64, String) =
        sqlx::query_as("SELECT msg_random, body FROM sandbox_pushes WHERE task_id = $1")
            .bind(&task_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(received_random, ticket["msg_random"].as_i64().unwrap());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&received_body).unwrap(),
        body
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

/// Long enough for a lease to run out and a sweep to notice, with room.
fn lease_runs_out() -> Duration {
    use push_console::server::push::lease::{LEASE, SWEEP_EVERY};
    LEASE + SWEEP_EVERY * 3
}
