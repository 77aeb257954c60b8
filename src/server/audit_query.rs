//! Reading the audit log back: the filter as SQL, one page, and the rows the
//! CSV export streams.
use crate::domain::audit::{AuditPage, AuditRow, AuditSpec};
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, Arg, Where};
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct AuditQuery(Where);

impl AuditQuery {
    /// `None` for a day the zone cannot place.
    pub fn new(spec: &AuditSpec, tz: Tz) -> Option<AuditQuery> {
        let mut w = Where::default();
        if let Some(group) = spec.group {
            let group = group.as_str();
            w.push(
                "(action = ? OR action LIKE ?)",
                [Arg::Text(group.into()), Arg::Text(format!("{group}.%"))],
            );
        }
        if let Some(actor) = &spec.actor {
            w.push("actor_name = ?", [Arg::Text(actor.clone())]);
        }
        w.days("at_us", spec.from, spec.to, tz)?;
        Some(AuditQuery(w))
    }

    /// The WHERE clause for the events below `before` (newest first).
    pub fn where_clause(&self, before: Option<i64>) -> (String, Vec<Arg>) {
        let mut w = self.0.clone();
        if let Some(id) = before {
            w.push("id < ?", [Arg::Int(id)]);
        }
        w.finish()
    }
}

/// Up to `rows` events below `before`, newest first, and whether more follow.
pub async fn rows(
    db: &Db,
    query: &AuditQuery,
    before: Option<i64>,
    rows: usize,
    tz: Tz,
) -> Result<(Vec<AuditRow>, Option<i64>), sqlx::Error> {
    let (clause, args) = query.where_clause(before);
    let sql = format!(
        "SELECT id, at_us, actor_name, client_addr, action, target, details FROM audit_events \
         {clause} ORDER BY id DESC LIMIT {}",
        rows + 1
    );
    let found = bind_all(sqlx::query(&sql), &args)
        .fetch_all(&db.pool)
        .await?;
    let more = found.len() > rows;
    let events = found
        .iter()
        .take(rows)
        .map(|r| {
            Ok(AuditRow {
                id: r.try_get("id")?,
                at: format(r.try_get("at_us")?, tz),
                actor: r.try_get("actor_name")?,
                client: r.try_get("client_addr")?,
                action: r.try_get("action")?,
                target: r.try_get("target")?,
                details: r.try_get("details")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let next = if more {
        events.last().map(|e| e.id)
    } else {
        None
    };
    Ok((events, next))
}

pub async fn page(
    db: &Db,
    query: &AuditQuery,
    before: Option<i64>,
    count: usize,
    tz: Tz,
) -> Result<AuditPage, sqlx::Error> {
    let (rows, next) = rows(db, query, before, count, tz).await?;
    Ok(AuditPage {
        rows,
        next,
        time_zone: tz.name().to_string(),
    })
}
