//! The Tencent IM REST client.
pub mod usersig;
