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
    if query.finds_nothing() {
        return Ok(HistoryPage {
            rows: Vec::new(),
            next: None,
            time_zone: tz.name().to_string(),
        });
    }
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
    let mut conditions = Conditions::default();
    for (i, r) in found.iter().enumerate() {
        if i == rows {
            next = out.last().map(|last: &(HistoryRow, i64)| Cursor {
                at_us: last.1,
                id: last.0.id,
            });
            break;
        }
        out.push(row_with(r, tz, &mut conditions)?);
    }
    Ok(HistoryPage {
        rows: out.into_iter().map(|(r, _)| r).collect(),
        next,
        time_zone: tz.name().to_string(),
    })
}

/// A history row and its UTC time.
pub fn row(r: &AnyRow, tz: Tz) -> Result<(HistoryRow, i64), sqlx::Error> {
    row_with(r, tz, &mut Conditions::default())
}

/// The conditions a page has read so far, by their stored JSON: most pushes
/// share a handful, so a page of thousands parses each once.
#[derive(Default)]
struct Conditions(Vec<(String, Condition)>);

impl Conditions {
    /// At most this many are kept; past that, each row parses its own.
    const KEPT: usize = 32;

    fn read(&mut self, r: &AnyRow) -> Result<Option<Condition>, sqlx::Error> {
        let json: Option<String> = r.try_get("condition_json")?;
        let Some(json) = json.filter(|j| j != "null") else {
            return Ok(None);
        };
        if let Some((_, c)) = self.0.iter().find(|(j, _)| *j == json) {
            return Ok(Some(c.clone()));
        }
        let parsed: Condition =
            serde_json::from_str(&json).map_err(|e| sqlx::Error::ColumnDecode {
                index: "condition_json".into(),
                source: Box::new(e),
            })?;
        if self.0.len() < Self::KEPT {
            self.0.push((json, parsed.clone()));
        }
        Ok(Some(parsed))
    }
}

fn row_with(
    r: &AnyRow,
    tz: Tz,
    conditions: &mut Conditions,
) -> Result<(HistoryRow, i64), sqlx::Error> {
    let at_us: i64 = r.try_get("created_at_us")?;
    Ok((
        HistoryRow {
            id: r.try_get("id")?,
            at: format(at_us, tz),
            app_id: r.try_get("app_id")?,
            operator: r.try_get("operator_name")?,
            audience_kind: word(r, "audience_kind", AudienceKind::parse)?,
            condition: conditions.read(r)?,
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
