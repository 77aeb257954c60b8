//! The sandbox's HTTP face: `POST /sandbox/v4/all_member_push/{command}`,
//! answering like Tencent: HTTP 200 and the result in the body.
use super::commands::*;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/v4/{service}/{command}", post(handle))
        .with_state(sandbox)
}

async fn handle(
    State(sb): State<Sandbox>,
    Path((service, command)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Json<Value> {
    sb.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // A slow network: every call is judged and answered this much later.
    let delay = sb.delay_ms.load(std::sync::atomic::Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    // Parsed once, here, for the answer and for the log line; whether it
    // parsed is judged in the answer, in Tencent's order of checks.
    let parsed = (!body.is_empty()).then(|| serde_json::from_slice::<Value>(&body).ok());
    let answer = answer(&sb, &service, &command, &query, parsed.as_ref()).await;
    let code = answer.as_ref().err().map_or(0, |r| r.code);
    if code == 90045 {
        sb.rate_refusals
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let first = parsed
        .flatten()
        .as_ref()
        .and_then(first_account)
        .unwrap_or_default();
    tracing::info!(command = %command, code, first_account = %first, "sandbox answered");
    Json(match answer {
        Ok(mut fields) => {
            let mut out = Map::new();
            out.insert("ActionStatus".into(), json!("OK"));
            out.insert("ErrorInfo".into(), json!(""));
            out.insert("ErrorCode".into(), json!(0));
            out.append(&mut fields);
            Value::Object(out)
        }
        Err(r) => json!({ "ActionStatus": "FAIL", "ErrorInfo": r.info, "ErrorCode": r.code }),
    })
}
