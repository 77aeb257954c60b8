//! Every server function the app registers, called as anonymous, auditor,
//! operator and admin, against a table of who may call it. A server
//! function added without a row here makes this test fail.
use crate::common;

use common::{spawn_app, PASSWORD};
use push_console::domain::account::Role;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// Who may call: anonymous, auditor, operator, admin.
type Allowed = [bool; 4];
const EVERYONE: Allowed = [true, true, true, true];
const SIGNED_IN: Allowed = [false, true, true, true];
const SENDERS: Allowed = [false, false, true, true];
const ADMIN: Allowed = [false, false, false, true];
const AUDITORS: Allowed = [false, true, false, true];

/// Endpoint, a well-formed argument set (`{target}` is another user's id),
/// and who may call it.
type Row = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Allowed,
);
const TABLE: &[Row] = &[
    ("shell_info", &[], EVERYONE),
    (
        "auth/setup",
        &[("name", "newcomer"), ("password", PASSWORD)],
        EVERYONE,
    ),
    (
        "auth/login",
        &[("name", "nobody"), ("password", PASSWORD)],
        EVERYONE,
    ),
    ("auth/logout", &[], EVERYONE),
    (
        "auth/change_password",
        &[("current", "not the password"), ("new", PASSWORD)],
        SIGNED_IN,
    ),
    ("users/list", &[], ADMIN),
    (
        "users/add",
        &[("name", "added"), ("role", "auditor")],
        ADMIN,
    ),
    (
        "users/set_role",
        &[("id", "{target}"), ("role", "auditor")],
        ADMIN,
    ),
    (
        "users/set_enabled",
        &[("id", "{target}"), ("enabled", "true")],
        ADMIN,
    ),
    ("users/reset_password", &[("id", "{target}")], ADMIN),
    ("push/ticket", &[], SENDERS),
    ("push/send", &[("json", SEND_BODY)], SENDERS),
    ("push/retry", &[("push_id", "1")], SENDERS),
    ("push/earlier", &[("json", EARLIER_BODY)], SENDERS),
    ("history/list", &[("filter[status]", "")], SIGNED_IN),
    ("history/get", &[("id", "1")], SIGNED_IN),
    ("history/waiting", &[], SIGNED_IN),
    ("history/awaiting_count", &[], SENDERS),
    (
        "review/approve",
        &[("push_id", "1"), ("digest", "0"), ("password", "wrong")],
        SENDERS,
    ),
    (
        "review/reject",
        &[("push_id", "1"), ("reason", "no")],
        SENDERS,
    ),
    ("review/withdraw", &[("push_id", "1")], SENDERS),
    ("review/cancel", &[("push_id", "1")], SENDERS),
    ("review/send", &[("push_id", "1")], SENDERS),
    (
        "review/reschedule",
        &[("push_id", "1"), ("at_us", "0")],
        SENDERS,
    ),
    ("audit/list", &[("filter[group]", "")], AUDITORS),
    (
        "compose/attr_names",
        &[("app_id", "sandbox"), ("refresh", "false")],
        SENDERS,
    ),
    ("compose/quota", &[("app_id", "sandbox")], SENDERS),
    ("compose/drafts/save", &[("json", SAVE_DRAFT_BODY)], SENDERS),
    ("compose/drafts/list", &[], SENDERS),
    ("compose/drafts/open", &[("id", "1")], SENDERS),
    ("compose/drafts/delete", &[("id", "1")], SENDERS),
    ("compose/from_push", &[("push_id", "1")], SENDERS),
    ("audience/attr_names", &[("app_id", "sandbox")], ADMIN),
    (
        "audience/attr_names/set",
        &[("json", ATTR_NAMES_BODY)],
        ADMIN,
    ),
    (
        "audience/lookup",
        &[("app_id", "sandbox"), ("accounts", "user00001")],
        SENDERS,
    ),
    ("audience/change", &[("json", CHANGE_BODY)], SENDERS),
    ("audience/jobs", &[], SENDERS),
    ("audience/jobs/get", &[("id", "1")], SENDERS),
    (
        "audience/jobs/control",
        &[("id", "1"), ("control", "Pause")],
        SENDERS,
    ),
];

