//! The index of words of one or two characters (migration 16): each text's
//! single characters and pairs of neighbouring characters. On PostgreSQL a
//! GIN index over `search_grams(column)` computes them itself; on SQLite,
//! whose SQL cannot split a text into characters, the server writes them
//! into a full-text table in the transaction that writes the record, as
//! tokens its `ascii` tokenizer keeps whole.
use crate::server::db::{Backend, Db};
use crate::server::text_tables::{Searched, AUDIT_TEXT, PUSH_TEXT};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The longest word this index answers; longer ones go to the trigrams.
pub const LONGEST: usize = 2;

/// One token: a character (`u<hex>`) or a pair (`b<hex>x<hex>`), with ASCII
/// letters in lower case, as SQLite's `LIKE` ignores only their case.
fn token(first: char, second: Option<char>) -> String {
    let mut t = String::new();
    match second {
        None => write!(t, "u{:x}", u32::from(first.to_ascii_lowercase())),
        Some(s) => write!(
            t,
            "b{:x}x{:x}",
            u32::from(first.to_ascii_lowercase()),
            u32::from(s.to_ascii_lowercase())
        ),
    }
    .expect("writing to a String");
    t
}

/// Every token of `texts`, each once, space-separated: a row holds a word
/// of one or two characters exactly when this holds the word's token.
pub fn tokens(texts: &[&str]) -> String {
    let mut all = BTreeSet::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            all.insert(token(*c, None));
            if let Some(next) = chars.get(i + 1) {
                all.insert(token(*c, Some(*next)));
            }
        }
    }
    all.into_iter().collect::<Vec<_>>().join(" ")
}

/// The query for a word of one or two characters; None for any other.
pub fn query(words: &str) -> Option<String> {
    let mut chars = words.chars();
    let first = chars.next()?;
    let second = chars.next();
    if chars.next().is_some() {
        return None;
    }
    Some(format!("\"{}\"", token(first, second)))
}

/// Writes record `id`'s tokens on SQLite; nothing on PostgreSQL, whose
/// expression index is written with the row.
pub async fn write(
    conn: &mut sqlx::AnyConnection,
    searched: Searched,
    id: i64,
    texts: &[&str],
) -> Result<(), sqlx::Error> {
    if conn.backend_name() != "SQLite" {
        return Ok(());
    }
    sqlx::query(&format!(
        "INSERT INTO {} (rowid, grams) VALUES ($1, $2)",
        searched.grams_table
    ))
    .bind(id)
    .bind(tokens(texts))
    .execute(conn)
    .await?;
    Ok(())
}

/// How many records one backfill transaction indexes, and one INSERT.
const BATCH: i64 = 2000;
const ROWS_PER_INSERT: usize = 250;

/// Whether older records of `searched` still wait for their entries (SQLite
/// only): until they have them, short words are tested row by row, so the
/// answer is complete while the index is being filled.
pub async fn pending(db: &Db, searched: Searched) -> Result<bool, sqlx::Error> {
    if db.backend != Backend::Sqlite {
        return Ok(false);
    }
    let row: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM search_backfill WHERE grams_table = $1")
            .bind(searched.grams_table)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.is_some())
}

/// Writes the tokens of the records that migration 16 found (SQLite only),
/// a batch per transaction, so a large history is indexed without holding
/// the write lock for long; several processes starting at once share the
/// work through `search_backfill`, read in the transaction that extends it.
pub async fn backfill(db: &Db, searched: Searched) -> Result<(), sqlx::Error> {
    while backfill_batch(db, searched).await? {}
    Ok(())
}

/// One batch; false once none is left.
async fn backfill_batch(db: &Db, searched: Searched) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    if db.backend != Backend::Sqlite {
        return Ok(false);
    }
    let mut tx = db.write().await?;
    let left: Option<(i64, i64)> =
        sqlx::query_as("SELECT after_id, last_id FROM search_backfill WHERE grams_table = $1")
            .bind(searched.grams_table)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((after, last)) = left else {
        return Ok(false);
    };
    let rows = sqlx::query(&format!(
        "SELECT id, {} FROM {} WHERE id > $1 AND id <= $2 ORDER BY id LIMIT {BATCH}",
        searched.columns.join(", "),
        searched.table
    ))
    .bind(after)
    .bind(last)
    .fetch_all(&mut *tx)
    .await?;
    let Some(end) = rows.last().map(|r| r.try_get::<i64, _>("id")).transpose()? else {
        sqlx::query("DELETE FROM search_backfill WHERE grams_table = $1")
            .bind(searched.grams_table)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(table = searched.table, "short words are indexed");
        return Ok(false);
    };
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut entries = Vec::with_capacity(chunk.len());
        for row in chunk {
            let texts: Vec<String> = (1..=searched.columns.len())
                .map(|i| row.try_get(i))
                .collect::<Result<_, _>>()?;
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            entries.push((row.try_get::<i64, _>("id")?, tokens(&texts)));
        }
        let values: Vec<String> = (0..entries.len())
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO {} (rowid, grams) VALUES {}",
            searched.grams_table,
            values.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (id, grams) in entries {
            insert = insert.bind(id).bind(grams);
        }
        insert.execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE search_backfill SET after_id = $1 WHERE grams_table = $2")
        .bind(end)
        .bind(searched.grams_table)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Fills the index for older records: the first batch of each table before
/// the server answers (all there is for a new or small database, so its
/// short words are indexed from the first request), the rest beside the
/// server's work, so a large history does not delay the start.
pub async fn start_backfill(db: Db) -> tokio::task::JoinHandle<()> {
    let mut more = Vec::new();
    for searched in [PUSH_TEXT, AUDIT_TEXT] {
        match backfill_batch(&db, searched).await {
            Ok(false) => {}
            Ok(true) => more.push(searched),
            Err(e) => {
                tracing::error!(table = searched.table, error = %e, "cannot index short words of older records");
                more.push(searched);
            }
        }
    }
    tokio::spawn(async move {
        for searched in more {
            if let Err(e) = backfill(&db, searched).await {
                tracing::error!(table = searched.table, error = %e, "cannot index short words of older records");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_one_or_two_characters_is_one_token_of_its_text() {
        let all = tokens(&["Hi 优惠", "a\"b"]);
        for word in [
            "h", "I", "hi", "i ", " 优", "优惠", "惠", "\"", "a\"", "\"B",
        ] {
            let q = query(word).unwrap();
            let t = q.trim_matches('"');
            assert!(all.split(' ').any(|x| x == t), "{word}: {t} in {all}");
        }
        for absent in ["ih", "优h", "惠a", "ab"] {
            let t = query(absent).unwrap();
            assert!(
                !all.split(' ').any(|x| x == t.trim_matches('"')),
                "{absent}"
            );
        }
        assert_eq!(query("abc"), None);
        assert_eq!(query(""), None);
        // Tokens are ASCII letters and digits only: the tokenizer keeps each whole.
        assert!(all.chars().all(|c| c == ' ' || c.is_ascii_alphanumeric()));
    }
}
