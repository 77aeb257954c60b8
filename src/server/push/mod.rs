//! Sending pushes: the rate slot, the push records, and the send flow that
//! every way of sending goes through.
pub mod rate;
pub mod records;
pub mod send;
