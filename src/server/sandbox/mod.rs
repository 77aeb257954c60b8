//! The built-in imitation of Tencent's IM REST API, served by this same binary
//! under `/sandbox`. It checks signatures, URL parameters, the documented rules
//! and rate limits, and keeps a demo population in our database.
pub mod auth;
pub mod commands;
pub mod judge;
pub mod rate;
pub mod routes;
pub mod seed;
pub mod store;
