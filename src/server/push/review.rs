//! Pushes that are not sent at once (design.md, "A push that is not sent at
//! once"): a submission waits for someone else's approval, bound to the
//! digest of its exact request; a scheduled push waits for its time. Each
//! step moves the record only from the status it was read in, in one
//! transaction with its timeline row and audit event.
use super::records::{self, Stored};
use super::send::{self, begin_call, check_request, insert_record, Begun, NewRecord, SendError};
use super::steps::{self, Step};
use crate::domain::push::outcome::{Refusal, SendOutcome};
use crate::domain::push::review::{check_reason, check_time, ReviewRefusal};
use crate::domain::push::ImPushRequest;
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::server::audit::Actor;
use crate::server::state::AppState;
use serde_json::json;

/// When a new push is to leave and what it replaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// UTC microseconds; none: as soon as it may.
    pub at_us: Option<i64>,
    /// The waiting submission this one is an edit of.
    pub supersedes: Option<i64>,
}

/// Whether the push must wait (for approval or its time) rather than go now.
pub fn must_wait(state: &AppState, app_id: &str, request: &ImPushRequest, plan: Plan) -> bool {
    plan.at_us.is_some()
        || plan.supersedes.is_some()
        || state
            .config
            .app(app_id)
            .is_some_and(|a| a.approval.requires(request.condition.as_ref()))
}

fn refused(r: ReviewRefusal) -> SendError {
    SendError::Review(r)
}

/// Writes a push that waits: `awaiting_approval` when the app's policy asks
/// for it, else `scheduled`. Checked like a push sent now; an invalid one is
/// recorded `refused` and nothing waits.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    key: &str,
    request: &ImPushRequest,
    plan: Plan,
) -> Result<SendOutcome, SendError> {
    let app = state
        .config
        .app(app_id)
        .ok_or_else(|| SendError::UnknownApp(app_id.to_string()))?;
    if !send::key_is_valid(key) {
        return Err(SendError::BadKey);
    }
    let now = state.clock.now_micros();
    if let Some(at) = plan.at_us {
        check_time(now, at).map_err(refused)?;
    }
    let old = match plan.supersedes {
        Some(id) => {
            let old = load(state, id).await?;
            if !old.status.is_waiting() {
                return Err(refused(ReviewRefusal::NotWaiting));
            }
            if old.operator_id != actor.id || old.app_id != app_id {
                return Err(refused(ReviewRefusal::NotRequester));
            }
            Some(old)
        }
        None => None,
    };
    let (checked, names_unreadable) = check_request(state, app_id, request, now).await;
    if let Some(e) = names_unreadable {
        return Err(SendError::AttrNames(e));
    }
    let refusal = checked.err().map(Refusal::Invalid);
    let status = match (&refusal, app.approval.requires(request.condition.as_ref())) {
        (Some(_), _) => PushStatus::Refused,
        (None, true) => PushStatus::AwaitingApproval,
        (None, false) => PushStatus::Scheduled,
    };
    let new = NewRecord {
        key,
        app_id,
        request,
        now,
        status,
        scheduled_at_us: plan.at_us,
    };
    let mut tx = state.db.write_durable().await?;
    let Some(id) = insert_record(&mut tx, actor, &new, None, refusal.as_ref()).await? else {
        // The same form again: the first one's answer.
        tx.rollback().await?;
        let existing: i64 = sqlx::query_scalar("SELECT id FROM pushes WHERE idempotency_key = $1")
            .bind(key)
            .fetch_one(&state.db.pool)
            .await?;
        return Ok(load(state, existing).await?.outcome());
    };
    if let Some(reason) = refusal {
        tx.commit().await?;
        return Ok(SendOutcome::Refused {
            push_id: id,
            reason,
        });
    }
    if let Some(old) = &old {
        let moved = move_status(&mut tx, old, PushStatus::Superseded, now, Some(id)).await?;
        tx = if_moved(tx, moved).await?;
        let step = Step {
            push_id: old.id,
            app_id,
            action: AuditAction::PushSupersede,
            note: None,
            details: json!({ "by": id }),
        };
        steps::record(&mut tx, state, actor, step).await?;
    }
    let action = match status {
        PushStatus::AwaitingApproval => AuditAction::PushSubmit,
        _ => AuditAction::PushSchedule,
    };
    let step = Step {
        push_id: id,
        app_id,
        action,
        note: None,
        details: json!({
            "msg_random": request.msg_random,
            "scheduled_at_us": plan.at_us,
            "supersedes": plan.supersedes,
        }),
    };
    steps::record(&mut tx, state, actor, step).await?;
    tx.commit().await?;
    Ok(SendOutcome::Held {
        push_id: id,
        status,
    })
}

async fn load(state: &AppState, id: i64) -> Result<Stored, SendError> {
    records::load(&state.db, id)
        .await?
        .ok_or(SendError::NoSuchPush(id))
}

