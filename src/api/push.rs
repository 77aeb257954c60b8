//! Sending: a key for the composer form, the send itself, and the retry of
//! an unknown outcome. All go through `server::push::send`.
use super::error::ApiError;
use crate::domain::push::outcome::SendOutcome;
use crate::domain::push::ImPushRequest;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Issued with each composer form: the idempotency key and the MsgRandom
/// the operator sees in the request before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendTicket {
    pub key: String,
    pub msg_random: u32,
}

#[cfg(feature = "ssr")]
fn send_error(e: crate::server::push::send::SendError) -> ApiError {
    use crate::server::push::send::SendError;
    match e {
        SendError::UnknownApp(_)
        | SendError::BadKey
        | SendError::NoSuchPush(_)
        | SendError::NotRetryable => ApiError::BadRequest,
        SendError::AttrNames(e) => {
            tracing::warn!(error = %e, "attribute names unavailable");
            ApiError::Unavailable
        }
        other => super::guard::internal(other),
    }
}

#[server(endpoint = "push/ticket")]
pub async fn new_send_ticket() -> Result<SendTicket, ApiError> {
    use super::guard::{answer, require};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::Send).await?;
        use rand::Rng;
        let mut rng = rand::rng();
        let key: String = (0..32)
            .map(|_| {
                const CHARS: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
                CHARS[rng.random_range(0..CHARS.len())] as char
            })
            .collect();
        Ok(SendTicket {
            key,
            msg_random: rng.random(),
        })
    })
    .await
}

#[server(endpoint = "push/send", input = Json)]
pub async fn send_push(
    app_id: String,
    key: String,
    request: ImPushRequest,
) -> Result<SendOutcome, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        crate::server::push::send::send(&state, &caller.actor, &app_id, &key, &request)
            .await
            .map_err(send_error)
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
            .map_err(send_error)
    })
    .await
}
