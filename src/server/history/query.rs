//! The history filter as SQL: a WHERE clause with `$n` placeholders and the
//! values to bind, in order. The list and the export share it.
use crate::domain::history::{Cursor, HistorySpec};
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
    /// `None` for a day the zone cannot place.
    pub fn new(spec: &HistorySpec, tz: Tz) -> Option<HistoryQuery> {
        let mut w = Where::default();
        if let Some(app) = &spec.app_id {
            w.push("app_id = ?", [Arg::Text(app.clone())]);
        }
        if let Some(status) = spec.status {
            w.push("status = ?", [Arg::Text(status.as_str().into())]);
        }
        if let Some(operator) = &spec.operator {
            w.push("operator_name = ?", [Arg::Text(operator.clone())]);
        }
        if let Some(kind) = spec.audience {
            w.push("audience_kind = ?", [Arg::Text(kind.as_str().into())]);
        }
        w.days("created_at_us", spec.from, spec.to, tz)?;
        Some(HistoryQuery {
            filter: w,
            text: spec.text.clone(),
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
    use crate::domain::history::HistoryFilter;

    #[test]
    fn each_filled_field_adds_one_condition_in_bind_order() {
        let filter = HistoryFilter {
            app_id: "sandbox".into(),
            status: "sent".into(),
            text: "50%_off".into(),
            ..Default::default()
        };
        let q = HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::UTC).unwrap();
        let (sql, args) = q.where_clause(Some(Cursor { at_us: 5, id: 7 }));
        assert_eq!(
            sql,
            "WHERE app_id = $1 AND status = $2 AND \
             first_text LIKE $3 ESCAPE '\\' AND (created_at_us, id) < ($4, $5)"
        );
        assert_eq!(args[1], Arg::Text("sent".into()));
        assert_eq!(args[2], Arg::Text("%50\\%\\_off%".into()));
        assert_eq!(args[4], Arg::Int(7));
        let exact = HistoryQuery {
            exact_task: true,
            ..q
        };
        let (sql, _) = exact.where_clause(None);
        assert!(sql.ends_with("AND task_id = $3"), "{sql}");
    }
}
