//! The server killed with SIGKILL while a push is in flight: after a restart
//! the record says `unknown`, never nothing, and a retry resends the same
//! MsgRandom and body.
mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_push-console");

fn command(dir: &std::path::Path, database_url: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--config")
        .arg(dir.join("pc.toml"))
        .env("DATABASE_URL", database_url)
        .env("PUSH_CONSOLE_DATA_DIR", dir.join("data"))
        .env("PUSH_CONSOLE_LISTEN", "127.0.0.1:0")
        .env("PUSH_CONSOLE_LOG_FORMAT", "json")
        .env_remove("PUSH_CONSOLE_APPS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cmd
}

/// Starts `serve` and returns it with its address.
async fn serve(mut cmd: Command) -> (Child, String) {
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let addr = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let event: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            if let Some(addr) = event["addr"].as_str() {
                // Keep draining so the server never blocks on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return addr.to_string();
            }
        }
        panic!("the server never said where it listens");
    });
    let addr = tokio::time::timeout(Duration::from_secs(30), addr)
        .await
        .unwrap()
        .unwrap();
    (child, format!("http://{addr}"))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

async fn sign_in(base: &str) -> reqwest::Client {
    let c = client();
    let res = c
        .post(format!("{base}/api/auth/login"))
        .header("accept", "application/json")
        .form(&[("name", "olga"), ("password", common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    c
}

#[tokio::test]
async fn a_push_cut_off_by_sigkill_is_unknown_after_restart_and_retried_with_the_same_body() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pc.toml"), "").unwrap();
    let (database_url, _pg) = common::fresh_database_url(&dir).await;
    let mut add = command(dir.path(), &database_url);
    let mut adding = add
        .args([
            "user",
            "add",
            "olga",
            "--role",
            "operator",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(adding.stdin.take().unwrap(), "{}", common::PASSWORD).unwrap();
    assert!(adding.wait().unwrap().success());

    // The sandbox answers pushes only after a minute: the push is in flight.
    let mut slow = command(dir.path(), &database_url);
    slow.env("PUSH_CONSOLE_SANDBOX_DELAY_MS", "60000")
        .arg("serve");
    let (mut server, base) = serve(slow).await;
    let olga = sign_in(&base).await;
    let ticket: serde_json::Value = olga
        .post(format!("{base}/api/push/ticket"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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

    let (mut server, base) = serve({
        let mut c = command(dir.path(), &database_url);
        c.arg("serve");
        c
    })
    .await;
    let (push_id, status, request_json): (i64, String, String) =
        sqlx::query_as("SELECT id, status, request_json FROM pushes")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(status, "unknown");
    let stored: serde_json::Value = serde_json::from_str(&request_json).unwrap();
    assert_eq!(stored, body, "the exact request is on record");

    let olga = sign_in(&base).await;
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
