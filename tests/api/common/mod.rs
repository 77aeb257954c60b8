//! Starts the real server on a random port with a fresh database: SQLite in a
//! temporary folder, or, when `PUSH_CONSOLE_TEST_PG_URL` is set, a new
//! PostgreSQL database created for this one test.

pub mod audience;
pub mod process;
pub mod raw_im;

use push_console::domain::account::Role;
use push_console::server::accounts::service;
use push_console::server::audit::Actor;
use push_console::server::config::{self, Config};
use push_console::startup::run::{self, RunningServer};
use std::collections::HashMap;
use std::time::Duration;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub server: RunningServer,
    pub dir: TempDir,
    pg: Option<FreshPg>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(self) {
        drop(self.client);
        self.server.stop().await.expect("server stops cleanly");
        if let Some(pg) = self.pg {
            tokio::time::timeout(Duration::from_secs(30), pg.drop_database())
                .await
                .expect("the test database is dropped within 30 s");
        }
    }
}

/// What a browser asks for when it loads a page.
fn browser_headers() -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"),
    );
    headers
}

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// A fresh cookie-keeping client, like a second browser.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(browser_headers())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client")
    }

    /// Adds a user with `PASSWORD` directly through the account service.
    pub async fn add_user(&self, name: &str, role: Role) -> i64 {
        let state = &self.server.state;
        let (user, _) = service::add_user(
            &state.accounts(),
            &Actor::command_line(),
            name,
            role,
            Some(PASSWORD.to_string().into()),
        )
        .await
        .expect("user added");
        user.id
    }

    /// Calls a server function the way a page does: a form POST.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .expect("server function answers")
    }

    /// A client signed in as a new user of `role` named `name`.
    pub async fn signed_in(&self, name: &str, role: Role) -> reqwest::Client {
        self.add_user(name, role).await;
        let client = self.new_client();
        let res = self
            .call(
                &client,
                "auth/login",
                &[("name", name), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "{name} signs in: {}",
            res.text().await.unwrap_or_default()
        );
        client
    }
}

/// A server on the embedded defaults (no apps: the sandbox stands in).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(HashMap::new()).await
}

/// A server whose environment also holds `extra` (PUSH_CONSOLE_* settings).
pub async fn spawn_app_with(extra: HashMap<String, String>) -> TestApp {
    spawn_app_full(extra, push_console::server::clock::system()).await
}

/// A server whose time only moves when the test moves it.
pub async fn spawn_app_with_clock(clock: push_console::server::clock::SharedClock) -> TestApp {
    spawn_app_full(HashMap::new(), clock).await
}

pub async fn spawn_app_full(
    extra: HashMap<String, String>,
    clock: push_console::server::clock::SharedClock,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (database_url, pg) = fresh_database_url(&dir).await;
    let config = test_config(&dir, &database_url, extra);
    let server = run::start_with_clock(config, clock)
        .await
        .expect("server starts");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(browser_headers())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    TestApp {
        base: format!("http://{}", server.addr),
        client,
        server,
        dir,
        pg,
    }
}

/// The configuration a test server gets: an explicit empty file (so a
/// developer's ./push-console.toml never leaks in), port 0, the given database.
pub fn test_config(dir: &TempDir, database_url: &str, extra: HashMap<String, String>) -> Config {
    let file = dir.path().join("push-console.toml");
    std::fs::write(&file, "").expect("write empty config");
    let mut env: HashMap<String, String> = HashMap::from([
        ("PUSH_CONSOLE_LISTEN".into(), "127.0.0.1:0".into()),
        (
            "PUSH_CONSOLE_DATA_DIR".into(),
            dir.path().join("data").display().to_string(),
        ),
        ("DATABASE_URL".into(), database_url.to_string()),
    ]);
    if testing_postgres() {
        env.insert("PUSH_CONSOLE_AUDIT_KEY".into(), TEST_AUDIT_KEY.into());
    }
    env.extend(extra);
    config::load(Some(&file), &|k: &str| env.get(k).cloned()).expect("test config loads")
}

