//! Bulk jobs in the database: created by an upload, claimed by one runner at
//! a time per app, advanced one finished batch at a time.
use crate::domain::audience::JobStop;
use crate::domain::audience_change::AudienceChange;
use crate::domain::vocab::{AuditAction, JobStatus};
use crate::server::audit::{self, Actor};
use crate::server::clock::Clock;
use crate::server::db::Db;
use crate::server::sql_filter::word;
use sqlx::Row;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub app_id: String,
    pub change: AudienceChange,
    pub file_name: String,
    pub status: JobStatus,
    pub rate: i64,
    pub total: i64,
    pub malformed: i64,
    pub batches_done: i64,
    pub accounts_done: i64,
    pub failed: i64,
    pub requests: i64,
    pub resume_offset: i64,
    pub creator_name: String,
    /// The user who started it: with admins, the only one who may pause,
    /// resume, cancel or download it.
    pub created_by: i64,
    pub created_at_us: i64,
    pub started_at_us: Option<i64>,
    pub run_us: i64,
    pub finished_at_us: Option<i64>,
    /// Why the console paused it by itself, if it did.
    pub stop: Option<JobStop>,
    /// Tencent's text for a refusal, or what went wrong: for the log and
    /// the audit, not shown (the page says `stop` in the reader's language).
    pub stop_info: Option<String>,
}

const COLUMNS: &str = "id, app_id, change_json, file_name, status, rate, total, malformed, \
    batches_done, accounts_done, failed, requests, resume_offset, creator_name, created_by, created_at_us, \
    started_at_us, run_us, finished_at_us, stop_code, stop_info, stop_reason";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Job, sqlx::Error> {
    let change_json: String = r.try_get("change_json")?;
    let change = serde_json::from_str(&change_json).map_err(|e| sqlx::Error::ColumnDecode {
        index: "change_json".into(),
        source: Box::new(e),
    })?;
    Ok(Job {
        id: r.try_get("id")?,
        app_id: r.try_get("app_id")?,
        change,
        file_name: r.try_get("file_name")?,
        status: word(r, "status", JobStatus::parse)?,
        rate: r.try_get("rate")?,
        total: r.try_get("total")?,
        malformed: r.try_get("malformed")?,
        batches_done: r.try_get("batches_done")?,
        accounts_done: r.try_get("accounts_done")?,
        failed: r.try_get("failed")?,
        requests: r.try_get("requests")?,
        resume_offset: r.try_get("resume_offset")?,
        creator_name: r.try_get("creator_name")?,
        created_by: r.try_get("created_by")?,
        created_at_us: r.try_get("created_at_us")?,
        started_at_us: r.try_get("started_at_us")?,
        run_us: r.try_get("run_us")?,
        finished_at_us: r.try_get("finished_at_us")?,
        stop: JobStop::from_stored(
            r.try_get::<Option<String>, _>("stop_reason")?.as_deref(),
            r.try_get("stop_code")?,
        ),
        stop_info: r.try_get("stop_info")?,
    })
}

/// Where a job's files live: the valid accounts, one per line, and the
/// malformed lines of the upload as CSV.
pub fn accounts_file(data_dir: &Path, id: i64) -> PathBuf {
    data_dir.join("jobs").join(format!("{id}.accounts"))
}

pub fn malformed_file(data_dir: &Path, id: i64) -> PathBuf {
    data_dir.join("jobs").join(format!("{id}.malformed.csv"))
}

pub struct NewJob<'a> {
    pub app_id: &'a str,
    pub change: &'a AudienceChange,
    pub file_name: &'a str,
    pub rate: u32,
    pub total: i64,
    pub malformed: i64,
}

