//! The send flow (design.md): claim the idempotency key, validate again,
//! claim a rate slot, commit the record, call, record the outcome. Nothing
//! is sent twice, nothing invalid leaves, and nothing goes unrecorded.
use super::rate::{self, Slot};
use super::records::{self, Stored};
use crate::domain::push::outcome::{Refusal, SendOutcome};
use crate::domain::push::validate::{validate, AppRules, Severity};
use crate::domain::push::ImPushRequest;
use crate::i18n::Locale;
use crate::server::audit::{self, Actor};
use crate::server::im::client::CallError;
use crate::server::state::AppState;
use crate::text::audience::describe_audience;
use serde_json::json;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("no app `{0}` is configured")]
    UnknownApp(String),
    #[error("the idempotency key is malformed")]
    BadKey,
    #[error("push {0} does not exist")]
    NoSuchPush(i64),
    #[error("only a push with an unknown outcome can be retried")]
    NotRetryable,
    #[error("the app's attribute names cannot be read: {0}")]
    AttrNames(CallError),
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
}

/// Keys are issued with the composer form: 16 to 64 URL-safe characters.
pub fn key_is_valid(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn audience_kind(request: &ImPushRequest) -> &'static str {
    match &request.condition {
        Some(c) if c.tags_and.is_some() || c.tags_or.is_some() => "tags",
        Some(c) if c.attrs_and.is_some() || c.attrs_or.is_some() => "attrs",
        _ => "all",
    }
}

/// How long a repeated request waits for the first one's outcome.
fn wait_limit(state: &AppState) -> Duration {
    state.config.im_timeout + Duration::from_secs(5)
}

