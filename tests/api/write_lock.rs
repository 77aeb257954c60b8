//! On SQLite a writing transaction takes the write lock when it begins. A
//! deferred one that reads first (preparing a statement can be enough: it
//! loads the schema and the search index's settings) is refused at its first
//! write if another connection committed in between, without waiting
//! (SQLITE_BUSY_SNAPSHOT): a push or an audit event would go unrecorded.
use crate::common::spawn_app;
use push_console::server::db::Backend;

async fn count(tx: &mut sqlx::AnyConnection) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM write_probe")
        .fetch_one(tx)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_write_after_a_read_waits_for_the_other_writer_instead_of_failing() {
    let app = spawn_app().await;
    let db = app.server.state.db.clone();
    sqlx::query("CREATE TABLE write_probe (who TEXT NOT NULL)")
        .execute(&db.pool)
        .await
        .unwrap();
    let insert = |who: &'static str| format!("INSERT INTO write_probe (who) VALUES ('{who}')");

    // The hazard: read, someone else commits, then write.
    if db.backend == Backend::Sqlite {
        let mut deferred = db.pool.begin().await.unwrap();
        assert_eq!(count(&mut deferred).await, 0);
        sqlx::query(&insert("between"))
            .execute(&db.pool)
            .await
            .unwrap();
        let refused = sqlx::query(&insert("deferred"))
            .execute(&mut *deferred)
            .await
            .expect_err("SQLite refuses a stale snapshot's write");
        assert!(refused.to_string().contains("locked"), "{refused}");
        deferred.rollback().await.unwrap();
        sqlx::query("DELETE FROM write_probe")
            .execute(&db.pool)
            .await
            .unwrap();
    }

    // Ours: the other writer waits until we commit, and both rows land.
    let mut tx = db.write().await.unwrap();
    assert_eq!(count(&mut tx).await, 0);
    let other = {
        let (pool, sql) = (db.pool.clone(), insert("other"));
        tokio::spawn(async move { sqlx::query(&sql).execute(&pool).await })
    };
    tokio::task::yield_now().await;
    sqlx::query(&insert("ours"))
        .execute(&mut *tx)
        .await
        .expect("the write lock is ours from BEGIN");
    tx.commit().await.unwrap();
    other.await.unwrap().expect("the other writer waited");
    let mut who: Vec<String> = sqlx::query_scalar("SELECT who FROM write_probe")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    who.sort();
    assert_eq!(who, ["other", "ours"]);
    app.stop().await;
}