/// The transaction, if its update moved the record; otherwise rolled back,
/// for someone else moved the record first.
async fn if_moved(
    tx: sqlx::Transaction<'static, sqlx::Any>,
    moved: bool,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, SendError> {
    if moved {
        return Ok(tx);
    }
    tx.rollback().await?;
    Err(refused(ReviewRefusal::NotWaiting))
}

/// Moves `stored` to `to` if it still has the status it was read with.
async fn move_status(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    stored: &Stored,
    to: PushStatus,
    now: i64,
    superseded_by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE pushes SET status = $1, updated_at_us = $2, superseded_by = COALESCE($3, superseded_by) \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(superseded_by)
    .bind(stored.id)
    .bind(stored.status.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(moved == 1)
}

/// Whether `actor` may decide on `stored`: someone other than its requester,
/// except in the sandbox's training mode.
pub fn may_decide(state: &AppState, actor: &Actor, stored: &Stored) -> Result<(), ReviewRefusal> {
    let training = state
        .config
        .app(&stored.app_id)
        .is_some_and(|a| a.review().training);
    if stored.operator_id.is_some() && stored.operator_id == actor.id && !training {
        return Err(ReviewRefusal::OwnPush);
    }
    Ok(())
}

/// The checks an approval passes before the password is asked for: the
/// push still waits for one, and the caller is not its requester.
pub async fn before_approval(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Stored, SendError> {
    decidable(state, actor, id, PushStatus::AwaitingApproval).await
}

/// Push `id`, if it has `status` and `actor` may decide on it.
async fn decidable(
    state: &AppState,
    actor: &Actor,
    id: i64,
    status: PushStatus,
) -> Result<Stored, SendError> {
    let stored = load(state, id).await?;
    if stored.status != status {
        return Err(refused(ReviewRefusal::NotWaiting));
    }
    may_decide(state, actor, &stored).map_err(refused)?;
    Ok(stored)
}

/// Approves push `id` as the request with `digest`, the approver's password
/// already confirmed. A push for now is sent at once through the send flow;
/// one for later waits for its time; one whose time passed while it waited
/// stays `approved` for the approver to send or give a new time.
pub async fn approve(
    state: &AppState,
    actor: &Actor,
    id: i64,
    digest: &str,
) -> Result<SendOutcome, SendError> {
    let stored = before_approval(state, actor, id).await?;
    let now = state.clock.now_micros();
    let behind = super::digest::of(&stored.request_json);
    if stored.digest.as_deref() != Some(digest) || behind.as_deref() != Some(digest) {
        let details = json!({ "push_id": id, "named": digest, "reason": "digest" });
        crate::server::audit::record(
            &state.db,
            state.clock.as_ref(),
            actor,
            AuditAction::PushApproveRefused,
            &stored.app_id,
            details,
        )
        .await?;
        return Err(refused(ReviewRefusal::DigestMismatch));
    }
    let next = match stored.scheduled_at_us {
        Some(at) if at > now => PushStatus::Scheduled,
        _ => PushStatus::Approved,
    };
    let mut tx = state.db.write_durable().await?;
    let moved = sqlx::query(
        "UPDATE pushes SET status = $1, updated_at_us = $2, approved_by_id = $3, approved_by_name = $4, \
         approved_at_us = $2 WHERE id = $5 AND status = $6 AND digest = $7",
    )
    .bind(next.as_str())
    .bind(now)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(id)
    .bind(PushStatus::AwaitingApproval.as_str())
    .bind(digest)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let mut tx = if_moved(tx, moved == 1).await?;
    let step = Step {
        push_id: id,
        app_id: &stored.app_id,
        action: AuditAction::PushApprove,
        note: None,
        details: json!({ "digest": digest, "then": next.as_str() }),
    };
    steps::record(&mut tx, state, actor, step).await?;
    tx.commit().await?;
    match (next, stored.scheduled_at_us) {
        (PushStatus::Approved, None) => send_approved(state, actor, id).await,
        _ => Ok(SendOutcome::Held {
            push_id: id,
            status: next,
        }),
    }
}

/// Sends an approved push now. If its slot is not free it stays approved,
/// with the reason on its record, for an approver to try again.
pub async fn send_approved(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<SendOutcome, SendError> {
    let stored = decidable(state, actor, id, PushStatus::Approved).await?;
    match begin_call(state, actor, &stored, AuditAction::PushSend).await? {
        Begun::Calling(call) => call.run(state, actor).await,
        Begun::SlotRefused(reason) => {
            sqlx::query("UPDATE pushes SET refusal_json = $1 WHERE id = $2 AND status = $3")
                .bind(serde_json::to_string(&reason).unwrap_or_default())
                .bind(id)
                .bind(PushStatus::Approved.as_str())
                .execute(&state.db.pool)
                .await?;
            Ok(SendOutcome::Refused {
                push_id: id,
                reason,
            })
        }
        Begun::Moved => Err(refused(ReviewRefusal::NotWaiting)),
    }
}

/// What a person does to a waiting push other than approving it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// An approver says no.
    Reject,
    /// Its requester takes it back.
    Withdraw,
    /// Stopped before its time.
    Cancel,
}

pub async fn stop(
    state: &AppState,
    actor: &Actor,
    id: i64,
    how: Stop,
    reason: &str,
) -> Result<SendOutcome, SendError> {
    let stored = load(state, id).await?;
    let (from, to, action): (&[PushStatus], _, _) = match how {
        Stop::Reject => (
            &[PushStatus::AwaitingApproval],
            PushStatus::Rejected,
            AuditAction::PushReject,
        ),
        Stop::Withdraw => (
            &[PushStatus::AwaitingApproval, PushStatus::Approved],
            PushStatus::Withdrawn,
            AuditAction::PushWithdraw,
        ),
        Stop::Cancel => (
            &[PushStatus::Scheduled],
            PushStatus::Cancelled,
            AuditAction::PushCancel,
        ),
    };
    if !from.contains(&stored.status) {
        return Err(refused(ReviewRefusal::NotWaiting));
    }
    let note = match how {
        Stop::Reject => {
            may_decide(state, actor, &stored).map_err(refused)?;
            Some(check_reason(reason).map_err(refused)?)
        }
        Stop::Withdraw if stored.operator_id != actor.id => {
            return Err(refused(ReviewRefusal::NotRequester))
        }
        _ => None,
    };
    let now = state.clock.now_micros();
    let mut tx = state.db.write_durable().await?;
    let moved = move_status(&mut tx, &stored, to, now, None).await?;
    let mut tx = if_moved(tx, moved).await?;
    if let Some(note) = note {
        sqlx::query("UPDATE pushes SET reason = $1 WHERE id = $2")
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let step = Step {
        push_id: id,
        app_id: &stored.app_id,
        action,
        note,
        details: json!({}),
    };
    steps::record(&mut tx, state, actor, step).await?;
    tx.commit().await?;
    Ok(SendOutcome::Held {
        push_id: id,
        status: to,
    })
}

/// A new time for a scheduled push, or for an approved one whose time
/// passed. Under approval a scheduled push's new time is a new submission
/// (the old one superseded); an approved one is given its time by the
/// approver deciding, so it needs no second approval.
pub async fn reschedule(
    state: &AppState,
    actor: &Actor,
    id: i64,
    at_us: i64,
) -> Result<SendOutcome, SendError> {
    let stored = load(state, id).await?;
    let now = state.clock.now_micros();
    check_time(now, at_us).map_err(refused)?;
    let app = state
        .config
        .app(&stored.app_id)
        .ok_or_else(|| SendError::UnknownApp(stored.app_id.clone()))?;
    let request: ImPushRequest =
        serde_json::from_str(&stored.request_json).map_err(|_| SendError::Altered(id))?;
    match stored.status {
        PushStatus::Scheduled if app.approval.requires(request.condition.as_ref()) => {
            let key = send::new_ticket().key;
            let plan = Plan {
                at_us: Some(at_us),
                supersedes: Some(id),
            };
            submit(state, actor, &stored.app_id, &key, &request, plan).await
        }
        PushStatus::Scheduled => set_time(state, actor, &stored, at_us, false).await,
        PushStatus::Approved => {
            may_decide(state, actor, &stored).map_err(refused)?;
            set_time(state, actor, &stored, at_us, true).await
        }
        _ => Err(refused(ReviewRefusal::NotWaiting)),
    }
}

async fn set_time(
    state: &AppState,
    actor: &Actor,
    stored: &Stored,
    at_us: i64,
    to_scheduled: bool,
) -> Result<SendOutcome, SendError> {
    let now = state.clock.now_micros();
    let mut tx = state.db.write_durable().await?;
    let moved = sqlx::query(
        "UPDATE pushes SET status = $1, scheduled_at_us = $2, updated_at_us = $3, refusal_json = NULL \
         WHERE id = $4 AND status = $5",
    )
    .bind(PushStatus::Scheduled.as_str())
    .bind(at_us)
    .bind(now)
    .bind(stored.id)
    .bind(stored.status.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let mut tx = if_moved(tx, moved == 1).await?;
    let step = Step {
        push_id: stored.id,
        app_id: &stored.app_id,
        action: AuditAction::PushReschedule,
        note: None,
        details: json!({ "scheduled_at_us": at_us, "was_approved": to_scheduled }),
    };
    steps::record(&mut tx, state, actor, step).await?;
    tx.commit().await?;
    Ok(SendOutcome::Held {
        push_id: stored.id,
        status: PushStatus::Scheduled,
    })
}