/// Creates a queued job and its audit event together.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    job: &NewJob<'_>,
) -> Result<i64, sqlx::Error> {
    let now = clock.now_micros();
    let mut tx = db.write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audience_jobs (app_id, change_json, action, file_name, status, rate, total, \
         malformed, created_by, creator_name, created_at_us) \
         VALUES ($1, $2, $3, $4, $11, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(job.app_id)
    .bind(serde_json::to_string(job.change).expect("plain data serializes"))
    .bind(job.change.action())
    .bind(job.file_name)
    .bind(i64::from(job.rate))
    .bind(job.total)
    .bind(job.malformed)
    .bind(actor.id.unwrap_or_default())
    .bind(&actor.name)
    .bind(now)
    .bind(JobStatus::Queued.as_str())
    .fetch_one(&mut *tx)
    .await?;
    audit_job(
        &mut tx,
        &db.audit_key,
        clock,
        actor,
        AuditAction::AudienceJobStart,
        id,
        serde_json::json!({
            "app": job.app_id,
            "change": job.change,
            "file": job.file_name,
            "accounts": job.total,
            "malformed_lines": job.malformed,
            "rate": job.rate,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Job>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audience_jobs WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| from_row(&r))
    .transpose()
}

/// The newest jobs first.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audience_jobs ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The job this runner should work on for `app_id`: its own or an abandoned
/// running job first (a restart resumes it), else the oldest queued one
/// unless another runner holds a live claim on this app.
pub async fn claim_next(
    db: &Db,
    app_id: &str,
    runner: &str,
    now_us: i64,
    lease_us: i64,
) -> Result<Option<Job>, sqlx::Error> {
    let (running_, queued) = (JobStatus::Running.as_str(), JobStatus::Queued.as_str());
    let running: Option<(i64, Option<String>, i64)> = sqlx::query_as(&format!(
        "SELECT id, runner, lease_until_us FROM audience_jobs \
         WHERE app_id = $1 AND status = '{running_}' ORDER BY id LIMIT 1",
    ))
    .bind(app_id)
    .fetch_optional(&db.pool)
    .await?;
    let claimed: Option<i64> = match running {
        Some((_, Some(other), lease)) if other != runner && lease >= now_us => None,
        Some((id, _, _)) => sqlx::query_scalar(&format!(
            "UPDATE audience_jobs SET runner = $1, lease_until_us = $2 \
             WHERE id = $3 AND status = '{running_}' AND (runner = $1 OR lease_until_us < $4) \
             RETURNING id",
        ))
        .bind(runner)
        .bind(now_us + lease_us)
        .bind(id)
        .bind(now_us)
        .fetch_optional(&db.pool)
        .await?,
        None => sqlx::query_scalar(&format!(
            "UPDATE audience_jobs SET status = '{running_}', runner = $1, lease_until_us = $2, \
             started_at_us = COALESCE(started_at_us, $3), stop_code = NULL, stop_info = NULL, stop_reason = NULL \
             WHERE id = (SELECT id FROM audience_jobs WHERE app_id = $4 AND status = '{queued}' \
                         ORDER BY id LIMIT 1) \
               AND status = '{queued}' \
               AND NOT EXISTS (SELECT 1 FROM audience_jobs WHERE app_id = $4 AND status = '{running_}') \
             RETURNING id",
        ))
        .bind(runner)
        .bind(now_us + lease_us)
        .bind(now_us)
        .bind(app_id)
        .fetch_optional(&db.pool)
        .await?,
    };
    match claimed {
        Some(id) => get(db, id).await,
        None => Ok(None),
    }
}

/// One finished batch.
pub struct Progress<'a> {
    pub offset: i64,
    pub accounts: i64,
    pub requests: i64,
    pub run_us: i64,
    pub failures: &'a [Failure],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub account: String,
    pub code: i64,
    pub info: String,
}

/// Records a finished batch and renews the claim, in one transaction; the
/// answer is the job's status now (an operator may have paused or cancelled
/// it meanwhile), or `None` when this runner no longer holds the job.
pub async fn advance(
    db: &Db,
    id: i64,
    runner: &str,
    lease_until_us: i64,
    p: &Progress<'_>,
) -> Result<Option<JobStatus>, sqlx::Error> {
    let mut tx = db.write().await?;
    let status: Option<String> = sqlx::query_scalar(
        "UPDATE audience_jobs SET batches_done = batches_done + 1, \
         accounts_done = accounts_done + $1, failed = failed + $2, requests = requests + $3, \
         resume_offset = $4, run_us = run_us + $5, lease_until_us = $6 \
         WHERE id = $7 AND runner = $8 RETURNING status",
    )
    .bind(p.accounts)
    .bind(p.failures.len() as i64)
    .bind(p.requests)
    .bind(p.offset)
    .bind(p.run_us)
    .bind(lease_until_us)
    .bind(id)
    .bind(runner)
    .fetch_optional(&mut *tx)
    .await?;
    if status.is_some() {
        for f in p.failures {
            sqlx::query(
                "INSERT INTO audience_job_failures (job_id, account, code, info) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&f.account)
            .bind(f.code)
            .bind(&f.info)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(status.as_deref().and_then(JobStatus::parse))
}

/// Every event about a job names it the same way.
pub(super) async fn audit_job(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    key: &crate::server::audit_key::AuditKey,
    clock: &dyn Clock,
    actor: &Actor,
    action: AuditAction,
    id: i64,
    details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    audit::append(tx, key, clock, actor, action, &format!("job:{id}"), details)
        .await
        .map(|_| ())
}

/// The failed accounts after `after` (a failure id), oldest first.
pub async fn failures(
    db: &Db,
    job_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, Failure)>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, account, code, info FROM audience_job_failures \
         WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(job_id)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, account, code, info)| {
            (
                id,
                Failure {
                    account,
                    code,
                    info,
                },
            )
        })
        .collect())
}
