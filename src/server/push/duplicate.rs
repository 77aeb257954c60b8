//! The duplicate guard on the server: the pushes of an app in the last ten
//! minutes that repeat a new one (domain::push::duplicate). The send flow
//! asks inside the transaction that holds the app's rate slot, so two
//! processes cannot both find "no earlier push" and both send.
use crate::domain::push::duplicate::{same_broadcast, EarlierPush, WINDOW_US};
use crate::domain::push::ImPushRequest;
use crate::domain::vocab::PushStatus;

/// The newest push of `app_id` since the window began that repeats
/// `request`, other than the one with `key` (a repeated request of the
/// same form is answered by the idempotency key, not here): (id, made at).
/// Only pushes that left (or may have) are precedents: a refused, waiting or
/// stopped one never did.
pub async fn newest_repeat(
    conn: &mut sqlx::AnyConnection,
    app_id: &str,
    key: Option<&str>,
    request: &ImPushRequest,
    now_us: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let left = [
        PushStatus::Sending,
        PushStatus::Sent,
        PushStatus::Failed,
        PushStatus::Unknown,
    ]
    .map(|s| format!("'{}'", s.as_str()))
    .join(", ");
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT id, created_at_us, request_json FROM pushes \
         WHERE app_id = $1 AND created_at_us >= $2 AND status IN ({left}) AND idempotency_key <> $3 \
         ORDER BY created_at_us DESC, id DESC"
    ))
    .bind(app_id)
    .bind(now_us - WINDOW_US)
    .bind(key.unwrap_or(""))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().find_map(|(id, at, json)| {
        let earlier: ImPushRequest = serde_json::from_str(&json).ok()?;
        same_broadcast(&earlier, request).then_some((id, at))
    }))
}

/// What the review step shows: the push `request` would repeat, if any.
pub async fn earlier(
    state: &crate::server::state::AppState,
    app_id: &str,
    request: &ImPushRequest,
    tz: chrono_tz::Tz,
) -> Result<Option<EarlierPush>, sqlx::Error> {
    let now = state.clock.now_micros();
    let mut conn = state.db.pool.acquire().await?;
    let found = newest_repeat(&mut conn, app_id, None, request, now).await?;
    Ok(found.map(|(push_id, at_us)| EarlierPush {
        push_id,
        at: crate::server::viewer_time::format(at_us, tz),
        minutes_ago: (now - at_us).max(0) / 60_000_000,
    }))
}
