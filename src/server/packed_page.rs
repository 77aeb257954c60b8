//! A page of rows read from SQLite as one JSON array of rows, each an array
//! of its columns. Through sqlx every SQLite row crosses from the
//! connection's worker thread on its own, a wake-up per row (about 13 µs);
//! a page packed into one value crosses once. The history's export and
//! `audit verify` read their pages this way. SQLite does not promise to keep
//! the inner order through the aggregate: callers sort.
use crate::server::db::Db;
use crate::server::sql_filter::{bind_all, Arg};
use serde::de::DeserializeOwned;

/// `SELECT {columns} {rest}` bound to `args`, as one value decoded into rows.
pub async fn fetch<T: DeserializeOwned>(
    db: &Db,
    columns: &str,
    rest: &str,
    args: &[Arg],
) -> Result<Vec<T>, sqlx::Error> {
    let sql = format!(
        "SELECT coalesce(json_group_array(json_array({columns})), '[]') FROM \
         (SELECT {columns} {rest})"
    );
    let packed: String = bind_all(sqlx::query(&sql), args)
        .fetch_one(&db.pool)
        .await
        .and_then(|row| sqlx::Row::try_get(&row, 0))?;
    serde_json::from_str(&packed).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
