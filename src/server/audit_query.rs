//! Reading the audit log back: the filter as SQL, one page, and the rows the
//! CSV export streams.
use crate::api::audit_log::{AuditFilter, AuditPage, AuditRow, ACTION_GROUPS};
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, Arg, Where};
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct AuditQuery(Where);

impl AuditQuery {
    /// `None` for an unknown group of actions, a date that is not
    /// YYYY-MM-DD, or a field over the length limit.
    pub fn new(filter: &AuditFilter, tz: Tz) -> Option<AuditQuery> {
        let AuditFilter {
            group,
            actor,
            from,
            to,
        } = filter;
        crate::domain::filter::fields_fit(&[
            group.as_str(),
            actor.as_str(),
            from.as_str(),
            to.as_str(),
        ])
        .then_some(())?;
        let mut w = Where::default();
        let group = filter.group.trim();
        if !group.is_empty() {
            ACTION_GROUPS.contains(&group).then_some(())?;
            w.push(
                "(action = ? OR action LIKE ?)",
                [Arg::Text(group.into()), Arg::Text(format!("{group}.%"))],
            );
        }
        let actor = filter.actor.trim();
        if !actor.is_empty() {
            w.push("actor_name = ?", [Arg::Text(actor.into())]);
        }
        w.days("at_us", &filter.from, &filter.to, tz)?;
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
