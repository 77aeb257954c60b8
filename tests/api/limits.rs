//! Limits that must hold under concurrent requests and at their edges: the
//! sign-in throttle, the throttle on "change my password", the last-admin
//! rule, and the idle limit of an active session.
use crate::common;

use common::{spawn_app, spawn_app_with_clock, PASSWORD};
use futures::future::join_all;
use push_console::domain::account::Role;
use push_console::server::clock::ManualClock;

async fn audit_count(app: &common::TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sixty_simultaneous_wrong_passwords_are_checked_at_most_five_times() {
    // Time stands still: the first free attempts are the only ones allowed.
    let clock = ManualClock::at_secs(1_790_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    app.add_user("olga", Role::Operator).await;
    let attempts = (0..60).map(|_| {
        let (app, client) = (&app, app.new_client());
        async move {
            app.call(
                &client,
                "auth/login",
                &[("name", "olga"), ("password", "not the password at all")],
            )
            .await
            .status()
            .as_u16()
        }
    });
    let statuses = join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 400).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 60, "{statuses:?}");
    assert_eq!(
        audit_count(&app, "login.failure").await,
        checked as i64,
        "each check audited"
    );
    assert!(checked <= 5, "{checked} passwords were checked");
    assert!(
        audit_count(&app, "login.throttled").await <= 2,
        "throttled attempts are one event per key and minute, not one each"
    );
    // The right password is throttled too, until the delay has passed.
    let olga = app.new_client();
    let right = [("name", "olga"), ("password", PASSWORD)];
    assert_eq!(app.call(&olga, "auth/login", &right).await.status(), 429);
    clock.advance_secs(2);
    assert_eq!(app.call(&olga, "auth/login", &right).await.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn guesses_at_the_current_password_are_throttled() {
    let clock = ManualClock::at_secs(1_790_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let guess = |current: &'static str| {
        let (app, olga) = (&app, &olga);
        async move {
            app.call(
                olga,
                "auth/change_password",
                &[("current", current), ("new", "a brand new passphrase")],
            )
            .await
            .status()
            .as_u16()
        }
    };
    let statuses = join_all((0..20).map(|_| guess("wrong guess number n"))).await;
    assert!(
        statuses.iter().filter(|s| **s != 429).count() <= 5,
        "{statuses:?}"
    );
    assert_eq!(
        guess(PASSWORD).await,
        429,
        "throttled until the delay passed"
    );
    clock.advance_secs(2);
    assert_eq!(guess(PASSWORD).await, 200);
    app.stop().await;
}

#[tokio::test]
async fn two_admins_disabling_each_other_at_once_leave_one_enabled() {
    let app = spawn_app().await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let bea = app.signed_in("bea", Role::Admin).await;
    let id_of = |name: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE name = $1")
                .bind(name)
                .fetch_one(&app.server.state.db.pool)
                .await
                .unwrap()
        }
    };
    let (ada_id, bea_id) = (
        id_of("ada").await.to_string(),
        id_of("bea").await.to_string(),
    );
    for trial in 0..5 {
        let disable = |client: &reqwest::Client, id: &str| {
            let (app, client, id) = (&app, client.clone(), id.to_string());
            async move {
                app.call(
                    &client,
                    "users/set_enabled",
                    &[("id", id.as_str()), ("enabled", "false")],
                )
                .await
                .status()
                .as_u16()
            }
        };
        let (a, b) = tokio::join!(disable(&ada, &bea_id), disable(&bea, &ada_id));
        let enabled: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND enabled = 1")
                .fetch_one(&app.server.state.db.pool)
                .await
                .unwrap();
        assert_eq!(enabled, 1, "trial {trial}: answers {a} and {b}");
        assert!(
            [a, b].contains(&200) && !(a == 200 && b == 200),
            "one wins, one is refused: {a} {b}"
        );
        // Both admins again, and both signed in, for the next trial.
        sqlx::query("UPDATE users SET enabled = 1")
            .execute(&app.server.state.db.pool)
            .await
            .unwrap();
        for (client, name) in [(&ada, "ada"), (&bea, "bea")] {
            let res = app
                .call(
                    client,
                    "auth/login",
                    &[("name", name), ("password", PASSWORD)],
                )
                .await;
            assert_eq!(res.status(), 200);
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn an_active_user_is_not_signed_out_by_a_one_minute_idle_limit() {
    let clock = ManualClock::at_secs(1_790_000_000);
    let app = common::spawn_app_full(
        [(
            "PUSH_CONSOLE_SESSION_IDLE_MINUTES".to_string(),
            "1".to_string(),
        )]
        .into(),
        clock.clone(),
    )
    .await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let me = |client: &reqwest::Client| {
        let (app, client) = (&app, client.clone());
        async move {
            let res = app.call(&client, "shell_info", &[]).await;
            res.json::<serde_json::Value>().await.unwrap()["me"]["name"].clone()
        }
    };
    // A request every 45 s for three minutes: never idle for a minute.
    for _ in 0..4 {
        clock.advance_secs(45);
        assert_eq!(me(&olga).await, "olga");
    }
    // Then a minute and a bit without one: signed out.
    clock.advance_secs(61);
    assert!(me(&olga).await.is_null());
    app.stop().await;
}

/// Signs in through a proxy that says the client is `forwarded_for`.
async fn login_via_proxy(
    app: &common::TestApp,
    name: &str,
    password: &str,
    forwarded_for: &str,
) -> u16 {
    app.new_client()
        .post(app.url("/api/auth/login"))
        .header("accept", "application/json")
        .header("x-forwarded-for", forwarded_for)
        .form(&[("name", name), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_attacker_throttles_only_themselves() {
    let clock = ManualClock::at_secs(1_790_000_000);
    let app = common::spawn_app_full(
        [(
            "PUSH_CONSOLE_TRUSTED_PROXIES".to_string(),
            "127.0.0.0/8, ::1".to_string(),
        )]
        .into(),
        clock.clone(),
    )
    .await;
    app.add_user("olga", Role::Operator).await;
    let attacker = "198.51.100.66";
    for i in 0..12 {
        login_via_proxy(&app, &format!("guess{i}"), "not the password", attacker).await;
    }
    assert_eq!(
        login_via_proxy(&app, "guess99", "not the password", attacker).await,
        429,
        "the attacker's own address is throttled"
    );
    assert_eq!(
        login_via_proxy(&app, "olga", PASSWORD, "203.0.113.5").await,
        200,
        "someone else behind the same proxy signs in"
    );
    let clients: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT client_addr FROM audit_events WHERE action LIKE 'login.%' ORDER BY client_addr",
    )
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        clients,
        ["198.51.100.66", "203.0.113.5"],
        "the audit log names the real clients"
    );
    app.stop().await;
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_is_ignored() {
    let app = spawn_app().await;
    app.add_user("olga", Role::Operator).await;
    assert_eq!(
        login_via_proxy(&app, "olga", PASSWORD, "198.51.100.1").await,
        200
    );
    let clients: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT client_addr FROM audit_events WHERE action LIKE 'login.%'",
    )
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(clients, ["127.0.0.1"]);
    app.stop().await;
}

#[tokio::test]
async fn throttle_keys_are_capped_and_forgotten_after_an_hour() {
    use push_console::server::accounts::throttle;
    use push_console::server::clock::Clock;
    let clock = ManualClock::at_secs(1_790_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let huge = "名".repeat(100_000);
    let res = app
        .call(
            &app.new_client(),
            "auth/login",
            &[
                ("name", huge.as_str()),
                ("password", "not the password at all"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let db = &app.server.state.db;
    let longest: i64 = sqlx::query_scalar("SELECT MAX(LENGTH(key)) FROM login_throttle")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(longest <= 100, "a key of {longest} characters");
    clock.advance_secs(throttle::FORGET_AFTER_SECS + 1);
    let forgotten = throttle::forget_old(db, clock.now_micros()).await.unwrap();
    assert_eq!(forgotten, 2, "the account's key and the address's");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    app.stop().await;
}
