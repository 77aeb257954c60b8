//! Server-only parts: configuration, database, the IM client and sandbox, and
//! the services. Reached from the browser only through `api`; it imports only
//! `domain` (and `text` where it writes words a person reads).
pub mod accounts;
pub mod assets;
pub mod audience;
pub mod audit;
pub mod audit_checkpoint;
pub mod audit_key;
pub mod audit_query;
pub mod audit_verify;
pub mod cli;
pub mod client_addr;
pub mod clock;
pub mod config;
pub mod csv;
pub mod db;
pub mod export;
pub mod history;
pub mod im;
pub mod packed_page;
pub mod push;
pub mod sandbox;
pub mod session;
pub mod sql_filter;
pub mod state;
pub mod telemetry;
pub mod text_grams;
pub mod text_search;
pub mod text_search_pg;
pub mod text_tables;
pub mod viewer_time;
