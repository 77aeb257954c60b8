//! The audit log's benchmark (issue 18), not a test: it prints each figure
//! beside its budget and asserts none. Run by `scripts/bench-scale.sh`.
//!
//! 1. Seeds BENCH_EVENTS (default 10,000,000) events into a fresh database,
//!    SQLite or, with BENCH_PG_URL, PostgreSQL: a valid keyed chain, written
//!    through the same triggers and indexes as the console's own appends.
//! 2. Starts the release binary on it; each filter of the audit log 100
//!    times a round, BENCH_RUNS (5) rounds: the p95 of each round, then the
//!    min/median/max of those.
//! 3. `push-console audit verify`, BENCH_RUNS times: events per second and
//!    the process's peak resident memory; then `--from-checkpoint` after a
//!    checkpoint taken 10,000 events before the end.
use push_console::domain::account::Role;
use push_console::server::accounts::service;
use push_console::server::audit::{Actor, Event};
use push_console::server::audit_key::AuditKey;
use push_console::server::clock::SystemClock;
use push_console::server::db::Db;
use push_console::server::text_search;
use std::time::Instant;
use support::*;

mod support;

#[tokio::main]
async fn main() {
    let events: i64 = env_or("BENCH_EVENTS", 10_000_000);
    let runs = env_or("BENCH_RUNS", 5) as usize;
    let bin = bin();
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = database_url(dir.path()).await;
    let db = open_db(&url).await;
    let started = Instant::now();
    let seeded = seed(&db, events).await;
    println!(
        "[{backend}] seeded {seeded} audit events in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    add_user(&db, "bench-auditor", Role::Auditor).await;
    db.pool.close().await;

    let (mut server, base, auditor) = serve_for_auditor(&bin, dir.path(), &url).await;

    println!("\n[{backend}] audit/list, {events} events: p95 of 100 calls a round, {runs} rounds (ms, loopback round trip; budget p95 <= 20)");
    let filters: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("first page", vec![("filter[group]", "")]),
        ("group push", vec![("filter[group]", "push")]),
        ("group logout (rare)", vec![("filter[group]", "logout")]),
        ("actor", vec![("filter[actor]", "actor07")]),
        ("actor, no match", vec![("filter[actor]", "nobody")]),
        (
            "group + actor",
            vec![("filter[group]", "export"), ("filter[actor]", "actor07")],
        ),
        (
            "group + actor, no match",
            vec![("filter[group]", "logout"), ("filter[actor]", "actor08")],
        ),
        (
            "one day",
            vec![("filter[from]", "2026-06-01"), ("filter[to]", "2026-06-01")],
        ),
        (
            "group + a month",
            vec![
                ("filter[group]", "user"),
                ("filter[from]", "2026-03-01"),
                ("filter[to]", "2026-03-31"),
            ],
        ),
        ("words: a target", vec![("filter[text]", "user0042424")]),
        ("words: Latin, rare", vec![("filter[text]", "Sale 9999000")]),
        (
            "words: Chinese, rare",
            vec![("filter[text]", "双十一活动 9999000")],
        ),
        ("words: Chinese, common", vec![("filter[text]", "双十一")]),
        ("words: no match", vec![("filter[text]", "不存在的词")]),
        ("words: 2 chars, rare", vec![("filter[text]", "限时")]),
        ("words: 2 chars, no match", vec![("filter[text]", "无此")]),
        ("words: 1 char, no match", vec![("filter[text]", "无")]),
        (
            "words + group",
            vec![("filter[text]", "限时优惠"), ("filter[group]", "push")],
        ),
    ];
    measure_filters(
        &auditor,
        &format!("{base}/api/audit/list"),
        &filters,
        runs,
        20.0,
    )
    .await;
    let _ = server.kill();
    let _ = server.wait();

    let env: Vec<(&str, &str)> = vec![
        ("DATABASE_URL", &url),
        ("PUSH_CONSOLE_AUDIT_KEY", AUDIT_KEY),
    ];
    let data = dir.path().to_str().unwrap().to_string();
    // The seeded events, the bench user's creation and sign-in.
    let total = seeded + 2;
    println!("\n[{backend}] audit verify, {total} events, {runs} runs (budget >= 1,000,000 events/s, peak resident memory <= 100 MB)");
    let (mut rates, mut peaks) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (secs, peak_kb, out) = run_measured(&bin, &["audit", "verify"], &data, &env);
        assert!(out.contains("chain intact"), "{out}");
        rates.push(total as f64 / secs);
        peaks.push(peak_kb as f64 / 1024.0);
    }
    print_spread("events/s", &mut rates, "");
    print_spread("peak resident MB", &mut peaks, "");

    // A checkpoint 10,000 events before the end: an hourly checkpoint's view.
    let checkpoint = {
        let db = open_db(&url).await;
        let cp = take_checkpoint_at(&db, total - AFTER_CHECKPOINT.min(total / 2)).await;
        db.pool.close().await;
        cp
    };
    let file = dir.path().join("checkpoints.jsonl");
    std::fs::write(&file, format!("{checkpoint}\n")).unwrap();
    let mut times = Vec::new();
    for _ in 0..runs {
        let (secs, _, out) = run_measured(
            &bin,
            &[
                "audit",
                "verify",
                "--checkpoint",
                file.to_str().unwrap(),
                "--from-checkpoint",
            ],
            &data,
            &env,
        );
        assert!(out.contains("after the latest checkpoint"), "{out}");
        times.push(secs * 1000.0);
    }
    print_spread(
        "verify --from-checkpoint (<= 10,000 after it), ms",
        &mut times,
        "",
    );
}

