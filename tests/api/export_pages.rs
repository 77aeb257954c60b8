//! The CSV export reads the history in pages of its own (on SQLite each
//! packed by the database into one JSON value): across page boundaries they
//! hold exactly the rows, values and order the history's pages hold, text
//! JSON must escape included.
use crate::common::{download_csv, spawn_app};
use crate::filter_plans::{seed_correlated, RECORDS};
use crate::search_index::seed_pushes;
use push_console::domain::account::Role;
use push_console::domain::history::{HistoryFilter, HistoryRow};
use push_console::server::db::Db;
use push_console::server::history::{list, packed, query::HistoryQuery};

const PAGE: usize = 700;

async fn query(db: &Db, filter: &HistoryFilter) -> HistoryQuery {
    HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::Asia::Shanghai)
        .unwrap()
        .resolve(db)
        .await
        .unwrap()
}

async fn through_list(db: &Db, q: &HistoryQuery) -> Vec<HistoryRow> {
    let (mut rows, mut after) = (Vec::new(), None);
    loop {
        let page = list::page(db, q, after, PAGE, chrono_tz::Asia::Shanghai)
            .await
            .unwrap();
        rows.extend(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

async fn through_export(db: &Db, q: &HistoryQuery) -> Vec<HistoryRow> {
    let (mut rows, mut after) = (Vec::new(), None);
    loop {
        let (page, next) = packed::page(db, q, after, PAGE, chrono_tz::Asia::Shanghai)
            .await
            .unwrap();
        assert!(page.len() <= PAGE);
        rows.extend(page);
        match next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

#[tokio::test]
async fn the_exports_pages_hold_the_rows_of_the_history_pages() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    seed_pushes(db).await;
    // Some with every column filled, in text that JSON must escape.
    let mut tx = db.write().await.unwrap();
    sqlx::query(
        "UPDATE pushes SET condition_json = $1, scheduled_at_us = created_at_us + 60000000, \
         approved_by_name = 'ada', first_text = $2 WHERE id % 250 = 0",
    )
    .bind(r#"{"AttrsOr":{"city":"深圳"}}"#)
    .bind("say \"hi\",\n\\ 🎉 \u{1} 百年一遇")
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let filters = [
        HistoryFilter::default(),
        HistoryFilter {
            app_id: "shop".into(),
            status: "failed".into(),
            ..Default::default()
        },
        HistoryFilter {
            text: "百年一遇".into(),
            ..Default::default()
        },
        HistoryFilter {
            text: "sale".into(),
            operator: "otto".into(),
            ..Default::default()
        },
    ];
    for filter in filters {
        let q = query(db, &filter).await;
        let listed = through_list(db, &q).await;
        assert!(!listed.is_empty(), "{filter:?}");
        assert_eq!(through_export(db, &q).await, listed, "{filter:?}");
    }
    let all = through_export(db, &query(db, &HistoryFilter::default()).await).await;
    assert_eq!(all.len(), 3000);
    let filled = all.iter().find(|r| r.approver.is_some()).unwrap();
    assert!(filled.condition.is_some() && filled.scheduled_at.is_some());
    assert!(filled.first_text.starts_with("say \"hi\",\n\\ 🎉 \u{1}"));
}

/// As an auditor downloads it: over HTTP, compressed as a browser asks,
/// 20,000 pushes in four full pages of the export and an empty read after
/// them; every push once, newest first.
#[tokio::test]
async fn a_download_of_several_pages_holds_every_push_once_newest_first() {
    let app = spawn_app().await;
    seed_correlated(&app.server.state.db).await;
    let auditor = app.signed_in("ada", Role::Auditor).await;
    let csv = download_csv(&app, &auditor, "/export/history.csv", true).await;
    let ids: Vec<i64> = (csv.lines().skip(1))
        .map(|line| line.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len() as i64, RECORDS);
    // Seeded in time order, so newest first is highest id first.
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first, or twice"
    );
}
