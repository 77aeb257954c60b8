//! The schema comes up on an empty database, a restart leaves data alone,
//! both backends build the same schema, and records written under an older
//! schema read back.
//! The suite runs once on SQLite and once on PostgreSQL (see scripts/test.sh).
use crate::common;

use push_console::domain::history::HistoryFilter;
use push_console::domain::vocab::AudienceKind;
use push_console::server::db;
use push_console::server::history::{list, query::HistoryQuery};
use push_console::server::text_grams;
use push_console::server::text_tables::PUSH_TEXT;
use std::collections::{BTreeMap, BTreeSet};

#[tokio::test]
async fn migrations_apply_once_and_keep_the_instance_row() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg) = common::fresh_database_url(&dir).await;
    let first = db::connect(&url).await.expect("first start migrates");
    let created = first.record_instance().await.unwrap();
    let applied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&first.pool)
            .await
            .unwrap();
    assert!(applied >= 1);
    first.pool.close().await;

    let second = db::connect(&url)
        .await
        .expect("second start finds nothing to do");
    let again: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&second.pool)
            .await
            .unwrap();
    assert_eq!(applied, again);
    assert_eq!(
        second.record_instance().await.unwrap(),
        created,
        "the first start's time is kept"
    );
    let version: String = sqlx::query_scalar("SELECT created_version FROM instance WHERE id = 1")
        .fetch_one(&second.pool)
        .await
        .unwrap();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    second.pool.close().await;
    drop(pg);
}

/// Every table's columns (with whether they may be NULL) and every index,
/// as the database itself reports them after all migrations.
async fn schema(url: &str) -> BTreeMap<String, BTreeSet<String>> {
    let db = db::connect(url).await.expect("migrates");
    let sqlite = url.starts_with("sqlite:");
    let columns = if sqlite {
        "SELECT m.name AS t, p.name || CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN ' not null' ELSE '' END AS c \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'"
    } else {
        "SELECT table_name::text AS t, column_name::text || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'"
    };
    let indexes = if sqlite {
        "SELECT tbl_name AS t, 'index ' || name AS c FROM sqlite_master \
         WHERE type = 'index' AND sql IS NOT NULL"
    } else {
        "SELECT tablename::text AS t, 'index ' || indexname::text AS c FROM pg_indexes \
         WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'"
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for sql in [columns, indexes] {
        let rows: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&db.pool).await.unwrap();
        for (table, item) in rows {
            out.entry(table).or_default().insert(item);
        }
    }
    db.pool.close().await;
    out
}

/// Run with PostgreSQL (the suite's second pass): both migration folders
/// must build the same tables, columns, nullability and indexes.
#[tokio::test]
async fn both_backends_build_the_same_schema() {
    let Ok(base) = std::env::var("PUSH_CONSOLE_TEST_PG_URL") else {
        eprintln!("compared in the PostgreSQL pass of the suite");
        return;
    };
    if base.is_empty() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pg_url, pg) = common::fresh_database_url(&dir).await;
    let sqlite_url = format!("sqlite://{}/schema.db?mode=rwc", dir.path().display());
    let (mut on_sqlite, mut on_pg) = (schema(&sqlite_url).await, schema(&pg_url).await);
    assert!(on_sqlite.contains_key("pushes"), "{on_sqlite:?}");
    // The words' indexes are the one thing each backend builds its own way:
    // FTS5 tables on SQLite (and the record of which older rows still need
    // their short-word entries), GIN indexes on PostgreSQL. Each is there,
    // and the rest must be the same.
    for fts in ["pushes_text", "audit_text", "pushes_grams", "audit_grams"] {
        assert!(on_sqlite.contains_key(fts), "{fts}");
        on_sqlite.retain(|table, _| table != fts && !table.starts_with(&format!("{fts}_")));
    }
    assert!(on_sqlite.remove("search_backfill").is_some());
    for (table, trgm) in [
        ("pushes", "index pushes_first_text_trgm"),
        ("audit_events", "index audit_events_target_trgm"),
        ("audit_events", "index audit_events_details_trgm"),
        ("pushes", "index pushes_first_text_grams"),
        ("audit_events", "index audit_events_target_grams"),
        ("audit_events", "index audit_events_details_grams"),
    ] {
        let items = on_pg.get_mut(table).unwrap();
        assert!(items.remove(trgm), "{trgm}");
    }
    assert_eq!(on_sqlite, on_pg);
    drop(pg);
}

