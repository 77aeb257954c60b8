//! The server killed with SIGKILL in the middle of a bulk job: after a
//! restart the job resumes after its last finished batch, sends none of the
//! finished batches again, and ends with the sandbox in the expected state.
use crate::common;

use common::audience::account_file;
use common::process::{add_operator, command, serve, sign_in, Served};
use std::collections::BTreeSet;
use std::time::Duration;

const ACCOUNTS: i64 = 10_000;
const BATCHES: i64 = ACCOUNTS / 100;

/// The batches (by their first account's number) whose im_add_tag request
/// the sandbox of this process answered, and how many requests that took
/// (a timed-out request is sent again: tag changes are idempotent).
fn tag_batches(served: &Served) -> (BTreeSet<i64>, usize) {
    let answered: Vec<i64> = served
        .events_named("sandbox answered")
        .iter()
        .filter(|e| e["command"] == "im_add_tag")
        .map(|e| {
            let first = e["first_account"].as_str().unwrap_or_default();
            let n: i64 = first.trim_start_matches("crash").parse().unwrap();
            (n - 1) / 100
        })
        .collect();
    (answered.iter().copied().collect(), answered.len())
}

#[tokio::test]
async fn a_job_cut_off_by_sigkill_resumes_after_its_last_finished_batch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pc.toml"), "").unwrap();
    let (database_url, _pg) = common::fresh_database_url(&dir).await;
    add_operator(dir.path(), &database_url, "olga");
    // A short IM timeout makes the dead runner's claim expire soon.
    let start = || {
        let mut c = command(dir.path(), &database_url);
        c.env("PUSH_CONSOLE_IM_TIMEOUT_SECS", "1").arg("serve");
        c
    };
    let mut first = serve(start()).await;
    let olga = sign_in(&first.base, "olga").await;
    let form = reqwest::multipart::Form::new()
        .text("app_id", "sandbox")
        .text("action", "add_tags")
        .text("tags", "恢复,resume")
        .text("rate", "20")
        .part(
            "file",
            reqwest::multipart::Part::bytes(account_file("crash", ACCOUNTS as usize).into_bytes())
                .file_name("crash.csv"),
        );
    let started: serde_json::Value = olga
        .post(format!("{}/audience/jobs/upload", first.base))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = started["job"].as_i64().expect("the job started");

    let db = push_console::server::db::connect(&database_url)
        .await
        .unwrap();
    let batches = || async {
        sqlx::query_scalar::<_, i64>("SELECT batches_done FROM audience_jobs WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    for _ in 0..600 {
        if batches().await >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let finished_before = batches().await;
    assert!(
        (20..BATCHES).contains(&finished_before),
        "killed mid-job: {finished_before}"
    );
    // Give the log reader the last lines the process wrote.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (sent_before, _) = tag_batches(&first);
    let recorded: BTreeSet<i64> = (0..finished_before).collect();
    assert!(
        sent_before.is_superset(&recorded) && sent_before.len() as i64 <= finished_before + 1,
        "the recorded batches and at most the one in flight: {sent_before:?}, {finished_before} recorded"
    );

    let mut second = serve(start()).await;
    let mut status = String::new();
    for _ in 0..1200 {
        status = sqlx::query_scalar("SELECT status FROM audience_jobs WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if status == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, "done");
    let (done, requests, batches_done): (i64, i64, i64) = sqlx::query_as(
        "SELECT accounts_done, requests, batches_done FROM audience_jobs WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((done, batches_done), (ACCOUNTS, BATCHES));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (sent_after, answered_after) = tag_batches(&second);
    assert_eq!(
        sent_after,
        (finished_before..BATCHES).collect::<BTreeSet<i64>>(),
        "the restart sent exactly the batches not yet finished, none of the finished ones"
    );
    assert!(requests >= BATCHES && answered_after as i64 >= BATCHES - finished_before);
    let held: Vec<(String, i64)> = sqlx::query_as(
        "SELECT tag, COUNT(DISTINCT account) FROM sandbox_user_tags WHERE account LIKE 'crash%' GROUP BY tag ORDER BY tag",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        held,
        vec![
            ("resume".to_string(), ACCOUNTS),
            ("恢复".to_string(), ACCOUNTS)
        ]
    );
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_user_tags WHERE account LIKE 'crash%'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        rows,
        2 * ACCOUNTS,
        "exactly the expected tags, nothing else"
    );
    second.child.kill().unwrap();
    second.child.wait().unwrap();
}
