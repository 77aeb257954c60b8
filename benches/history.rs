//! The history's benchmark (issues 5 and 18), not a test: it prints each
//! figure beside its budget and asserts none. Run by `scripts/bench-scale.sh`
//! after `cargo leptos build --release`.
//!
//! 1. Seeds BENCH_ROWS (default 1,000,000) push records into a fresh
//!    database, SQLite or, with BENCH_PG_URL, PostgreSQL, and starts the
//!    release binary on it.
//! 2. Every kind of history filter, 100 calls a round, BENCH_RUNS (5)
//!    rounds: the p95 of each round (loopback round trip, an upper bound of
//!    the server's own time), as min/median/max.
//! 3. The CSV export of every record, BENCH_RUNS times: MB/s, and the
//!    server's resident memory sampled while it streams.
//! 4. (SQLite) The send path's own time: push/send's round trip minus the
//!    sandbox call the server logged, against a signed-in server function
//!    that writes nothing (push/ticket) plus a bare axum handler doing one
//!    durable SQLite write, over HTTP from the same client, in each round.
use push_console::domain::account::Role;
use push_console::server::accounts::service;
use push_console::server::audit::Actor;
use push_console::server::clock::SystemClock;
use push_console::server::db::Db;
use push_console::server::text_search;
use serde_json::{json, Value};
use sqlx::sqlite::SqliteSynchronous;
use std::time::{Duration, Instant};
use support::*;

mod support;

#[tokio::main]
async fn main() {
    let rows: i64 = env_or("BENCH_ROWS", 1_000_000);
    let runs = env_or("BENCH_RUNS", 5) as usize;
    let bin = bin();
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = database_url(dir.path()).await;
    let db = support::open_db(&url).await;
    let started = Instant::now();
    seed(&db, rows).await;
    println!(
        "[{backend}] seeded {rows} push records in {:.1} s",
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

    let (mut server, base, auditor) = serve_for_auditor(&bin, dir.path(), &url).await;
    let log = dir.path().join("server.log");

    println!("\n[{backend}] history/list, {rows} pushes: p95 of 100 calls a round, {runs} rounds (ms; budget p95 <= 20)");
    let filters: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("first page", vec![("filter[status]", "")]),
        (
            "status=sent, app=sandbox",
            vec![("filter[status]", "sent"), ("filter[app_id]", "sandbox")],
        ),
        (
            "operator + audience",
            vec![("filter[operator]", "olga"), ("filter[audience]", "all")],
        ),
        // None of the operator's rows match.
        (
            "operator + audience, no match",
            vec![("filter[operator]", "olga"), ("filter[audience]", "tags")],
        ),
        (
            "all four, no match",
            vec![
                ("filter[app_id]", "sandbox"),
                ("filter[status]", "refused"),
                ("filter[operator]", "oscar"),
                ("filter[audience]", "tags"),
            ],
        ),
        (
            "one day",
            vec![("filter[from]", "2026-03-01"), ("filter[to]", "2026-03-01")],
        ),
        (
            "status + a month",
            vec![
                ("filter[status]", "failed"),
                ("filter[from]", "2026-03-01"),
                ("filter[to]", "2026-03-31"),
            ],
        ),
        ("words: Latin, rare", vec![("filter[text]", "Sale 999999")]),
        ("words: Chinese, rare", vec![("filter[text]", "限时优惠")]),
        ("words: Chinese, common", vec![("filter[text]", "双十一")]),
        ("words: 2 Chinese chars", vec![("filter[text]", "十一")]),
        ("words: no match", vec![("filter[text]", "不存在的词")]),
        ("words: 2 chars, no match", vec![("filter[text]", "无此")]),
        ("words: 2 chars, rare", vec![("filter[text]", "限时")]),
        ("words: 1 char, rare", vec![("filter[text]", "限")]),
        ("words: 1 char, no match", vec![("filter[text]", "无")]),
        (
            "words + operator",
            vec![("filter[text]", "限时优惠"), ("filter[operator]", "otto")],
        ),
        ("a TaskId", vec![("filter[text]", "1400000001_seed_500000")]),
    ];
    measure_filters(
        &auditor,
        &format!("{base}/api/history/list"),
        &filters,
        runs,
        20.0,
    )
    .await;

    println!("\n[{backend}] CSV export of {rows} pushes, {runs} runs (budget >= 40 MB/s, peak resident memory <= 100 MB)");
    let pid = server.id();
    let (mut rates, mut peaks, mut secs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
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
        let s = t.elapsed().as_secs_f64();
        secs.push(s);
        rates.push(bytes as f64 / 1e6 / s);
        peaks.push(peak as f64 / 1024.0);
    }
    print_spread("MB/s", &mut rates, "");
    print_spread("seconds", &mut secs, "");
    print_spread("server resident MB while streaming", &mut peaks, "");

    if backend == "SQLite" {
        send_overhead(&base, &log, runs).await;
    }
    // BENCH_KEEP_LOG=path keeps the server's log (e.g. with RUST_LOG=sqlx=debug
    // to see where a send's time goes).
    if let Ok(keep) = std::env::var("BENCH_KEEP_LOG") {
        std::fs::copy(&log, keep).unwrap();
    }
    let _ = server.kill();
    let _ = server.wait();
}

