//! The integration tests, in one binary (one link, one set of helpers):
//! the real server on a random port with a fresh database, the sandbox as
//! the IM API over real HTTP, and the real binary where a test needs whole
//! processes (crashes, replicas, the command line). `common` has the typed
//! helpers; each module is one area of the product.
mod common;

mod accounts;
mod agreement;
mod audience;
mod audience_crash;
mod audience_jobs;
mod audit_checkpoints;
mod audit_verify_pages;
mod bad_input;
mod cli;
mod cli_admin;
mod compose;
mod config;
mod crash;
mod drafts;
mod export_pages;
mod filter_plans;
mod health;
mod history;
mod limits;
mod load;
mod locale;
mod migrations;
mod repeats;
mod replicas;
mod replicas_schedule;
mod review;
mod sandbox;
mod schedule;
mod search_index;
mod secrets_in_logs;
mod send;
mod server_fns;
mod sessions;
mod write_lock;
