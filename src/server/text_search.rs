//! Words typed into a search box, found through the trigram indexes of
//! migration 15 (three characters or more) and the character and pair index
//! of migration 16 (one or two, server::text_grams) on both backends: any
//! substring, Chinese included, with `%`, `_` and `\` meaning themselves,
//! ASCII letters in either case.
//!
//! Neither planner weighs a words index against the page's own order well
//! (SQLite cannot see inside a full-text index), so the index is asked
//! first, on its own: when it names few rows, the page reads just those by
//! id; when it names many, the words are common and the page's own index
//! order meets matching rows soon, so each row is tested. PostgreSQL's
//! estimate spares common words the question (server::text_search_pg).
use crate::server::db::{Backend, Db};
use crate::server::sql_filter::{Arg, Filters, Where};
use crate::server::text_grams;
use crate::server::text_search_pg::{self, Probe};
pub use crate::server::text_tables::{Searched, AUDIT_TEXT, PUSH_TEXT};

/// How many rows a words index may name before the words count as common.
pub const FEW: usize = 2000;

/// Which index a word is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Trigrams,
    Grams,
}

impl Index {
    pub fn for_words(words: &str) -> Index {
        if words.chars().count() > text_grams::LONGEST {
            Index::Trigrams
        } else {
            Index::Grams
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TextMatch {
    /// Every row the index names (at most `FEW`), by id; on SQLite the
    /// other filters are then written unindexed.
    Ids { ids: Vec<i64>, sqlite: bool },
    /// Each row tested with `op` (`LIKE` or `ILIKE`) against `pattern`.
    Like { op: &'static str, pattern: String },
}

impl Searched {
    /// The question put to the words' index alone: which rows hold them
    /// (at most `FEW + 1`, enough to tell few from many).
    pub fn probe(&self, backend: Backend, index: Index) -> String {
        format!("{} LIMIT {}", self.named(backend, index), FEW + 1)
    }

    /// Every row the words' index names, without a limit: what PostgreSQL
    /// is asked to estimate before the probe.
    pub fn named(&self, backend: Backend, index: Index) -> String {
        match backend {
            Backend::Sqlite => format!(
                "SELECT rowid FROM {t} WHERE {t} MATCH $1",
                t = match index {
                    Index::Trigrams => self.fts_table,
                    Index::Grams => self.grams_table,
                }
            ),
            Backend::Postgres => {
                let tests: Vec<String> = (self.columns.iter().enumerate())
                    .map(|(i, c)| match index {
                        Index::Trigrams => format!("{c} ILIKE ${} ESCAPE '\\'", i + 1),
                        Index::Grams => format!("search_grams({c}) @> ARRAY[lower(${})]", i + 1),
                    })
                    .collect();
                format!("SELECT id FROM {} WHERE {}", self.table, tests.join(" OR "))
            }
        }
    }

    /// The probe for PostgreSQL, with its estimate (server::text_search_pg).
    pub fn pg_probe<'a>(&'a self, index: Index, args: &'a [String]) -> Probe<'a> {
        Probe {
            table: self.table,
            named: self.named(Backend::Postgres, index),
            args,
            few: FEW,
        }
    }

    /// Whether PostgreSQL's planner counts `words` common, so they are
    /// tested row by row without a probe.
    pub async fn pg_expects_common(&self, db: &Db, words: &str) -> Result<bool, sqlx::Error> {
        let args = self.probe_args(Backend::Postgres, words);
        text_search_pg::expects_common(db, &self.pg_probe(Index::for_words(words), &args)).await
    }

    /// What the probe binds for `words`, once per `$n`.
    pub fn probe_args(&self, backend: Backend, words: &str) -> Vec<String> {
        let index = Index::for_words(words);
        match (backend, index) {
            (Backend::Sqlite, Index::Trigrams) => vec![phrase(words)],
            (Backend::Sqlite, Index::Grams) => text_grams::query(words).into_iter().collect(),
            (Backend::Postgres, Index::Trigrams) => vec![like_pattern(words); self.columns.len()],
            (Backend::Postgres, Index::Grams) => vec![words.to_string(); self.columns.len()],
        }
    }
}

impl TextMatch {
    pub async fn find(db: &Db, searched: Searched, words: &str) -> Result<TextMatch, sqlx::Error> {
        if words.is_empty() {
            return Ok(TextMatch::row_by_row(db.backend, words));
        }
        let index = Index::for_words(words);
        if index == Index::Grams && text_grams::pending(db, searched).await? {
            return Ok(TextMatch::row_by_row(db.backend, words));
        }
        let args = searched.probe_args(db.backend, words);
        let ids: Vec<i64> = match db.backend {
            Backend::Sqlite => {
                let sql = searched.probe(db.backend, index);
                let mut probe = sqlx::query_scalar(&sql);
                for arg in &args {
                    probe = probe.bind(arg);
                }
                probe.fetch_all(&db.pool).await?
            }
            Backend::Postgres => {
                match text_search_pg::probe(db, &searched.pg_probe(index, &args)).await? {
                    Some(ids) => ids,
                    None => return Ok(TextMatch::row_by_row(db.backend, words)),
                }
            }
        };
        if ids.len() <= FEW {
            let sqlite = db.backend == Backend::Sqlite;
            return Ok(TextMatch::Ids { ids, sqlite });
        }
        Ok(TextMatch::row_by_row(db.backend, words))
    }

    /// Each row tested, in the page's order.
    fn row_by_row(backend: Backend, words: &str) -> TextMatch {
        TextMatch::Like {
            // SQLite's LIKE ignores the case of ASCII letters, as its indexes do.
            op: match backend {
                Backend::Sqlite => "LIKE",
                Backend::Postgres => "ILIKE",
            },
            pattern: like_pattern(words),
        }
    }

    /// Each row tested with SQLite's LIKE: what an unresolved query does.
    pub fn tested(words: &str) -> TextMatch {
        TextMatch::row_by_row(Backend::Sqlite, words)
    }

    /// The index named no row: the page is empty without a read.
    pub fn finds_nothing(&self) -> bool {
        matches!(self, TextMatch::Ids { ids, .. } if ids.is_empty())
    }

    /// The rows are named, and SQLite must be kept from walking another
    /// index instead (PostgreSQL's planner counts the list itself).
    fn unindexes_filters(&self) -> bool {
        matches!(self, TextMatch::Ids { sqlite: true, .. })
    }

    /// The condition, with `?` for each value `args` gives.
    pub fn condition(&self, columns: &[&str]) -> (String, Vec<String>) {
        match self {
            // Ids come from the database as integers: nothing typed is in
            // them. (An empty list is never written: `finds_nothing`.)
            TextMatch::Ids { ids, .. } => {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                (format!("id IN ({})", list.join(",")), vec![])
            }
            TextMatch::Like { op, pattern } => {
                let tests: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{c} {op} ? ESCAPE '\\'"))
                    .collect();
                (
                    format!("({})", tests.join(" OR ")),
                    vec![pattern.clone(); columns.len()],
                )
            }
        }
    }
}

/// A page's filters and, if words were typed, their condition. Where the
/// index named the rows, the filters are written unindexed, so SQLite reads
/// just those rows.
pub fn write(filters: &Filters, words: Option<&TextMatch>, columns: &[&str], w: &mut Where) {
    filters.write(w, words.is_some_and(TextMatch::unindexes_filters));
    if let Some(words) = words {
        let (condition, args) = words.condition(columns);
        w.push(&condition, args.into_iter().map(Arg::Text));
    }
}

/// The words as one FTS5 phrase: with the trigram tokenizer, a phrase
/// matches wherever its text occurs; a `"` inside is written twice.
fn phrase(words: &str) -> String {
    format!("\"{}\"", words.replace('"', "\"\""))
}

fn like_pattern(words: &str) -> String {
    let escaped = words
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_wildcards_and_quotes_mean_themselves() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
        let like = TextMatch::Like {
            op: "ILIKE",
            pattern: "%x%".into(),
        };
        let (sql, args) = like.condition(&["target", "details"]);
        assert_eq!(
            sql,
            "(target ILIKE ? ESCAPE '\\' OR details ILIKE ? ESCAPE '\\')"
        );
        assert_eq!(args.len(), 2);
        let ids = TextMatch::Ids {
            ids: vec![3, 9],
            sqlite: true,
        };
        assert_eq!(ids.condition(&["x"]).0, "id IN (3,9)");
        assert_eq!(
            AUDIT_TEXT.probe(Backend::Postgres, Index::Trigrams),
            "SELECT id FROM audit_events WHERE target ILIKE $1 ESCAPE '\\' OR details ILIKE $2 ESCAPE '\\' LIMIT 2001"
        );
        assert_eq!(
            AUDIT_TEXT.probe(Backend::Postgres, Index::Grams),
            "SELECT id FROM audit_events WHERE search_grams(target) @> ARRAY[lower($1)] \
             OR search_grams(details) @> ARRAY[lower($2)] LIMIT 2001"
        );
        assert_eq!(Index::for_words("优惠"), Index::Grams);
        assert_eq!(Index::for_words("限时优"), Index::Trigrams);
    }
}
