//! An im_push posted as any HTTP client would, signed with the app's key and
//! with no validation of ours: for the tests that must see the API judge
//! requests our own rules refuse (the product's client sends only a
//! `ValidPush`).
use super::TestApp;
use push_console::domain::error_code::classify;
use push_console::server::im::client::CallError;
use push_console::server::im::usersig;

pub async fn raw_im_push(
    app: &TestApp,
    app_id: &str,
    body: &impl serde::Serialize,
) -> Result<String, CallError> {
    let config = app
        .server
        .state
        .config
        .app(app_id)
        .expect("a configured app");
    let now = app.server.state.clock.now_micros() / 1_000_000;
    let sig = usersig::generate(
        &config.secret,
        config.sdk_app_id,
        &config.admin,
        now,
        86_400,
        None,
    );
    let url = format!(
        "{}/sandbox/v4/all_member_push/im_push?sdkappid={}&identifier={}&usersig={}&random={}&contenttype=json",
        app.base,
        config.sdk_app_id,
        config.admin,
        urlencode(&sig),
        rand::random::<u32>(),
    );
    let answer: serde_json::Value = reqwest::Client::new()
        .post(url)
        .json(body)
        .send()
        .await
        .expect("the sandbox answers")
        .json()
        .await
        .expect("the sandbox answers JSON");
    match answer["ErrorCode"].as_i64().unwrap_or(-1) {
        0 => Ok(answer["TaskId"].as_str().unwrap_or_default().to_string()),
        code => Err(CallError::Rejected {
            code,
            class: classify(code),
            info: answer["ErrorInfo"].as_str().unwrap_or_default().to_string(),
        }),
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
