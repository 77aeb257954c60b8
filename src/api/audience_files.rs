//! The bulk-job upload and the job's downloads: plain HTTP routes, so a file
//! of a million lines streams from the browser's own form to disk, and the
//! lists stream back as CSV files.
use super::error::ApiError;
use super::file_route::{csv_response, record, refusal, Caller, Request, ToUseAudienceTools};
use crate::domain::audience_change::{split_tags, AudienceChange};
use crate::domain::push::validate::Violation;
use crate::domain::vocab::AuditAction;
use crate::server::audience::jobs::{self, NewJob};
use crate::server::audience::upload::{Split, Splitter};
use crate::server::csv::{line, stream, CHUNK_ROWS};
use crate::server::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::BTreeMap;

/// The largest upload: a million accounts of 32 bytes with a second column
/// fit several times over.
pub const UPLOAD_MAX_BYTES: usize = 256 * 1024 * 1024;
/// A form field other than the file.
const FIELD_MAX_BYTES: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/audience/jobs/upload",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_MAX_BYTES)),
        )
        .route("/audience/jobs/{id}/failed.csv", get(failed))
        .route("/audience/jobs/{id}/malformed.csv", get(malformed))
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

#[derive(Default)]
struct Form {
    fields: BTreeMap<String, Vec<String>>,
    file_name: String,
    split: Option<Split>,
}

impl Form {
    fn one(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }

    fn change(&self) -> Option<AudienceChange> {
        Some(match self.one("action") {
            "add_tags" => AudienceChange::AddTags(split_tags(self.one("tags"))),
            "remove_tags" => AudienceChange::RemoveTags(split_tags(self.one("tags"))),
            "remove_all_tags" => AudienceChange::RemoveAllTags,
            "set_attrs" => AudienceChange::SetAttrs(
                self.all("set_name")
                    .iter()
                    .zip(self.all("set_value"))
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(n, v)| (n.clone(), v.trim().to_string()))
                    .collect(),
            ),
            "remove_attrs" => AudienceChange::RemoveAttrs(self.all("remove_name").to_vec()),
            _ => return None,
        })
    }

    async fn discard(&mut self) {
        if let Some(split) = self.split.take() {
            let _ = tokio::fs::remove_file(&split.accounts_path).await;
            let _ = tokio::fs::remove_file(&split.malformed_path).await;
        }
    }
}

/// Reads the whole form; on any refusal the upload's files are removed, so
/// nothing is left in the data folder by a form that did not become a job.
async fn read_form(state: &AppState, multipart: &mut Multipart) -> Result<Form, UploadRefusal> {
    let mut form = Form::default();
    match read_fields(state, multipart, &mut form).await {
        Ok(()) => Ok(form),
        Err(why) => {
            form.discard().await;
            Err(why)
        }
    }
}

/// How many fields a form may have besides its file, and their bytes in all:
/// the form has a handful; more is not a form of ours, and is not held.
const FIELDS_MAX: usize = 32;
const FIELDS_MAX_TOTAL_BYTES: usize = 256 * 1024;

