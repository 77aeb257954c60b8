//! One push in full: its record, the exact request, and every attempt.
use super::list::{row, COLUMNS};
use crate::domain::history::{AttemptRow, PushDetail};
use crate::domain::vocab::PushStatus;
use crate::server::db::Db;
use crate::server::sql_filter::word;
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::Row;

pub async fn load(db: &Db, id: i64, tz: Tz) -> Result<Option<PushDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, msg_random, request_json, error_code, error_info, refusal_json \
         FROM pushes WHERE id = $1"
    );
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await? else {
        return Ok(None);
    };
    let (history_row, _) = row(&r, tz)?;
    let request_json: String = r.try_get("request_json")?;
    // The pretty view through the request's own type, so its keys keep the
    // order they were sent in; the stored text itself is shown as it is.
    let request_pretty = serde_json::from_str::<crate::domain::push::ImPushRequest>(&request_json)
        .and_then(|r| serde_json::to_string_pretty(&r))
        .unwrap_or_else(|_| request_json.clone());
    let request = request_json;
    let refusal: Option<String> = r.try_get("refusal_json")?;
    let msg_random: i64 = r.try_get("msg_random")?;
    let attempts = sqlx::query(
        "SELECT attempt, started_at_us, finished_at_us, outcome, operator_name, task_id, error_code, error_info \
         FROM push_attempts WHERE push_id = $1 ORDER BY attempt",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|a| {
        let finished: Option<i64> = a.try_get("finished_at_us")?;
        Ok(AttemptRow {
            attempt: a.try_get("attempt")?,
            started: format(a.try_get("started_at_us")?, tz),
            finished: finished.map(|f| format(f, tz)),
            outcome: word(a, "outcome", PushStatus::parse)?,
            operator: a.try_get("operator_name")?,
            task_id: a.try_get("task_id")?,
            error_code: a.try_get("error_code")?,
            error_info: a.try_get("error_info")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(PushDetail {
        row: history_row,
        msg_random: u32::try_from(msg_random).unwrap_or_default(),
        request,
        request_pretty,
        error_code: r.try_get("error_code")?,
        error_info: r.try_get("error_info")?,
        refusal: refusal.and_then(|j| serde_json::from_str(&j).ok()),
        attempts,
        time_zone: tz.name().to_string(),
    }))
}
