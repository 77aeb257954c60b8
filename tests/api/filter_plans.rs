//! Filters whose values go together: an operator who never sends to an
//! audience, asked for exactly that. The database must see at once that
//! nothing matches (from the index made for the combination) instead of
//! walking the newest-first index to its end in hope of a match; at a
//! million pushes that walk took 0.4 to 0.9 s on PostgreSQL, whose planner
//! counts each column alone unless told they go together (migration 17).
//! At this test's size either plan is cheap, so on PostgreSQL the test
//! also reads the planner's estimate, which is what decides at scale.
use crate::common::spawn_app;
use crate::search_index::history_plan_with;
use push_console::domain::history::HistoryFilter;
use push_console::server::db::{Backend, Db};
use push_console::server::history::{list, query::HistoryQuery};

pub const RECORDS: i64 = 20_000;

/// The history of a team where olga sends to everyone and to attributes,
/// never to tags: each operator covers two of the three audiences.
pub async fn seed_correlated(db: &Db) {
    let sql = format!(
        "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < {last}) \
         INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, \
           updated_at_us, status, msg_random, request_json, audience_kind, condition_json, first_text) \
         SELECT 'plan-' || n, 'sandbox', NULL, \
           CASE (n % 3 + n % 2) % 3 WHEN 0 THEN 'olga' WHEN 1 THEN 'oscar' ELSE 'otto' END, \
           1795651200000000 + n * CAST(30000000 AS BIGINT), \
           1795651200000000 + n * CAST(30000000 AS BIGINT), \
           CASE n % 4 WHEN 0 THEN 'failed' ELSE 'sent' END, n, '{{}}', \
           CASE n % 3 WHEN 0 THEN 'all' WHEN 1 THEN 'tags' ELSE 'attrs' END, NULL, 'Sale' \
         FROM k",
        last = RECORDS - 1
    );
    let mut tx = db.write().await.unwrap();
    sqlx::query(&sql).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    if db.backend == Backend::Postgres {
        // What autovacuum does to a table that grew.
        sqlx::query("ANALYZE pushes")
            .execute(&db.pool)
            .await
            .unwrap();
    }
}

fn filter(operator: &str, audience: &str) -> HistoryFilter {
    HistoryFilter {
        operator: operator.into(),
        audience: audience.into(),
        ..Default::default()
    }
}

async fn first_page(db: &Db, filter: &HistoryFilter) -> (String, usize) {
    // The planner as it is, every method allowed.
    let plan = history_plan_with(db, filter, &[]).await;
    let query = HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::UTC)
        .unwrap()
        .resolve(db)
        .await
        .unwrap();
    let page = list::page(db, &query, None, 50, chrono_tz::UTC)
        .await
        .unwrap();
    (plan, page.rows.len())
}

#[tokio::test]
async fn a_combination_no_record_has_is_read_from_the_index_made_for_it() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    seed_correlated(db).await;
    let (plan, rows) = first_page(db, &filter("olga", "tags")).await;
    assert_eq!(rows, 0);
    assert!(plan.contains("pushes_by_operator_audience"), "{plan}");
    assert!(!plan.contains("pushes_newest"), "{plan}");
    if db.backend == Backend::Postgres {
        // The planner knows the combination is rare (each column alone
        // would make it a ninth of the table, 2,222 rows): what keeps it
        // off the time index when the history is a million pushes long.
        let estimates: Vec<f64> = (plan.split(" rows=").skip(1))
            .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
            .collect();
        assert!(
            !estimates.is_empty() && estimates.iter().all(|&rows| rows <= 10.0),
            "{plan}"
        );
    }
    // A combination that does occur still fills its page.
    let (_, rows) = first_page(db, &filter("olga", "all")).await;
    assert_eq!(rows, 50);
}

/// PostgreSQL's estimate spares words in nearly every row the probe of its
/// words index (a bitmap of every match), and still probes rare words: both
/// asked several times, past the point where a reused statement would be
/// planned for words in general.
#[tokio::test]
async fn common_words_are_told_from_rare_ones_by_the_planners_estimate() {
    use push_console::server::text_search::PUSH_TEXT;
    let app = spawn_app().await;
    let db = &app.server.state.db;
    if db.backend != Backend::Postgres {
        return; // SQLite's probe is cheap for common words: FTS5 stops at its LIMIT
    }
    // Never analyzed: nothing to tell by, so the probe decides.
    assert!(!PUSH_TEXT.pg_expects_common(db, "Sale").await.unwrap());
    seed_correlated(db).await;
    for _ in 0..8 {
        for (words, common) in [
            ("Sale", true),
            ("sa", true),
            ("不存在的词", false),
            ("无此", false),
        ] {
            let found = PUSH_TEXT.pg_expects_common(db, words).await.unwrap();
            assert_eq!(found, common, "{words}");
        }
    }
}
