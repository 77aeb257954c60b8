//! A bulk job from its upload: the form's change checked with the shared
//! rules, the job created with its audit event, and the upload's files
//! made the job's.
use super::jobs::{self, NewJob};
use super::upload::{Split, Splitter};
use crate::domain::audience_change::{split_tags, AudienceChange};
use crate::domain::job::UploadRefusal;
use crate::domain::push::validate::Violation;
use crate::server::audit::Actor;
use crate::server::state::AppState;
use axum::extract::Multipart;
use std::collections::BTreeMap;

/// A bulk-job form as read from its upload: its fields, the file's name
/// and where the upload was split to.
#[derive(Default)]
pub struct Form {
    pub fields: BTreeMap<String, Vec<String>>,
    pub file_name: String,
    pub split: Option<Split>,
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

    /// Removes the upload's files: the form did not become a job.
    pub async fn discard(&mut self) {
        if let Some(split) = self.split.take() {
            let _ = tokio::fs::remove_file(&split.accounts_path).await;
            let _ = tokio::fs::remove_file(&split.malformed_path).await;
        }
    }
}

pub type Refused = (UploadRefusal, Vec<Violation>);

/// Checks the form with the shared rules and creates the job; the upload's
/// files become the job's.
pub async fn create_job(state: &AppState, actor: &Actor, form: &Form) -> Result<i64, Refused> {
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
    let id = jobs::create(&state.db, state.clock.as_ref(), actor, &new)
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

/// A form field other than the file.
const FIELD_MAX_BYTES: usize = 64 * 1024;

/// Reads the whole form; on any refusal the upload's files are removed, so
/// nothing is left in the data folder by a form that did not become a job.
pub async fn read_form(state: &AppState, multipart: &mut Multipart) -> Result<Form, UploadRefusal> {
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
