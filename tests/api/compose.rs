//! What the composer relies on, over real HTTP with the sandbox as Tencent:
//! invalid drafts posted straight to push/send never reach the sandbox;
//! drafts are private and come back identical; the quota meter counts; the
//! attribute names are the app's and are cached; a past push duplicates.
use crate::common;

use common::{push_ticket, send_push, spawn_app_with_clock, TestApp};
use push_console::domain::account::Role;
use push_console::domain::draft::{AttrRow, AudienceKind, Draft, ElementKind};
use push_console::domain::push::elements::{CustomElem, ImageElem, TextElem};
use push_console::domain::push::outcome::{Refusal, SendOutcome};
use push_console::domain::push::validate::ViolationKind;
use push_console::domain::push::{Condition, ImPushRequest, MsgElement};
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

fn text(t: &str) -> MsgElement {
    MsgElement::Text(TextElem { text: t.into() })
}

fn request(random: u32) -> ImPushRequest {
    ImPushRequest {
        from_account: None,
        msg_random: random,
        msg_life_time: Some(3600),
        condition: None,
        msg_body: vec![text("hello")],
        offline_push_info: None,
    }
}

fn tags(and: &[&str], or: &[&str]) -> Option<Condition> {
    let list = |l: &[&str]| (!l.is_empty()).then(|| l.iter().map(|t| t.to_string()).collect());
    Some(Condition {
        tags_and: list(and),
        tags_or: list(or),
        ..Condition::default()
    })
}

fn sandbox_calls(app: &TestApp) -> u64 {
    app.server.sandbox_calls.load(Ordering::SeqCst)
}

/// A server function's JSON answer, which must be a success.
async fn read<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    args: &[(&str, &str)],
) -> T {
    let res = app.call(client, endpoint, args).await;
    assert_eq!(res.status(), StatusCode::OK, "{endpoint}");
    res.json().await.unwrap()
}

async fn post_json(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    body: Value,
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn hand_made_invalid_drafts_posted_to_send_are_refused_and_the_sandbox_hears_nothing() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    type Case = (
        &'static str,
        Box<dyn Fn(&mut ImPushRequest)>,
        fn(&ViolationKind) -> bool,
    );
    let cases: Vec<Case> = vec![
        ("empty body", Box::new(|r| r.msg_body.clear()), |k| {
            matches!(k, ViolationKind::EmptyBody)
        }),
        (
            "17 Chinese characters in a tag",
            Box::new(|r| r.condition = tags(&[&"股".repeat(17)], &[])),
            |k| matches!(k, ViolationKind::TagTooLong { bytes: 51 }),
        ),
        (
            "11 tags",
            Box::new(|r| {
                r.condition = tags(
                    &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
                    &[],
                )
            }),
            |k| matches!(k, ViolationKind::TooManyTags { count: 11 }),
        ),
        (
            "an empty tag",
            Box::new(|r| r.condition = tags(&[], &[""])),
            |k| matches!(k, ViolationKind::EmptyTag),
        ),
        (
            "a tag in both lists",
            Box::new(|r| r.condition = tags(&["vip"], &["vip", "new"])),
            |k| matches!(k, ViolationKind::TagInBothLists { .. }),
        ),
        (
            "tags with attributes",
            Box::new(|r| {
                r.condition = Some(Condition {
                    tags_and: Some(vec!["vip".into()]),
                    attrs_or: Some([("city".to_string(), "深圳".to_string())].into()),
                    ..Condition::default()
                })
            }),
            |k| matches!(k, ViolationKind::TagsWithAttrs),
        ),
        (
            "an empty tag list",
            Box::new(|r| {
                r.condition = Some(Condition {
                    tags_or: Some(vec![]),
                    ..Condition::default()
                })
            }),
            |k| matches!(k, ViolationKind::EmptyTagList),
        ),
        (
            "eight days offline",
            Box::new(|r| r.msg_life_time = Some(8 * 86_400)),
            |k| matches!(k, ViolationKind::LifeTimeOutOfRange { .. }),
        ),
        (
            "an image without its URLs",
            Box::new(|r| r.msg_body = vec![ElementKind::Image.blank()]),
            |k| matches!(k, ViolationKind::MissingField { .. }),
        ),
        (
            "an image of an unknown format",
            Box::new(|r| {
                r.msg_body = vec![MsgElement::Image(ImageElem {
                    image_format: 9,
                    ..ImageElem::default()
                })]
            }),
            |k| matches!(k, ViolationKind::InvalidField { field } if field == "ImageFormat"),
        ),
        (
            "two custom elements",
            Box::new(|r| {
                r.msg_body = vec![
                    MsgElement::Custom(CustomElem {
                        data: "a".into(),
                        desc: Some("a".into()),
                        ..CustomElem::default()
                    }),
                    MsgElement::Custom(CustomElem {
                        data: "b".into(),
                        ..CustomElem::default()
                    }),
                ]
            }),
            |k| matches!(k, ViolationKind::MoreThanOneCustom),
        ),
        (
            "13 KB of text",
            Box::new(|r| r.msg_body = vec![text(&"x".repeat(13 * 1024))]),
            |k| matches!(k, ViolationKind::BodyTooLarge { .. }),
        ),
        (
            "a sender with a space",
            Box::new(|r| r.from_account = Some("ops team".into())),
            |k| matches!(k, ViolationKind::BadFromAccount),
        ),
    ];
    let before = sandbox_calls(&app);
    for (name, make_bad, expected) in &cases {
        let (key, random) = push_ticket(&app, &olga).await;
        let mut bad = request(random);
        make_bad(&mut bad);
        match send_push(&app, &olga, &key, &bad).await {
            SendOutcome::Refused {
                reason: Refusal::Invalid(violations),
                ..
            } => assert!(
                violations.iter().any(|v| expected(&v.kind)),
                "{name}: {violations:?}"
            ),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(
        sandbox_calls(&app),
        before,
        "no request reached the sandbox"
    );
    let refused: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pushes WHERE status = 'refused'")
        .fetch_one(&app.server.state.db.pool)
        .await
        .unwrap();
    assert_eq!(refused, cases.len() as i64, "each refusal is on record");

    // An attribute the app does not have needs the app's names: one read
    // of them, and still no push.
    let (key, random) = push_ticket(&app, &olga).await;
    let mut bad = request(random);
    bad.condition = Some(Condition {
        attrs_and: Some([("no such attribute".to_string(), "x".to_string())].into()),
        ..Condition::default()
    });
    match send_push(&app, &olga, &key, &bad).await {
        SendOutcome::Refused {
            reason: Refusal::Invalid(v),
            ..
        } => {
            assert!(
                matches!(&v[0].kind, ViolationKind::UnknownAttr { name } if name == "no such attribute"),
                "{v:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sandbox_calls(&app),
        before + 1,
        "only im_get_attr_name was called"
    );
    app.stop().await;
}

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
