//! The bulk-job benchmark (issue 7), not a test: it reports, it does not
//! assert. Run by `scripts/bench-audience.sh` after `cargo leptos build --release`.
//!
//! A job of BENCH_ACCOUNTS (default 1,000,000) accounts, uploaded as one
//! file, against the built-in sandbox in the same process:
//! 1. at 100 requests a second (Tencent's limit): the sustained rate;
//! 2. with the limit lifted (job and sandbox rate limits raised): the job's
//!    own ceiling, the sandbox's database writes included.
//!
//! Each run samples the server's resident memory every 100 ms.
use push_console::domain::account::Role;
use push_console::server::accounts::service;
use push_console::server::audit::Actor;
use push_console::server::clock::SystemClock;
use serde_json::Value;
use std::time::{Duration, Instant};
use support::*;

mod support;

#[tokio::main]
async fn main() {
    let accounts = std::env::var("BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1_000_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/push-console");
    assert!(bin.exists(), "build first: cargo leptos build --release");
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("push-console.db").display()
    );
    let db = support::open_db(&url).await;
    let cx = service::Ctx {
        db: &db,
        clock: &SystemClock,
    };
    service::add_user(
        &cx,
        &Actor::command_line(),
        "bench-operator",
        Role::Operator,
        Some(PASSWORD.to_string().into()),
    )
    .await
    .unwrap();
    db.pool.close().await;

    let mut file = String::with_capacity(accounts * 14);
    file.push_str("account\n");
    for i in 0..accounts {
        file.push_str(&format!("b{i:07}\n"));
    }
    println!(
        "a file of {accounts} accounts, {:.1} MB",
        file.len() as f64 / 1e6
    );

    for (label, rate, extra) in [
        ("rate 100 requests/s", "100", vec![]),
        (
            "limit lifted",
            "1000000",
            vec![
                ("PUSH_CONSOLE_JOB_RATE_MAX", "1000000"),
                ("PUSH_CONSOLE_SANDBOX_CALL_RATE", "1000000"),
            ],
        ),
    ] {
        let port = free_port();
        let log = dir.path().join(format!("server-{rate}.log"));
        let mut server = start(&bin, dir.path(), port, &log, &extra);
        let base = format!("http://127.0.0.1:{port}");
        wait_healthy(&base).await;
        let client = sign_in(&base, "bench-operator").await;
        // The first start makes the sandbox's demo users; a lookup answers
        // once that is done, so the job is measured alone.
        let ready = client
            .post(format!("{base}/api/audience/lookup"))
            .header("accept", "application/json")
            .form(&[("app_id", "sandbox"), ("accounts", "user00001")])
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200);
        let pid = server.id();
        let tag = format!("bench-{rate}");
        let t = Instant::now();
        let form = reqwest::multipart::Form::new()
            .text("app_id", "sandbox")
            .text("action", "add_tags")
            .text("tags", tag)
            .text("rate", rate)
            .part(
                "file",
                reqwest::multipart::Part::bytes(file.clone().into_bytes()).file_name("bench.csv"),
            );
        let started: Value = client
            .post(format!("{base}/audience/jobs/upload"))
            .header("accept", "application/json")
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = started["job"].as_i64().expect("the job started");
        let upload_secs = t.elapsed().as_secs_f64();
        let mut peak = 0;
        let mut samples: Vec<(Instant, i64)> = Vec::new();
        let last = loop {
            peak = peak.max(status_kb(pid, "VmRSS"));
            let res = client
                .post(format!("{base}/api/audience/jobs/get"))
                .header("accept", "application/json")
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            let status = res.status();
            let text = res.text().await.unwrap();
            let j: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("audience/jobs/get: {status} {text:?}: {e}"));
            samples.push((Instant::now(), j["job"]["requests"].as_i64().unwrap_or(0)));
            if j["job"]["status"] == "done" {
                break j;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // The sustained rate: from the first request seen to the last.
        let first = samples.iter().find(|(_, r)| *r > 0).copied().unwrap();
        let end = *samples.last().unwrap();
        let secs = end.0.duration_since(first.0).as_secs_f64();
        let rate_seen = (end.1 - first.1) as f64 / secs;
        println!(
            "\n{label}: upload and parse {upload_secs:.1} s; {} requests for {} accounts ({} failed) in {:.1} s of running",
            last["job"]["requests"], last["job"]["done"], last["job"]["failed"], last["job"]["accounts_per_sec"].as_f64().map_or(0.0, |a| last["job"]["done"].as_f64().unwrap_or(0.0) / a),
        );
        println!(
            "  sustained {rate_seen:.1} requests/s ({:.0} accounts/s); server resident memory peak {:.1} MB while running (VmHWM {:.1} MB)",
            rate_seen * 100.0,
            peak as f64 / 1024.0,
            status_kb(pid, "VmHWM") as f64 / 1024.0,
        );
        let _ = server.kill();
        let _ = server.wait();
    }
}
