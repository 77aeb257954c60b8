//! Reading the audit log back: the filter as SQL, one page, and the rows the
//! CSV export streams.
use crate::domain::audit::{AuditPage, AuditRow, AuditSpec};
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, Arg, Filters, Where};
use crate::server::text_search::{self, TextMatch, AUDIT_TEXT};
use crate::server::viewer_time::format;
use chrono_tz::Tz;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct AuditQuery {
    filters: Filters,
    text: Option<String>,
    /// How the words are found, once `resolve` has asked.
    found: Option<TextMatch>,
}

impl AuditQuery {
    /// `None` for a day the zone cannot place.
    pub fn new(spec: &AuditSpec, tz: Tz) -> Option<AuditQuery> {
        let mut f = Filters::new("at_us");
        if let Some(group) = spec.group {
            f.equal("action_group", Arg::Text(group.as_str().into()));
        }
        if let Some(actor) = &spec.actor {
            f.equal("actor_name", Arg::Text(actor.clone()));
        }
        f.days(spec.from, spec.to, tz)?;
        Some(AuditQuery {
            filters: f,
            text: spec.text.clone(),
            found: None,
        })
    }

    /// Asks the index for the words, if any were typed.
    pub async fn resolve(mut self, db: &Db) -> Result<Self, sqlx::Error> {
        if let Some(text) = &self.text {
            self.found = Some(TextMatch::find(db, AUDIT_TEXT, text).await?);
        }
        Ok(self)
    }

    /// The words' index named no event: nothing to read.
    pub fn finds_nothing(&self) -> bool {
        self.found.as_ref().is_some_and(TextMatch::finds_nothing)
    }

    /// The WHERE clause for the events below `before` (newest first).
    pub fn where_clause(&self, before: Option<i64>) -> (String, Vec<Arg>) {
        let mut w = Where::default();
        let found = (self.found.clone()).or_else(|| self.text.as_deref().map(TextMatch::tested));
        text_search::write(&self.filters, found.as_ref(), AUDIT_TEXT.columns, &mut w);
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
    if query.finds_nothing() {
        return Ok((Vec::new(), None));
    }
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
