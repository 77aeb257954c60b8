//! The usersig and the secret key never reach the logs: every event of a
//! succeeding and of failing IM calls, at the most detailed level, is
//! captured and searched.
use crate::common;

use common::spawn_app_with_clock;
use push_console::domain::push::elements::TextElem;
use push_console::domain::push::valid::ValidPush;
use push_console::domain::push::validate::AppRules;
use push_console::domain::push::{ImPushRequest, MsgElement};
use push_console::server::clock::{ManualClock, SharedClock};
use push_console::server::im::client::ImClient;
use push_console::server::im::sig_cache::SigCache;
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use url::Url;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn client(base: &str, key: &str, clock: SharedClock) -> ImClient {
    let sigs = SigCache::new(
        SecretString::from(key),
        1_400_000_001,
        "administrator".into(),
        clock,
    );
    ImClient::new(
        reqwest::Client::new(),
        Url::parse(base).unwrap(),
        1_400_000_001,
        "administrator".into(),
        sigs,
    )
}

#[tokio::test]
async fn neither_usersig_nor_key_appears_in_any_log_line() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .init();

    let clock = ManualClock::at_secs(1_764_000_000);
    let shared: SharedClock = clock.clone();
    let app = spawn_app_with_clock(shared.clone()).await;
    let key = app.server.state.config.apps[0]
        .secret
        .expose_secret()
        .to_string();
    let im = &app.server.state.im["sandbox"];

    // Succeeding calls.
    im.get_attr_name().await.unwrap();
    let push = ImPushRequest {
        from_account: None,
        msg_random: 42,
        msg_life_time: Some(60),
        condition: None,
        msg_body: vec![MsgElement::Text(TextElem { text: "hi".into() })],
        offline_push_info: None,
    };
    let valid = |r: ImPushRequest| ValidPush::accept(r, &AppRules::default()).unwrap();
    im.im_push(&valid(push.clone())).await.unwrap();
    // Refused: a wrong key; refused: a push too soon; not sent: nobody listening.
    let wrong_key = "0123456789abcdef-wrong-key";
    let wrong = client(&app.url("/sandbox/"), wrong_key, shared.clone());
    wrong.get_attr_name().await.unwrap_err();
    im.im_push(&valid(ImPushRequest {
        msg_random: 43,
        ..push.clone()
    }))
    .await
    .unwrap_err();
    let nobody = client("http://127.0.0.1:9/", &key, shared.clone());
    nobody.get_tag(&["a".into()]).await.unwrap_err();

    // The same clock and key give the same signatures the calls carried.
    let sig = |k: &str| {
        SigCache::new(
            SecretString::from(k),
            1_400_000_001,
            "administrator".into(),
            shared.clone(),
        )
        .get()
        .expose_secret()
        .to_string()
    };
    let (good_sig, wrong_sig) = (sig(&key), sig(wrong_key));
    app.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("IM call succeeded") && logs.contains("IM call failed"),
        "{logs}"
    );
    assert!(
        logs.contains("70009"),
        "the refusal is logged with its code"
    );
    for (what, secret) in [
        ("key", key.as_str()),
        ("wrong key", wrong_key),
        ("usersig", good_sig.as_str()),
        ("wrong usersig", wrong_sig.as_str()),
    ] {
        assert!(secret.len() > 16);
        assert!(!logs.contains(secret), "the {what} is in the logs");
        // Nor a recognisable piece of it (a URL-encoded or cut-off copy).
        assert!(
            !logs.contains(&secret[..16]),
            "part of the {what} is in the logs"
        );
    }
    // And no URL query at all: the usersig travels in it.
    assert!(
        !logs.contains("usersig="),
        "a request URL with its query is in the logs"
    );
}
