//! The duplicate guard over real HTTP: the same message to the same
//! audience of an app within ten minutes is held (409, nothing recorded,
//! nothing sent) until the request names the earlier push; the review step
//! is told which push it repeats; and the detail keeps the request as sent.
use crate::common::audience::call_json;
use crate::common::{push_ticket, spawn_app_with_clock, TestApp};
use push_console::domain::account::Role;
use push_console::server::clock::ManualClock;
use serde_json::{json, Value};

fn request(msg_random: u32) -> Value {
    json!({
        "MsgRandom": msg_random,
        "Condition": { "TagsOr": ["vip"] },
        "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "今晚八点 / tonight at eight" } }],
    })
}

/// push/send of `request` with `key`, saying yes to repeating `repeat_of`.
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    (key, request): (&str, Value),
    repeat_of: Option<i64>,
) -> (u16, Value) {
    let body =
        json!({ "app_id": "sandbox", "key": key, "request": request, "repeat_of": repeat_of });
    call_json(app, client, "push/send", body).await
}

/// What the review step is told `request` repeats.
async fn earlier(app: &TestApp, client: &reqwest::Client, request: Value) -> Value {
    let (status, found) = call_json(
        app,
        client,
        "push/earlier",
        json!({ "app_id": "sandbox", "request": request }),
    )
    .await;
    assert_eq!(status, 200, "{found}");
    found
}

async fn counts(app: &TestApp) -> (i64, i64) {
    let pool = &app.server.state.db.pool;
    let pushes = sqlx::query_scalar("SELECT COUNT(*) FROM pushes")
        .fetch_one(pool)
        .await
        .unwrap();
    let sent = sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_pushes")
        .fetch_one(pool)
        .await
        .unwrap();
    (pushes, sent)
}

#[tokio::test]
async fn the_same_push_again_within_ten_minutes_waits_for_a_yes_naming_the_first() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;

    let (key, random) = push_ticket(&app, &olga).await;
    let (status, first) = send(&app, &olga, (&key, request(random)), None).await;
    assert_eq!(status, 200, "{first}");
    let first_id = first["Sent"]["push_id"].as_i64().expect("sent");

    // A second form (another tab), the same message and audience, seconds later.
    clock.advance_secs(3);
    let found = earlier(&app, &olga, request(1)).await;
    assert_eq!(
        found["push_id"], first_id,
        "the review step is told which push: {found}"
    );
    assert_eq!(found["minutes_ago"], 0);
    let before = counts(&app).await;
    let (key2, random2) = push_ticket(&app, &olga).await;
    let (status, held) = send(&app, &olga, (&key2, request(random2)), None).await;
    assert_eq!(status, 409, "{held}");
    assert_eq!(held, json!({ "RecentRepeat": { "push_id": first_id } }));
    assert_eq!(
        counts(&app).await,
        before,
        "a held push leaves no record and reaches no one"
    );

    // Another audience is another push.
    let mut other = request(random2);
    other["Condition"] = json!({ "TagsOr": ["新用户"] });
    assert_eq!(earlier(&app, &olga, other).await, Value::Null);

    // A yes that names an older push is no yes for this one.
    let (status, _) = send(&app, &olga, (&key2, request(random2)), Some(first_id - 1)).await;
    assert_eq!(status, 409);
    let (status, again) = send(&app, &olga, (&key2, request(random2)), Some(first_id)).await;
    assert_eq!(status, 200, "{again}");
    assert!(again["Sent"].is_object(), "{again}");

    // Ten minutes after the last one, the same push goes without a question.
    clock.advance_secs(10 * 60 + 1);
    assert_eq!(earlier(&app, &olga, request(1)).await, Value::Null);
    let (key3, random3) = push_ticket(&app, &olga).await;
    let (status, third) = send(&app, &olga, (&key3, request(random3)), None).await;
    assert_eq!(status, 200, "{third}");
    assert_eq!(counts(&app).await.1, before.1 + 2);
}

#[tokio::test]
async fn a_repeated_key_is_answered_by_its_first_outcome_not_held_as_a_repeat() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = push_ticket(&app, &olga).await;
    let (_, first) = send(&app, &olga, (&key, request(random)), None).await;
    let (status, again) = send(&app, &olga, (&key, request(random)), None).await;
    assert_eq!((status, &again), (200, &first));
}

#[tokio::test]
async fn the_detail_keeps_the_request_as_it_was_sent_and_indents_it_in_the_same_order() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = push_ticket(&app, &olga).await;
    let sent: push_console::domain::push::ImPushRequest =
        serde_json::from_value(request(random)).unwrap();
    let (_, outcome) = send(
        &app,
        &olga,
        (&key, serde_json::to_value(&sent).unwrap()),
        None,
    )
    .await;
    let id = outcome["Sent"]["push_id"].as_i64().unwrap();
    let detail: Value = app
        .call(&olga, "history/get", &[("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    // What the client posts is serde_json's rendering of this very value.
    assert_eq!(detail["request"], serde_json::to_string(&sent).unwrap());
    assert_eq!(
        detail["request_pretty"],
        serde_json::to_string_pretty(&sent).unwrap()
    );
    let pretty = detail["request_pretty"].as_str().unwrap();
    assert!(
        pretty.find("\"MsgRandom\"") < pretty.find("\"Condition\""),
        "the order sent, not sorted: {pretty}"
    );
}
