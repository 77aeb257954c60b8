//! `push-console user …` and `push-console audit verify`, run as the real
//! binary against a fresh database.
use crate::common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_push-console");

pub(crate) struct Cli {
    pub(crate) dir: tempfile::TempDir,
    database_url: String,
    _pg: Option<common::FreshPg>,
}

impl Cli {
    pub(crate) async fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pc.toml"), "").unwrap();
        let (database_url, pg) = common::fresh_database_url(&dir).await;
        Cli {
            dir,
            database_url,
            _pg: pg,
        }
    }

    pub(crate) fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(BIN)
            .arg("--config")
            .arg(self.dir.path().join("pc.toml"))
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("PUSH_CONSOLE_DATA_DIR", self.dir.path().join("data"))
            .envs(
                common::testing_postgres()
                    .then_some(("PUSH_CONSOLE_AUDIT_KEY", common::TEST_AUDIT_KEY)),
            )
            .env("USER", "ops")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    pub(crate) async fn db(&self) -> push_console::server::db::Db {
        push_console::server::db::connect(&self.database_url)
            .await
            .unwrap()
    }
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn users_are_added_listed_disabled_and_reset_from_the_command_line() {
    let cli = Cli::new().await;
    let out = cli.run(&["user", "add", "ada", "--role", "admin"], None);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let one_time = text.rsplit("one-time password: ").next().unwrap().trim();
    assert_eq!(one_time.len(), 16, "{text}");

    let out = cli.run(
        &[
            "user",
            "add",
            "olga",
            "--role",
            "operator",
            "--password-stdin",
        ],
        Some("a passphrase from stdin\n"),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(!stdout(&out).contains("one-time"));
    let out = cli.run(
        &[
            "user",
            "add",
            "short",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!out.status.success());
    let out = cli.run(&["user", "add", "x", "--role", "root"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("admin, operator or auditor"));

    let out = cli.run(&["user", "disable", "olga"], None);
    assert!(out.status.success(), "{out:?}");
    let out = cli.run(&["user", "reset-password", "ada"], None);
    assert!(stdout(&out).contains("one-time password: "));
    let out = cli.run(&["user", "disable", "nobody"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no user named nobody"));

    let list = stdout(&cli.run(&["user", "list"], None));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(
        lines[1].starts_with("ada")
            && lines[1].contains("admin")
            && lines[1].contains("one-time password")
    );
    assert!(
        lines[2].starts_with("olga")
            && lines[2].contains("operator")
            && lines[2].contains("disabled")
    );

    // Each change is an audit event by the person at the terminal.
    let db = cli.db().await;
    let events: Vec<(String, String, String)> =
        sqlx::query_as("SELECT actor_name, action, target FROM audit_events ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let expected = [
        ("cli:ops", "user.add", "ada"),
        ("cli:ops", "user.add", "olga"),
        ("cli:ops", "user.disable", "olga"),
        ("cli:ops", "user.reset_password", "ada"),
    ];
    let got: Vec<(&str, &str, &str)> = events
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn audit_verify_names_the_first_changed_or_missing_event() {
    let cli = Cli::new().await;
    for name in ["a1", "a2", "a3", "a4"] {
        assert!(cli
            .run(&["user", "add", name, "--role", "auditor"], None)
            .status
            .success());
    }
    let out = cli.run(&["audit", "verify"], None);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("OK: 4 audit events"),
        "{}",
        stdout(&out)
    );

    // Someone with the database's owner rights switches the guard off and edits.
    let db = cli.db().await;
    let postgres = db.backend == push_console::server::db::Backend::Postgres;
    let unguard = if postgres {
        "ALTER TABLE audit_events DISABLE TRIGGER USER"
    } else {
        "DROP TRIGGER audit_events_no_update"
    };
    sqlx::query(unguard).execute(&db.pool).await.unwrap();
    sqlx::query("UPDATE audit_events SET target = 'someone else' WHERE id = 3")
        .execute(&db.pool)
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"], None);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("audit event 3 was changed"),
        "{out:?}"
    );

    if !postgres {
        sqlx::query("DROP TRIGGER audit_events_no_delete")
            .execute(&db.pool)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE audit_events SET target = 'a3' WHERE id = 3")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(
        cli.run(&["audit", "verify"], None).status.success(),
        "restored"
    );
    sqlx::query("DELETE FROM audit_events WHERE id = 2")
        .execute(&db.pool)
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"], None);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("audit event 2 missing"),
        "{out:?}"
    );
    sqlx::query("DELETE FROM audit_events WHERE id >= 2")
        .execute(&db.pool)
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"], None);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("audit event 2 missing"),
        "the tail removed: {out:?}"
    );
}
