//! Sending: a key for the composer form, the send itself, and the retry of
//! an unknown outcome. All go through `server::push::send`.
use super::error::ApiError;
use crate::domain::push::duplicate::EarlierPush;
use crate::domain::push::outcome::SendOutcome;
use crate::domain::push::ImPushRequest;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

pub use crate::domain::push::outcome::SendTicket;

#[server(endpoint = "push/ticket")]
pub async fn new_send_ticket() -> Result<SendTicket, ApiError> {
    use super::guard::{answer, require};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::Send).await?;
        Ok(crate::server::push::send::new_ticket())
    })
    .await
}

#[server(endpoint = "push/send", input = Json)]
pub async fn send_push(
    app_id: String,
    key: String,
    request: ImPushRequest,
    /// The earlier push this one knowingly repeats (the duplicate guard).
    #[server(default)]
    repeat_of: Option<i64>,
    /// When it is to leave (UTC microseconds); none: now.
    #[server(default)]
    send_at_us: Option<i64>,
    /// The waiting submission of the caller's that this one replaces.
    #[server(default)]
    supersedes: Option<i64>,
) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::push::review::{must_wait, submit, Plan};
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        let plan = Plan {
            at_us: send_at_us,
            supersedes,
        };
        let actor = &caller.actor;
        if must_wait(&state, &app_id, &request, plan) {
            submit(&state, actor, &app_id, &key, &request, plan).await
        } else {
            crate::server::push::send::send(&state, actor, &app_id, &key, &request, repeat_of).await
        }
        .map_err(ApiError::from)
    })
    .await
}

#[server(endpoint = "push/retry")]
pub async fn retry_push(push_id: i64) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        crate::server::push::send::retry(&state, &caller.actor, push_id)
            .await
            .map_err(ApiError::from)
    })
    .await
}

/// The push of the last ten minutes that `request` would repeat, if any: the
/// review step shows it before the operator sends.
#[server(endpoint = "push/earlier", input = Json)]
pub async fn find_repeat(
    app_id: String,
    request: ImPushRequest,
) -> Result<Option<EarlierPush>, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::Send).await?;
        if state.config.app(&app_id).is_none() {
            return Err(ApiError::BadRequest);
        }
        let tz = viewer_tz().await;
        crate::server::push::duplicate::earlier(&state, &app_id, &request, tz)
            .await
            .map_err(internal)
    })
    .await
}
