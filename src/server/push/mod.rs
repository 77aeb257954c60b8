//! Sending pushes: the rate slot, the push records, and the send flow that
//! every way of sending goes through.
pub mod attr_names;
pub mod call;
pub mod digest;
pub mod dispatch;
pub mod drafts;
pub mod duplicate;
pub mod lease;
pub mod quota;
pub mod rate;
pub mod records;
pub mod review;
pub mod send;
pub mod steps;
