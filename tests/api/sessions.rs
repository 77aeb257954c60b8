//! Sessions: idle and absolute limits, disabled users, one-time passwords, cross-site posts, the account audit chain, the secure cookie.
use crate::common;

use crate::accounts::{actions, login, me};
use common::{spawn_app, spawn_app_with_clock, PASSWORD};
use push_console::domain::account::Role;
use push_console::server::audit::{self, Verdict};
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_and_12_hours_in_all() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let client = app.signed_in("olga", Role::Operator).await;
    clock.advance_secs(29 * 60);
    assert_eq!(me(&app, &client).await["name"], "olga", "29 idle minutes");
    clock.advance_secs(30 * 60);
    assert!(
        me(&app, &client).await.is_null(),
        "more than 30 idle minutes"
    );

    let (status, _) = login(&app, &client, "olga", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..35 {
        clock.advance_secs(20 * 60);
        assert_eq!(
            me(&app, &client).await["name"],
            "olga",
            "active, within 12 hours"
        );
    }
    clock.advance_secs(20 * 60);
    assert!(
        me(&app, &client).await.is_null(),
        "12 hours after sign-in, however active"
    );
    let res = app.call(&client, "users/list", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_at_once_and_cannot_sign_in() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let olga_id = me(&app, &olga).await["id"].as_i64().unwrap().to_string();
    assert_eq!(me(&app, &olga).await["name"], "olga");

    let res = app
        .call(
            &admin,
            "users/set_enabled",
            &[("id", &olga_id), ("enabled", "false")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(me(&app, &olga).await.is_null(), "the open session ended");
    assert_eq!(
        login(&app, &olga, "olga", PASSWORD).await.1,
        serde_json::json!("BadCredentials")
    );

    // The last admin cannot be disabled, nor can an admin disable themselves.
    let ada_id = me(&app, &admin).await["id"].as_i64().unwrap().to_string();
    let res = app
        .call(
            &admin,
            "users/set_enabled",
            &[("id", &ada_id), ("enabled", "false")],
        )
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        serde_json::json!({"Account": "NotYourself"})
    );
    assert_eq!(me(&app, &admin).await["name"], "ada");
    app.stop().await;
}

#[tokio::test]
async fn a_one_time_password_must_be_replaced_before_anything_else() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let res = app
        .call(
            &admin,
            "users/add",
            &[("name", "Olga"), ("role", "operator")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let added: Value = res.json().await.unwrap();
    let one_time = added["one_time_password"].as_str().unwrap().to_string();
    assert_eq!(one_time.len(), 16);
    let dup = app
        .call(
            &admin,
            "users/add",
            &[("name", "olga"), ("role", "auditor")],
        )
        .await;
    assert_eq!(
        dup.json::<Value>().await.unwrap(),
        serde_json::json!({"Account": "NameTaken"})
    );

    let olga = app.new_client();
    let (status, body) = login(&app, &olga, "olga", &one_time).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["must_change_password"], true);
    let blocked = app.call(&olga, "users/list", &[]).await;
    assert_eq!(
        blocked.json::<Value>().await.unwrap(),
        serde_json::json!("PasswordChangeRequired")
    );
    let res = olga.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        "/account",
        "every page leads to the new password"
    );

    let wrong = app
        .call(
            &olga,
            "auth/change_password",
            &[("current", "nope nope nope"), ("new", PASSWORD)],
        )
        .await;
    assert_eq!(
        wrong.json::<Value>().await.unwrap(),
        serde_json::json!({"Account": "CurrentPasswordWrong"})
    );
    let res = app
        .call(
            &olga,
            "auth/change_password",
            &[("current", &one_time), ("new", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        me(&app, &olga).await["must_change_password"],
        false,
        "this session goes on"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_cross_site_post_to_a_server_function_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/auth/setup"))
        .header("origin", "https://evil.example")
        .form(&[("name", "mallory"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .client
        .post(app.url("/api/auth/setup"))
        .header("sec-fetch-site", "same-site")
        .form(&[("name", "mallory"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
    app.stop().await;
}

#[tokio::test]
async fn every_account_change_is_in_an_intact_audit_chain() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    app.add_user("olga", Role::Operator).await;
    let olga_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE name_key = 'olga'")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    let id = olga_id.to_string();
    for (endpoint, form) in [
        (
            "users/set_role",
            vec![("id", id.as_str()), ("role", "auditor")],
        ),
        (
            "users/set_enabled",
            vec![("id", id.as_str()), ("enabled", "false")],
        ),
        (
            "users/set_enabled",
            vec![("id", id.as_str()), ("enabled", "true")],
        ),
        ("users/reset_password", vec![("id", id.as_str())]),
    ] {
        assert_eq!(
            app.call(&admin, endpoint, &form).await.status(),
            StatusCode::OK,
            "{endpoint}"
        );
    }
    let events = actions(&app).await;
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "user.add",
            "login.success",
            "user.add",
            "user.role",
            "user.disable",
            "user.enable",
            "user.reset_password"
        ]
    );
    assert!(
        events[3].2.contains("\"from\":\"operator\"") && events[3].2.contains("\"to\":\"auditor\"")
    );
    assert_eq!(
        audit::verify(&app.server.state.db, &[]).await.unwrap(),
        Verdict::Intact {
            events: 7,
            unkeyed: 0,
            from: 1
        }
    );
    let refused = sqlx::query("UPDATE audit_events SET target = 'x' WHERE id = 1")
        .execute(&app.server.state.db.pool)
        .await;
    assert!(
        refused.is_err(),
        "the database refuses to change an audit event"
    );
    let refused = sqlx::query("DELETE FROM audit_events WHERE id = 7")
        .execute(&app.server.state.db.pool)
        .await;
    assert!(
        refused.is_err(),
        "the database refuses to delete an audit event"
    );
    app.stop().await;
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_with_a_host_prefix() {
    let app =
        common::spawn_app_with([("PUSH_CONSOLE_HTTPS".to_string(), "true".to_string())].into())
            .await;
    app.add_user("olga", Role::Operator).await;
    let res = app
        .call(
            &app.new_client(),
            "auth/login",
            &[("name", "olga"), ("password", PASSWORD)],
        )
        .await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("__Host-push_console_session="),
        "{cookie}"
    );
    let lower = cookie.to_lowercase();
    assert!(
        lower.contains("; secure") && lower.contains("path=/") && !lower.contains("domain="),
        "{cookie}"
    );
    app.stop().await;
}
