//! Helpers for the audience tools' tests: server-function calls that answer
//! JSON, the bulk-job upload, and waiting for a job to end.
use super::TestApp;
use std::time::Duration;

/// POSTs JSON to a server function and reads its JSON answer.
pub async fn call_json(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let res = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// Uploads `file` as a bulk job with the given form fields.
pub async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
    file: Vec<u8>,
) -> (u16, serde_json::Value) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name("accounts.csv"),
    );
    post_upload(app, client, form).await
}

/// Posts a bulk-job upload form as the jobs page does; its status and JSON.
pub async fn post_upload(
    app: &TestApp,
    client: &reqwest::Client,
    form: reqwest::multipart::Form,
) -> (u16, serde_json::Value) {
    let res = client
        .post(app.url("/audience/jobs/upload"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// A CSV download's text after its byte-order mark, compressed as a
/// browser asks for it.
pub async fn download(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    super::download_csv(app, client, path, false).await
}

/// The job as `audience/jobs/get` shows it.
pub async fn job(app: &TestApp, client: &reqwest::Client, id: i64) -> serde_json::Value {
    let res = app
        .call(client, "audience/jobs/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Waits until the job is in `status` (the runner works in real time).
pub async fn wait_for(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    status: &str,
) -> serde_json::Value {
    for _ in 0..1200 {
        let j = job(app, client, id).await;
        if j["job"]["status"] == status {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("job {id} never became {status}");
}

/// Accounts `prefix00001`… one per line, with a header.
pub fn account_file(prefix: &str, n: usize) -> String {
    let mut file = String::from("account\n");
    for i in 1..=n {
        file.push_str(&format!("{prefix}{i:05}\n"));
    }
    file
}
