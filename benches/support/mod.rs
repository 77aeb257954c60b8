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

/// `push-console serve` on `data`, with `extra` settings in its environment.
pub fn start(
    bin: &std::path::Path,
    data: &std::path::Path,
    port: u16,
    log: &std::path::Path,
    extra: &[(&str, &str)],
) -> Child {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(bin)
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
        .unwrap()
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