async fn read_fields(
    state: &AppState,
    multipart: &mut Multipart,
    form: &mut Form,
) -> Result<(), UploadRefusal> {
    let dir = state.config.data_dir.join("jobs");
    let (mut fields, mut total) = (0, 0);
    while let Some(mut field) = multipart.next_field().await.map_err(|e| {
        tracing::warn!(error = %e, "upload cut off");
        UploadRefusal::File
    })? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            if form.split.is_some() {
                return Err(UploadRefusal::Form);
            }
            form.file_name = field
                .file_name()
                // None sent: the pages say so in the reader's language.
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            let token = format!("{:016x}", rand::random::<u64>());
            let mut splitter = Splitter::create(&dir, &token).await.map_err(|e| {
                tracing::error!(error = %e, "cannot write the upload");
                UploadRefusal::File
            })?;
            // The files are the form's from here on, so a refusal removes them.
            form.split = Some(splitter.paths());
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => splitter.feed(&chunk).await.map_err(|e| {
                        tracing::error!(error = %e, "cannot write the upload");
                        UploadRefusal::File
                    })?,
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "upload cut off");
                        return Err(UploadRefusal::File);
                    }
                }
            }
            form.split = Some(splitter.finish().await.map_err(|_| UploadRefusal::File)?);
        } else {
            fields += 1;
            if fields > FIELDS_MAX {
                return Err(UploadRefusal::Form);
            }
            let mut text = Vec::new();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        text.extend_from_slice(&chunk);
                        total += chunk.len();
                        if text.len() > FIELD_MAX_BYTES || total > FIELDS_MAX_TOTAL_BYTES {
                            return Err(UploadRefusal::Form);
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "upload cut off");
                        return Err(UploadRefusal::File);
                    }
                }
            }
            let text = String::from_utf8(text).map_err(|_| UploadRefusal::Form)?;
            form.fields.entry(name).or_default().push(text);
        }
    }
    Ok(())
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
    let result = create_job(&r, &form).await;
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

type Refused = (UploadRefusal, Vec<Violation>);

/// Checks the form with the shared rules and creates the job; the upload's
/// files become the job's.
async fn create_job(r: &Request, form: &Form) -> Result<i64, Refused> {
    let state = &r.state;
    let app_id = form.one("app_id");
    let im = state.im.get(app_id).ok_or((UploadRefusal::App, vec![]))?;
    let rate: u32 = form
        .one("rate")
        .trim()
        .parse()
        .ok()
        .filter(|r| (1..=state.config.job_rate_max).contains(r))
        .ok_or((UploadRefusal::Rate, vec![]))?;
    let change = form.change().ok_or((UploadRefusal::Form, vec![]))?;
    let mut problems = change.check(None);
    if problems.is_empty() && change.uses_attrs() {
        let now = state.clock.now_micros();
        let names = state
            .attr_names
            .get(app_id, im, now, true)
            .await
            .map_err(|_| (UploadRefusal::Names, vec![]))?;
        problems = change.check(Some(&names));
    }
    if !problems.is_empty() {
        return Err((UploadRefusal::Invalid, problems));
    }
    let split = form.split.as_ref().ok_or((UploadRefusal::File, vec![]))?;
    if split.accounts == 0 {
        return Err((UploadRefusal::NoAccounts, vec![]));
    }
    let new = NewJob {
        app_id,
        change: &change,
        file_name: &form.file_name,
        rate,
        total: split.accounts as i64,
        malformed: split.malformed as i64,
    };
    let id = jobs::create(&state.db, state.clock.as_ref(), &r.actor, &new)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot create a bulk job");
            (UploadRefusal::File, vec![])
        })?;
    let dir = &state.config.data_dir;
    for (from, to) in [
        (&split.accounts_path, jobs::accounts_file(dir, id)),
        (&split.malformed_path, jobs::malformed_file(dir, id)),
    ] {
        // A failure here leaves the job without its file: its runner pauses
        // it and says so, rather than losing it silently.
        if let Err(e) = tokio::fs::rename(from, &to).await {
            tracing::error!(error = %e, job = id, "cannot keep the upload");
        }
    }
    Ok(id)
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
        Ok(Some(_)) => Err(refusal(ApiError::Forbidden)),
        Ok(None) => Err(refusal(ApiError::BadRequest)),
        Err(e) => Err(refusal(super::guard::internal(e))),
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
    let body = stream(line(&["account", "error_code", "error"]), 0, move |after| {
        let db = db.clone();
        async move {
            let rows = jobs::failures(&db, id, after, CHUNK_ROWS as i64).await?;
            let mut chunk = String::new();
            for (_, f) in &rows {
                chunk.push_str(&line(&[&f.account, &f.code.to_string(), &f.info]));
            }
            let next = (rows.len() == CHUNK_ROWS)
                .then(|| rows.last().map(|(id, _)| *id))
                .flatten();
            Ok((chunk, next))
        }
    });
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
        Err(e) => return refusal(super::guard::internal(e)),
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
