//! The send flow over real HTTP, with the sandbox as Tencent: one push per
//! key however often it is submitted, the app's rate and quota never
//! exceeded, invalid drafts never sent, unknown outcomes retried with the
//! same MsgRandom.
use crate::common;

use common::{
    push_ticket as ticket, send_push as send, spawn_app_full, spawn_app_with, spawn_app_with_clock,
    TestApp,
};
use push_console::domain::account::Role;
use push_console::domain::push::elements::TextElem;
use push_console::domain::push::outcome::{Refusal, SendOutcome};
use push_console::domain::push::{Condition, ImPushRequest, MsgElement};
use push_console::server::clock::ManualClock;
use reqwest::StatusCode;

fn draft(msg_random: u32, condition: Option<Condition>) -> ImPushRequest {
    ImPushRequest {
        from_account: None,
        msg_random,
        msg_life_time: Some(3600),
        condition,
        // A text of its own per ticket: these are different pushes, which
        // the duplicate guard (tests/api/repeats.rs) would otherwise hold.
        msg_body: vec![MsgElement::Text(TextElem {
            text: format!("双十一活动开始 / the sale starts #{msg_random}"),
        })],
        offline_push_info: None,
    }
}

async fn sandbox_pushes(app: &TestApp) -> Vec<(i64, i64)> {
    sqlx::query_as("SELECT msg_random, received_us FROM sandbox_pushes ORDER BY received_us")
        .fetch_all(&app.server.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_same_form_sent_twice_or_twenty_times_at_once_is_one_push() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;

    let (key, random) = ticket(&app, &olga).await;
    let first = send(&app, &olga, &key, &draft(random, None)).await;
    let again = send(&app, &olga, &key, &draft(random, None)).await;
    assert!(matches!(first, SendOutcome::Sent { .. }), "{first:?}");
    assert_eq!(
        first, again,
        "a repeated key answers with the first outcome"
    );
    assert_eq!(sandbox_pushes(&app).await.len(), 1);

    clock.advance_secs(2);
    let (key, random) = ticket(&app, &olga).await;
    let request = draft(random, None);
    let calls = (0..20).map(|_| send(&app, &olga, &key, &request));
    let outcomes = futures::future::join_all(calls).await;
    assert!(
        matches!(outcomes[0], SendOutcome::Sent { .. }),
        "{:?}",
        outcomes[0]
    );
    assert!(outcomes.iter().all(|o| *o == outcomes[0]), "{outcomes:#?}");
    assert_eq!(
        sandbox_pushes(&app).await.len(),
        2,
        "one more push, not twenty"
    );
    app.stop().await;
}

#[tokio::test]
async fn concurrent_sends_keep_a_second_apart_and_within_the_daily_quota() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let mut tickets = Vec::new();
    for _ in 0..20 {
        tickets.push(ticket(&app, &olga).await);
    }
    let calls = tickets.iter().map(|(key, random)| {
        let request = draft(*random, None);
        let olga = &olga;
        let app = &app;
        async move { send(app, olga, key, &request).await }
    });
    let outcomes = futures::future::join_all(calls).await;
    let sent = outcomes
        .iter()
        .filter(|o| matches!(o, SendOutcome::Sent { .. }))
        .count();
    assert_eq!(sent, 1, "{outcomes:#?}");
    for o in &outcomes {
        if let SendOutcome::Refused { reason, .. } = o {
            assert!(
                matches!(reason, Refusal::TooSoon { retry_after_ms } if *retry_after_ms > 0 && *retry_after_ms <= 1200),
                "told when to try again: {reason:?}"
            );
        }
    }

    // The rest of the day's quota, a push every two seconds; then refusal.
    for _ in 1..100 {
        clock.advance_secs(2);
        let (key, random) = ticket(&app, &olga).await;
        let outcome = send(&app, &olga, &key, &draft(random, None)).await;
        assert!(matches!(outcome, SendOutcome::Sent { .. }), "{outcome:?}");
    }
    clock.advance_secs(2);
    let (key, random) = ticket(&app, &olga).await;
    match send(&app, &olga, &key, &draft(random, None)).await {
        SendOutcome::Refused {
            reason: Refusal::QuotaUsedUp { resets_at_us },
            ..
        } => {
            assert!(resets_at_us > clock_now(&app))
        }
        other => panic!("{other:?}"),
    }
    let pushes = sandbox_pushes(&app).await;
    assert_eq!(pushes.len(), 100);
    assert!(
        pushes.windows(2).all(|w| w[1].1 - w[0].1 > 1_000_000),
        "never two within a second"
    );
    let statuses: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM pushes GROUP BY status ORDER BY status")
            .fetch_all(&app.server.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        [("refused".to_string(), 20), ("sent".to_string(), 100)]
    );
    app.stop().await;
}

fn clock_now(app: &TestApp) -> i64 {
    app.server.state.clock.now_micros()
}

