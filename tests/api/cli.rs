//! The binary itself: help, version, bad settings, and a real start and stop.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_push-console");

#[test]
fn version_and_help() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("push-console {}", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("serve") && help.contains("--config"));
}

#[test]
fn bad_settings_stop_the_start_with_a_clear_message() {
    let out = Command::new(BIN)
        .args(["serve", "--config", "/nonexistent/pc.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("cannot read config file /nonexistent/pc.toml"));
}

#[tokio::test]
async fn serve_starts_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pc.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:0\"\n").unwrap();
    let mut cmd = Command::new(BIN);
    cmd.arg("--config")
        .arg(&config)
        .env("PUSH_CONSOLE_DATA_DIR", dir.path().join("data"))
        .env("PUSH_CONSOLE_LOG_FORMAT", "json")
        .env_remove("DATABASE_URL")
        .env_remove("PUSH_CONSOLE_LISTEN")
        .env_remove("LEPTOS_SITE_ADDR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Ok(pg) = std::env::var("PUSH_CONSOLE_TEST_PG_URL") {
        // Only checks start-up against a live server; the data is throwaway.
        cmd.env("DATABASE_URL", pg).env(
            "PUSH_CONSOLE_AUDIT_KEY",
            "cli-test-audit-key-0123456789abcdef0123",
        );
    }
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let addr = tokio::task::spawn_blocking(move || {
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let event: serde_json::Value = serde_json::from_str(&line).expect("JSON log lines");
            if let Some(addr) = event["addr"].as_str() {
                return addr.to_string();
            }
        }
        panic!("the server never said where it listens");
    });
    let addr = tokio::time::timeout(Duration::from_secs(30), addr)
        .await
        .unwrap()
        .unwrap();
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        dir.path().join("data/push-console.db").exists()
            || std::env::var("PUSH_CONSOLE_TEST_PG_URL").is_ok()
    );

    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "graceful stop exits 0, got {status:?}");
}
