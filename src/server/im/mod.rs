//! The Tencent IM REST client.
pub mod client;
pub mod sig_cache;
pub mod usersig;
