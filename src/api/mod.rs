//! Server functions: the only door between the browser and the server. Each
//! one is thin: check the caller, call one service, return a small result or a
//! typed `ApiError`.
pub mod error;
pub mod shell;
