//! The export's pages of the history: the filter and order of its pages, but
//! on SQLite each page comes back from the database as one JSON array. Through sqlx,
//! every SQLite row crosses from the connection's worker thread on its own,
//! a wake-up per row: about 13 µs, which held the export of a million
//! pushes at 12 MB/s. A page packed into one value crosses once.
use super::list::{Conditions, Stored, COLUMNS, NEWEST_FIRST};
use super::query::HistoryQuery;
use crate::domain::history::{Cursor, HistoryRow};
use crate::server::db::{Backend, Db};
use crate::server::sql_filter::bind_all;
use chrono_tz::Tz;

/// Up to `rows` rows after `after`, newest first, and the cursor of the
/// next page when there may be one.
pub async fn page(
    db: &Db,
    query: &HistoryQuery,
    after: Option<Cursor>,
    rows: usize,
    tz: Tz,
) -> Result<(Vec<HistoryRow>, Option<Cursor>), sqlx::Error> {
    if query.finds_nothing() {
        return Ok((Vec::new(), None));
    }
    if db.backend == Backend::Postgres {
        // Its rows arrive together over the socket already, and building
        // JSON costs PostgreSQL more than the rows themselves (25 ms a page
        // of 5,000 against 7).
        let page = super::list::page(db, query, after, rows, tz).await?;
        return Ok((page.rows, page.next));
    }
    let (clause, args) = query.where_clause(after);
    let sql = format!(
        "SELECT coalesce(json_group_array(json_array({COLUMNS})), '[]') FROM \
         (SELECT {COLUMNS} FROM pushes {clause} ORDER BY {NEWEST_FIRST} LIMIT {rows})"
    );
    let packed: String = bind_all(sqlx::query(&sql), &args)
        .fetch_one(&db.pool)
        .await
        .and_then(|row| sqlx::Row::try_get(&row, 0))?;
    let mut stored: Vec<Stored> =
        serde_json::from_str(&packed).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // SQLite does not promise to keep the inner order through the
    // aggregate, and sorting inside it doubled the read's time.
    stored.sort_unstable_by_key(|s| std::cmp::Reverse(s.order()));
    let full = stored.len() == rows;
    let mut conditions = Conditions::default();
    let mut out = Vec::with_capacity(stored.len());
    let mut last = None;
    for s in stored {
        let (row, at_us) = s.into_row(tz, &mut conditions)?;
        last = Some(Cursor { at_us, id: row.id });
        out.push(row);
    }
    // A full page may have a next one; an empty read after it ends the export.
    Ok((out, last.filter(|_| full)))
}
