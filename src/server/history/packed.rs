//! The export's pages of the history: the filter and order of its pages, but
//! on SQLite each page is read packed (`packed_page`): row by row, the
//! export of a million pushes ran at 12 MB/s.
use super::list::{Conditions, Stored, COLUMNS, NEWEST_FIRST};
use super::query::HistoryQuery;
use crate::domain::history::{Cursor, HistoryRow};
use crate::server::db::{Backend, Db};
use crate::server::packed_page;
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
    let mut stored: Vec<Stored> = packed_page::fetch(
        db,
        COLUMNS,
        &format!("FROM pushes {clause} ORDER BY {NEWEST_FIRST} LIMIT {rows}"),
        &args,
    )
    .await?;
    // Sorting inside the aggregate doubled the read's time.
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
