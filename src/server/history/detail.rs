//! One push in full: its record, the exact request, and every attempt.
use super::list::{row, COLUMNS};
use crate::domain::history::{AttemptRow, PushDetail, ReviewInfo, StepRow, TimeIn3};
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::server::db::Db;
use crate::server::sql_filter::word;
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::Row;

/// Push `id` as the viewer in `tz` sees it, its app's review settings from
/// `config` (none if the app is no longer configured).
pub async fn load(
    db: &Db,
    id: i64,
    tz: Tz,
    config: &crate::server::config::Config,
) -> Result<Option<PushDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, msg_random, request_json, error_code, error_info, refusal_json, \
         digest, operator_id, approved_at_us, reason, superseded_by \
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
    let app = config.app(&history_row.app_id);
    let review = review_info(db, &r, history_row.status, tz, app).await?;
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
        review,
    }))
}

async fn review_info(
    db: &Db,
    r: &sqlx::any::AnyRow,
    status: PushStatus,
    tz: Tz,
    app: Option<&crate::server::config::AppConfig>,
) -> Result<ReviewInfo, sqlx::Error> {
    let scheduled_us: Option<i64> = r.try_get("scheduled_at_us")?;
    let approved_us: Option<i64> = r.try_get("approved_at_us")?;
    let id: i64 = r.try_get("id")?;
    let app_tz = app.map_or(chrono_tz::UTC, |a| a.time_zone);
    let steps = sqlx::query(
        "SELECT at_us, action, actor_name, note FROM push_steps WHERE push_id = $1 ORDER BY at_us",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|s| {
        Ok(StepRow {
            at: format(s.try_get("at_us")?, tz),
            action: word(s, "action", AuditAction::parse)?,
            actor: s.try_get("actor_name")?,
            note: s.try_get("note")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(ReviewInfo {
        digest: r.try_get("digest")?,
        scheduled: scheduled_us.map(|at_us| TimeIn3 {
            at_us,
            viewer: format(at_us, tz),
            app: format(at_us, app_tz),
            app_zone: app_tz.name().to_string(),
            utc: format(at_us, chrono_tz::UTC),
        }),
        late: status == PushStatus::Approved
            && scheduled_us
                .zip(approved_us)
                .is_some_and(|(at, ok)| at <= ok),
        requester_id: r.try_get("operator_id")?,
        approved_at: approved_us.map(|at| format(at, tz)),
        reason: r.try_get("reason")?,
        superseded_by: r.try_get("superseded_by")?,
        steps,
        policy: app.map(|a| a.review()).unwrap_or_default(),
    })
}
