//! The errors a server function may show the browser. They carry no internal
//! text: the detail is logged on the server, the browser gets a kind it can
//! translate (`text::api_error`).
use crate::domain::account::AccountError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// No session, or it ended (idle, lifetime, disabled, password changed).
    #[error("sign-in required")]
    SignInRequired,
    /// Signed in with a one-time password that must be changed first.
    #[error("password change required")]
    PasswordChangeRequired,
    /// The same answer for an unknown name, a wrong password and a disabled user.
    #[error("wrong name or password")]
    BadCredentials,
    #[error("too many attempts")]
    Throttled { retry_after_secs: i64 },
    #[error("refused: {0:?}")]
    Account(AccountError),
    /// Something failed on the server; the log has the detail.
    #[error("internal error")]
    Internal,
    /// The server could not be reached, or its answer was cut off.
    #[error("server unavailable")]
    Unavailable,
    /// The caller's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// The request could not be decoded.
    #[error("bad request")]
    BadRequest,
    /// The same message went to the same audience of the app minutes ago;
    /// sending it again needs the operator's yes, naming that push.
    #[error("repeats push {push_id}")]
    RecentRepeat { push_id: i64 },
    /// A step of approval or scheduling that the rules do not allow.
    #[error("review refused: {0:?}")]
    Review(crate::domain::push::review::ReviewRefusal),
}

impl ApiError {
    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::SignInRequired => 401,
            ApiError::Forbidden | ApiError::PasswordChangeRequired => 403,
            ApiError::Throttled { .. } => 429,
            ApiError::RecentRepeat { .. } => 409,
            ApiError::Review(r) => {
                use crate::domain::push::review::ReviewRefusal::*;
                match r {
                    OwnPush | NotRequester => 403,
                    DigestMismatch | NotWaiting => 409,
                    ReasonRequired | TooSoon | TooFar => 400,
                }
            }
            ApiError::BadRequest | ApiError::BadCredentials | ApiError::Account(_) => 400,
            ApiError::Unavailable => 503,
            ApiError::Internal => 500,
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        ApiError::Account(e)
    }
}
