//! Users' tags and attributes: looked up and changed for a few accounts at a
//! time, or for a whole file of them by a background job.
pub mod apply;
pub mod job_control;
pub mod jobs;
pub mod runner;
pub mod tools;
pub mod upload;
pub mod upload_job;