async fn seed(db: &Db, rows: i64) {
    const BATCH: i64 = 500;
    let day0: i64 = 1_764_547_200_000_000;
    let statuses = ["sent", "sent", "sent", "failed", "unknown", "refused"];
    let mut i = 0;
    while i < rows {
        let mut tx = db.write().await.unwrap();
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
                     '{kind}', {condition}, '{text}', {task})",
                    text = if k % 1000 == 0 {
                        format!("限时优惠 Flash {k}")
                    } else {
                        format!("双十一活动 Sale {k}")
                    },
                    at = day0 + k * 30_000_000,
                ));
            }
            sqlx::query(&sql).execute(&mut *tx).await.unwrap();
            i += n;
        }
        tx.commit().await.unwrap();
    }
    after_seed(db, text_search::PUSH_TEXT).await;
}

fn p50(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// Each round: `BENCH_SENDS` (10) sends, 100 calls of push/ticket (a
/// signed-in server function that reads the session and writes nothing) and
/// 100 of a bare durable SQLite write; the ratio of the medians.
async fn send_overhead(base: &str, log: &std::path::Path, runs: usize) {
    let sends = env_or("BENCH_SENDS", 10) as usize;
    let operator = sign_in(base, "bench-operator").await;
    let ticket = |operator: reqwest::Client| async move {
        let ticket: Value = operator
            .post(format!("{base}/api/push/ticket"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ticket
    };
    let (mut ratios, mut owns, mut floors) = (Vec::new(), Vec::new(), Vec::new());
    let mut logged = 0;
    for round in 0..runs {
        let mut totals = Vec::new();
        for n in 0..sends {
            let ticket = ticket(operator.clone()).await;
            let body = json!({ "app_id": "sandbox", "key": ticket["key"], "request": {
                "MsgRandom": ticket["msg_random"], "MsgLifeTime": 3600,
                "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": format!("bench {round} {n}") } }]
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
            .skip(logged)
            .collect();
        assert_eq!(sandbox.len(), sends, "one logged sandbox call per send");
        logged += sends;
        let mut own: Vec<Duration> = totals
            .iter()
            .zip(&sandbox)
            .map(|(t, s)| t.saturating_sub(*s))
            .collect();
        let mut tickets = Vec::new();
        for _ in 0..100 {
            let t = Instant::now();
            ticket(operator.clone()).await;
            tickets.push(t.elapsed());
        }
        let mut durable = bare_axum_write(SqliteSynchronous::Full).await;
        let (own, floor) = (p50(&mut own), p50(&mut tickets) + p50(&mut durable));
        owns.push(own);
        floors.push(floor);
        ratios.push(own / floor);
    }
    println!("\n[SQLite] send path, {runs} rounds of {sends} sends (ms, medians of each round; budget ratio <= 1.5)");
    print_spread("send path own time", &mut owns, "");
    print_spread("push/ticket + durable write", &mut floors, "");
    let worst = ratios.iter().copied().fold(0.0, f64::max);
    print_spread(
        "own time / (ticket + durable write)",
        &mut ratios,
        if worst <= 1.5 { "within" } else { "OVER" },
    );
}

/// An axum handler that writes one row to SQLite in WAL mode and answers,
/// called over HTTP 100 times. `Full` syncs every commit to disk (a durable
/// write, the console's own setting).
async fn bare_axum_write(sync: SqliteSynchronous) -> Vec<Duration> {
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
    for _ in 0..100 {
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
    times
}

fn chrono_now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}
