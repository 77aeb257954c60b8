//! The audience tools over real HTTP, the sandbox as the IM API: lookups and
//! changes through the server functions with their role checks, attribute
//! names, and bulk jobs from uploaded files.
use crate::common;

use common::audience::{account_file, call_json, upload};
use common::spawn_app;
use push_console::domain::account::Role;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

fn tags_of(rows: &Value, account: &str) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["account"] == account)
        .map(|r| serde_json::from_value(r["tags"].clone()).unwrap())
        .unwrap_or_default()
}

#[tokio::test]
async fn tags_and_attributes_change_through_the_server_functions_and_are_audited() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let res = app
        .call(
            &olga,
            "audience/lookup",
            &[
                ("app_id", "sandbox"),
                ("accounts", "user00001\nuser00002, user00001"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let found: Value = res.json().await.unwrap();
    let rows = &found["Done"];
    assert_eq!(
        rows.as_array().unwrap().len(),
        2,
        "repeats are looked up once: {found}"
    );
    assert_eq!(
        rows[0]["attrs"].as_object().unwrap().len(),
        4,
        "the demo user has the four attributes"
    );

    let change = |c: Value| json!({ "app_id": "sandbox", "accounts": ["user00001", "user00002"], "change": c });
    let (_, added) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!({ "AddTags": ["测试标签", "wave"] })),
    )
    .await;
    for a in ["user00001", "user00002"] {
        let tags = tags_of(&added["Done"], a);
        assert!(
            tags.contains(&"测试标签".to_string()) && tags.contains(&"wave".to_string()),
            "{added}"
        );
    }
    let (_, removed) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!({ "RemoveTags": ["测试标签"] })),
    )
    .await;
    assert!(!tags_of(&removed["Done"], "user00001").contains(&"测试标签".to_string()));
    assert!(tags_of(&removed["Done"], "user00001").contains(&"wave".to_string()));

    let (_, set) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!({ "SetAttrs": { "city": "杭州" } })),
    )
    .await;
    assert_eq!(set["Done"][1]["attrs"]["city"], "杭州", "{set}");
    let (_, unset) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!({ "RemoveAttrs": ["city"] })),
    )
    .await;
    assert!(unset["Done"][0]["attrs"].get("city").is_none(), "{unset}");
    let (_, cleared) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!("RemoveAllTags")),
    )
    .await;
    assert!(
        tags_of(&cleared["Done"], "user00002").is_empty(),
        "{cleared}"
    );

    // Broken rules are refused before any call: the sandbox hears nothing.
    let calls = app.server.sandbox_calls.load(Ordering::SeqCst);
    for bad in [
        json!({ "AddTags": ["深".repeat(17)] }),
        json!({ "AddTags": (0..11).map(|i| format!("t{i}")).collect::<Vec<_>>() }),
        json!({ "AddTags": [] }),
        json!({ "SetAttrs": { "city": "x".repeat(51) } }),
    ] {
        let (status, answer) = call_json(&app, &olga, "audience/change", change(bad.clone())).await;
        assert_eq!(status, 200);
        assert!(
            answer["Invalid"].as_array().is_some_and(|v| !v.is_empty()),
            "{bad} → {answer}"
        );
    }
    let (_, bad_account) = call_json(
        &app,
        &olga,
        "audience/change",
        json!({ "app_id": "sandbox", "accounts": ["two words"], "change": { "AddTags": ["x"] } }),
    )
    .await;
    assert!(
        bad_account["Invalid"][0]["kind"]["BadAccount"].is_object(),
        "{bad_account}"
    );
    assert_eq!(
        app.server.sandbox_calls.load(Ordering::SeqCst),
        calls,
        "nothing invalid reached the sandbox"
    );
    // An attribute the app does not have costs one read of the names, no change.
    let (_, unknown) = call_json(
        &app,
        &olga,
        "audience/change",
        change(json!({ "SetAttrs": { "shoe size": "42" } })),
    )
    .await;
    assert!(
        unknown["Invalid"][0]["kind"]["UnknownAttr"].is_object(),
        "{unknown}"
    );
    assert_eq!(app.server.sandbox_calls.load(Ordering::SeqCst), calls + 1);

    // Roles: auditors and strangers cannot look or change.
    let ann = app.signed_in("ann", Role::Auditor).await;
    for client in [&ann, &app.new_client()] {
        let (status, _) = call_json(
            &app,
            client,
            "audience/change",
            change(json!({ "AddTags": ["x"] })),
        )
        .await;
        assert!(matches!(status, 401 | 403), "{status}");
    }

    // Every change is on record with its accounts and values.
    let events: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, details FROM audit_events WHERE action LIKE 'audience.%' ORDER BY id",
    )
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    let actions: Vec<&str> = events.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "audience.lookup",
            "audience.add_tags",
            "audience.remove_tags",
            "audience.set_attrs",
            "audience.remove_attrs",
            "audience.remove_all_tags"
        ]
    );
    assert!(
        events[1].1.contains("user00002") && events[1].1.contains("测试标签"),
        "{}",
        events[1].1
    );
    app.stop().await;
}

