//! The server as a whole: health, pages, status codes, compression, and the
//! same-origin guard on state-changing requests.
use crate::common;

use common::{spawn_app, testing_postgres};
use push_console::domain::account::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_reports_version_and_database() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["ok"], true);
    let backend = if testing_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"]["backend"], backend);
    app.stop().await;
}

#[tokio::test]
async fn healthz_says_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.server.state.db.pool.close().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"]["ok"], false);
    app.stop().await;
}

#[tokio::test]
async fn front_page_renders_with_the_sandbox_banner() {
    let app = spawn_app().await;
    let client = app.signed_in("ada", Role::Auditor).await;
    let res = client
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"sandbox-banner\""),
        "banner missing"
    );
    assert!(html.contains("Sandbox mode"));
    assert!(html.contains("1400000001"), "the sandbox app is listed");
    app.stop().await;
}

#[tokio::test]
async fn a_real_app_hides_the_banner_and_its_secret() {
    let apps = r#"[{"id":"main","name":"Main app","sdk_app_id":1400123456,"region":"singapore",
        "admin":"administrator","secret_env":"TEST_MAIN_SECRET","time_zone":"Europe/Berlin"}]"#;
    let app = common::spawn_app_with(
        [
            ("PUSH_CONSOLE_APPS".to_string(), apps.to_string()),
            (
                "TEST_MAIN_SECRET".to_string(),
                "s3cr3t-key-never-shown".to_string(),
            ),
        ]
        .into(),
    )
    .await;
    let client = app.signed_in("ada", Role::Operator).await;
    let html = client
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("sandbox-banner"));
    assert!(html.contains("Main app"));
    assert!(html.contains("adminapisgp.im.qcloud.com"));
    assert!(html.contains("Europe/Berlin"));
    assert!(
        !html.contains("s3cr3t-key-never-shown"),
        "secret leaked into the page"
    );
    app.stop().await;
}

#[tokio::test]
async fn unknown_paths_answer_404_with_the_not_found_page() {
    let app = spawn_app().await;
    let client = app.signed_in("ada", Role::Auditor).await;
    let res = client
        .get(app.url("/no/such/page"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_when_the_browser_accepts_it() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    app.stop().await;
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_same_origin_ones_served() {
    let app = spawn_app().await;
    let endpoint = app.url("/api/shell_info");
    let cross = app
        .client
        .post(&endpoint)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let fetch_meta = app
        .client
        .post(&endpoint)
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_meta.status(), StatusCode::FORBIDDEN);
    let same = app
        .client
        .post(&endpoint)
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    let body: serde_json::Value = same.json().await.unwrap();
    assert_eq!(body["sandbox"], true);
    app.stop().await;
}

#[tokio::test]
async fn security_headers_and_a_nonce_policy_are_set_and_hsts_only_over_https() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/setup")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert_eq!(res.headers()["referrer-policy"], "same-origin");
    assert!(res.headers().get("strict-transport-security").is_none());
    // The page's policy: own scripts, WASM, and inline scripts with this
    // response's nonce only.
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src")
        .to_string();
    assert!(nonce.len() >= 16);
    let html = res.text().await.unwrap();
    // leptos_i18n leaves an empty <script></script> as a placeholder; an
    // empty script never runs, so the policy does not apply to it.
    let inline_scripts =
        html.matches("<script").count() - html.matches("<script></script>").count();
    assert!(inline_scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        inline_scripts,
        "every script carries the nonce"
    );
    let again = app.client.get(app.url("/setup")).send().await.unwrap();
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce),
        "a new nonce per page"
    );
    let other = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(other.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
    app.stop().await;

    let app =
        common::spawn_app_with([("PUSH_CONSOLE_HTTPS".to_string(), "true".to_string())].into())
            .await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(res.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    app.stop().await;
}
