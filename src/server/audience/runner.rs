//! The background runner of bulk jobs: one loop per app, so one job per app
//! runs at a time and the others wait in a queue. Each batch of 100 accounts
//! is sent at the job's request rate and recorded with the byte offset after
//! it before the next is read; a restart resumes after the last recorded
//! batch. On PostgreSQL several server processes share the queue: a runner
//! claims a job with a lease it renews with every batch.
use super::apply::apply;
use super::job_control;
use super::jobs::{self, Failure, Job, Progress};
use crate::domain::audience::JobStop;
use crate::domain::audience_change::AudienceChange;
use crate::domain::error_code::ErrorClass;
use crate::domain::push::limits::ACCOUNTS_PER_REQUEST_MAX;
use crate::domain::vocab::{JobMove, JobStatus};
use crate::server::audit::Actor;
use crate::server::im::client::{CallError, ImClient};
use crate::server::state::AppState;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncSeekExt, BufReader};

/// Tries of one request that failed in a way a retry can mend (rate limit,
/// Tencent's own failure, a lost connection), before the job pauses itself.
const TRIES: u32 = 5;
const IDLE_POLL: Duration = Duration::from_secs(1);

fn runner_actor() -> Actor {
    Actor {
        id: None,
        name: "job-runner".into(),
        client: "local".into(),
    }
}

/// Starts one runner loop per configured app.
pub fn spawn(state: &AppState) -> Vec<tokio::task::JoinHandle<()>> {
    let runner = format!("{:016x}", rand::random::<u64>());
    state
        .config
        .apps
        .iter()
        .map(|app| {
            let (state, app_id, runner) = (state.clone(), app.id.clone(), runner.clone());
            tokio::spawn(async move { run_app(state, app_id, runner).await })
        })
        .collect()
}

/// How long a claim holds without a renewal: longer than one request with
/// all its retries could take.
fn lease_us(state: &AppState) -> i64 {
    let one = state.config.im_timeout.as_micros() as i64;
    2 * one + 5_000_000
}

