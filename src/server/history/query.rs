//! The history filter as SQL: a WHERE clause with `$n` placeholders and the
//! values to bind, in order. The list and the export share it.
use crate::api::history::{Cursor, HistoryFilter, AUDIENCES, STATUSES};
use crate::server::sql_filter::{Arg, Where};
use chrono_tz::Tz;

#[derive(Debug, Clone)]
pub struct HistoryQuery {
    filter: Where,
    /// Words of the first text, or a TaskId.
    text: Option<String>,
    /// `text` is a TaskId that exists: match it exactly, through its index,
    /// instead of scanning every first text.
    exact_task: bool,
}

impl HistoryQuery {
    /// `None` when a field holds something no filter can mean (an unknown
    /// status, a date that is not YYYY-MM-DD, a search over the length limit).
    pub fn new(filter: &HistoryFilter, tz: Tz) -> Option<HistoryQuery> {
        let HistoryFilter {
            app_id,
            status,
            operator,
            from,
            to,
            audience,
            text,
        } = filter;
        crate::domain::filter::fields_fit(&[
            app_id.as_str(),
            status.as_str(),
            operator.as_str(),
            from.as_str(),
            to.as_str(),
            audience.as_str(),
            text.as_str(),
        ])
        .then_some(())?;
        let mut w = Where::default();
        // A claimed row is a request being checked this instant, not yet a push.
        w.fixed("status <> 'claimed'");
        let app = filter.app_id.trim();
        if !app.is_empty() {
            w.push("app_id = ?", [Arg::Text(app.into())]);
        }
        let status = filter.status.trim();
        if !status.is_empty() {
            STATUSES.contains(&status).then_some(())?;
            w.push("status = ?", [Arg::Text(status.into())]);
        }
        let operator = filter.operator.trim();
        if !operator.is_empty() {
            w.push("operator_name = ?", [Arg::Text(operator.into())]);
        }
        let audience = filter.audience.trim();
        if !audience.is_empty() {
            AUDIENCES.contains(&audience).then_some(())?;
            w.push("audience_kind = ?", [Arg::Text(audience.into())]);
        }
        w.days("created_at_us", &filter.from, &filter.to, tz)?;
        let text = filter.text.trim();
        Some(HistoryQuery {
            filter: w,
            text: (!text.is_empty()).then(|| text.to_string()),
            exact_task: false,
        })
    }

    /// Looks the text up as a TaskId first: a TaskId search then reads one
    /// index entry, where a search for words must scan the first texts.
    pub async fn resolve(mut self, db: &crate::server::db::Db) -> Result<Self, sqlx::Error> {
        if let Some(text) = &self.text {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM pushes WHERE task_id = $1 LIMIT 1")
                    .bind(text)
                    .fetch_optional(&db.pool)
                    .await?;
            self.exact_task = found.is_some();
        }
        Ok(self)
    }

    /// The WHERE clause, with the rows after `after` (newest first) only.
    pub fn where_clause(&self, after: Option<Cursor>) -> (String, Vec<Arg>) {
        let mut w = self.filter.clone();
        match &self.text {
            Some(text) if self.exact_task => w.push("task_id = ?", [Arg::Text(text.clone())]),
            Some(text) => w.push(
                "first_text LIKE ? ESCAPE '\\'",
                [Arg::Text(format!("%{}%", escape_like(text)))],
            ),
            None => {}
        }
        if let Some(c) = after {
            w.push(
                "(created_at_us, id) < (?, ?)",
                [Arg::Int(c.at_us), Arg::Int(c.id)],
            );
        }
        w.finish()
    }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_filled_field_adds_one_condition_in_bind_order() {
        let filter = HistoryFilter {
            app_id: "sandbox".into(),
            status: "sent".into(),
            text: "50%_off".into(),
            ..Default::default()
        };
        let q = HistoryQuery::new(&filter, chrono_tz::UTC).unwrap();
        let (sql, args) = q.where_clause(Some(Cursor { at_us: 5, id: 7 }));
        assert_eq!(
            sql,
            "WHERE status <> 'claimed' AND app_id = $1 AND status = $2 AND \
             first_text LIKE $3 ESCAPE '\\' AND (created_at_us, id) < ($4, $5)"
        );
        assert_eq!(args[2], Arg::Text("%50\\%\\_off%".into()));
        assert_eq!(args[4], Arg::Int(7));
        let exact = HistoryQuery {
            exact_task: true,
            ..q
        };
        let (sql, _) = exact.where_clause(None);
        assert!(sql.ends_with("AND task_id = $3"), "{sql}");
    }

    #[test]
    fn nonsense_is_refused_not_ignored() {
        let bad_status = HistoryFilter {
            status: "deleted".into(),
            ..Default::default()
        };
        assert!(HistoryQuery::new(&bad_status, chrono_tz::UTC).is_none());
        let bad_date = HistoryFilter {
            from: "yesterday".into(),
            ..Default::default()
        };
        assert!(HistoryQuery::new(&bad_date, chrono_tz::UTC).is_none());
    }
}
