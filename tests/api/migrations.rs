//! The schema comes up on an empty database and a restart leaves data alone.
//! The suite runs once on SQLite and once on PostgreSQL (see scripts/test.sh).
use crate::common;

use push_console::server::db;

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

#[tokio::test]
async fn both_backends_have_the_same_migrations() {
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("migrations/sqlite"), names("migrations/postgres"));
}

#[tokio::test]
async fn an_unsupported_url_is_refused() {
    let err = db::connect("mysql://localhost/x").await.unwrap_err();
    assert!(err.to_string().contains("sqlite: or postgres:"));
}
