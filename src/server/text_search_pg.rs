//! The words' probe on PostgreSQL. Its GIN indexes answer only through a
//! bitmap, which holds every matching row before the probe's LIMIT applies:
//! for a word in nearly every one of a million pushes that alone took about
//! 100 ms. The planner's estimate, from the statistics ANALYZE (or
//! autovacuum) keeps of the column and of the short-word index's expression,
//! tells such words apart first; they are tested row by row, unprobed.
use crate::server::db::Db;
use sqlx::{Any, Transaction};

/// Words count as common when the planner expects them in more than one
/// row in this many, and in more rows than a probe may name.
const COMMON_ONE_IN: f64 = 100.0;

/// A question for a words index: `named` selects the id of every row of
/// `table` that holds the words, with `args` bound; at most `few + 1` are read.
pub struct Probe<'a> {
    pub table: &'a str,
    pub named: String,
    pub args: &'a [String],
    pub few: usize,
}

/// The rows the words' index names, or `None` when the words are common.
pub async fn probe(db: &Db, probe: &Probe<'_>) -> Result<Option<Vec<i64>>, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    if expected_common(&mut tx, probe).await? {
        tx.commit().await?;
        return Ok(None);
    }
    // Only the words' index can answer the probe: no plan that walks the
    // table or another index row by row.
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SET LOCAL enable_indexscan = off")
        .execute(&mut *tx)
        .await?;
    let sql = format!("{} LIMIT {}", probe.named, probe.few + 1);
    let mut query = sqlx::query_scalar(&sql);
    for arg in probe.args {
        query = query.bind(arg);
    }
    let ids = query.fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(Some(ids))
}

/// Whether the planner expects the words in so many rows that they are
/// common; `false` for a table never analyzed (there is nothing to tell by,
/// and the probe decides, as on SQLite).
pub async fn expects_common(db: &Db, probe: &Probe<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let common = expected_common(&mut tx, probe).await?;
    tx.commit().await?;
    Ok(common)
}

async fn expected_common(
    tx: &mut Transaction<'static, Any>,
    probe: &Probe<'_>,
) -> Result<bool, sqlx::Error> {
    let table_rows: f64 =
        sqlx::query_scalar("SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass($1)")
            .bind(probe.table)
            .fetch_optional(&mut **tx)
            .await?
            .unwrap_or(-1.0);
    if table_rows <= 0.0 {
        return Ok(false);
    }
    // Unnamed, so never a cached generic plan: the estimate must weigh
    // these words, not words in general.
    let explain = format!("EXPLAIN {}", probe.named);
    let mut query = sqlx::query_scalar::<_, String>(&explain).persistent(false);
    for arg in probe.args {
        query = query.bind(arg);
    }
    // The top line's estimate is the whole query's.
    let top = query.fetch_optional(&mut **tx).await?;
    let expected = top.as_deref().and_then(estimated_rows);
    Ok(expected.is_some_and(|rows| common(rows, table_rows, probe.few)))
}

fn common(expected_rows: f64, table_rows: f64, few: usize) -> bool {
    expected_rows > few as f64 && expected_rows > table_rows / COMMON_ONE_IN
}

/// The `rows=` of a plan line: `Seq Scan on t  (cost=0.00..1.00 rows=42 width=8)`.
fn estimated_rows(line: &str) -> Option<f64> {
    line.split(" rows=").nth(1)?.split(' ').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_top_line_and_weighs_it_against_the_table() {
        let line = "Gather  (cost=1000.00..243487.44 rows=998983 width=8)";
        assert_eq!(estimated_rows(line), Some(998_983.0));
        assert_eq!(estimated_rows("Result"), None);
        assert!(common(998_983.0, 1_000_000.0, 2000));
        // A probe's worth, or a small share of a large table: probed.
        assert!(!common(2000.0, 3000.0, 2000));
        assert!(!common(50_000.0, 10_000_000.0, 2000));
        assert!(common(2500.0, 3000.0, 2000));
    }
}
