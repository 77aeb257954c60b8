//! What the benchmarks share: the release binary started on a free port
//! with JSON logs, a signed-in client, and the resident memory of a process.
#![allow(dead_code)]
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const PASSWORD: &str = "correct horse battery staple";

/// The audit key the benchmark and the server it starts share.
pub const AUDIT_KEY: &str = "bench-audit-key-0123456789abcdef0123456789";

/// The database at `url`, appending audit events with `AUDIT_KEY`.
pub async fn open_db(url: &str) -> push_console::server::db::Db {
    let key = push_console::server::audit_key::AuditKey::from_bytes(AUDIT_KEY.as_bytes()).unwrap();
    push_console::server::db::connect(url)
        .await
        .unwrap()
        .with_audit_key(key)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process that ends with its handle, also when a bench panics:
/// otherwise it outlives the bench, serving from a removed folder.
pub struct Server(Child);

impl std::ops::Deref for Server {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `push-console serve` on `data`, with `extra` settings in its environment.
pub fn start(
    bin: &std::path::Path,
    data: &std::path::Path,
    port: u16,
    log: &std::path::Path,
    extra: &[(&str, &str)],
) -> Server {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let child = Command::new(bin)
        .arg("serve")
        .envs(extra.iter().copied())
        .env("PUSH_CONSOLE_DATA_DIR", data)
        .env("PUSH_CONSOLE_LISTEN", format!("127.0.0.1:{port}"))
        .env("PUSH_CONSOLE_LOG_FORMAT", "json")
        .env("PUSH_CONSOLE_AUDIT_KEY", AUDIT_KEY)
        .env("LEPTOS_SITE_ROOT", root.join("target/site"))
        // BENCH_SERVER_LOG (e.g. "info,sqlx=debug") reads what the server did.
        .env(
            "RUST_LOG",
            std::env::var("BENCH_SERVER_LOG").unwrap_or_else(|_| "info".into()),
        )
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Server(child)
}

/// The server on `url`, logging to `dir/server.log`, healthy, and an
/// auditor signed in: what each list bench measures through.
pub async fn serve_for_auditor(
    bin: &std::path::Path,
    dir: &std::path::Path,
    url: &str,
) -> (Server, String, reqwest::Client) {
    let port = free_port();
    let server = start(
        bin,
        dir,
        port,
        &dir.join("server.log"),
        &[("DATABASE_URL", url)],
    );
    let base = format!("http://127.0.0.1:{port}");
    wait_healthy(&base).await;
    let auditor = sign_in(&base, "bench-auditor").await;
    (server, base, auditor)
}

pub async fn wait_healthy(base: &str) {
    for _ in 0..600 {
        if reqwest::get(format!("{base}/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not start");
}

pub async fn sign_in(base: &str, name: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/api/auth/login"))
        .header("accept", "application/json")
        .form(&[("name", name), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{name} signs in");
    client
}

pub fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn env_or(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The release binary, built by `cargo leptos build --release`.
pub fn bin() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/push-console");
    assert!(bin.exists(), "build first: cargo leptos build --release");
    bin
}

/// A fresh database and the backend's name: a SQLite file in `dir`, or with
/// BENCH_PG_URL (a server's maintenance database, e.g. `.../postgres`) a new
/// database made on that server for this run.
pub async fn database_url(dir: &std::path::Path) -> (String, &'static str) {
    match std::env::var("BENCH_PG_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            let name = format!("push_console_bench_{}", std::process::id());
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            (format!("{base}/{name}"), "PostgreSQL")
        }
        _ => (
            format!(
                "sqlite://{}?mode=rwc",
                dir.join("push-console.db").display()
            ),
            "SQLite",
        ),
    }
}

/// `rounds` rounds of `calls` calls of `call`, each call's round trip kept.
pub async fn measure_rounds<F, Fut>(rounds: usize, calls: usize, mut call: F) -> Vec<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut all = Vec::new();
    for _ in 0..rounds {
        let mut times = Vec::with_capacity(calls);
        for _ in 0..calls {
            let t = std::time::Instant::now();
            call().await;
            times.push(t.elapsed());
        }
        times.sort();
        all.push(times);
    }
    all
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The p95 of each round, as min/median/max, and whether the worst round's
/// p95 is within `budget_ms`.
pub fn report_rounds(label: &str, rounds: &[Vec<Duration>], budget_ms: f64) -> f64 {
    let mut p95: Vec<f64> = rounds.iter().map(|t| ms(t[t.len() * 95 / 100])).collect();
    let mut p50: Vec<f64> = rounds.iter().map(|t| ms(t[t.len() / 2])).collect();
    p95.sort_by(f64::total_cmp);
    p50.sort_by(f64::total_cmp);
    let worst = p95[p95.len() - 1];
    println!(
        "  {label:<32} p95 min {:7.2} median {:7.2} max {:7.2}   (p50 median {:6.2})  {}",
        p95[0],
        p95[p95.len() / 2],
        worst,
        p50[p50.len() / 2],
        if worst <= budget_ms { "within" } else { "OVER" }
    );
    p50[p50.len() / 2]
}

/// Each of `filters` posted to `path` 100 times a round, `runs` rounds,
/// reported against a p95 budget of `budget_ms`.
pub async fn measure_filters(
    client: &reqwest::Client,
    url: &str,
    filters: &[(&str, Vec<(&str, &str)>)],
    runs: usize,
    budget_ms: f64,
) {
    for (label, form) in filters {
        let rounds = measure_rounds(runs, 100, || {
            let req = client
                .post(url)
                .header("accept", "application/json")
                .form(form);
            async move {
                let res = req.send().await.unwrap();
                let status = res.status();
                let body = res.bytes().await.unwrap();
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
            }
        })
        .await;
        report_rounds(label, &rounds, budget_ms);
    }
}

/// Prints min/median/max of `values`.
pub fn print_spread(label: &str, values: &mut [f64], note: &str) {
    values.sort_by(f64::total_cmp);
    println!(
        "  {label:<40} min {:12.1} median {:12.1} max {:12.1} {note}",
        values[0],
        values[values.len() / 2],
        values[values.len() - 1]
    );
}

/// Runs the binary with `args` on `data` and returns its wall time in
/// seconds, its peak resident memory (VmHWM, sampled every 10 ms) and what
/// it printed.
pub fn run_measured(
    bin: &std::path::Path,
    args: &[&str],
    data: &str,
    env: &[(&str, &str)],
) -> (f64, u64, String) {
    let t = std::time::Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .envs(env.iter().copied())
        .env("PUSH_CONSOLE_DATA_DIR", data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        peak = peak.max(status_kb(pid, "VmHWM"));
        std::thread::sleep(Duration::from_millis(10));
    }
    let secs = t.elapsed().as_secs_f64();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (secs, peak, text)
}

/// What a seeded table needs before it is measured as a grown one: planner
/// statistics on PostgreSQL (autovacuum keeps them for a database that grew
/// over years), and on SQLite the short-word index entries the server writes
/// with each record, filled as for a migrated database.
pub async fn after_seed(
    db: &push_console::server::db::Db,
    searched: push_console::server::text_tables::Searched,
) {
    use push_console::server::db::Backend;
    match db.backend {
        Backend::Postgres => {
            sqlx::query(&format!("ANALYZE {}", searched.table))
                .execute(&db.pool)
                .await
                .unwrap();
        }
        Backend::Sqlite => {
            sqlx::query(&format!(
                "INSERT INTO search_backfill SELECT '{}', 0, MAX(id) FROM {} WHERE true \
                 ON CONFLICT (grams_table) DO UPDATE SET after_id = 0, last_id = excluded.last_id",
                searched.grams_table, searched.table
            ))
            .execute(&db.pool)
            .await
            .unwrap();
            push_console::server::text_grams::backfill(db, searched)
                .await
                .unwrap();
        }
    }
}
