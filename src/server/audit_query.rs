//! Reading the audit log back: the filter as SQL, one page, and the rows the
//! CSV export streams.
use crate::api::audit_log::{AuditFilter, AuditPage, AuditRow, ACTION_GROUPS};
use crate::server::db::Db;
use crate::server::history::query::{bind_all, Arg};
use crate::server::viewer_time::{format, start_of_day_us};
use chrono_tz::Tz;
use sqlx::Row;

const DAY_US: i64 = 24 * 60 * 60 * 1_000_000;

#[derive(Debug, Clone)]
pub struct AuditQuery {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl AuditQuery {
    pub fn new(filter: &AuditFilter, tz: Tz) -> Option<AuditQuery> {
        let mut q = AuditQuery {
            conditions: Vec::new(),
            args: Vec::new(),
        };
        let group = filter.group.trim();
        if !group.is_empty() {
            ACTION_GROUPS.contains(&group).then_some(())?;
            q.args.push(Arg::Text(group.into()));
            q.args.push(Arg::Text(format!("{group}.%")));
            let n = q.args.len();
            q.conditions
                .push(format!("(action = ${} OR action LIKE ${})", n - 1, n));
        }
        let actor = filter.actor.trim();
        if !actor.is_empty() {
            q.push("actor_name = ", Arg::Text(actor.into()));
        }
        if !filter.from.trim().is_empty() {
            q.push("at_us >= ", Arg::Int(start_of_day_us(&filter.from, tz)?));
        }
        if !filter.to.trim().is_empty() {
            q.push(
                "at_us < ",
                Arg::Int(start_of_day_us(&filter.to, tz)? + DAY_US),
            );
        }
        Some(q)
    }

    fn push(&mut self, condition: &str, arg: Arg) {
        self.args.push(arg);
        self.conditions
            .push(format!("{condition}${}", self.args.len()));
    }

    /// The WHERE clause for the events below `before` (newest first).
    pub fn where_clause(&self, before: Option<i64>) -> (String, Vec<Arg>) {
        let mut conditions = self.conditions.clone();
        let mut args = self.args.clone();
        if let Some(id) = before {
            args.push(Arg::Int(id));
            conditions.push(format!("id < ${}", args.len()));
        }
        if conditions.is_empty() {
            return (String::new(), args);
        }
        (format!("WHERE {}", conditions.join(" AND ")), args)
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
