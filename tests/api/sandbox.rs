//! The IM client against the built-in sandbox over real HTTP: all ten calls,
//! and each outcome class.
use crate::common;

use common::{spawn_app, spawn_app_with_clock, TestApp};
use push_console::domain::audience::{UserAttrNames, UserAttrs, UserTags};
use push_console::domain::error_code::ErrorClass;
use push_console::domain::push::elements::TextElem;
use push_console::domain::push::valid::ValidPush;
use push_console::domain::push::validate::AppRules;
use push_console::domain::push::{Condition, ImPushRequest, MsgElement};
use push_console::server::clock::ManualClock;
use push_console::server::im::client::{CallError, ImClient};
use push_console::server::im::sig_cache::SigCache;
use push_console::server::sandbox::store;
use secrecy::SecretString;
use std::time::Duration;
use url::Url;

fn sandbox(app: &TestApp) -> &ImClient {
    &app.server.state.im["sandbox"]
}

/// A text push our rules let through (the sandbox may still refuse it:
/// an attribute name the app does not have, the rate, the quota).
fn text_push(random: u32, condition: Option<Condition>) -> ValidPush {
    let request = ImPushRequest {
        from_account: None,
        msg_random: random,
        msg_life_time: Some(3600),
        condition,
        msg_body: vec![MsgElement::Text(TextElem {
            text: "系统维护通知 / maintenance at 22:00".into(),
        })],
        offline_push_info: None,
    };
    ValidPush::accept(request, &AppRules::default()).expect("a plain text push is valid")
}

fn client_with(
    app: &TestApp,
    key: &str,
    clock: push_console::server::clock::SharedClock,
) -> ImClient {
    let sigs = SigCache::new(
        SecretString::from(key),
        1_400_000_001,
        "administrator".into(),
        clock,
    );
    let base = Url::parse(&app.url("/sandbox/")).unwrap();
    ImClient::new(
        reqwest::Client::new(),
        base,
        1_400_000_001,
        "administrator".into(),
        sigs,
    )
}

#[tokio::test]
async fn a_tag_push_reaches_the_demo_users_who_have_the_tag() {
    let app = spawn_app().await;
    let im = sandbox(&app);
    let names = im.get_attr_name().await.unwrap();
    assert_eq!(names["0"], "city");
    let vip = Condition {
        tags_or: Some(vec!["vip".into()]),
        ..Default::default()
    };
    let task = im.im_push(&text_push(1837465501, Some(vip))).await.unwrap();
    assert!(task.starts_with("1400000001_1837465501_"), "{task}");
    let reach = store::reach_of_task(&app.server.state.db, &task)
        .await
        .unwrap()
        .unwrap();
    assert!(
        reach > 1000 && reach < 3000,
        "about a fifth of 10,000 demo users have `vip`: {reach}"
    );
    println!("sandbox push: TaskId {task}, reach {reach}");
    app.stop().await;
}

#[tokio::test]
async fn tags_and_attributes_round_trip_through_all_calls() {
    let app = spawn_app().await;
    let im = sandbox(&app);
    let mut names = im.get_attr_name().await.unwrap();
    names.insert("4".into(), "兴趣".into());
    im.set_attr_name(&names).await.unwrap();
    assert_eq!(im.get_attr_name().await.unwrap()["4"], "兴趣");

    let alice = "alice".to_string();
    im.add_tag(&[UserTags {
        account: alice.clone(),
        tags: vec!["股票A".into(), "vip".into()],
    }])
    .await
    .unwrap();
    assert_eq!(
        im.get_tag(std::slice::from_ref(&alice)).await.unwrap()[0].tags,
        vec!["vip", "股票A"]
    );
    im.remove_tag(&[UserTags {
        account: alice.clone(),
        tags: vec!["vip".into()],
    }])
    .await
    .unwrap();
    assert_eq!(
        im.get_tag(std::slice::from_ref(&alice)).await.unwrap()[0].tags,
        vec!["股票A"]
    );
    im.remove_all_tags(std::slice::from_ref(&alice))
        .await
        .unwrap();
    assert!(im.get_tag(std::slice::from_ref(&alice)).await.unwrap()[0]
        .tags
        .is_empty());

    let attrs = UserAttrs {
        account: alice.clone(),
        attrs: [
            ("city".into(), "深圳".into()),
            ("兴趣".into(), "股票".into()),
        ]
        .into(),
    };
    im.set_attr(&[attrs]).await.unwrap();
    assert_eq!(
        im.get_attr(std::slice::from_ref(&alice)).await.unwrap()[0].attrs["city"],
        "深圳"
    );
    im.remove_attr(&[UserAttrNames {
        account: alice.clone(),
        attrs: vec!["city".into()],
    }])
    .await
    .unwrap();
    let left = &im.get_attr(std::slice::from_ref(&alice)).await.unwrap()[0].attrs;
    assert!(!left.contains_key("city") && left["兴趣"] == "股票");

    // 250 accounts go out as three requests of at most 100.
    let many: Vec<String> = (1..=250).map(|i| format!("user{i:05}")).collect();
    assert_eq!(im.get_tag(&many).await.unwrap().len(), 250);
    app.stop().await;
}

