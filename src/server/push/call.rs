//! The call itself: the API is called with the record already committed as
//! `sending`, the lease renewed while it runs, and the answer written from
//! its typed result.
use super::lease;
use super::rate;
use super::records;
use super::send::SendError;
use crate::domain::push::outcome::SendOutcome;
use crate::domain::push::valid::ValidPush;
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::server::audit::{self, Actor};
use crate::server::im::client::CallError;
use crate::server::state::AppState;
use serde_json::json;

/// One call of a push: which push, which attempt, and the rate slot it holds.
#[derive(Clone, Copy)]
pub(super) struct Call<'a> {
    pub app_id: &'a str,
    pub id: i64,
    pub attempt: i64,
    pub busy_until_us: i64,
}

/// What the call's result means for the record.
struct Answer {
    status: PushStatus,
    task_id: Option<String>,
    code: Option<i64>,
    info: Option<String>,
}

impl Answer {
    fn of(result: &Result<String, CallError>) -> Answer {
        let failed = |code, info| Answer {
            status: PushStatus::Failed,
            task_id: None,
            code,
            info: Some(info),
        };
        match result {
            Ok(task) => Answer {
                status: PushStatus::Sent,
                task_id: Some(task.clone()),
                code: None,
                info: None,
            },
            Err(CallError::Rejected { code, info, .. }) => failed(Some(*code), info.clone()),
            Err(CallError::NotSent { .. }) => failed(None, "not sent: no connection".into()),
            Err(CallError::HttpStatus { status }) if *status < 500 => {
                failed(None, format!("HTTP {status}"))
            }
            // A timeout, a cut connection, a gateway's 5xx: it may have gone.
            Err(e) => Answer {
                status: PushStatus::Unknown,
                task_id: None,
                code: None,
                info: Some(e.to_string()),
            },
        }
    }
}

/// Calls the API, renewing this process's lease on the record while the
/// call runs, and records what happened. This commit needs no sync of its
/// own: if a power loss took it, the record would still say `sending`,
/// which becomes `unknown` once the lease runs out, never nothing.
pub(super) async fn call_then_record(
    state: &AppState,
    actor: &Actor,
    call: Call<'_>,
    request: &ValidPush,
) -> Result<SendOutcome, SendError> {
    let Call {
        app_id,
        id,
        attempt,
        busy_until_us,
    } = call;
    let db = &state.db;
    let clock = state.clock.as_ref();
    let owner = &*state.owner;
    let call = state.im[app_id].im_push(request);
    tokio::pin!(call);
    let result = tokio::select! {
        result = &mut call => result,
        // Renewing never ends by itself; were it to, the call goes on.
        () = lease::keep_renewing(db, clock, id, owner) => call.await,
    };
    let answered_us = clock.now_micros();
    let Answer {
        status,
        task_id,
        code,
        info,
    } = Answer::of(&result);
    let now = clock.now_micros();
    let mut tx = db.write().await?;
    // Whatever the answer, the next push is spaced from when it came.
    rate::release(&mut tx, app_id, busy_until_us, answered_us).await?;
    // `unknown` too: the lease may have run out while the database could not
    // be reached. Not once another process has taken the record to retry it.
    sqlx::query(
        "UPDATE pushes SET status = $1, task_id = COALESCE($2, task_id), error_code = $3, error_info = $4, updated_at_us = $5, \
         lease_until_us = NULL WHERE id = $6 AND owner_id = $7 AND status IN ($8, $9)",
    )
    .bind(status.as_str())
    .bind(&task_id)
    .bind(code)
    .bind(&info)
    .bind(now)
    .bind(id)
    .bind(owner)
    .bind(PushStatus::Sending.as_str())
    .bind(PushStatus::Unknown.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE push_attempts SET outcome = $1, task_id = $2, error_code = $3, error_info = $4, finished_at_us = $5 \
         WHERE push_id = $6 AND attempt = $7",
    )
    .bind(status.as_str())
    .bind(&task_id)
    .bind(code)
    .bind(&info)
    .bind(now)
    .bind(id)
    .bind(attempt)
    .execute(&mut *tx)
    .await?;
    let details = json!({ "push_id": id, "attempt": attempt, "status": status.as_str(), "task_id": task_id, "error_code": code });
    audit::append(
        &mut tx,
        &db.audit_key,
        clock,
        actor,
        AuditAction::PushOutcome,
        app_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(records::load(db, id)
        .await?
        .ok_or(SendError::NoSuchPush(id))?
        .outcome())
}