async fn run_app(state: AppState, app_id: String, runner: String) {
    loop {
        let now = state.clock.now_micros();
        match jobs::claim_next(&state.db, &app_id, &runner, now, lease_us(&state)).await {
            Ok(Some(job)) => {
                tracing::info!(job = job.id, app = %app_id, "bulk job running");
                if let Err(e) = run_job(&state, &runner, job).await {
                    tracing::error!(error = %e, app = %app_id, "bulk job stopped by an error");
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
            Ok(None) => {
                tokio::select! {
                    () = state.jobs_wake.notified() => {}
                    () = tokio::time::sleep(IDLE_POLL) => {}
                }
            }
            Err(e) => {
                tracing::error!(error = %e, app = %app_id, "cannot read the job queue");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum RunError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

async fn run_job(state: &AppState, runner: &str, job: Job) -> Result<(), RunError> {
    let Some(im) = state.im.get(&job.app_id) else {
        return stop(
            state,
            &job,
            JobStop::AppGone,
            "the app is no longer configured",
        )
        .await;
    };
    let path = jobs::accounts_file(&state.config.data_dir, job.id);
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, job = job.id, "the job's account file cannot be read");
            return stop(state, &job, JobStop::FileUnreadable, &e.to_string()).await;
        }
    };
    let mut reader = BufReader::new(file);
    reader
        .seek(std::io::SeekFrom::Start(job.resume_offset as u64))
        .await?;
    let mut offset = job.resume_offset;
    let mut pace = Pace::new(job.rate);
    let mut line = String::new();
    loop {
        let started = std::time::Instant::now();
        let mut batch = Vec::with_capacity(ACCOUNTS_PER_REQUEST_MAX);
        while batch.len() < ACCOUNTS_PER_REQUEST_MAX {
            line.clear();
            let n = reader.read_line(&mut line).await?;
            if n == 0 {
                break;
            }
            offset += n as i64;
            let account = line.trim_end();
            if !account.is_empty() {
                batch.push(account.to_string());
            }
        }
        if batch.is_empty() {
            job_control::transition(
                &state.db,
                state.clock.as_ref(),
                &runner_actor(),
                job.id,
                JobMove::Finish,
                None,
            )
            .await?;
            tracing::info!(job = job.id, "bulk job finished");
            return Ok(());
        }
        let sent = match send_batch(im, &job.change, &batch, &mut pace).await {
            Ok(sent) => sent,
            Err((why, info)) => return stop(state, &job, why, &info).await,
        };
        let now = state.clock.now_micros();
        let progress = Progress {
            offset,
            accounts: batch.len() as i64,
            requests: i64::from(sent.requests),
            run_us: started.elapsed().as_micros() as i64,
            failures: &sent.failures,
        };
        let status =
            jobs::advance(&state.db, job.id, runner, now + lease_us(state), &progress).await?;
        match status {
            Some(JobStatus::Running) => {}
            Some(other) => {
                tracing::info!(
                    job = job.id,
                    status = other.as_str(),
                    "bulk job left by its runner"
                );
                return Ok(());
            }
            None => {
                tracing::warn!(job = job.id, "another runner took over this job");
                return Ok(());
            }
        }
    }
}

/// The runner pauses a job itself when the API refuses the app's setup or
/// keeps failing, instead of failing every account that follows.
async fn stop(state: &AppState, job: &Job, why: JobStop, info: &str) -> Result<(), RunError> {
    tracing::warn!(
        job = job.id,
        reason = why.as_str(),
        code = why.code(),
        "bulk job paused by its runner"
    );
    job_control::transition(
        &state.db,
        state.clock.as_ref(),
        &runner_actor(),
        job.id,
        JobMove::Halt,
        Some((why, info)),
    )
    .await?;
    Ok(())
}

/// Keeps to `rate` requests a second the way the API counts them: never more
/// than `rate` within any window of a second (with a margin for the time a
/// request takes to arrive), and evenly spaced while the requests keep up.
/// A request that took longer than its share is made up for by the next ones
/// as far as the window allows, so the rate holds on average.
struct Pace {
    period: Duration,
    rate: usize,
    next: tokio::time::Instant,
    recent: std::collections::VecDeque<tokio::time::Instant>,
}

/// The API's window, and 20 ms for the way there.
const WINDOW: Duration =
    Duration::from_micros(crate::domain::push::limits::CALL_WINDOW_US as u64 + 20_000);

impl Pace {
    fn new(rate: i64) -> Pace {
        let rate = rate.max(1) as usize;
        Pace {
            period: Duration::from_secs_f64(1.0 / rate as f64),
            rate,
            next: tokio::time::Instant::now(),
            recent: std::collections::VecDeque::with_capacity(rate.min(10_000)),
        }
    }

    async fn wait(&mut self) {
        let now = tokio::time::Instant::now();
        // Far behind (a pause, retries): start the schedule afresh.
        if now.saturating_duration_since(self.next) > WINDOW {
            self.next = now;
        }
        let mut at = self.next.max(now);
        if self.recent.len() >= self.rate {
            if let Some(oldest) = self.recent.front() {
                at = at.max(*oldest + WINDOW);
            }
        }
        tokio::time::sleep_until(at).await;
        let sent = tokio::time::Instant::now();
        if self.recent.len() >= self.rate {
            self.recent.pop_front();
        }
        self.recent.push_back(sent);
        self.next += self.period;
    }
}

struct Sent {
    requests: u32,
    failures: Vec<Failure>,
}

/// Sends one batch. A refusal of the request's content is narrowed down by
/// halving the batch until the refused accounts are alone, so each failed
/// account carries its own error code and the others still get the change.
/// `Err` means the job should pause: the app's setup is refused, or a
/// retryable failure did not mend.
async fn send_batch(
    im: &ImClient,
    change: &AudienceChange,
    batch: &[String],
    pace: &mut Pace,
) -> Result<Sent, (JobStop, String)> {
    let mut sent = Sent {
        requests: 0,
        failures: Vec::new(),
    };
    let mut parts: Vec<&[String]> = vec![batch];
    while let Some(part) = parts.pop() {
        let mut tries = 0;
        loop {
            pace.wait().await;
            sent.requests += 1;
            tries += 1;
            let result = apply(im, part, change).await;
            let Err(e) = result else { break };
            match e.class() {
                Some(ErrorClass::FixRequest) if part.len() > 1 => {
                    let (a, b) = part.split_at(part.len() / 2);
                    parts.push(b);
                    parts.push(a);
                    break;
                }
                Some(ErrorClass::FixRequest) => {
                    let (code, info) = code_and_info(&e);
                    sent.failures.push(Failure {
                        account: part[0].clone(),
                        code,
                        info,
                    });
                    break;
                }
                // Tag and attribute changes are idempotent: an unknown
                // outcome is safely sent again.
                Some(ErrorClass::WaitAndRetry | ErrorClass::ServerError) | None
                    if tries < TRIES =>
                {
                    tokio::time::sleep(Duration::from_millis(200 << tries)).await;
                }
                _ => return Err(why_stopped(&e)),
            }
        }
    }
    Ok(sent)
}

/// Why a failure that does not mend stops the job, with its text.
fn why_stopped(e: &CallError) -> (JobStop, String) {
    match e {
        CallError::Rejected { code, info, .. } => (JobStop::Refused { code: *code }, info.clone()),
        other => (JobStop::Unreachable, other.to_string()),
    }
}

fn code_and_info(e: &CallError) -> (i64, String) {
    match e {
        CallError::Rejected { code, info, .. } => (*code, info.clone()),
        other => (0, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_rate_in_any_window_and_slow_requests_are_made_up() {
        let mut pace = Pace::new(10);
        let start = tokio::time::Instant::now();
        let mut sent = Vec::new();
        for i in 0..40 {
            pace.wait().await;
            sent.push(tokio::time::Instant::now() - start);
            // Every fifth request takes three periods.
            if i % 5 == 4 {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
        for (i, t) in sent.iter().enumerate().skip(10) {
            assert!(
                *t - sent[i - 10] >= WINDOW,
                "request {i}: 11 within a window"
            );
        }
        // 40 requests at 10 a second: the slow ones are made up for.
        let took = sent[39];
        assert!(took < Duration::from_millis(4200), "{took:?}");
    }
}
