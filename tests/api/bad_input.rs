//! Bad input gets a clear 400 and changes nothing: malformed server-function
//! requests, searches longer than anything on record, upload forms with
//! oversized or extra fields; and what nobody but its owner may do to a job.
use crate::common;

use common::audience::{account_file, post_upload, upload};
use common::spawn_app;
use push_console::domain::account::Role;

/// Server functions that take a JSON body.
const JSON_FNS: [&str; 4] = [
    "push/send",
    "compose/drafts/save",
    "audience/attr_names/set",
    "audience/change",
];

/// A JSON body that nests deeper than any decoder should follow.
fn deep_json() -> Vec<u8> {
    format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()
}

fn json_cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty body", Vec::new()),
        ("invalid JSON", b"{\"app_id\": ".to_vec()),
        ("invalid UTF-8", b"{\"app_id\": \"\xff\xfe\"}".to_vec()),
        ("wrong types", br#"{"app_id": 5, "key": [], "request": "x", "accounts": 7}"#.to_vec()),
        (
            "MsgRandom 2^32",
            br#"{"app_id":"sandbox","key":"abcdefghijklmnop1234","request":{"MsgRandom":4294967296,"MsgBody":[]}}"#.to_vec(),
        ),
        (
            "MsgRandom -1",
            br#"{"app_id":"sandbox","key":"abcdefghijklmnop1234","request":{"MsgRandom":-1,"MsgBody":[]}}"#.to_vec(),
        ),
        (
            "unknown fields",
            br#"{"app_id":"sandbox","key":"abcdefghijklmnop1234","request":{"MsgRandom":1,"MsgBody":[],"Bogus":1}}"#.to_vec(),
        ),
        ("deep nesting", deep_json()),
    ]
}

fn form_cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty body", Vec::new()),
        ("invalid UTF-8", b"id=\xff\xfe&name=\xc3".to_vec()),
        (
            "wrong types",
            b"id=not-a-number&push_id=x&enabled=maybe&role=emperor&control=Explode&refresh=perhaps"
                .to_vec(),
        ),
        (
            "deep nesting",
            format!("filter{}=1", "[a]".repeat(5_000)).into_bytes(),
        ),
    ]
}

