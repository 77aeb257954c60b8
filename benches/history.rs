//! The history's benchmark (issue 5), not a test: it reports, it does not
//! assert. Run by `scripts/bench-history.sh` after `cargo leptos build --release`.
//!
//! 1. Seeds BENCH_ROWS (default 1,000,000) push records into a fresh SQLite
//!    database and starts the release binary on it.
//! 2. The first history page and a filtered page, 200 times each: p50/p95
//!    round trip on loopback (an upper bound of the server's own time).
//! 3. The CSV export of every record, with the server's resident memory
//!    sampled while it streams.
//! 4. The send path's own overhead: push/send's round trip minus the
//!    sandbox call the server logged, against a bare axum handler doing one
//!    SQLite write with the same settings, over HTTP from the same client.
use push_console::domain::account::Role;
use push_console::server::accounts::service;
use push_console::server::audit::Actor;
use push_console::server::clock::SystemClock;
use push_console::server::db::Db;
use serde_json::{json, Value};
use sqlx::sqlite::SqliteSynchronous;
use std::time::{Duration, Instant};
use support::*;

mod support;

#[tokio::main]
async fn main() {
    let rows: i64 = env_or("BENCH_ROWS", 1_000_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/push-console");
    assert!(bin.exists(), "build first: cargo leptos build --release");
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("push-console.db").display()
    );

    let db = support::open_db(&url).await;
    let started = Instant::now();
    seed(&db, rows).await;
    println!(
        "seeded {rows} push records in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (name, role) in [
        ("bench-auditor", Role::Auditor),
        ("bench-operator", Role::Operator),
    ] {
        let cx = service::Ctx {
            db: &db,
            clock: &SystemClock,
        };
        service::add_user(
            &cx,
            &Actor::command_line(),
            name,
            role,
            Some(PASSWORD.to_string().into()),
        )
        .await
        .unwrap();
    }
    db.pool.close().await;

    let port = free_port();
    let log = dir.path().join("server.log");
    let mut server = start(&bin, dir.path(), port, &log, &[]);
    let base = format!("http://127.0.0.1:{port}");
    wait_healthy(&base).await;
    let auditor = sign_in(&base, "bench-auditor").await;

    println!("\nhistory/list, 200 calls each (ms, loopback round trip)");
    for (label, form) in [
        ("first page", vec![("filter[status]", "")]),
        (
            "status=sent, app=sandbox",
            vec![("filter[status]", "sent"), ("filter[app_id]", "sandbox")],
        ),
        (
            "operator + audience",
            vec![("filter[operator]", "olga"), ("filter[audience]", "all")],
        ),
        // The worst case: none of the operator's rows match, so the whole
        // range of them is read.
        (
            "operator + audience, no match",
            vec![("filter[operator]", "olga"), ("filter[audience]", "tags")],
        ),
        (
            "words of the first text",
            vec![("filter[text]", "双十一活动 999999")],
        ),
        ("a TaskId", vec![("filter[text]", "1400000001_seed_500000")]),
    ] {
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let res = auditor
                .post(format!("{base}/api/history/list"))
                .header("accept", "application/json")
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let _ = res.bytes().await.unwrap();
            times.push(t.elapsed());
        }
        report(label, &mut times);
    }

    let pid = server.id();
    let hwm_before = status_kb(pid, "VmHWM");
    let t = Instant::now();
    let mut res = auditor
        .get(format!("{base}/export/history.csv"))
        .send()
        .await
        .unwrap();
    let (mut bytes, mut peak) = (0usize, 0u64);
    while let Some(chunk) = res.chunk().await.unwrap() {
        bytes += chunk.len();
        peak = peak.max(status_kb(pid, "VmRSS"));
    }
    println!(
        "\nCSV export: {:.1} MB in {:.1} s; server resident memory peak {:.1} MB while streaming (VmHWM {:.1} MB before, {:.1} MB after)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        peak as f64 / 1024.0,
        hwm_before as f64 / 1024.0,
        status_kb(pid, "VmHWM") as f64 / 1024.0,
    );

    send_overhead(&base, &log).await;
    // BENCH_KEEP_LOG=path keeps the server's log (e.g. with RUST_LOG=sqlx=debug
    // to see where a send's time goes).
    if let Ok(keep) = std::env::var("BENCH_KEEP_LOG") {
        std::fs::copy(&log, keep).unwrap();
    }
    let _ = server.kill();
    let _ = server.wait();
}

