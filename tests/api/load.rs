//! Pages rendered under load: 200 concurrent page loads, on loopback, for a
//! bounded time (8 s here; `PUSH_CONSOLE_LOAD_SECS` for longer runs). No
//! render may panic and every page must arrive whole. The figures it prints
//! (requests, errors, p50/p95/p99, peak memory) are reported, not asserted.
use crate::common;

use common::{spawn_app, PASSWORD};
use push_console::domain::account::Role;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONCURRENT: usize = 200;
const PAGES: [&str; 6] = [
    "/",
    "/login",
    "/history",
    "/compose",
    "/audit",
    "/audience/jobs",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_page_loads_never_panic_a_render() {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));

    let app = spawn_app().await;
    let secs: u64 = std::env::var("PUSH_CONSOLE_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    // A few signed-in browsers and anonymous ones, each shared by many tasks.
    let mut clients = vec![app.new_client(), app.new_client()];
    for (name, role) in [
        ("ada", Role::Admin),
        ("olga", Role::Operator),
        ("audrey", Role::Auditor),
    ] {
        clients.push(app.signed_in(name, role).await);
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let tasks = (0..CONCURRENT).map(|i| {
        let client = clients[i % clients.len()].clone();
        let base = app.base.clone();
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            let mut n = i;
            while Instant::now() < deadline {
                let path = PAGES[n % PAGES.len()];
                n += 1;
                let started = Instant::now();
                let res = client
                    .get(format!("{base}{path}"))
                    .header("accept-encoding", "identity")
                    .send()
                    .await;
                // A refusal for the role (403) is a page answered as it should be.
                let answered =
                    |s: reqwest::StatusCode| s.is_success() || s.is_redirection() || s == 403;
                let whole = match res {
                    Ok(res) if answered(res.status()) => {
                        res.bytes().await.map(|_| ()).map_err(|e| e.to_string())
                    }
                    Ok(res) => Err(format!("{path}: HTTP {}", res.status())),
                    Err(e) => Err(format!("{path}: {e}")),
                };
                latencies.push(started.elapsed());
                if let Err(e) = whole {
                    errors.push(e);
                }
            }
            (latencies, errors)
        })
    });
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for task in futures::future::join_all(tasks).await {
        let (l, e) = task.unwrap();
        latencies.extend(l);
        errors.extend(e);
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let peak_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_default();
    println!(
        "load: {} requests in {secs} s by {CONCURRENT} tasks, {} errors, p50 {:?} p95 {:?} p99 {:?}, \
         peak memory of server and clients {peak_kib}",
        latencies.len(),
        errors.len(),
        at(0.50),
        at(0.95),
        at(0.99),
    );
    assert_eq!(panics.load(Ordering::SeqCst), 0, "a render panicked");
    assert!(
        errors.is_empty(),
        "{} pages cut off or refused: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    // Still serving afterwards.
    let res = app
        .call(
            &app.new_client(),
            "auth/login",
            &[("name", "ada"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.stop().await;
}