#[tokio::test]
async fn malformed_server_function_requests_answer_400_with_the_typed_error() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    // Server functions without arguments have nothing to be malformed.
    let no_args = [
        "shell_info",
        "auth/logout",
        "users/list",
        "push/ticket",
        "compose/drafts/list",
        "audience/jobs",
        "history/waiting",
        "history/awaiting_count",
    ];
    let mut failures = Vec::new();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let endpoint = path.trim_start_matches("/api/");
        if no_args.contains(&endpoint) || endpoint == "auth/logout" {
            continue;
        }
        let json = JSON_FNS.contains(&endpoint);
        let cases = if json { json_cases() } else { form_cases() };
        for (case, body) in cases {
            // A filter ignores keys it does not know (an address may carry
            // stray parameters); nested past serde_qs's depth, a key is one
            // such unknown key, and the list answers unfiltered.
            let filter = ["history/list", "audit/list"].contains(&endpoint);
            if filter && case == "deep nesting" {
                continue;
            }
            let res = admin
                .post(app.url(path))
                .header("accept", "application/json")
                .header(
                    "content-type",
                    if json {
                        "application/json"
                    } else {
                        "application/x-www-form-urlencoded"
                    },
                )
                .body(body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap_or_default();
            let typed = serde_json::from_str::<push_console::api::error::ApiError>(&text).is_ok();
            if status != 400 || !typed {
                failures.push(format!(
                    "{endpoint}, {case}: {status} {}",
                    &text[..text.len().min(120)]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Nothing was sent, and the server is fine.
    let pushes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pushes")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(pushes, 0);
    assert_eq!(app.call(&admin, "users/list", &[]).await.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn a_search_longer_than_anything_on_record_is_refused_with_400() {
    let app = spawn_app().await;
    let auditor = app.signed_in("audrey", Role::Auditor).await;
    let long = "推".repeat(50_000 / 3);
    for (endpoint, field) in [
        ("history/list", "filter[text]"),
        ("audit/list", "filter[actor]"),
    ] {
        let res = app.call(&auditor, endpoint, &[(field, &long)]).await;
        assert_eq!(res.status(), 400, "{endpoint}");
    }
    for path in ["/export/history.csv?text=", "/export/audit.csv?actor="] {
        let res = auditor
            .get(app.url(&format!("{path}{}", "x".repeat(50_000))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{path}");
    }
    // Within the limit, answered as usual.
    let res = app
        .call(
            &auditor,
            "history/list",
            &[("filter[text]", &"推".repeat(200))],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.stop().await;
}

/// What is left of uploads in the data folder.
fn upload_files(app: &common::TestApp) -> Vec<String> {
    std::fs::read_dir(app.server.state.config.data_dir.join("jobs"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with("upload-"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_upload_refused_after_its_file_leaves_nothing_behind() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let send = |extra: Vec<(String, String)>| {
        let (app, olga) = (&app, olga.clone());
        async move {
            let mut form = reqwest::multipart::Form::new()
                .text("app_id", "sandbox")
                .text("action", "add_tags")
                .text("tags", "x")
                .text("rate", "10")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(account_file("u", 100).into_bytes())
                        .file_name("accounts.csv"),
                );
            for (k, v) in extra {
                form = form.text(k, v);
            }
            post_upload(app, &olga, form).await
        }
    };
    let oversized = vec![("note".to_string(), "x".repeat(200 * 1024))];
    let many: Vec<(String, String)> = (0..100).map(|i| (format!("f{i}"), "y".into())).collect();
    for (what, extra) in [("an oversized field", oversized), ("too many fields", many)] {
        let (status, answer) = send(extra).await;
        assert_eq!(
            (status, answer["refused"].as_str()),
            (400, Some("form")),
            "{what}: {answer}"
        );
        assert!(
            upload_files(&app).is_empty(),
            "{what}: {:?}",
            upload_files(&app)
        );
    }
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audience_jobs")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(jobs, 0);
    app.stop().await;
}

#[tokio::test]
async fn only_its_owner_and_admins_may_control_or_download_a_job() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let otto = app.signed_in("otto", Role::Operator).await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let mut file = account_file("own", 50);
    file.push_str("two words\n");
    let (status, started) = upload(
        &app,
        &olga,
        &[
            ("app_id", "sandbox"),
            ("action", "add_tags"),
            ("tags", "mine"),
            ("rate", "1"),
        ],
        file.into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["job"].as_i64().unwrap().to_string();
    let pause = [("id", id.as_str()), ("control", "Pause")];
    assert_eq!(
        app.call(&otto, "audience/jobs/control", &pause)
            .await
            .status(),
        403
    );
    for file in ["failed", "malformed"] {
        let path = format!("/audience/jobs/{id}/{file}.csv");
        let res = otto.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{path}");
        let res = ada.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path} as admin");
    }
    let seen = app
        .call(&otto, "audience/jobs/get", &[("id", id.as_str())])
        .await;
    assert_eq!(seen.status(), 200, "other operators still see the job");
    assert_eq!(
        app.call(&olga, "audience/jobs/control", &pause)
            .await
            .status(),
        200
    );
    let cancel = [("id", id.as_str()), ("control", "Cancel")];
    assert_eq!(
        app.call(&ada, "audience/jobs/control", &cancel)
            .await
            .status(),
        200
    );
    app.stop().await;
}

#[tokio::test]
async fn pages_and_server_function_answers_are_never_cached() {
    let app = spawn_app().await;
    let ada = app.signed_in("ada", Role::Admin).await;
    let page = ada.get(app.url("/users")).send().await.unwrap();
    let answer = app
        .call(
            &ada,
            "users/add",
            &[("name", "newbie"), ("role", "operator")],
        )
        .await;
    for (what, res) in [("page", page), ("one-time password", answer)] {
        assert_eq!(res.status(), 200, "{what}");
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{what}"
        );
    }
    app.stop().await;
}

/// A download started after the session ended (a bookmarked export, a
/// second tab) is refused in the reader's language, whatever route it is.
#[tokio::test]
async fn a_refused_download_says_why_in_the_reader_s_language() {
    let app = spawn_app().await;
    let anonymous = reqwest::Client::new();
    for (path, accept, cookie, expected) in [
        ("/export/history.csv", "en-US,en;q=0.9", "", "Sign in again"),
        (
            "/export/audit.csv",
            "en",
            "i18n_pref_locale=zh-CN",
            "请重新登录",
        ),
        ("/audience/jobs/1/failed.csv", "zh-CN", "", "请重新登录"),
        (
            "/audience/jobs/1/malformed.csv",
            "zh-CN",
            "i18n_pref_locale=en",
            "Sign in again",
        ),
    ] {
        let answer = anonymous
            .get(app.url(path))
            .header("accept-language", accept)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401, "{path}");
        let text = answer.text().await.unwrap();
        assert!(text.contains(expected), "{path}: {text}");
    }
    app.stop().await;
}
