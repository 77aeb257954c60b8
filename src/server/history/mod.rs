//! Reading the pushes back: the history list, one push in full, and the CSV
//! export. Writing them is `server::push`'s job.
pub mod detail;
pub mod list;
pub mod packed;
pub mod query;
pub mod waiting;
