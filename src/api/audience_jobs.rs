//! Bulk jobs as the pages see them: the queue, one job's progress, and the
//! operator's pause, resume and cancel. The upload and the downloads are
//! plain HTTP routes (`audience_files`).
use super::error::ApiError;
use leptos::prelude::*;

pub use crate::domain::job::*;
pub use crate::domain::vocab::JobControl;

/// How many rows of each list the job page shows.
pub const PREVIEW_ROWS: usize = 20;

#[server(endpoint = "audience/jobs")]
pub async fn list_jobs() -> Result<JobsOverview, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    use crate::server::audience::job_control;
    answer(async {
        let (_, state) = guard(Permission::AudienceTools).await?;
        let tz = viewer_tz().await;
        let jobs = crate::server::audience::jobs::list(&state.db, 50)
            .await
            .map_err(internal)?;
        Ok(JobsOverview {
            jobs: jobs.into_iter().map(|j| job_control::view(j, tz)).collect(),
            rate: state.config.job_rate,
            rate_max: state.config.job_rate_max,
        })
    })
    .await
}

#[server(endpoint = "audience/jobs/get")]
pub async fn get_job(id: i64) -> Result<JobDetail, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    use crate::server::audience::{job_control, jobs, upload};
    answer(async {
        let (_, state) = guard(Permission::AudienceTools).await?;
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
            job: job_control::view(job, tz),
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
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::audience::job_control;
    answer(async {
        let (caller, state) = guard(Permission::AudienceTools).await?;
        let moved = job_control::control(
            &state.db,
            state.clock.as_ref(),
            &caller.actor,
            caller.user.role,
            id,
            control,
        )
        .await?;
        if moved && control == JobControl::Resume {
            state.jobs_wake.notify_waiters();
        }
        Ok(moved)
    })
    .await
}
