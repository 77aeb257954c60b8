//! Server functions: the only door between the browser and the server. Each
//! one is thin: check the caller, call one service, return a small result or a
//! typed `ApiError`.
pub mod audience;
#[cfg(feature = "ssr")]
pub mod audience_files;
pub mod audience_jobs;
pub mod audit_log;
pub mod auth;
pub mod compose;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod file_route;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod history;
#[cfg(feature = "ssr")]
pub mod origin;
pub mod push;
pub mod review;
pub mod shell;
pub mod users;
