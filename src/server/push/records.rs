//! The pushes and push_attempts tables.
use crate::domain::error_code::classify;
use crate::domain::push::outcome::{Refusal, SendOutcome};
use crate::domain::vocab::PushStatus;
use crate::server::db::Db;
use crate::server::sql_filter::word;
use sqlx::Row;

/// What the send flow needs to know about one stored push.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub app_id: String,
    pub status: PushStatus,
    pub request_json: String,
    pub task_id: Option<String>,
    pub error_code: Option<i64>,
    pub refusal_json: Option<String>,
    pub digest: Option<String>,
    pub operator_id: Option<i64>,
    pub scheduled_at_us: Option<i64>,
}

pub async fn load(db: &Db, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, app_id, status, request_json, task_id, error_code, refusal_json, digest, operator_id, \
         scheduled_at_us FROM pushes WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Stored {
            id: r.try_get("id")?,
            app_id: r.try_get("app_id")?,
            status: word(&r, "status", PushStatus::parse)?,
            request_json: r.try_get("request_json")?,
            task_id: r.try_get("task_id")?,
            error_code: r.try_get("error_code")?,
            refusal_json: r.try_get("refusal_json")?,
            digest: r.try_get("digest")?,
            operator_id: r.try_get("operator_id")?,
            scheduled_at_us: r.try_get("scheduled_at_us")?,
        })
    })
    .transpose()
}

impl Stored {
    pub fn outcome(&self) -> SendOutcome {
        let push_id = self.id;
        match self.status {
            PushStatus::Sent => SendOutcome::Sent {
                push_id,
                task_id: self.task_id.clone().unwrap_or_default(),
            },
            PushStatus::Failed => SendOutcome::Failed {
                push_id,
                code: self.error_code,
                class: self.error_code.map(classify),
            },
            PushStatus::Unknown => SendOutcome::Unknown { push_id },
            PushStatus::Refused => SendOutcome::Refused {
                push_id,
                reason: self
                    .refusal_json
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok())
                    .unwrap_or(Refusal::Interrupted),
            },
            PushStatus::Sending => SendOutcome::InProgress { push_id },
            status => SendOutcome::Held { push_id, status },
        }
    }
}