/// A push recorded before its audience sentence was written on reading (two
/// stored sentences, no condition column) reads back after the migrations
/// with the condition it was sent with.
#[tokio::test]
async fn a_push_recorded_before_the_audience_change_reads_back_with_its_condition() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg) = common::fresh_database_url(&dir).await;
    let backend = if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    // The migrations as they were before the change, from a copy of the folder.
    let before = dir.path().join("before");
    std::fs::create_dir(&before).unwrap();
    for entry in std::fs::read_dir(format!("migrations/{backend}")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.as_str() < "20261201000013" {
            std::fs::copy(&path, before.join(&name)).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(before.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let request = r#"{"MsgRandom":7,"Condition":{"TagsAnd":["会员"],"TagsOr":["深圳","北京"]},"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
    sqlx::query(
        "INSERT INTO pushes (idempotency_key, app_id, operator_name, created_at_us, updated_at_us, status, \
         msg_random, request_json, audience_kind, audience_en, audience_zh, first_text) \
         VALUES ('old-1', 'sandbox', 'olga', 1, 1, 'sent', 7, $1, 'tags', 'users with…', '带有…的用户', 'hi')",
    )
    .bind(request)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let db = db::connect(&url)
        .await
        .expect("the remaining migrations apply");
    let spec = HistoryFilter::default().parse().unwrap();
    let query = HistoryQuery::new(&spec, chrono_tz::UTC).unwrap();
    let page = list::page(&db, &query, None, 10, chrono_tz::UTC)
        .await
        .unwrap();
    let row = &page.rows[0];
    assert_eq!(row.audience_kind, AudienceKind::Tags);
    // Its text is found by one and two characters: row by row while its
    // short-word entries are being written (SQLite), from the index after.
    let found_by = |words: &'static str| {
        let db = db.clone();
        async move {
            let spec = HistoryFilter {
                text: words.into(),
                ..Default::default()
            }
            .parse()
            .unwrap();
            let query = HistoryQuery::new(&spec, chrono_tz::UTC)
                .unwrap()
                .resolve(&db)
                .await
                .unwrap();
            let (clause, _) = query.where_clause(None);
            let page = list::page(&db, &query, None, 10, chrono_tz::UTC)
                .await
                .unwrap();
            (page.rows.len(), clause.contains("id IN ("))
        }
    };
    let sqlite = db.backend == db::Backend::Sqlite;
    assert_eq!(text_grams::pending(&db, PUSH_TEXT).await.unwrap(), sqlite);
    for words in ["h", "hi", "HI"] {
        assert_eq!(found_by(words).await, (1, !sqlite), "{words}");
    }
    text_grams::backfill(&db, PUSH_TEXT).await.unwrap();
    assert!(!text_grams::pending(&db, PUSH_TEXT).await.unwrap());
    for words in ["h", "hi", "HI"] {
        assert_eq!(found_by(words).await, (1, true), "{words}");
    }
    let condition = row.condition.as_ref().expect("the condition is kept");
    assert_eq!(
        condition.tags_and.as_deref(),
        Some(&["会员".to_string()][..])
    );
    assert_eq!(condition.tags_or.as_ref().map(Vec::len), Some(2));
    db.pool.close().await;
    drop(pg);
}

#[tokio::test]
async fn an_unsupported_url_is_refused() {
    let err = db::connect("mysql://localhost/x").await.unwrap_err();
    assert!(err.to_string().contains("sqlite: or postgres:"));
}
