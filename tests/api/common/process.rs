//! The real `push-console` binary as a child process, for the tests that
//! kill it with SIGKILL and start it again on the same database.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_push-console");

/// `push-console` with an empty config file, JSON logs on stdout, a random
/// port and the given database.
pub fn command(dir: &std::path::Path, database_url: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--config")
        .arg(dir.join("pc.toml"))
        .env("DATABASE_URL", database_url)
        .env("PUSH_CONSOLE_DATA_DIR", dir.join("data"))
        .env("PUSH_CONSOLE_LISTEN", "127.0.0.1:0")
        .env("PUSH_CONSOLE_LOG_FORMAT", "json")
        .env_remove("PUSH_CONSOLE_APPS")
        .env_remove("PUSH_CONSOLE_AUDIT_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if super::testing_postgres() {
        cmd.env("PUSH_CONSOLE_AUDIT_KEY", super::TEST_AUDIT_KEY);
    }
    cmd
}

/// A running `serve`: its process, its base URL, and every log event it
/// has written so far (kept until it exits).
pub struct Served {
    pub child: Child,
    pub base: String,
    pub events: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Served {
    /// Log events whose message is `message`.
    pub fn events_named(&self, message: &str) -> Vec<serde_json::Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["message"] == message)
            .cloned()
            .collect()
    }
}

/// Starts `serve` and waits until it says where it listens.
pub async fn serve(mut cmd: Command) -> Served {
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let events: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let kept = events.clone();
    // Reads until the process exits, so it never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if let Some(addr) = event["addr"].as_str() {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(addr.to_string());
                }
            }
            kept.lock().unwrap().push(event);
        }
    });
    let addr = tokio::time::timeout(Duration::from_secs(30), rx)
        .await
        .expect("the server says where it listens within 30 s")
        .expect("the server says where it listens");
    Served {
        child,
        base: format!("http://{addr}"),
        events,
    }
}

/// Adds an operator with `super::PASSWORD` through the command line.
pub fn add_operator(dir: &std::path::Path, database_url: &str, name: &str) {
    use std::io::Write;
    let mut adding = command(dir, database_url)
        .args([
            "user",
            "add",
            name,
            "--role",
            "operator",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(adding.stdin.take().unwrap(), "{}", super::PASSWORD).unwrap();
    assert!(adding.wait().unwrap().success());
}

/// A cookie-keeping client signed in as `name` with `super::PASSWORD`.
pub async fn sign_in(base: &str, name: &str) -> reqwest::Client {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let res = c
        .post(format!("{base}/api/auth/login"))
        .header("accept", "application/json")
        .form(&[("name", name), ("password", super::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    c
}

/// Polls the only push's status until it is `want` or `limit` has passed;
/// returns the last status seen.
pub async fn wait_for_status(
    db: &push_console::server::db::Db,
    want: &str,
    limit: Duration,
) -> String {
    let started = std::time::Instant::now();
    loop {
        let status: String = sqlx::query_scalar("SELECT status FROM pushes")
            .fetch_optional(&db.pool)
            .await
            .unwrap()
            .unwrap_or_default();
        if status == want || started.elapsed() > limit {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A fresh push ticket (idempotency key and MsgRandom) from `base`.
pub async fn ticket(client: &reqwest::Client, base: &str) -> serde_json::Value {
    client
        .post(format!("{base}/api/push/ticket"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
