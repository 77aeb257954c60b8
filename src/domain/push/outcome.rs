//! What became of a send request, as the operator is told.
use super::validate::Violation;
use crate::domain::error_code::ErrorClass;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendOutcome {
    /// Tencent accepted the push.
    Sent { push_id: i64, task_id: String },
    /// Tencent refused it, or it never left: nothing was sent.
    Failed {
        push_id: i64,
        code: Option<i64>,
        class: Option<ErrorClass>,
    },
    /// The request may or may not have been acted on (a timeout, a lost
    /// connection). Retry only with the same MsgRandom.
    Unknown { push_id: i64 },
    /// Refused here, before anything was sent.
    Refused { push_id: i64, reason: Refusal },
    /// Another request with the same key is still being sent.
    InProgress { push_id: i64 },
    /// Not sent (yet): it waits for approval or its time, or was stopped
    /// before it left; `status` says which.
    Held {
        push_id: i64,
        status: crate::domain::vocab::PushStatus,
    },
}

impl SendOutcome {
    pub fn push_id(&self) -> i64 {
        match self {
            SendOutcome::Sent { push_id, .. }
            | SendOutcome::Failed { push_id, .. }
            | SendOutcome::Unknown { push_id }
            | SendOutcome::Refused { push_id, .. }
            | SendOutcome::InProgress { push_id }
            | SendOutcome::Held { push_id, .. } => *push_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The draft breaks the API's rules.
    Invalid(Vec<Violation>),
    /// The app's previous push was less than a second ago.
    TooSoon { retry_after_ms: i64 },
    /// The app's pushes for today (in its time zone) are used up.
    QuotaUsedUp { resets_at_us: i64 },
    /// The server stopped before the push was sent.
    Interrupted,
    /// The stored request is no longer the one written (and approved): it
    /// was not sent.
    Altered,
}

/// Issued with each composer form: the idempotency key and the MsgRandom
/// the operator sees in the request before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendTicket {
    pub key: String,
    pub msg_random: u32,
}
