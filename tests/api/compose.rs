//! What the composer relies on, over real HTTP with the sandbox as Tencent:
//! invalid drafts posted straight to push/send never reach the sandbox;
//! drafts are private and come back identical; the quota meter counts; the
//! attribute names are the app's and are cached; a past push duplicates.
use crate::common;

use common::{push_ticket, send_push, spawn_app_with_clock, TestApp};
use push_console::domain::account::Role;
use push_console::domain::draft::ElementKind;
use push_console::domain::push::elements::{CustomElem, ImageElem, TextElem};
use push_console::domain::push::outcome::{Refusal, SendOutcome};
use push_console::domain::push::validate::ViolationKind;
use push_console::domain::push::{Condition, ImPushRequest, MsgElement};
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::atomic::Ordering;

pub(crate) fn text(t: &str) -> MsgElement {
    MsgElement::Text(TextElem { text: t.into() })
}

pub(crate) fn request(random: u32) -> ImPushRequest {
    ImPushRequest {
        from_account: None,
        msg_random: random,
        msg_life_time: Some(3600),
        condition: None,
        msg_body: vec![text("hello")],
        offline_push_info: None,
    }
}

pub(crate) fn tags(and: &[&str], or: &[&str]) -> Option<Condition> {
    let list = |l: &[&str]| (!l.is_empty()).then(|| l.iter().map(|t| t.to_string()).collect());
    Some(Condition {
        tags_and: list(and),
        tags_or: list(or),
        ..Condition::default()
    })
}

pub(crate) fn sandbox_calls(app: &TestApp) -> u64 {
    app.server.sandbox_calls.load(Ordering::SeqCst)
}

/// A server function's JSON answer, which must be a success.
pub(crate) async fn read<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    args: &[(&str, &str)],
) -> T {
    let res = app.call(client, endpoint, args).await;
    assert_eq!(res.status(), StatusCode::OK, "{endpoint}");
    res.json().await.unwrap()
}

pub(crate) async fn post_json(
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
