//! The errors a server function may show the browser. They carry no internal
//! text: the detail is logged on the server, the browser gets a kind it can
//! translate.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
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
