//! Drafts, the quota meter and the app's attribute names as the composer reads them.
use crate::common;

use crate::compose::{post_json, read, sandbox_calls, text};
use common::{push_ticket, send_push, spawn_app_with_clock};
use push_console::domain::account::Role;
use push_console::domain::draft::{AttrRow, AudienceKind, Draft, ElementKind};
use push_console::domain::push::outcome::SendOutcome;
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn a_full_draft() -> Draft {
    let mut d = Draft::new("sandbox");
    d.audience.switch_to(AudienceKind::Attrs);
    d.audience.attrs_all = vec![AttrRow {
        name: "city".into(),
        value: "深圳".into(),
    }];
    d.elements = ElementKind::ALL.iter().map(|k| k.blank()).collect();
    d.elements[0] = text("第一行\nsecond line");
    d.life_time = 7_200;
    d.offline.title = Some("双十一".into());
    d
}

#[tokio::test]
async fn drafts_are_their_owner_s_alone_and_reopen_identical() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let otto = app.signed_in("otto", Role::Operator).await;
    let draft = a_full_draft();
    let res = post_json(
        &app,
        &olga,
        "compose/drafts/save",
        json!({ "id": null, "name": "双十一 launch", "draft": draft }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i64 = res.json().await.unwrap();

    let opened: Value = read(
        &app,
        &olga,
        "compose/drafts/open",
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(opened["name"], "双十一 launch");
    let reopened: Draft = serde_json::from_value(opened["draft"].clone()).unwrap();
    assert_eq!(reopened, draft, "element by element");

    let list: Value = read(&app, &otto, "compose/drafts/list", &[]).await;
    assert_eq!(list, json!([]), "otto sees none of olga's drafts");
    for (endpoint, args) in [
        ("compose/drafts/open", ("id", id.to_string())),
        ("compose/drafts/delete", ("id", id.to_string())),
    ] {
        let res = app.call(&otto, endpoint, &[(args.0, &args.1)]).await;
        assert_eq!(
            res.status(),
            StatusCode::BAD_REQUEST,
            "{endpoint} by someone else"
        );
    }
    let res = post_json(
        &app,
        &otto,
        "compose/drafts/save",
        json!({ "id": id, "name": "taken", "draft": draft }),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "nobody overwrites another's draft"
    );

    let list: Value = read(&app, &olga, "compose/drafts/list", &[]).await;
    assert_eq!(list[0]["name"], "双十一 launch");
    let res = post_json(
        &app,
        &olga,
        "compose/drafts/save",
        json!({ "id": null, "name": "  ", "draft": draft }),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a draft needs a name"
    );
    let res = app
        .call(&olga, "compose/drafts/delete", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = read(&app, &olga, "compose/drafts/list", &[]).await;
    assert_eq!(list, json!([]));
    app.stop().await;
}

#[tokio::test]
async fn the_quota_meter_counts_today_s_pushes_and_a_sent_push_duplicates_into_a_draft() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let meter = |v: Value| {
        (
            v["used_today"].as_i64().unwrap(),
            v["quota"].as_i64().unwrap(),
            v["next_in_ms"].as_i64().unwrap(),
        )
    };
    let q: Value = read(&app, &olga, "compose/quota", &[("app_id", "sandbox")]).await;
    assert_eq!(meter(q), (0, 100, 0));

    let mut draft = a_full_draft();
    draft.audience.switch_to(AudienceKind::Tags);
    draft.audience.tags_all = vec!["会员".into()];
    draft.elements = vec![text("今晚八点开抢")];
    let (key, random) = push_ticket(&app, &olga).await;
    let SendOutcome::Sent { push_id, .. } =
        send_push(&app, &olga, &key, &draft.to_request(random)).await
    else {
        panic!("the push is sent");
    };
    let q: Value = read(&app, &olga, "compose/quota", &[("app_id", "sandbox")]).await;
    let (used, quota, next_in_ms) = meter(q);
    assert_eq!((used, quota), (1, 100));
    assert!(
        next_in_ms > 1000,
        "the next push waits its second: {next_in_ms}"
    );
    clock.advance_secs(2);
    let q: Value = read(&app, &olga, "compose/quota", &[("app_id", "sandbox")]).await;
    assert_eq!(meter(q), (1, 100, 0));

    let copy: Draft = read(
        &app,
        &olga,
        "compose/from_push",
        &[("push_id", &push_id.to_string())],
    )
    .await;
    assert_eq!(
        copy, draft,
        "the duplicate is the same push to compose again"
    );
    let res = app
        .call(&olga, "compose/quota", &[("app_id", "no-such-app")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    app.stop().await;
}

#[tokio::test]
async fn attribute_names_are_the_app_s_and_read_once_until_refreshed() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let names = |refresh: &'static str| {
        let (app, olga) = (&app, &olga);
        async move {
            let res = app
                .call(
                    olga,
                    "compose/attr_names",
                    &[("app_id", "sandbox"), ("refresh", refresh)],
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Vec<String>>().await.unwrap()
        }
    };
    let before = sandbox_calls(&app);
    let expected: Vec<String> = push_console::server::sandbox::seed::ATTR_NAMES
        .iter()
        .map(|(_, n)| n.to_string())
        .collect();
    assert_eq!(names("false").await, expected);
    assert_eq!(names("false").await, expected);
    assert_eq!(
        sandbox_calls(&app),
        before + 1,
        "the second read is served from memory"
    );
    assert_eq!(names("true").await, expected);
    assert_eq!(sandbox_calls(&app), before + 2, "a refresh reads again");
    app.stop().await;
}