pub async fn send(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    key: &str,
    request: &ImPushRequest,
) -> Result<SendOutcome, SendError> {
    if state.config.app(app_id).is_none() {
        return Err(SendError::UnknownApp(app_id.to_string()));
    }
    if !key_is_valid(key) {
        return Err(SendError::BadKey);
    }
    let db = &state.db;
    let now = state.clock.now_micros();

    // 1. The key, claimed atomically; a repeat gets the first one's outcome.
    let condition = request.condition.as_ref();
    let claimed: Option<i64> = sqlx::query_scalar(
        "INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, updated_at_us, \
         status, msg_random, request_json, audience_kind, audience_en, audience_zh, first_text) \
         VALUES ($1, $2, $3, $4, $5, $5, 'claimed', $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(key)
    .bind(app_id)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(now)
    .bind(i64::from(request.msg_random))
    .bind(serde_json::to_string(request).unwrap_or_default())
    .bind(audience_kind(request))
    .bind(describe_audience(Locale::en, condition))
    .bind(describe_audience(Locale::zh_CN, condition))
    .bind(request.first_text())
    .fetch_optional(&db.pool)
    .await?;
    let Some(id) = claimed else {
        let existing: i64 = sqlx::query_scalar("SELECT id FROM pushes WHERE idempotency_key = $1")
            .bind(key)
            .fetch_one(&db.pool)
            .await?;
        return outcome_when_settled(state, existing).await;
    };

    // 2. The shared rules again: nothing invalid leaves the server. Rules
    // that need no knowledge of the app first, so a draft that is wrong
    // anyway costs no call; the attribute names only when they matter.
    if let Some(refused) = refuse_if_invalid(db, id, request, None, now).await? {
        return Ok(refused);
    }
    if condition.is_some_and(|c| c.has_attrs()) {
        let fresh = state
            .attr_names
            .get(app_id, &state.im[app_id], now, true)
            .await;
        let names = match fresh {
            Ok(names) => names,
            Err(e) => {
                records::refuse(db, id, &Refusal::Interrupted, now).await?;
                return Err(SendError::AttrNames(e));
            }
        };
        if let Some(refused) = refuse_if_invalid(db, id, request, Some(names), now).await? {
            return Ok(refused);
        }
    }

    // 3. The app's rate slot.
    if let Some(reason) = claim_slot(state, app_id, now).await? {
        records::refuse(db, id, &reason, now).await?;
        return Ok(SendOutcome::Refused {
            push_id: id,
            reason,
        });
    }

    // 4. and 5.
    call_and_record(state, actor, app_id, id, 1, request, "push.send").await
}

/// Refuses and records the push if the shared rules find an error.
async fn refuse_if_invalid(
    db: &crate::server::db::Db,
    id: i64,
    request: &ImPushRequest,
    attr_names: Option<Vec<String>>,
    now: i64,
) -> Result<Option<SendOutcome>, SendError> {
    let errors: Vec<_> = validate(request, &AppRules { attr_names })
        .into_iter()
        .filter(|v| v.severity() == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(None);
    }
    let reason = Refusal::Invalid(errors);
    records::refuse(db, id, &reason, now).await?;
    Ok(Some(SendOutcome::Refused {
        push_id: id,
        reason,
    }))
}

async fn claim_slot(
    state: &AppState,
    app_id: &str,
    now: i64,
) -> Result<Option<Refusal>, SendError> {
    let app = state
        .config
        .app(app_id)
        .ok_or_else(|| SendError::UnknownApp(app_id.to_string()))?;
    Ok(
        match rate::claim(
            &state.db,
            app_id,
            app.time_zone,
            i64::from(app.daily_quota),
            now,
        )
        .await?
        {
            Slot::Granted => None,
            Slot::TooSoon { retry_after_ms } => Some(Refusal::TooSoon { retry_after_ms }),
            Slot::QuotaUsedUp { resets_at_us } => Some(Refusal::QuotaUsedUp { resets_at_us }),
        },
    )
}

/// Commits `sending` with its attempt and audit event, then calls the API
/// and records what happened.
async fn call_and_record(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    id: i64,
    attempt: i64,
    request: &ImPushRequest,
    action: &str,
) -> Result<SendOutcome, SendError> {
    let db = &state.db;
    let clock = state.clock.as_ref();
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE pushes SET status = 'sending', updated_at_us = $1 WHERE id = $2")
        .bind(clock.now_micros())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO push_attempts (push_id, attempt, started_at_us, outcome, operator_name) VALUES ($1, $2, $3, 'sending', $4)",
    )
    .bind(id)
    .bind(attempt)
    .bind(clock.now_micros())
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    let details = json!({ "push_id": id, "attempt": attempt, "msg_random": request.msg_random });
    audit::append(&mut tx, clock, actor, action, app_id, details).await?;
    tx.commit().await?;

    let result = state.im[app_id].im_push(request).await;
    let (status, task_id, code, info) = match &result {
        Ok(task) => ("sent", Some(task.clone()), None, None),
        Err(CallError::Rejected { code, info, .. }) => {
            ("failed", None, Some(*code), Some(info.clone()))
        }
        Err(CallError::NotSent { .. }) => (
            "failed",
            None,
            None,
            Some("not sent: no connection".to_string()),
        ),
        Err(CallError::HttpStatus { status }) if *status < 500 => {
            ("failed", None, None, Some(format!("HTTP {status}")))
        }
        Err(e) => ("unknown", None, None, Some(e.to_string())),
    };
    let now = clock.now_micros();
    let mut tx = db.pool.begin().await?;
    // `unknown` too: another process may have marked it so at its start-up.
    sqlx::query(
        "UPDATE pushes SET status = $1, task_id = COALESCE($2, task_id), error_code = $3, error_info = $4, updated_at_us = $5 \
         WHERE id = $6 AND status IN ('sending', 'unknown')",
    )
    .bind(status)
    .bind(&task_id)
    .bind(code)
    .bind(&info)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE push_attempts SET outcome = $1, task_id = $2, error_code = $3, error_info = $4, finished_at_us = $5 \
         WHERE push_id = $6 AND attempt = $7",
    )
    .bind(status)
    .bind(&task_id)
    .bind(code)
    .bind(&info)
    .bind(now)
    .bind(id)
    .bind(attempt)
    .execute(&mut *tx)
    .await?;
    let details = json!({ "push_id": id, "attempt": attempt, "status": status, "task_id": task_id, "error_code": code });
    audit::append(&mut tx, clock, actor, "push.outcome", app_id, details).await?;
    tx.commit().await?;
    Ok(records::load(db, id)
        .await?
        .ok_or(SendError::NoSuchPush(id))?
        .outcome())
}

/// Waits (briefly) until the push with `id` has an outcome.
async fn outcome_when_settled(state: &AppState, id: i64) -> Result<SendOutcome, SendError> {
    let started = std::time::Instant::now();
    loop {
        let stored: Stored = records::load(&state.db, id)
            .await?
            .ok_or(SendError::NoSuchPush(id))?;
        let outcome = stored.outcome();
        if !matches!(outcome, SendOutcome::InProgress { .. })
            || started.elapsed() > wait_limit(state)
        {
            return Ok(outcome);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Resends a push whose outcome is unknown: the exact same body, so the
/// same MsgRandom; Tencent treats it as the same task.
pub async fn retry(state: &AppState, actor: &Actor, id: i64) -> Result<SendOutcome, SendError> {
    let stored = records::load(&state.db, id)
        .await?
        .ok_or(SendError::NoSuchPush(id))?;
    if stored.status != "unknown" {
        return Err(SendError::NotRetryable);
    }
    let request: ImPushRequest = serde_json::from_str(&stored.request_json)
        .map_err(|e| SendError::Storage(sqlx::Error::Decode(e.into())))?;
    if let Some(reason) = claim_slot(state, &stored.app_id, state.clock.now_micros()).await? {
        return Ok(SendOutcome::Refused {
            push_id: id,
            reason,
        });
    }
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM push_attempts WHERE push_id = $1")
        .bind(id)
        .fetch_one(&state.db.pool)
        .await?;
    call_and_record(
        state,
        actor,
        &stored.app_id,
        id,
        attempts + 1,
        &request,
        "push.retry",
    )
    .await
}
