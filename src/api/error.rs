//! The errors a server function may show the browser. They carry no internal
//! text: the detail is logged on the server, the browser gets a kind it can
//! translate.
use crate::domain::account::AccountError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
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
}

impl ApiError {
    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::SignInRequired => 401,
            ApiError::Forbidden | ApiError::PasswordChangeRequired => 403,
            ApiError::Throttled { .. } => 429,
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

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ApiError::Unavailable,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => ApiError::BadRequest,
            _ => ApiError::Internal,
        }
    }
}

/// A request a server function could not decode is answered before the
/// function runs, by the framework, with status 500 and the typed error it
/// was turned into (`from_server_fn_error`: `BadRequest`). This middleware
/// gives such answers the status their error stands for, so a malformed
/// request is a 400, never a server error.
#[cfg(feature = "ssr")]
pub async fn status_of_typed_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // An error's JSON is a few bytes; anything longer is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 4096).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(e) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status = StatusCode::from_u16(e.status()).unwrap_or(parts.status);
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
