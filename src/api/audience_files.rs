//! The bulk-job upload and the job's downloads: plain HTTP routes, so a file
//! of a million lines streams from the browser's own form to disk, and the
//! lists stream back as CSV files.
use super::error::ApiError;
use super::file_route::{csv_response, record, Caller, Request, ToUseAudienceTools};
use crate::domain::job::UploadRefusal;
use crate::domain::push::validate::Violation;
use crate::domain::vocab::AuditAction;
use crate::server::audience::jobs;
use crate::server::audience::upload_job::{create_job, read_form};
use crate::server::csv::{line, push_line, stream, CHUNK_ROWS};
use crate::server::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

/// The largest upload: a million accounts of 32 bytes with a second column
/// fit several times over.
pub const UPLOAD_MAX_BYTES: usize = 256 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/audience/jobs/upload",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_MAX_BYTES)),
        )
        .route("/audience/jobs/{id}/failed.csv", get(failed))
        .route("/audience/jobs/{id}/malformed.csv", get(malformed))
}

async fn upload(
    Caller(r, _): Caller<ToUseAudienceTools>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.starts_with("application/json"));
    let mut form = match read_form(&r.state, &mut multipart).await {
        Ok(form) => form,
        Err(why) => return refused(wants_json, why, Vec::new()),
    };
    let result = create_job(&r.state, &r.actor, &form).await;
    match result {
        Ok(id) => {
            r.state.jobs_wake.notify_waiters();
            if wants_json {
                Json(serde_json::json!({ "job": id })).into_response()
            } else {
                Redirect::to(&format!("/audience/jobs/{id}")).into_response()
            }
        }
        Err((why, problems)) => {
            form.discard().await;
            refused(wants_json, why, problems)
        }
    }
}

fn refused(wants_json: bool, why: UploadRefusal, problems: Vec<Violation>) -> Response {
    if wants_json {
        let body = serde_json::json!({ "refused": why.as_str(), "violations": problems });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    } else {
        Redirect::to(&format!("/audience/jobs?refused={}", why.as_str())).into_response()
    }
}

/// The caller, when the job exists.
/// The job's downloads are its owner's and the admins'.
async fn job_for_download(r: Request, id: i64) -> Result<Request, Response> {
    use crate::domain::account::may_manage_job;
    match jobs::get(&r.state.db, id).await {
        Ok(Some(job)) if may_manage_job(r.role, r.actor.id.unwrap_or_default(), job.created_by) => {
            Ok(r)
        }
        Ok(Some(_)) => Err(r.refuse(ApiError::Forbidden)),
        Ok(None) => Err(r.refuse(ApiError::BadRequest)),
        Err(e) => Err(r.refuse(super::guard::internal(e))),
    }
}

async fn failed(Caller(r, _): Caller<ToUseAudienceTools>, Path(id): Path<i64>) -> Response {
    let r = match job_for_download(r, id).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    if let Err(failed) = record(
        &r,
        AuditAction::ExportJobFailures,
        serde_json::json!({ "job": id }),
    )
    .await
    {
        return failed;
    }
    let db = r.state.db.clone();
    let fetch = move |after| {
        let db = db.clone();
        async move {
            let rows = jobs::failures(&db, id, after, CHUNK_ROWS as i64).await?;
            let next = (rows.len() == CHUNK_ROWS)
                .then(|| rows.last().map(|(id, _)| *id))
                .flatten();
            Ok((rows, next))
        }
    };
    let body = stream(
        line(&["account", "error_code", "error"]),
        0,
        fetch,
        |rows| {
            let mut chunk = String::new();
            for (_, f) in &rows {
                push_line(&mut chunk, &[&f.account, &f.code.to_string(), &f.info]);
            }
            chunk
        },
    );
    csv_response(&format!("job-{id}-failed.csv"), body)
}

async fn malformed(Caller(r, _): Caller<ToUseAudienceTools>, Path(id): Path<i64>) -> Response {
    let r = match job_for_download(r, id).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let path = jobs::malformed_file(&r.state.config.data_dir, id);
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) => return r.refuse(super::guard::internal(e)),
    };
    use futures_util::stream::{unfold, StreamExt};
    use tokio::io::AsyncReadExt;
    let chunks = unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(buf), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
    .fuse();
    csv_response(
        &format!("job-{id}-malformed-lines.csv"),
        axum::body::Body::from_stream(chunks),
    )
}
