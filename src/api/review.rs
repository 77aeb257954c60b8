//! Approval and scheduling: approve (with the approver's password and the
//! digest they saw), reject with a reason, withdraw, cancel, send an
//! approved push, give a new time. Each checks the caller's role here and
//! the rules again in `server::push::review`.
use super::error::ApiError;
use crate::domain::push::outcome::SendOutcome;
use leptos::prelude::*;

#[server(endpoint = "review/approve")]
pub async fn approve_push(
    push_id: i64,
    digest: String,
    password: String,
) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::domain::vocab::AuditAction;
    use crate::server::accounts::service::confirm_password;
    use crate::server::push::review;
    answer(async {
        let (caller, state) = guard(Permission::Approve).await?;
        // Who and what first, so a refusal costs no password guess.
        review::before_approval(&state, &caller.actor, push_id).await?;
        let refused = AuditAction::PushApproveRefused;
        confirm_password(
            &state.accounts(),
            &caller.actor,
            &caller.user,
            password.into(),
            refused,
        )
        .await?;
        Ok(review::approve(&state, &caller.actor, push_id, &digest).await?)
    })
    .await
}

#[server(endpoint = "review/reject")]
pub async fn reject_push(push_id: i64, reason: String) -> Result<SendOutcome, ApiError> {
    stop(push_id, crate::server::push::review::Stop::Reject, reason).await
}

#[server(endpoint = "review/withdraw")]
pub async fn withdraw_push(push_id: i64) -> Result<SendOutcome, ApiError> {
    stop(
        push_id,
        crate::server::push::review::Stop::Withdraw,
        String::new(),
    )
    .await
}

#[server(endpoint = "review/cancel")]
pub async fn cancel_push(push_id: i64) -> Result<SendOutcome, ApiError> {
    stop(
        push_id,
        crate::server::push::review::Stop::Cancel,
        String::new(),
    )
    .await
}

/// Which stop a server function asks for, and the permission it needs.
#[cfg(feature = "ssr")]
async fn stop(
    push_id: i64,
    how: crate::server::push::review::Stop,
    reason: String,
) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::push::review::{self, Stop};
    answer(async {
        let permission = match how {
            Stop::Reject => Permission::Approve,
            Stop::Withdraw | Stop::Cancel => Permission::Send,
        };
        let (caller, state) = guard(permission).await?;
        Ok(review::stop(&state, &caller.actor, push_id, how, &reason).await?)
    })
    .await
}

#[server(endpoint = "review/send")]
pub async fn send_approved_push(push_id: i64) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Approve).await?;
        Ok(crate::server::push::review::send_approved(&state, &caller.actor, push_id).await?)
    })
    .await
}

#[server(endpoint = "review/reschedule")]
pub async fn reschedule_push(push_id: i64, at_us: i64) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        Ok(crate::server::push::review::reschedule(&state, &caller.actor, push_id, at_us).await?)
    })
    .await
}
