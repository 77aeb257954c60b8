//! Bulk jobs as the pages see them: the queue, one job's progress, its
//! first malformed lines and failed accounts.
use crate::domain::audience::JobStop;
use crate::domain::audience_change::AudienceChange;
use crate::domain::vocab::JobStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: i64,
    pub app_id: String,
    pub change: AudienceChange,
    pub file_name: String,
    pub status: JobStatus,
    pub rate: i64,
    pub total: i64,
    pub malformed: i64,
    pub done: i64,
    pub failed: i64,
    pub requests: i64,
    pub creator: String,
    /// In the viewer's zone.
    pub created: String,
    /// Accounts a second while running, measured.
    pub accounts_per_sec: f64,
    pub secs_left: Option<i64>,
    /// Why the console paused it by itself, if it did.
    pub stop: Option<JobStop>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MalformedLine {
    pub line: u64,
    pub problem: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedAccount {
    pub account: String,
    pub code: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    pub job: JobView,
    /// The first malformed lines and failed accounts; the downloads have all.
    pub malformed_lines: Vec<MalformedLine>,
    pub failures: Vec<FailedAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobsOverview {
    pub jobs: Vec<JobView>,
    pub rate: u32,
    pub rate_max: u32,
}

/// Why an upload was refused; the jobs page turns it into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    Form,
    App,
    Rate,
    Invalid,
    NoAccounts,
    Names,
    File,
}

impl UploadRefusal {
    pub const ALL: [UploadRefusal; 7] = [
        UploadRefusal::Form,
        UploadRefusal::App,
        UploadRefusal::Rate,
        UploadRefusal::Invalid,
        UploadRefusal::NoAccounts,
        UploadRefusal::Names,
        UploadRefusal::File,
    ];

    pub fn parse(s: &str) -> Option<UploadRefusal> {
        UploadRefusal::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// As the jobs page's address carries it (`?refused=rate`).
    pub fn as_str(self) -> &'static str {
        match self {
            UploadRefusal::Form => "form",
            UploadRefusal::App => "app",
            UploadRefusal::Rate => "rate",
            UploadRefusal::Invalid => "invalid",
            UploadRefusal::NoAccounts => "no_accounts",
            UploadRefusal::Names => "names",
            UploadRefusal::File => "file",
        }
    }
}
