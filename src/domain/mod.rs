//! Pure types and rules of the Tencent IM API. No I/O: this module is compiled
//! for the browser and for the server, so a rule written here runs in both.
pub mod account;
pub mod api_error;
pub mod audience;
pub mod audience_change;
pub mod audit;
pub mod compose;
pub mod cookies;
pub mod draft;
pub mod error_code;
pub mod filter;
pub mod history;
pub mod job;
pub mod push;
pub mod region;
pub mod shell;
pub mod vocab;
