//! The history filter as SQL: a WHERE clause with `$n` placeholders and the
//! values to bind, in order. The list and the export share it.
use crate::domain::history::{Cursor, HistorySpec};
use crate::server::db::Db;
use crate::server::sql_filter::{Arg, Filters, Where};
use crate::server::text_search::{self, TextMatch, PUSH_TEXT};
use chrono_tz::Tz;

#[derive(Debug, Clone)]
pub struct HistoryQuery {
    filters: Filters,
    /// Words of the first text, or a TaskId.
    text: Option<String>,
    /// How the words are found, once `resolve` has asked.
    found: Option<TextMatch>,
    /// `text` is a TaskId that exists: match it exactly, through its index.
    exact_task: bool,
}

impl HistoryQuery {
    /// `None` for a day the zone cannot place.
    pub fn new(spec: &HistorySpec, tz: Tz) -> Option<HistoryQuery> {
        let mut f = Filters::new("created_at_us");
        if let Some(app) = &spec.app_id {
            f.equal("app_id", Arg::Text(app.clone()));
        }
        if let Some(status) = spec.status {
            f.equal("status", Arg::Text(status.as_str().into()));
        }
        if let Some(operator) = &spec.operator {
            f.equal("operator_name", Arg::Text(operator.clone()));
        }
        if let Some(kind) = spec.audience {
            f.equal("audience_kind", Arg::Text(kind.as_str().into()));
        }
        f.days(spec.from, spec.to, tz)?;
        Some(HistoryQuery {
            filters: f,
            text: spec.text.clone(),
            found: None,
            exact_task: false,
        })
    }

    /// Looks the text up as a TaskId first (one index entry), else as words
    /// of the first texts, through their index.
    pub async fn resolve(mut self, db: &Db) -> Result<Self, sqlx::Error> {
        if let Some(text) = &self.text {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM pushes WHERE task_id = $1 LIMIT 1")
                    .bind(text)
                    .fetch_optional(&db.pool)
                    .await?;
            self.exact_task = found.is_some();
            if !self.exact_task {
                self.found = Some(TextMatch::find(db, PUSH_TEXT, text).await?);
            }
        }
        Ok(self)
    }

    /// The words' index named no push: nothing to read.
    pub fn finds_nothing(&self) -> bool {
        self.found.as_ref().is_some_and(TextMatch::finds_nothing)
    }

    /// The WHERE clause, with the rows after `after` (newest first) only.
    pub fn where_clause(&self, after: Option<Cursor>) -> (String, Vec<Arg>) {
        let mut w = Where::default();
        match &self.text {
            Some(task) if self.exact_task => {
                self.filters.write(&mut w, false);
                w.push("task_id = ?", [Arg::Text(task.clone())]);
            }
            _ => {
                let found =
                    (self.found.clone()).or_else(|| self.text.as_deref().map(TextMatch::tested));
                text_search::write(&self.filters, found.as_ref(), PUSH_TEXT.columns, &mut w);
            }
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
             (first_text LIKE $3 ESCAPE '\\') AND (created_at_us, id) < ($4, $5)"
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

#[cfg(test)]
mod named_rows {
    use super::*;
    use crate::domain::history::HistoryFilter;

    #[test]
    fn rows_the_index_named_are_read_without_the_filters_indexes() {
        let filter = HistoryFilter {
            operator: "olga".into(),
            text: "双十一活动".into(),
            ..Default::default()
        };
        let mut q = HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::UTC).unwrap();
        q.found = Some(TextMatch::Ids {
            ids: vec![4, 8],
            sqlite: true,
        });
        let (sql, _) = q.where_clause(None);
        assert_eq!(sql, "WHERE +operator_name = $1 AND id IN (4,8)");
    }
}