/// The sandbox's own names again, so the call changes nothing.
const ATTR_NAMES_BODY: &str =
    r#"{"app_id":"sandbox","slots":["city","会员等级","gender","language","","","","","",""]}"#;

const CHANGE_BODY: &str =
    r#"{"app_id":"sandbox","accounts":["user00001"],"change":{"AddTags":["vip"]}}"#;

/// compose/drafts/save takes JSON: a whole composer draft.
const SAVE_DRAFT_BODY: &str = r#"{"id":null,"name":"draft","draft":{"app_id":"sandbox",
    "audience":{"kind":"Everyone","tags_all":[],"tags_any":[],"attrs_all":[],"attrs_any":[]},
    "elements":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}],"life_time":0,
    "from_account":"","offline_on":true,"offline":{}}}"#;

/// push/send takes JSON (a whole push request); `{key}` becomes a fresh key.
const SEND_BODY: &str = r#"{"app_id":"sandbox","key":"{key}","request":{"MsgRandom":7,
    "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}}"#;

/// push/earlier takes JSON too: the app and the request about to be sent.
const EARLIER_BODY: &str = r#"{"app_id":"sandbox","request":{"MsgRandom":7,
    "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}}"#;

#[tokio::test]
async fn every_server_function_checks_the_callers_role() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            assert_eq!(
                method,
                axum::http::Method::POST,
                "{path}: reads and writes are POST"
            );
            path.trim_start_matches("/api/").to_string()
        })
        .collect();
    let tabled: BTreeSet<String> = TABLE.iter().map(|(e, _, _)| e.to_string()).collect();
    assert_eq!(
        registered, tabled,
        "every server function needs a row in TABLE, and only those"
    );

    let app = spawn_app().await;
    let target = app.add_user("target", Role::Operator).await.to_string();
    for role in [Role::Auditor, Role::Operator, Role::Admin] {
        app.add_user(role.as_str(), role).await;
    }
    let mut failures = Vec::new();
    for (endpoint, args, allowed) in TABLE {
        let form: Vec<(&str, String)> = args
            .iter()
            .map(|(k, v)| (*k, v.replace("{target}", &target)))
            .collect();
        for (column, role) in [
            None,
            Some(Role::Auditor),
            Some(Role::Operator),
            Some(Role::Admin),
        ]
        .into_iter()
        .enumerate()
        {
            // A fresh sign-in for every call: a call may end its own session.
            let client = app.new_client();
            if let Some(role) = role {
                let res = client
                    .post(app.url("/api/auth/login"))
                    .header("accept", "application/json")
                    .form(&[("name", role.as_str()), ("password", PASSWORD)])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::OK, "{} signs in", role.as_str());
            }
            let request = client
                .post(app.url(&format!("/api/{endpoint}")))
                .header("accept", "application/json");
            let request = match form.as_slice() {
                [("json", body)] => {
                    request
                        .header("content-type", "application/json")
                        .body(body.replace(
                            "{key}",
                            &format!("key-{endpoint}-{column}-0123456789").replace('/', "-"),
                        ))
                }
                _ => request.form(&form),
            };
            let res = request.send().await.unwrap();
            let status = res.status();
            let denied = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
            let who = role.map_or("anonymous", Role::as_str);
            if status.is_server_error() {
                failures.push(format!("{endpoint} as {who}: {status}"));
            } else if denied == allowed[column] {
                failures.push(format!(
                    "{endpoint} as {who}: expected {}, got {status} {}",
                    if allowed[column] { "allowed" } else { "denied" },
                    res.text().await.unwrap_or_default()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    app.stop().await;
}
