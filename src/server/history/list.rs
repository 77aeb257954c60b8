//! One page of the history, newest first.
use super::query::HistoryQuery;
use crate::domain::history::{Cursor, HistoryPage, HistoryRow};
use crate::domain::push::Condition;
use crate::domain::vocab::{AudienceKind, PushStatus};
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, word};
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::any::AnyRow;
use sqlx::Row;

pub const COLUMNS: &str = "id, app_id, operator_name, created_at_us, status, audience_kind, \
                           condition_json, first_text, task_id, scheduled_at_us, approved_by_name";

pub async fn page(
    db: &Db,
    query: &HistoryQuery,
    after: Option<Cursor>,
    rows: usize,
    tz: Tz,
) -> Result<HistoryPage, sqlx::Error> {
    let (clause, args) = query.where_clause(after);
    // One row more than shown tells whether a next page exists.
    let sql = format!(
        "SELECT {COLUMNS} FROM pushes {clause} ORDER BY created_at_us DESC, id DESC LIMIT {}",
        rows + 1
    );
    let found = bind_all(sqlx::query(&sql), &args)
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows);
    let mut next = None;
    for (i, r) in found.iter().enumerate() {
        if i == rows {
            next = out.last().map(|last: &(HistoryRow, i64)| Cursor {
                at_us: last.1,
                id: last.0.id,
            });
            break;
        }
        out.push(row(r, tz)?);
    }
    Ok(HistoryPage {
        rows: out.into_iter().map(|(r, _)| r).collect(),
        next,
        time_zone: tz.name().to_string(),
    })
}

/// A history row and its UTC time.
pub fn row(r: &AnyRow, tz: Tz) -> Result<(HistoryRow, i64), sqlx::Error> {
    let at_us: i64 = r.try_get("created_at_us")?;
    Ok((
        HistoryRow {
            id: r.try_get("id")?,
            at: format(at_us, tz),
            app_id: r.try_get("app_id")?,
            operator: r.try_get("operator_name")?,
            audience_kind: word(r, "audience_kind", AudienceKind::parse)?,
            condition: condition(r)?,
            first_text: r.try_get("first_text")?,
            status: word(r, "status", PushStatus::parse)?,
            task_id: r.try_get("task_id")?,
            scheduled_at: r
                .try_get::<Option<i64>, _>("scheduled_at_us")?
                .map(|at| format(at, tz)),
            approver: r.try_get("approved_by_name")?,
        },
        at_us,
    ))
}

/// The stored condition; none for a push to everyone.
fn condition(r: &AnyRow) -> Result<Option<Condition>, sqlx::Error> {
    let json: Option<String> = r.try_get("condition_json")?;
    json.filter(|j| j != "null")
        .map(|j| {
            serde_json::from_str(&j).map_err(|e| sqlx::Error::ColumnDecode {
                index: "condition_json".into(),
                source: Box::new(e),
            })
        })
        .transpose()
}