/// The audit key every process of a PostgreSQL test shares, as replicas
/// must; on SQLite each server makes its own in its data folder.
pub const TEST_AUDIT_KEY: &str = "test-audit-key-0123456789abcdef0123456789";

/// Which backend this run of the suite is testing.
pub fn testing_postgres() -> bool {
    std::env::var("PUSH_CONSOLE_TEST_PG_URL").is_ok_and(|v| !v.is_empty())
}

pub async fn fresh_database_url(dir: &TempDir) -> (String, Option<FreshPg>) {
    match std::env::var("PUSH_CONSOLE_TEST_PG_URL") {
        Ok(base) if !base.is_empty() => {
            let pg = tokio::time::timeout(Duration::from_secs(30), FreshPg::create(&base))
                .await
                .expect("a test database is created within 30 s");
            (pg.url.clone(), Some(pg))
        }
        _ => (
            format!("sqlite://{}/test.db?mode=rwc", dir.path().display()),
            None,
        ),
    }
}

pub struct FreshPg {
    admin_url: String,
    name: String,
    pub url: String,
}

impl FreshPg {
    async fn create(admin_url: &str) -> FreshPg {
        use sqlx::Connection;
        let name = format!("pc_test_{}", rand::random::<u64>());
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connect to test PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let mut url = url::Url::parse(admin_url).expect("PUSH_CONSOLE_TEST_PG_URL is a URL");
        url.set_path(&format!("/{name}"));
        FreshPg {
            admin_url: admin_url.to_string(),
            name,
            url: url.to_string(),
        }
    }

    async fn drop_database(self) {
        // Drop does it; this waits for it inside the test's time limit.
        tokio::task::spawn_blocking(move || drop(self))
            .await
            .expect("the test database is dropped");
    }
}

/// Every test database goes with the test that made it, however the test
/// ends: dropped from a thread of its own, as Drop cannot wait on the
/// test's runtime.
impl Drop for FreshPg {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the drop");
            runtime.block_on(async {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// A fresh idempotency key and MsgRandom, as the composer gets them.
pub async fn push_ticket(app: &TestApp, client: &reqwest::Client) -> (String, u32) {
    let t: serde_json::Value = app
        .call(client, "push/ticket", &[])
        .await
        .json()
        .await
        .unwrap();
    (
        t["key"].as_str().unwrap().to_string(),
        t["msg_random"].as_u64().unwrap() as u32,
    )
}

/// Sends `request` to the sandbox app with `key` through push/send.
pub async fn send_push(
    app: &TestApp,
    client: &reqwest::Client,
    key: &str,
    request: &impl serde::Serialize,
) -> push_console::domain::push::outcome::SendOutcome {
    let res = client
        .post(app.url("/api/push/send"))
        .header("accept", "application/json")
        .json(&serde_json::json!({ "app_id": "sandbox", "key": key, "request": request }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    res.json().await.unwrap()
}

/// A CSV download as a browser makes it: compression asked for (gzip, or
/// brotli when `brotli`), the body read to its end and inflated. Returns the
/// text after the byte-order mark, which every CSV must start with. A body cut
/// short (as a server panic mid-stream cuts it) fails here.
pub async fn download_csv(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    brotli: bool,
) -> String {
    use std::io::Read;
    let encoding = if brotli { "br" } else { "gzip" };
    let res = client
        .get(app.url(path))
        .header(reqwest::header::ACCEPT_ENCODING, encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(
        res.headers()
            .get(reqwest::header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some(encoding),
        "{path} is compressed as browsers ask"
    );
    let raw = res
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{path}: the body ends early: {e}"));
    let mut bytes = Vec::new();
    if brotli {
        brotli::Decompressor::new(&raw[..], 4096)
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{path}: brotli stream incomplete: {e}"));
    } else {
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{path}: gzip stream incomplete: {e}"));
    }
    let text = String::from_utf8(bytes).unwrap();
    text.strip_prefix('\u{FEFF}')
        .unwrap_or_else(|| panic!("{path} starts without a byte-order mark"))
        .to_string()
}