/// A signed checkpoint of event `seq`, as `audit checkpoint` printed it
/// when that event was the head.
/// How many events the from-checkpoint verify reads (half of a smaller log).
const AFTER_CHECKPOINT: i64 = 10_000;

async fn take_checkpoint_at(db: &Db, seq: i64) -> String {
    use push_console::server::audit_checkpoint::Checkpoint;
    Checkpoint::of_event(db, &SystemClock, seq)
        .await
        .unwrap()
        .to_line()
}

async fn add_user(db: &Db, name: &str, role: Role) {
    let cx = service::Ctx {
        db,
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

const ACTIONS: [&str; 10] = [
    "login.success",
    "login.success",
    "push.send",
    "push.outcome",
    "audience.lookup",
    "audience.lookup",
    "export.history",
    "user.role",
    "login.failure",
    "push.approve",
];

/// Events after the head, through plain multi-row INSERTs in big
/// transactions; the chain's MACs computed here with the shared key.
async fn seed(db: &Db, events: i64) -> i64 {
    let key = AuditKey::from_bytes(AUDIT_KEY.as_bytes()).unwrap();
    let (mut seq, mut prev): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    // 2025-12-01, one event every 6 s: ten million span about two years.
    let t0: i64 = 1_764_547_200_000_000;
    let first = seq + 1;
    const ROWS: i64 = 500;
    let mut done = 0;
    while done < events {
        let mut tx = db.write().await.unwrap();
        for _ in 0..20 {
            let n = ROWS.min(events - done);
            if n == 0 {
                break;
            }
            let mut sql = String::from(
                "INSERT INTO audit_events (id, at_us, actor_id, actor_name, client_addr, action, target, details, prev_hash, hash, action_group) VALUES ",
            );
            for k in 0..n {
                seq += 1;
                let i = seq - first;
                let action = ACTIONS[(i % 10) as usize];
                // Sign-outs are rare: one in 100,000.
                let action = if i % 100_000 == 7 { "logout" } else { action };
                let details = if i % 1000 == 0 {
                    format!(r#"{{"text":"双十一活动 {i} 限时优惠 Sale {i}"}}"#)
                } else {
                    format!(r#"{{"app":"sandbox","n":{}}}"#, i % 977)
                };
                let mut e = Event {
                    id: seq,
                    at_us: t0 + i * 6_000_000,
                    actor_id: Some(i % 50),
                    actor_name: format!("actor{:02}", i % 50),
                    client_addr: "10.0.0.1".into(),
                    action: action.into(),
                    target: format!("user{:07}", i % 10_000_000),
                    details,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = key.mac(e.canonical().as_bytes()).unwrap();
                if k > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "({}, {}, {}, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')",
                    e.id,
                    e.at_us,
                    e.actor_id.unwrap(),
                    e.actor_name,
                    e.client_addr,
                    e.action,
                    e.target,
                    e.details,
                    e.prev_hash,
                    e.hash,
                    action.split('.').next().unwrap(),
                ));
                prev = e.hash;
            }
            sqlx::query(&sql).execute(&mut *tx).await.unwrap();
            done += n;
        }
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        if done % 1_000_000 == 0 {
            eprintln!("  {done} events");
        }
    }
    after_seed(db, text_search::AUDIT_TEXT).await;
    done
}
