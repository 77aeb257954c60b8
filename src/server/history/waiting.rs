//! What waits to be sent: the review page's list and the count the
//! navigation shows approvers.
use super::list::{row, COLUMNS, NEWEST_FIRST};
use crate::domain::history::HistoryRow;
use crate::domain::vocab::PushStatus;
use crate::server::db::Db;
use chrono_tz::Tz;

/// More than a page of waiting pushes would be a backlog no one reviews;
/// the history's status filter shows them all.
const MOST: usize = 200;

pub async fn rows(db: &Db, tz: Tz) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let waiting = PushStatus::WAITING
        .map(|s| format!("'{}'", s.as_str()))
        .join(", ");
    let sql = format!(
        "SELECT {COLUMNS} FROM pushes WHERE status IN ({waiting}) \
         ORDER BY {NEWEST_FIRST} LIMIT {MOST}"
    );
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| row(r, tz).map(|(r, _)| r))
        .collect()
}

/// Submissions awaiting approval that someone other than `viewer` made.
pub async fn awaiting_count(db: &Db, viewer: Option<i64>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM pushes WHERE status = $1 AND (operator_id IS NULL OR operator_id <> $2)",
    )
    .bind(PushStatus::AwaitingApproval.as_str())
    .bind(viewer.unwrap_or(-1))
    .fetch_one(&db.pool)
    .await
}