fn env_or(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn seed(db: &Db, rows: i64) {
    const BATCH: i64 = 500;
    let day0: i64 = 1_764_547_200_000_000;
    let statuses = ["sent", "sent", "sent", "failed", "unknown", "refused"];
    let mut i = 0;
    while i < rows {
        let mut tx = db.pool.begin().await.unwrap();
        for _ in 0..20 {
            let n = BATCH.min(rows - i);
            if n == 0 {
                break;
            }
            let mut sql = String::from(
                "INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, updated_at_us, \
                 status, msg_random, request_json, audience_kind, condition_json, first_text, task_id) VALUES ",
            );
            for k in i..i + n {
                let status = statuses[(k % 6) as usize];
                let task = if status == "sent" {
                    format!("'1400000001_seed_{k}'")
                } else {
                    "NULL".into()
                };
                let kind = ["all", "tags", "attrs"][(k % 3) as usize];
                let condition = [
                    "NULL",
                    r#"'{"TagsOr":["vip"]}'"#,
                    r#"'{"AttrsOr":{"city":"深圳"}}'"#,
                ][(k % 3) as usize];
                let op = ["olga", "oscar", "otto"][(k % 3 + k % 2) as usize % 3];
                if k > i {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "('seed-{k}', 'sandbox', NULL, '{op}', {at}, {at}, '{status}', {k}, \
                     '{{\"MsgRandom\":{k},\"MsgBody\":[{{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{{\"Text\":\"Sale {k}\"}}}}]}}', \
                     '{kind}', {condition}, '双十一活动 {k}', {task})",
                    at = day0 + k * 30_000_000,
                ));
            }
            sqlx::query(&sql).execute(&mut *tx).await.unwrap();
            i += n;
        }
        tx.commit().await.unwrap();
    }
}

fn report(label: &str, times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, p95) = (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
    );
    println!(
        "  {label:<28} p50 {p50:7.2}  p95 {p95:7.2}  max {:7.2}",
        ms(times[times.len() - 1])
    );
    (p50, p95)
}

async fn send_overhead(base: &str, log: &std::path::Path) {
    let sends = env_or("BENCH_SENDS", 20) as usize;
    let operator = sign_in(base, "bench-operator").await;
    let (mut totals, mut tickets) = (Vec::new(), Vec::new());
    for n in 0..sends {
        let t = Instant::now();
        let ticket: Value = operator
            .post(format!("{base}/api/push/ticket"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tickets.push(t.elapsed());
        let body = json!({ "app_id": "sandbox", "key": ticket["key"], "request": {
            "MsgRandom": ticket["msg_random"], "MsgLifeTime": 3600,
            "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": format!("bench {n}") } }]
        }});
        let t = Instant::now();
        let res = operator
            .post(format!("{base}/api/push/send"))
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .unwrap();
        let outcome: Value = res.json().await.unwrap();
        totals.push(t.elapsed());
        assert!(outcome.get("Sent").is_some(), "{outcome}");
        // The API allows one push a second per app.
        tokio::time::sleep(Duration::from_millis(1300)).await;
    }
    let sandbox: Vec<Duration> = std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["message"] == "IM call succeeded" && v["command"] == "im_push")
        .filter_map(|v| v["elapsed_us"].as_u64())
        .map(Duration::from_micros)
        .collect();
    assert_eq!(sandbox.len(), sends, "one logged sandbox call per send");
    let mut own: Vec<Duration> = totals
        .iter()
        .zip(&sandbox)
        .map(|(t, s)| t.saturating_sub(*s))
        .collect();
    println!("\nsend path, {sends} sends (ms)");
    report("push/send round trip", &mut totals.clone());
    let mut sandbox = sandbox;
    report("sandbox call (server log)", &mut sandbox);
    let (own_p50, _) = report("send path own time", &mut own);
    // The floor every signed-in server function stands on (session, user,
    // role, server-function plumbing), for reading the figure above.
    report("push/ticket (writes nothing)", &mut tickets);

    let (durable_p50, _) =
        bare_axum_write(SqliteSynchronous::Full, "bare axum, durable write").await;
    let (normal_p50, _) =
        bare_axum_write(SqliteSynchronous::Normal, "bare axum, NORMAL write").await;
    println!(
        "  send path own / bare durable write (p50): {:.2}  (budget 1.3); / NORMAL write: {:.2}",
        own_p50 / durable_p50,
        own_p50 / normal_p50
    );
}

/// An axum handler that writes one row to SQLite in WAL mode and answers,
/// called over HTTP 200 times. `Full` syncs every commit to disk (a durable
/// write, the console's own setting); `Normal` leaves commits in the OS cache.
async fn bare_axum_write(sync: SqliteSynchronous, label: &str) -> (f64, f64) {
    use axum::{extract::State, routing::post, Router};
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("bare.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(sync);
    let db = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE writes (id INTEGER PRIMARY KEY, at_us BIGINT NOT NULL, body TEXT NOT NULL)",
    )
    .execute(&db)
    .await
    .unwrap();
    async fn write(State(db): State<SqlitePool>, body: String) -> &'static str {
        sqlx::query("INSERT INTO writes (at_us, body) VALUES ($1, $2)")
            .bind(chrono_now_us())
            .bind(body)
            .execute(&db)
            .await
            .unwrap();
        "ok"
    }
    let app = Router::new().route("/write", post(write)).with_state(db);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let body = json!({ "MsgRandom": 1, "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "bench" } }] }).to_string();
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let res = client
            .post(format!("http://{addr}/write"))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let _ = res.text().await.unwrap();
        times.push(t.elapsed());
    }
    report(label, &mut times)
}

fn chrono_now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}
