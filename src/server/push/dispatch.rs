//! The dispatcher: in every server process, scheduled pushes whose time has
//! come are claimed and sent through the send flow. The claim is the send
//! flow's own: the app's rate slot and the move from `scheduled` to
//! `sending` in one transaction, so of several processes one sends each
//! push, once, and never two of one app within the spacing.
use super::records;
use super::send::{begin_call, Begun, SendError};
use super::steps::{self, Step};
use crate::domain::push::outcome::Refusal;
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::server::audit::Actor;
use crate::server::state::AppState;
use serde_json::json;
use std::collections::HashSet;
use std::time::Duration;

/// How often every process looks for due pushes.
pub const DISPATCH_EVERY: Duration = Duration::from_millis(500);
/// The most due pushes looked at in one round.
const ROUND: i64 = 200;

/// Who the audit log names for what the dispatcher does.
pub fn scheduler(owner: &str) -> Actor {
    Actor {
        id: None,
        name: "scheduler".into(),
        client: format!("process {owner}"),
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub started: usize,
    pub missed: usize,
    pub failed: usize,
}

/// One round: pushes later than the grace become `missed`; then, for each
/// app with a due push, its earliest is started if the app's slot is free.
/// The calls run on after the round returns.
pub async fn round(state: &AppState) -> Result<Round, SendError> {
    let mut done = Round::default();
    let now = state.clock.now_micros();
    let grace_us = state.config.schedule_grace.as_micros() as i64;
    let actor = scheduler(&state.owner);
    let scheduled = PushStatus::Scheduled.as_str();
    // One indexed read a round, the usual case finding nothing; the late
    // ones are told apart here.
    let due: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT id, app_id, scheduled_at_us FROM pushes \
         WHERE status = '{scheduled}' AND scheduled_at_us <= $1 \
         ORDER BY scheduled_at_us, id LIMIT {ROUND}"
    ))
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    let (late, due): (Vec<_>, Vec<_>) =
        due.into_iter().partition(|(_, _, at)| *at < now - grace_us);
    for (id, app_id, _) in late {
        if stop_scheduled(state, &actor, id, &app_id, PushStatus::Missed, None).await? {
            done.missed += 1;
        }
    }
    let mut tried = HashSet::new();
    for (id, app_id, _) in due {
        // One a round for each app: its slot is taken once started.
        if !tried.insert(app_id.clone()) || state.config.app(&app_id).is_none() {
            continue;
        }
        let Some(stored) = records::load(&state.db, id).await? else {
            continue;
        };
        if stored.status != PushStatus::Scheduled {
            continue;
        }
        let reason = match begin_call(state, &actor, &stored, AuditAction::PushDispatch).await {
            Ok(Begun::Calling(call)) => {
                done.started += 1;
                let (state, actor) = (state.clone(), actor.clone());
                tokio::spawn(async move {
                    if let Err(e) = call.run(&state, &actor).await {
                        tracing::error!(push_id = id, error = %e, "a scheduled push's call could not be recorded");
                    }
                });
                continue;
            }
            // Its app's previous push was under the spacing ago, or another
            // process took it: the next round.
            Ok(Begun::SlotRefused(Refusal::TooSoon { .. })) | Ok(Begun::Moved) => continue,
            Ok(Begun::SlotRefused(reason)) => reason,
            Err(SendError::Altered(_)) => {
                tracing::error!(
                    push_id = id,
                    "a scheduled push's stored request is not the one written; not sent"
                );
                Refusal::Altered
            }
            Err(e) => return Err(e),
        };
        let failed = PushStatus::Failed;
        if stop_scheduled(state, &actor, id, &app_id, failed, Some(&reason)).await? {
            done.failed += 1;
        }
    }
    Ok(done)
}

/// Ends a scheduled push that will not be sent: `missed`, or `failed` with
/// the reason (the day's quota used up, a record altered).
async fn stop_scheduled(
    state: &AppState,
    actor: &Actor,
    id: i64,
    app_id: &str,
    to: PushStatus,
    reason: Option<&Refusal>,
) -> Result<bool, sqlx::Error> {
    let now = state.clock.now_micros();
    let mut tx = state.db.write_durable().await?;
    let moved = sqlx::query(
        "UPDATE pushes SET status = $1, updated_at_us = $2, refusal_json = COALESCE($3, refusal_json) \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(reason.map(|r| serde_json::to_string(r).unwrap_or_default()))
    .bind(id)
    .bind(PushStatus::Scheduled.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    let action = match to {
        PushStatus::Missed => AuditAction::PushMissed,
        _ => AuditAction::PushOutcome,
    };
    let step = Step {
        push_id: id,
        app_id,
        action,
        note: None,
        details: json!({ "status": to.as_str(), "reason": reason }),
    };
    steps::record(&mut tx, state, actor, step).await?;
    tx.commit().await?;
    Ok(true)
}

/// Runs a round at start (a push due while no server ran goes out now if
/// within the grace) and then every `DISPATCH_EVERY`.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DISPATCH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match round(&state).await {
                Ok(r) if r.missed > 0 || r.failed > 0 => {
                    tracing::warn!(
                        missed = r.missed,
                        failed = r.failed,
                        "scheduled pushes not sent"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "cannot dispatch scheduled pushes"),
            }
        }
    })
}