#[tokio::test]
async fn refusals_carry_the_documented_code_and_class() {
    let app = spawn_app().await;
    let im = sandbox(&app);
    let bad_attr = Condition {
        attrs_and: Some([("sex".to_string(), "F".to_string())].into()),
        ..Default::default()
    };
    match im.im_push(&text_push(7, Some(bad_attr))).await {
        Err(CallError::Rejected {
            code: 90033,
            class: ErrorClass::FixRequest,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let too_many = UserTags {
        account: "bob".into(),
        tags: (0..11).map(|i| format!("t{i}")).collect(),
    };
    assert!(matches!(
        im.add_tag(&[too_many]).await,
        Err(CallError::Rejected { code: 90032, .. })
    ));
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_key_gives_70009_and_an_expired_sig_70001() {
    let app = spawn_app().await;
    let wrong = client_with(
        &app,
        "not-the-sandbox-key",
        push_console::server::clock::system(),
    );
    match wrong.get_attr_name().await {
        Err(CallError::Rejected {
            code: 70009,
            class: ErrorClass::Configuration,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let key =
        secrecy::ExposeSecret::expose_secret(&app.server.state.config.apps[0].secret).to_string();
    let long_ago = client_with(&app, &key, ManualClock::at_secs(1_600_000_000));
    assert!(matches!(
        long_ago.get_attr_name().await,
        Err(CallError::Rejected { code: 70001, .. })
    ));
    app.stop().await;
}

#[tokio::test]
async fn pushes_closer_than_a_second_wait_and_the_daily_quota_ends_the_day() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let im = sandbox(&app);
    im.im_push(&text_push(1, None)).await.unwrap();
    match im.im_push(&text_push(2, None)).await {
        Err(CallError::Rejected {
            code: 90024,
            class: ErrorClass::WaitAndRetry,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // The same MsgRandom again is the same task, not a second push.
    let first_again = im.im_push(&text_push(1, None)).await.unwrap();
    clock.advance_secs(2);
    let second = im.im_push(&text_push(2, None)).await.unwrap();
    assert_ne!(first_again, second);
    for i in 3..=100 {
        clock.advance_secs(2);
        im.im_push(&text_push(i, None)).await.unwrap();
    }
    clock.advance_secs(2);
    match im.im_push(&text_push(101, None)).await {
        Err(CallError::Rejected {
            code: 90047,
            class: ErrorClass::QuotaUsedUp,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    clock.advance_secs(86_400);
    im.im_push(&text_push(102, None))
        .await
        .expect("a new day, a new quota");
    app.stop().await;
}

#[tokio::test]
async fn a_peer_that_never_answers_is_an_unknown_outcome() {
    let app = spawn_app().await;
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap();
    let _hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    let http = ImClient::http_client(Duration::from_millis(300), Duration::from_secs(1)).unwrap();
    let sigs = SigCache::new(
        SecretString::from("k"),
        1_400_000_001,
        "administrator".into(),
        push_console::server::clock::system(),
    );
    let client = ImClient::new(
        http,
        Url::parse(&format!("http://{addr}/")).unwrap(),
        1_400_000_001,
        "administrator".into(),
        sigs,
    );
    let err = client.im_push(&text_push(9, None)).await.unwrap_err();
    assert!(matches!(err, CallError::Unknown { .. }), "{err:?}");
    assert_eq!(err.class(), None);
    app.stop().await;
}

#[tokio::test]
async fn more_than_a_hundred_calls_a_second_are_refused_with_60007() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let im = sandbox(&app);
    let one = vec!["user00001".to_string()];
    for i in 0..100 {
        im.get_tag(&one)
            .await
            .unwrap_or_else(|e| panic!("call {i}: {e:?}"));
    }
    match im.get_tag(&one).await {
        Err(CallError::Rejected {
            code: 60007,
            class: ErrorClass::WaitAndRetry,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // Other commands have their own budget; the next second a fresh one.
    im.get_attr(&one).await.unwrap();
    clock.advance_secs(1);
    im.get_tag(&one).await.unwrap();
    app.stop().await;
}