#[tokio::test]
async fn an_invalid_draft_is_refused_with_every_violation_and_never_sent() {
    let app = spawn_app_with_clock(ManualClock::at_secs(1_764_000_000)).await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = ticket(&app, &olga).await;
    let bad = Condition {
        tags_or: Some(vec!["".into(), "股".repeat(17)]),
        attrs_and: Some([("city".to_string(), "深圳".to_string())].into()),
        ..Default::default()
    };
    match send(&app, &olga, &key, &draft(random, Some(bad))).await {
        SendOutcome::Refused {
            reason: Refusal::Invalid(violations),
            ..
        } => {
            let codes: Vec<_> = violations.iter().filter_map(|v| v.code()).collect();
            assert!(
                codes.contains(&90040) && codes.contains(&90020) && codes.contains(&90039),
                "{codes:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(sandbox_pushes(&app).await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_timeout_is_an_unknown_outcome_and_the_retry_resends_the_same_body() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_full(
        [("PUSH_CONSOLE_IM_TIMEOUT_SECS".to_string(), "1".to_string())].into(),
        clock.clone(),
    )
    .await;
    let olga = app.signed_in("olga", Role::Operator).await;
    app.server
        .sandbox_delay_ms
        .store(3_000, std::sync::atomic::Ordering::SeqCst);
    let (key, random) = ticket(&app, &olga).await;
    let vip = Condition {
        tags_or: Some(vec!["vip".into()]),
        ..Default::default()
    };
    let outcome = send(&app, &olga, &key, &draft(random, Some(vip))).await;
    let SendOutcome::Unknown { push_id } = outcome else {
        panic!("{outcome:?}")
    };

    app.server
        .sandbox_delay_ms
        .store(0, std::sync::atomic::Ordering::SeqCst);
    clock.advance_secs(2);
    let res = app
        .call(&olga, "push/retry", &[("push_id", &push_id.to_string())])
        .await;
    let retried: SendOutcome = res.json().await.unwrap();
    let SendOutcome::Sent { task_id, .. } = retried else {
        panic!("{retried:?}")
    };
    assert!(
        task_id.contains(&format!("_{random}_")),
        "the same MsgRandom: {task_id}"
    );
    let again = app
        .call(&olga, "push/retry", &[("push_id", &push_id.to_string())])
        .await;
    assert_eq!(
        again.status(),
        StatusCode::BAD_REQUEST,
        "only unknown outcomes are retried"
    );

    let attempts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT attempt, outcome FROM push_attempts WHERE push_id = $1 ORDER BY attempt",
    )
    .bind(push_id)
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        attempts,
        [(1, "unknown".to_string()), (2, "sent".to_string())]
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE action LIKE 'push.%' ORDER BY id",
    )
    .fetch_all(&app.server.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        ["push.send", "push.outcome", "push.retry", "push.outcome"]
    );
    app.stop().await;
}

/// Sends `request` with a fresh ticket, waiting as long as a refusal for
/// spacing says, until the push has an outcome of its own.
async fn send_when_allowed(
    app: &TestApp,
    olga: &reqwest::Client,
    condition: Condition,
) -> SendOutcome {
    for _ in 0..20 {
        let (key, random) = ticket(app, olga).await;
        match send(app, olga, &key, &draft(random, Some(condition.clone()))).await {
            SendOutcome::Refused {
                reason: Refusal::TooSoon { retry_after_ms },
                ..
            } => tokio::time::sleep(std::time::Duration::from_millis(retry_after_ms as u64)).await,
            outcome => return outcome,
        }
    }
    panic!("never allowed to send")
}

#[tokio::test]
async fn pushes_after_a_slow_attribute_push_are_spaced_from_its_answer() {
    // Every sandbox call takes 0.6 s: the attribute-name lookup before an
    // attribute push, and the push itself.
    let app = spawn_app_with(
        [(
            "PUSH_CONSOLE_SANDBOX_DELAY_MS".to_string(),
            "600".to_string(),
        )]
        .into(),
    )
    .await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let by_city = Condition {
        attrs_or: Some([("city".to_string(), "深圳".to_string())].into()),
        ..Default::default()
    };
    let vip = Condition {
        tags_or: Some(vec!["vip".into()]),
        ..Default::default()
    };
    for condition in [by_city.clone(), vip.clone(), by_city, vip] {
        let outcome = send_when_allowed(&app, &olga, condition).await;
        assert!(
            matches!(outcome, SendOutcome::Sent { .. }),
            "the API never answers 90024: {outcome:?}"
        );
    }
    let received = sandbox_pushes(&app).await;
    assert_eq!(received.len(), 4);
    for pair in received.windows(2) {
        assert!(
            pair[1].1 - pair[0].1 > 1_000_000,
            "more than a second apart at the API: {received:?}"
        );
    }
    app.stop().await;
}
