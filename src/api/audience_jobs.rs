//! Bulk jobs as the pages see them: the queue, one job's progress, and the
//! operator's pause, resume and cancel. The upload and the downloads are
//! plain HTTP routes (`audience_files`).
use super::error::ApiError;
use crate::domain::audience::JobStop;
use crate::domain::audience_change::AudienceChange;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: i64,
    pub app_id: String,
    pub change: AudienceChange,
    pub file_name: String,
    pub status: String,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobControl {
    Pause,
    Resume,
    Cancel,
}

/// How many rows of each list the job page shows.
pub const PREVIEW_ROWS: usize = 20;

#[cfg(feature = "ssr")]
fn view(j: crate::server::audience::jobs::Job, tz: chrono_tz::Tz) -> JobView {
    let secs = j.run_us as f64 / 1e6;
    let per_sec = if secs > 0.0 {
        j.accounts_done as f64 / secs
    } else {
        0.0
    };
    let left = j.total - j.accounts_done;
    JobView {
        id: j.id,
        app_id: j.app_id,
        change: j.change,
        file_name: j.file_name,
        secs_left: (per_sec > 0.0 && matches!(j.status.as_str(), "running" | "queued"))
            .then(|| (left as f64 / per_sec).ceil() as i64),
        status: j.status,
        rate: j.rate,
        total: j.total,
        malformed: j.malformed,
        done: j.accounts_done,
        failed: j.failed,
        requests: j.requests,
        creator: j.creator_name,
        created: crate::server::viewer_time::format(j.created_at_us, tz),
        accounts_per_sec: per_sec,
        stop: j.stop,
    }
}

#[server(endpoint = "audience/jobs")]
pub async fn list_jobs() -> Result<JobsOverview, ApiError> {
    use super::guard::{answer, internal, require, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::AudienceTools).await?;
        let state = crate::server::state::app_state()?;
        let tz = viewer_tz().await;
        let jobs = crate::server::audience::jobs::list(&state.db, 50)
            .await
            .map_err(internal)?;
        Ok(JobsOverview {
            jobs: jobs.into_iter().map(|j| view(j, tz)).collect(),
            rate: state.config.job_rate,
            rate_max: state.config.job_rate_max,
        })
    })
    .await
}

#[server(endpoint = "audience/jobs/get")]
pub async fn get_job(id: i64) -> Result<JobDetail, ApiError> {
    use super::guard::{answer, internal, require, viewer_tz};
    use crate::domain::account::Permission;
    use crate::server::audience::{jobs, upload};
    answer(async {
        require(Permission::AudienceTools).await?;
        let state = crate::server::state::app_state()?;
        let tz = viewer_tz().await;
        let job = jobs::get(&state.db, id)
            .await
            .map_err(internal)?
            .ok_or(ApiError::BadRequest)?;
        let malformed_lines = if job.malformed > 0 {
            let path = jobs::malformed_file(&state.config.data_dir, id);
            upload::malformed_preview(&path, PREVIEW_ROWS)
                .await
                .into_iter()
                .map(|(line, problem, text)| MalformedLine {
                    line,
                    problem,
                    text,
                })
                .collect()
        } else {
            Vec::new()
        };
        let failures = jobs::failures(&state.db, id, 0, PREVIEW_ROWS as i64)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(_, f)| FailedAccount {
                account: f.account,
                code: f.code,
            })
            .collect();
        Ok(JobDetail {
            job: view(job, tz),
            malformed_lines,
            failures,
        })
    })
    .await
}

/// Pause a queued or running job, resume a paused one, or cancel either.
/// False when the job was no longer in a state that allows it.
#[server(endpoint = "audience/jobs/control")]
pub async fn control_job(id: i64, control: JobControl) -> Result<bool, ApiError> {
    use super::guard::{answer, internal, require};
    use crate::domain::account::Permission;
    answer(async {
        let caller = require(Permission::AudienceTools).await?;
        let state = crate::server::state::app_state()?;
        let job = crate::server::audience::jobs::get(&state.db, id)
            .await
            .map_err(internal)?
            .ok_or(ApiError::BadRequest)?;
        if !crate::domain::account::may_manage_job(caller.user.role, caller.user.id, job.created_by)
        {
            return Err(ApiError::Forbidden);
        }
        let (from, to, action): (&[&str], _, _) = match control {
            JobControl::Pause => (&["queued", "running"], "paused", "audience.job.pause"),
            JobControl::Resume => (&["paused"], "queued", "audience.job.resume"),
            JobControl::Cancel => (
                &["queued", "running", "paused"],
                "cancelled",
                "audience.job.cancel",
            ),
        };
        let moved = crate::server::audience::jobs::transition(
            &state.db,
            state.clock.as_ref(),
            &caller.actor,
            id,
            from,
            to,
            action,
            None,
        )
        .await
        .map_err(internal)?;
        if moved && to == "queued" {
            state.jobs_wake.notify_waiters();
        }
        Ok(moved)
    })
    .await
}