async fn names(app: &common::TestApp, c: &reqwest::Client) -> Vec<String> {
    let res = app
        .call(
            c,
            "compose/attr_names",
            &[("app_id", "sandbox"), ("refresh", "false")],
        )
        .await;
    res.json::<Vec<String>>().await.unwrap()
}

#[tokio::test]
async fn attribute_names_are_checked_saved_and_seen_by_the_composer_at_once() {
    let app = spawn_app().await;
    let admin = app.signed_in("ada", Role::Admin).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let slots = |names: &[&str]| {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.resize(10, String::new());
        json!({ "app_id": "sandbox", "slots": v })
    };
    let res = app
        .call(&admin, "audience/attr_names", &[("app_id", "sandbox")])
        .await;
    let now: Value = res.json().await.unwrap();
    assert_eq!(now["Done"][0], "city");
    assert_eq!(now["Done"].as_array().unwrap().len(), 10);
    // The composer reads (and caches) the names.
    assert!(names(&app, &olga).await.contains(&"city".to_string()));

    for (bad, kind) in [
        (
            slots(&["city", "会员等级", "gender", "language", &"n".repeat(51)]),
            "AttrNameTooLong",
        ),
        (
            slots(&["city", "city", "gender", "language"]),
            "RepeatedEntry",
        ),
        (
            slots(&["", "会员等级", "gender", "language"]),
            "EmptyAttrName",
        ),
    ] {
        let (_, answer) = call_json(&app, &admin, "audience/attr_names/set", bad).await;
        assert!(
            answer["Invalid"][0]["kind"].get(kind).is_some()
                || answer["Invalid"][0]["kind"] == kind,
            "{kind}: {answer}"
        );
    }
    let (status, _) = call_json(&app, &olga, "audience/attr_names/set", slots(&["城市"])).await;
    assert_eq!(status, 403, "operators do not name attributes");

    let (_, saved) = call_json(
        &app,
        &admin,
        "audience/attr_names/set",
        slots(&["城市", "会员等级", "gender", "language", "vip_level"]),
    )
    .await;
    assert_eq!(saved["Done"][0], "城市", "{saved}");
    let picker = names(&app, &olga).await;
    assert!(
        picker.contains(&"城市".to_string()) && picker.contains(&"vip_level".to_string()),
        "{picker:?}"
    );
    assert!(!picker.contains(&"city".to_string()));
    let (action, details): (String, String) = sqlx::query_as(
        "SELECT action, details FROM audit_events WHERE action = 'audience.attr_names'",
    )
    .fetch_one(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(action, "audience.attr_names");
    assert!(
        details.contains("\"city\"") && details.contains("城市"),
        "before and after: {details}"
    );
    app.stop().await;
}

#[tokio::test]
async fn uploads_that_break_a_rule_start_nothing() {
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let file = || account_file("u", 10).into_bytes();
    for (fields, why) in [
        (
            vec![
                ("app_id", "sandbox"),
                ("action", "add_tags"),
                ("tags", &*"深".repeat(17)),
                ("rate", "10"),
            ],
            "invalid",
        ),
        (
            vec![
                ("app_id", "sandbox"),
                ("action", "add_tags"),
                ("tags", ""),
                ("rate", "10"),
            ],
            "invalid",
        ),
        (
            vec![
                ("app_id", "sandbox"),
                ("action", "add_tags"),
                ("tags", "x"),
                ("rate", "101"),
            ],
            "rate",
        ),
        (
            vec![
                ("app_id", "sandbox"),
                ("action", "add_tags"),
                ("tags", "x"),
                ("rate", "0"),
            ],
            "rate",
        ),
        (
            vec![
                ("app_id", "nope"),
                ("action", "add_tags"),
                ("tags", "x"),
                ("rate", "10"),
            ],
            "app",
        ),
        (
            vec![("app_id", "sandbox"), ("action", "shout"), ("rate", "10")],
            "form",
        ),
        (
            vec![
                ("app_id", "sandbox"),
                ("action", "set_attrs"),
                ("set_name", "shoe size"),
                ("set_value", "42"),
                ("rate", "10"),
            ],
            "invalid",
        ),
    ] {
        let (status, answer) = upload(&app, &olga, &fields, file()).await;
        assert_eq!(
            (status, answer["refused"].as_str()),
            (400, Some(why)),
            "{fields:?}: {answer}"
        );
    }
    let (status, answer) = upload(
        &app,
        &olga,
        &[
            ("app_id", "sandbox"),
            ("action", "remove_all_tags"),
            ("rate", "10"),
        ],
        b"account\nbad line\n\n".to_vec(),
    )
    .await;
    assert_eq!(
        (status, answer["refused"].as_str()),
        (400, Some("no_accounts"))
    );
    let ann = app.signed_in("ann", Role::Auditor).await;
    let (status, _) = upload(
        &app,
        &ann,
        &[
            ("app_id", "sandbox"),
            ("action", "remove_all_tags"),
            ("rate", "10"),
        ],
        file(),
    )
    .await;
    assert_eq!(status, 403);
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audience_jobs")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(jobs, 0);
    let left: Vec<_> = std::fs::read_dir(app.dir.path().join("data/jobs"))
        .map(|d| d.collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "refused uploads leave no files: {left:?}");
    app.stop().await;
}
