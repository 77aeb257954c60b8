//! The errors a server function may show the browser. They carry no internal
//! text: the detail is logged on the server, the browser gets a kind it can
//! translate.
pub use crate::domain::api_error::ApiError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A filter that means nothing is a bad request, whatever is wrong with it.
impl From<crate::domain::filter::FilterError> for ApiError {
    fn from(_: crate::domain::filter::FilterError) -> Self {
        ApiError::BadRequest
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::push::send::SendError> for ApiError {
    fn from(e: crate::server::push::send::SendError) -> Self {
        use crate::server::push::send::SendError;
        match e {
            SendError::UnknownApp(_)
            | SendError::BadKey
            | SendError::NoSuchPush(_)
            | SendError::NotRetryable => ApiError::BadRequest,
            SendError::RecentRepeat(push_id) => ApiError::RecentRepeat { push_id },
            SendError::Review(r) => ApiError::Review(r),
            SendError::Altered(id) => {
                tracing::error!(
                    push_id = id,
                    "a stored request differs from its digest; not sent"
                );
                ApiError::Review(crate::domain::push::review::ReviewRefusal::DigestMismatch)
            }
            SendError::AttrNames(e) => {
                tracing::warn!(error = %e, "attribute names unavailable");
                ApiError::Unavailable
            }
            other => super::guard::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::audience::tools::ToolError> for ApiError {
    fn from(e: crate::server::audience::tools::ToolError) -> Self {
        use crate::server::audience::tools::ToolError;
        match e {
            ToolError::UnknownApp(_) => ApiError::BadRequest,
            ToolError::Storage(e) => super::guard::internal(e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::audience::job_control::ControlError> for ApiError {
    fn from(e: crate::server::audience::job_control::ControlError) -> Self {
        use crate::server::audience::job_control::ControlError;
        match e {
            ControlError::NoSuchJob => ApiError::BadRequest,
            ControlError::NotYours => ApiError::Forbidden,
            ControlError::Db(e) => super::guard::internal(e),
        }
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
