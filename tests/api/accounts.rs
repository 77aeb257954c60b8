//! Accounts over real HTTP: first-run setup, sign-in and its throttle, no
//! user enumeration, session cycling and expiry, disabling, sign-out, and
//! the audit events they leave.
use crate::common;

use common::{spawn_app, spawn_app_with_clock, TestApp, PASSWORD};
use push_console::domain::account::Role;
use push_console::server::accounts::passwords::VERIFICATIONS;
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::atomic::Ordering;

pub(crate) async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    let res = app.call(client, "shell_info", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["me"].clone()
}

pub(crate) async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    password: &str,
) -> (StatusCode, Value) {
    let res = app
        .call(
            client,
            "auth/login",
            &[("name", name), ("password", password)],
        )
        .await;
    (res.status(), res.json().await.unwrap())
}

pub(crate) async fn actions(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT action, target, details FROM audit_events ORDER BY id")
        .fetch_all(&app.server.state.db.pool)
        .await
        .unwrap()
}

pub(crate) fn session_cookie(client_jar_header: &reqwest::Response) -> Option<String> {
    client_jar_header
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("push_console_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn first_run_leads_to_setup_which_happens_once() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/setup");
    let res = app.client.get(app.url("/users")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/setup");

    // A weak password changes nothing.
    let weak = app
        .call(
            &app.client,
            "auth/setup",
            &[("name", "root"), ("password", "short")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        weak.json::<Value>().await.unwrap(),
        serde_json::json!({"Account": {"Rule": "PasswordTooShort"}})
    );

    // Eight at once: exactly one becomes the first admin.
    let attempts = (0..8).map(|i| {
        let name = format!("admin{i}");
        let client = app.new_client();
        let app = &app;
        async move {
            app.call(
                &client,
                "auth/setup",
                &[("name", &name), ("password", PASSWORD)],
            )
            .await
            .status()
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);

    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/login");
    let res = app.client.get(app.url("/setup")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/login", "setup is closed");
    app.stop().await;
}

#[tokio::test]
async fn unknown_names_and_wrong_passwords_get_the_same_answer_and_the_same_work() {
    let app = spawn_app().await;
    app.add_user("olga", Role::Operator).await;
    let before = VERIFICATIONS.load(Ordering::SeqCst);
    let unknown = login(&app, &app.client, "nobody", PASSWORD).await;
    let after_unknown = VERIFICATIONS.load(Ordering::SeqCst);
    let wrong = login(&app, &app.client, "olga", "wrong password here").await;
    let after_wrong = VERIFICATIONS.load(Ordering::SeqCst);
    assert_eq!(unknown, wrong);
    assert_eq!(
        unknown,
        (StatusCode::BAD_REQUEST, serde_json::json!("BadCredentials"))
    );
    assert_eq!(
        after_unknown - before,
        1,
        "an unknown name is checked against the dummy hash"
    );
    assert_eq!(after_wrong - after_unknown, 1);

    let events = actions(&app).await;
    let failures: Vec<_> = events.iter().filter(|e| e.0 == "login.failure").collect();
    assert_eq!(failures.len(), 2);
    assert!(failures[0].2.contains("unknown name") && failures[1].2.contains("wrong password"));
    app.stop().await;
}

#[tokio::test]
async fn failures_slow_down_sign_in_but_never_lock_it_for_good() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    app.add_user("olga", Role::Operator).await;
    for _ in 0..5 {
        assert_eq!(
            login(&app, &app.client, "olga", "not the password").await.0,
            StatusCode::BAD_REQUEST
        );
    }
    // Now even the right password waits.
    let (status, body) = login(&app, &app.client, "olga", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        body,
        serde_json::json!({"Throttled": {"retry_after_secs": 1}})
    );
    // The address is throttled too: another name from the same place waits.
    assert_eq!(
        login(&app, &app.client, "someone", "x").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    clock.advance_secs(1);
    assert_eq!(
        login(&app, &app.client, "olga", PASSWORD).await.0,
        StatusCode::OK,
        "success clears the count"
    );

    // A long attack: the delay doubles but stops at five minutes.
    let mut last_wait = 0;
    for _ in 0..40 {
        let (status, body) = login(&app, &app.client, "olga", "not the password").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            last_wait = body["Throttled"]["retry_after_secs"].as_i64().unwrap();
            clock.advance_secs(last_wait);
        }
    }
    assert_eq!(last_wait, 300);
    clock.advance_secs(300);
    assert_eq!(
        login(&app, &app.client, "olga", PASSWORD).await.0,
        StatusCode::OK
    );
    assert!(actions(&app).await.iter().any(|e| e.0 == "login.throttled"));
    app.stop().await;
}

#[tokio::test]
async fn sign_in_cycles_the_session_id_and_sign_out_ends_it_on_the_server() {
    let app = spawn_app().await;
    app.add_user("olga", Role::Operator).await;
    let client = app.new_client();
    let first = app
        .call(
            &client,
            "auth/login",
            &[("name", "olga"), ("password", PASSWORD)],
        )
        .await;
    let first_id = session_cookie(&first).expect("a session cookie");
    let set_cookie = first.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        set_cookie.contains("httponly") && set_cookie.contains("samesite=strict"),
        "{set_cookie}"
    );
    let second = app
        .call(
            &client,
            "auth/login",
            &[("name", "olga"), ("password", PASSWORD)],
        )
        .await;
    let second_id = session_cookie(&second).expect("a new session cookie");
    assert_ne!(first_id, second_id, "the id changes at sign-in");

    // The old id is worthless; the new one works until sign-out.
    let with = |cookie: &str| {
        let cookie = cookie.to_string();
        let app = &app;
        async move {
            let res = reqwest::Client::new()
                .post(app.url("/api/shell_info"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            res.json::<Value>().await.unwrap()["me"].clone()
        }
    };
    assert!(with(&first_id).await.is_null());
    assert_eq!(with(&second_id).await["name"], "olga");
    assert_eq!(
        app.call(&client, "auth/logout", &[]).await.status(),
        StatusCode::OK
    );
    assert!(
        with(&second_id).await.is_null(),
        "sign-out ended the session on the server"
    );
    let events: Vec<String> = actions(&app).await.into_iter().map(|e| e.0).collect();
    assert_eq!(
        events,
        ["user.add", "login.success", "login.success", "logout"]
    );
    app.stop().await;
}
