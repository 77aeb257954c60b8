//! One page of the history, newest first.
use super::query::HistoryQuery;
use crate::domain::history::{Cursor, HistoryPage, HistoryRow};
use crate::domain::push::Condition;
use crate::domain::vocab::{AudienceKind, PushStatus};
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, parse_word};
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::any::AnyRow;
use sqlx::Row;

pub const COLUMNS: &str = "id, app_id, operator_name, created_at_us, status, audience_kind, \
                           condition_json, first_text, task_id, scheduled_at_us, approved_by_name";

/// The history's order, which its indexes keep.
pub const NEWEST_FIRST: &str = "created_at_us DESC, id DESC";

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
        "SELECT {COLUMNS} FROM pushes {clause} ORDER BY {NEWEST_FIRST} LIMIT {}",
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
        out.push(Stored::read(r)?.into_row(tz, &mut conditions)?);
    }
    Ok(HistoryPage {
        rows: out.into_iter().map(|(r, _)| r).collect(),
        next,
        time_zone: tz.name().to_string(),
    })
}

/// A history row and its UTC time.
pub fn row(r: &AnyRow, tz: Tz) -> Result<(HistoryRow, i64), sqlx::Error> {
    Stored::read(r)?.into_row(tz, &mut Conditions::default())
}

/// A push record's listed columns as stored, in the order of `COLUMNS`: read
/// from a row, or (server::history::packed) from one element of a page the
/// database packed into JSON, which serde reads from an array by position.
#[derive(serde::Deserialize)]
pub struct Stored {
    id: i64,
    app_id: String,
    operator_name: String,
    created_at_us: i64,
    status: String,
    audience_kind: String,
    condition_json: Option<String>,
    first_text: String,
    task_id: Option<String>,
    scheduled_at_us: Option<i64>,
    approved_by_name: Option<String>,
}

impl Stored {
    /// The history's order, oldest first.
    pub fn order(&self) -> (i64, i64) {
        (self.created_at_us, self.id)
    }

    fn read(r: &AnyRow) -> Result<Stored, sqlx::Error> {
        Ok(Stored {
            id: r.try_get("id")?,
            app_id: r.try_get("app_id")?,
            operator_name: r.try_get("operator_name")?,
            created_at_us: r.try_get("created_at_us")?,
            status: r.try_get("status")?,
            audience_kind: r.try_get("audience_kind")?,
            condition_json: r.try_get("condition_json")?,
            first_text: r.try_get("first_text")?,
            task_id: r.try_get("task_id")?,
            scheduled_at_us: r.try_get("scheduled_at_us")?,
            approved_by_name: r.try_get("approved_by_name")?,
        })
    }

    /// The row in `tz`, and its UTC time.
    pub fn into_row(
        self,
        tz: Tz,
        conditions: &mut Conditions,
    ) -> Result<(HistoryRow, i64), sqlx::Error> {
        Ok((
            HistoryRow {
                id: self.id,
                at: format(self.created_at_us, tz),
                app_id: self.app_id,
                operator: self.operator_name,
                audience_kind: parse_word(
                    "audience_kind",
                    &self.audience_kind,
                    AudienceKind::parse,
                )?,
                condition: conditions.read(self.condition_json)?,
                first_text: self.first_text,
                status: parse_word("status", &self.status, PushStatus::parse)?,
                task_id: self.task_id,
                scheduled_at: self.scheduled_at_us.map(|at| format(at, tz)),
                approver: self.approved_by_name,
            },
            self.created_at_us,
        ))
    }
}

/// The conditions a page has read so far, by their stored JSON: most pushes
/// share a handful, so a page of thousands parses each once.
#[derive(Default)]
pub struct Conditions(Vec<(String, Condition)>);

impl Conditions {
    /// At most this many are kept; past that, each row parses its own.
    const KEPT: usize = 32;

    fn read(&mut self, json: Option<String>) -> Result<Option<Condition>, sqlx::Error> {
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
