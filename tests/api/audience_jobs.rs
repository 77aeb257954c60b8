//! Bulk jobs: a file of accounts becomes a job that runs at its rate, pauses, resumes and is cancelled, exactly once.
use crate::common;

use common::audience::{account_file, call_json, download, job, upload, wait_for};
use common::spawn_app;
use push_console::domain::account::Role;
use push_console::server::audience::jobs;
use serde_json::json;
use std::sync::atomic::Ordering;

/// (account, tag) pairs the sandbox holds for accounts starting with `prefix`.
async fn sandbox_tags(app: &common::TestApp, prefix: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT account, tag FROM sandbox_user_tags WHERE account LIKE $1 ORDER BY account, tag",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_bulk_job_of_10000_accounts_ends_with_exactly_the_expected_tags() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let mut file = account_file("bulk", 10_000);
    // Malformed lines, reported by number: 10,002 is "two words", 10,003 too
    // long; a blank line is skipped quietly.
    file.push_str("two words\n");
    file.push_str(&format!("{}\n", "x".repeat(33)));
    file.push_str("\n\"bulk10001\",extra column\n");
    let calls = app.server.sandbox_calls.load(Ordering::SeqCst);
    let (status, started) = upload(
        &app,
        &olga,
        &[
            ("app_id", "sandbox"),
            ("action", "add_tags"),
            ("tags", "批量, wave1"),
            ("rate", "100"),
        ],
        file.into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["job"].as_i64().unwrap();
    let done = wait_for(&app, &olga, id, "done").await;
    let j = &done["job"];
    assert_eq!(
        (
            j["total"].as_i64(),
            j["done"].as_i64(),
            j["failed"].as_i64()
        ),
        (Some(10_001), Some(10_001), Some(0))
    );
    assert_eq!(j["malformed"], 2);
    let lines: Vec<(i64, String)> = done["malformed_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["line"].as_i64().unwrap(),
                m["problem"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (10_002, "spaces".to_string()),
            (10_003, "too_long".to_string())
        ]
    );
    // 10,001 accounts: 101 requests, each one batch, and nothing else but
    // the retries of requests the sandbox refused for the per-second limit
    // (on a loaded machine a request can reach it late and bunch up), and on
    // a loaded machine a rare retry of a request whose answer came too late
    // (it reached the sandbox, so both counts hold it). Every request the
    // job counts is one the sandbox received.
    let refused = app.server.sandbox_rate_refusals.load(Ordering::SeqCst);
    let requests = j["requests"].as_u64().unwrap();
    assert_eq!(
        app.server.sandbox_calls.load(Ordering::SeqCst) - calls,
        requests
    );
    assert!(
        (101 + refused..=101 + refused + 3).contains(&requests),
        "{requests} requests, {refused} refused for the rate"
    );
    let held = sandbox_tags(&app, "bulk").await;
    let expected: Vec<(String, String)> = (1..=10_001)
        .flat_map(|i| {
            [
                (format!("bulk{i:05}"), "wave1".to_string()),
                (format!("bulk{i:05}"), "批量".to_string()),
            ]
        })
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(held.len(), expected.len());
    assert!(
        held == expected,
        "the sandbox holds exactly the expected tags"
    );

    // The malformed lines download in full, and it is the same list.
    let csv = download(&app, &olga, &format!("/audience/jobs/{id}/malformed.csv")).await;
    assert!(
        csv.starts_with("line,problem,text\r\n10002,spaces,two words\r\n10003,too_long,"),
        "{csv}"
    );
    let events: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE target = $1 ORDER BY id")
            .bind(format!("job:{id}"))
            .fetch_all(&app.server.state.db.pool)
            .await
            .unwrap();
    assert_eq!(events, ["audience.job.start", "audience.job.finish"]);
    app.stop().await;
}

#[tokio::test]
async fn a_refused_account_is_found_by_halving_and_kept_with_its_code() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    // full00042 holds 95 tags: ten more would pass the API's 100-tag limit.
    let tags: Vec<String> = (0..95).map(|i| format!("old{i}")).collect();
    let (_, _) = call_json(&app, &olga, "audience/change", json!({ "app_id": "sandbox", "accounts": ["full00042"], "change": { "AddTags": tags[..10] } })).await;
    for chunk in tags[10..].chunks(10) {
        call_json(&app, &olga, "audience/change", json!({ "app_id": "sandbox", "accounts": ["full00042"], "change": { "AddTags": chunk } })).await;
    }
    let ten = (0..10)
        .map(|i| format!("new{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let (_, started) = upload(
        &app,
        &olga,
        &[
            ("app_id", "sandbox"),
            ("action", "add_tags"),
            ("tags", &ten),
            ("rate", "100"),
        ],
        account_file("full", 250).into_bytes(),
    )
    .await;
    let id = started["job"].as_i64().unwrap();
    let done = wait_for(&app, &olga, id, "done").await;
    assert_eq!(done["job"]["failed"], 1, "{done}");
    assert_eq!(
        done["failures"],
        json!([{ "account": "full00042", "code": 90032 }])
    );
    let held = sandbox_tags(&app, "full").await;
    let with_new0: Vec<&String> = held
        .iter()
        .filter(|(_, t)| t == "new0")
        .map(|(a, _)| a)
        .collect();
    assert_eq!(with_new0.len(), 249, "every other account got the tags");
    assert!(!with_new0.contains(&&"full00042".to_string()));
    // 3 batches; the refused one halves down to its one account: 100 → 50 → 25 → 13 → 7 → 4 → 2 → 1,
    // two requests a level, and the first try.
    let requests = done["job"]["requests"].as_i64().unwrap();
    assert!((3..=3 + 2 * 7).contains(&requests), "{requests}");
    let csv = download(&app, &olga, &format!("/audience/jobs/{id}/failed.csv")).await;
    assert!(
        csv.starts_with("account,error_code,error\r\nfull00042,90032,"),
        "{csv}"
    );
    app.stop().await;
}

#[tokio::test]
async fn jobs_pause_resume_cancel_and_queue_one_at_a_time_per_app() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let start = |prefix: &'static str| {
        let olga = olga.clone();
        let app = &app;
        async move {
            let (_, s) = upload(
                app,
                &olga,
                &[
                    ("app_id", "sandbox"),
                    ("action", "add_tags"),
                    ("tags", prefix),
                    ("rate", "5"),
                ],
                account_file(prefix, 1000).into_bytes(),
            )
            .await;
            s["job"].as_i64().unwrap()
        }
    };
    let first = start("qa").await;
    let second = start("qb").await;
    wait_for(&app, &olga, first, "running").await;
    assert_eq!(
        job(&app, &olga, second).await["job"]["status"],
        "queued",
        "one job per app at a time"
    );
    let control = |id: i64, c: &'static str| {
        let olga = olga.clone();
        let app = &app;
        async move {
            app.call(
                &olga,
                "audience/jobs/control",
                &[("id", &id.to_string()), ("control", c)],
            )
            .await
            .json::<bool>()
            .await
            .unwrap()
        }
    };
    assert!(control(first, "Pause").await);
    // The queue moves on while the first waits.
    wait_for(&app, &olga, second, "running").await;
    let paused = job(&app, &olga, first).await;
    assert_eq!(paused["job"]["status"], "paused");
    let done_at_pause = paused["job"]["done"].as_i64().unwrap();
    assert!(
        !control(first, "Pause").await,
        "a paused job cannot be paused again"
    );
    assert!(control(second, "Cancel").await);
    assert_eq!(
        wait_for(&app, &olga, second, "cancelled").await["job"]["status"],
        "cancelled"
    );
    assert!(control(first, "Resume").await);
    let done = wait_for(&app, &olga, first, "done").await;
    assert_eq!(done["job"]["done"], 1000);
    assert_eq!(done["job"]["requests"], 10, "no batch sent twice: {done}");
    assert!(done_at_pause < 1000);
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE action LIKE 'audience.job.%' ORDER BY id",
    )
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            "audience.job.start",
            "audience.job.start",
            "audience.job.pause",
            "audience.job.cancel",
            "audience.job.resume",
            "audience.job.finish"
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn a_job_whose_file_cannot_be_read_is_paused_saying_why() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let start = |prefix: &'static str, rate: &'static str| {
        let olga = olga.clone();
        let app = &app;
        async move {
            let fields = [
                ("app_id", "sandbox"),
                ("action", "add_tags"),
                ("tags", prefix),
                ("rate", rate),
            ];
            let file = account_file(prefix, 1000).into_bytes();
            upload(app, &olga, &fields, file).await.1["job"]
                .as_i64()
                .unwrap()
        }
    };
    // The first job runs slowly, so the second waits in the queue while its
    // file goes missing (as on a replica that does not share the folder).
    let first = start("fa", "1").await;
    let second = start("fb", "50").await;
    wait_for(&app, &olga, first, "running").await;
    let dir = &app.server.state.config.data_dir;
    std::fs::remove_file(jobs::accounts_file(dir, second)).unwrap();
    let cancelled = app
        .call(
            &olga,
            "audience/jobs/control",
            &[("id", &first.to_string()), ("control", "Cancel")],
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    let paused = wait_for(&app, &olga, second, "paused").await;
    assert_eq!(paused["job"]["stop"], "FileUnreadable", "{paused}");
    assert_eq!(paused["job"]["done"], 0);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'audience.job.pause' AND target = $1",
    )
    .bind(format!("job:{second}"))
    .fetch_one(&app.server.state.db.pool)
    .await
    .unwrap();
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["stop_reason"], "file_unreadable", "{details}");
    assert_eq!(details["stop_code"], serde_json::Value::Null);
    app.stop().await;
}
