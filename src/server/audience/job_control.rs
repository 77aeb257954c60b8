//! A job's moves between states (the operator's pause, resume and cancel,
//! and the runner's finish and halt), and the job as its page shows it.
use super::jobs::{audit_job, get, Job};
use crate::domain::account::{may_manage_job, Role};
use crate::domain::audience::JobStop;
use crate::domain::job::JobView;
use crate::domain::vocab::{JobControl, JobMove, JobStatus};
use crate::server::audit::Actor;
use crate::server::clock::Clock;
use crate::server::db::Db;
use crate::server::sql_filter::word;
use sqlx::Row;

/// Moves a job, when it is in one of the states the move leaves, with its
/// audit event; false when it was not (already finished, say).
pub async fn transition(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    mv: JobMove,
    stop: Option<(JobStop, &str)>,
) -> Result<bool, sqlx::Error> {
    let now = clock.now_micros();
    let to = mv.to();
    let mut tx = db.write().await?;
    // A write first: it takes PostgreSQL's row lock before the read (SQLite's
    // write lock is `write`'s, from BEGIN), so the runner's progress cannot
    // slip in between.
    sqlx::query("UPDATE audience_jobs SET status = status WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let current = sqlx::query("SELECT status FROM audience_jobs WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| word(&r, "status", JobStatus::parse))
        .transpose()?;
    let Some(current) = current.filter(|c| mv.from().contains(c)) else {
        return Ok(false);
    };
    let finished = to.is_finished().then_some(now);
    sqlx::query(
        "UPDATE audience_jobs SET status = $1, finished_at_us = COALESCE($2, finished_at_us), \
         stop_code = $3, stop_info = $4, stop_reason = $7 WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(finished)
    .bind(stop.and_then(|s| s.0.code()))
    .bind(stop.map(|s| s.1.to_string()))
    .bind(id)
    .bind(current.as_str())
    .bind(stop.map(|s| s.0.as_str()))
    .execute(&mut *tx)
    .await?;
    let counts = sqlx::query(
        "SELECT total, accounts_done, failed, requests FROM audience_jobs WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let count = |c: &str| counts.try_get::<i64, _>(c);
    audit_job(
        &mut tx,
        &db.audit_key,
        clock,
        actor,
        mv.action(),
        id,
        serde_json::json!({
            "from": current.as_str(),
            "to": to.as_str(),
            "total": count("total")?,
            "done": count("accounts_done")?,
            "failed": count("failed")?,
            "requests": count("requests")?,
            "stop_reason": stop.map(|s| s.0.as_str()),
            "stop_code": stop.and_then(|s| s.0.code()),
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Why an operator's control was not applied.
#[derive(Debug)]
pub enum ControlError {
    NoSuchJob,
    /// Only the job's owner and admins may control it.
    NotYours,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ControlError {
    fn from(e: sqlx::Error) -> Self {
        ControlError::Db(e)
    }
}

/// An operator's pause, resume or cancel; false when the job was no longer
/// in a state that allows it.
pub async fn control(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    role: Role,
    id: i64,
    control: JobControl,
) -> Result<bool, ControlError> {
    let job = get(db, id).await?.ok_or(ControlError::NoSuchJob)?;
    if !may_manage_job(role, actor.id.unwrap_or_default(), job.created_by) {
        return Err(ControlError::NotYours);
    }
    Ok(transition(db, clock, actor, id, JobMove::Control(control), None).await?)
}

/// The job as its page shows it, with its measured pace and time left.
pub fn view(j: Job, tz: chrono_tz::Tz) -> JobView {
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
        secs_left: (per_sec > 0.0 && j.status.is_active())
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
