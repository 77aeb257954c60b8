//! The built-in imitation of Tencent's IM REST API.
pub mod judge;

#[cfg(test)]
mod agreement_tests;
