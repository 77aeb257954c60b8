//! The built-in imitation of Tencent's IM REST API.
pub mod auth;
pub mod judge;

#[cfg(test)]
mod agreement_tests;
