//! The search indexes of migration 15 (trigram full text on SQLite, pg_trgm
//! on PostgreSQL, an index for every combination of the history's filters):
//! every filter returns exactly the rows a plain scan in Rust returns, in the
//! same order, Chinese substrings and `%`, `_`, `\` typed literally included;
//! and the database's own plan shows each is answered from an index.
use crate::common::{push_ticket, send_push, spawn_app, TestApp};
use push_console::domain::account::Role;
use push_console::domain::audit::AuditFilter;
use push_console::domain::history::HistoryFilter;
use push_console::server::audit::{self, Actor};
use push_console::server::audit_query::{self, AuditQuery};
use push_console::server::clock::ManualClock;
use push_console::server::db::{Backend, Db};
use push_console::server::history::{list, query::HistoryQuery};
use push_console::server::sql_filter::bind_all;
use push_console::server::text_grams;
use push_console::server::text_search::{Index, FEW, PUSH_TEXT};

/// 2026-11-26 00:00:00 UTC; one record every 7 minutes from then.
const DAY0_US: i64 = 1_795_651_200_000_000;
const STEP_US: i64 = 7 * 60_000_000;
/// More than `FEW` records, so a common word takes the other path.
const RECORDS: i64 = 3000;

const APPS: [&str; 2] = ["sandbox", "shop"];
const STATUSES: [&str; 4] = ["sent", "failed", "unknown", "refused"];
const OPERATORS: [&str; 3] = ["olga", "oscar", "otto"];
const AUDIENCES: [&str; 3] = ["all", "tags", "attrs"];

/// The words of record `i`: every record has "Sale", rarer words every
/// 7th, 101st and 997th, wildcards typed literally every 13th and 17th.
fn words(i: i64) -> String {
    let mut text = format!("Sale {i}");
    if i % 7 == 0 {
        text.push_str(" 双十一活动");
    }
    if i % 101 == 0 {
        text.push_str(" 限时优惠 FLASH");
    }
    if i % 997 == 0 {
        text.push_str(" 百年一遇");
    }
    if i % 13 == 0 {
        text.push_str(" 50%_off");
    }
    if i % 17 == 0 {
        text.push_str(" 50x-off a\\b");
    }
    text
}

/// What each search box is tried with: common, rare, absent; short and long;
/// Chinese; wildcards that must mean themselves; another letter case.
const SEARCHES: [&str; 19] = [
    "",
    "sale",
    "SALE 10",
    "双十一",
    "十一",
    "优惠",
    "限时优惠 flash",
    "百年一遇",
    "不存在的词",
    "%_",
    "50%_off",
    "0x-",
    "a\\b",
    "%",
    "遇",
    "无此",
    "F",
    "a\\",
    " 5",
];

fn ascii_contains(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

pub struct Push {
    id: i64,
    at: i64,
    app: &'static str,
    status: &'static str,
    operator: &'static str,
    audience: &'static str,
    text: String,
}

pub async fn seed_pushes(db: &Db) -> Vec<Push> {
    let mut tx = db.write().await.unwrap();
    let mut pushes = Vec::new();
    for i in 0..RECORDS {
        let p = Push {
            id: 0,
            // Not in id order everywhere: the history orders by time.
            at: DAY0_US + (i ^ 5) * STEP_US,
            app: APPS[(i % 2) as usize],
            status: STATUSES[(i / 2 % 4) as usize],
            operator: OPERATORS[(i / 3 % 3) as usize],
            audience: AUDIENCES[(i / 5 % 3) as usize],
            text: words(i),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, \
             updated_at_us, status, msg_random, request_json, audience_kind, condition_json, first_text) \
             VALUES ($1, $2, NULL, $3, $4, $4, $5, $6, '{}', $7, NULL, $8) RETURNING id",
        )
        .bind(format!("search-{i}"))
        .bind(p.app)
        .bind(p.operator)
        .bind(p.at)
        .bind(p.status)
        .bind(i)
        .bind(p.audience)
        .bind(&p.text)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        // As the server writes a record's short-word index entries.
        text_grams::write(&mut tx, PUSH_TEXT, id, &[&p.text])
            .await
            .unwrap();
        pushes.push(Push { id, ..p });
    }
    tx.commit().await.unwrap();
    pushes
}

/// Every row the query finds, page after page, in the page's order.
async fn history_ids(db: &Db, filter: &HistoryFilter) -> Vec<i64> {
    let query = HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::UTC)
        .unwrap()
        .resolve(db)
        .await
        .unwrap();
    let (mut ids, mut after) = (Vec::new(), None);
    loop {
        let page = list::page(db, &query, after, 700, chrono_tz::UTC)
            .await
            .unwrap();
        ids.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

fn day(us: i64) -> String {
    use chrono::TimeZone;
    chrono::Utc
        .timestamp_micros(us)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn every_history_filter_finds_what_a_plain_scan_finds() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    let pushes = seed_pushes(db).await;
    if db.backend == Backend::Postgres {
        // With statistics, words in every row ("sale") are found row by row
        // on the planner's estimate, unprobed: that way is compared too.
        sqlx::query("ANALYZE pushes")
            .execute(&db.pool)
            .await
            .unwrap();
        assert!(PUSH_TEXT.pg_expects_common(db, "sale").await.unwrap());
    }
    let (from, to) = (
        day(DAY0_US + 3 * 24 * 3600 * 1_000_000),
        day(DAY0_US + 9 * 24 * 3600 * 1_000_000),
    );
    let mut checked = 0;
    let mut nonempty = 0;
    for text in SEARCHES {
        for app_id in ["", APPS[1]] {
            for status in ["", STATUSES[2]] {
                for operator in ["", OPERATORS[1]] {
                    for audience in ["", AUDIENCES[2]] {
                        for days in [false, true] {
                            let filter = HistoryFilter {
                                app_id: app_id.into(),
                                status: status.into(),
                                operator: operator.into(),
                                audience: audience.into(),
                                text: text.into(),
                                from: if days { from.clone() } else { String::new() },
                                to: if days { to.clone() } else { String::new() },
                            };
                            let mut expected: Vec<&Push> = pushes
                                .iter()
                                .filter(|p| app_id.is_empty() || p.app == app_id)
                                .filter(|p| status.is_empty() || p.status == status)
                                .filter(|p| operator.is_empty() || p.operator == operator)
                                .filter(|p| audience.is_empty() || p.audience == audience)
                                .filter(|p| !days || (day(p.at) >= from && day(p.at) <= to))
                                .filter(|p| ascii_contains(&p.text, text.trim()))
                                .collect();
                            expected.sort_by_key(|p| std::cmp::Reverse((p.at, p.id)));
                            let expected: Vec<i64> = expected.iter().map(|p| p.id).collect();
                            let found = history_ids(db, &filter).await;
                            assert_eq!(found, expected, "{filter:?}");
                            checked += 1;
                            nonempty += usize::from(!found.is_empty());
                        }
                    }
                }
            }
        }
    }
    // The table above is not all empty answers.
    assert!(nonempty > checked / 3, "{nonempty} of {checked}");
    let common = pushes
        .iter()
        .filter(|p| ascii_contains(&p.text, "sale"))
        .count();
    assert!(common > FEW, "a common word must take the row-by-row path");
}

/// What a plan says when the full-text index alone answered "none".
const NOTHING_READ: &str = "(the words' index named no row: nothing read)";

/// The plan the database makes for a history filter: EXPLAIN's text, with
/// scans off on PostgreSQL (can an index answer at all?).
pub async fn history_plan(db: &Db, filter: &HistoryFilter) -> String {
    history_plan_with(db, filter, &["SET enable_seqscan = off"]).await
}

/// `history_plan` with `settings` in force (PostgreSQL only).
pub async fn history_plan_with(db: &Db, filter: &HistoryFilter, settings: &[&str]) -> String {
    let query = HistoryQuery::new(&filter.parse().unwrap(), chrono_tz::UTC)
        .unwrap()
        .resolve(db)
        .await
        .unwrap();
    if query.finds_nothing() {
        // The index named no row: the page reads nothing else.
        return NOTHING_READ.into();
    }
    let (clause, args) = query.where_clause(None);
    let sql = format!(
        "SELECT {} FROM pushes {clause} ORDER BY {} LIMIT 51",
        list::COLUMNS,
        list::NEWEST_FIRST
    );
    plan_with(db, &sql, &args, settings).await
}

async fn plan(db: &Db, sql: &str, args: &[push_console::server::sql_filter::Arg]) -> String {
    plan_with(db, sql, args, &["SET enable_seqscan = off"]).await
}

/// EXPLAIN's text with `settings` in force (PostgreSQL only).
async fn plan_with(
    db: &Db,
    sql: &str,
    args: &[push_console::server::sql_filter::Arg],
    settings: &[&str],
) -> String {
    use sqlx::Row;
    let explain = match db.backend {
        Backend::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
        Backend::Postgres => format!("EXPLAIN {sql}"),
    };
    let mut conn = db.pool.acquire().await.unwrap();
    if db.backend == Backend::Postgres {
        // A few thousand rows are cheaper to scan than to look up: the
        // question here is whether an index can answer, so scans are off.
        for setting in settings {
            sqlx::query(setting).execute(&mut *conn).await.unwrap();
        }
    }
    let rows = bind_all(sqlx::query(&explain), args)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    if db.backend == Backend::Postgres {
        sqlx::query("RESET ALL").execute(&mut *conn).await.unwrap();
    }
    let column = if db.backend == Backend::Sqlite { 3 } else { 0 };
    rows.iter()
        .map(|r| r.try_get::<String, _>(column).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// No step of the plan reads a table (or a whole index) row by row.
fn answered_from_an_index(db: &Db, plan: &str) -> bool {
    match db.backend {
        Backend::Sqlite => plan.lines().all(|l| {
            !l.trim_start().starts_with("SCAN pushes") && !l.contains("SCAN audit_events")
        }),
        Backend::Postgres => !plan.contains("Seq Scan"),
    }
}

#[tokio::test]
async fn every_combination_of_history_filters_is_answered_from_an_index() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    seed_pushes(db).await;
    for mask in 1..16u32 {
        for text in ["", "百年一遇", "不存在的词"] {
            let pick = |bit: u32, value: &str| {
                if mask & (1 << bit) != 0 {
                    value.to_string()
                } else {
                    String::new()
                }
            };
            let filter = HistoryFilter {
                app_id: pick(0, APPS[0]),
                status: pick(1, STATUSES[0]),
                operator: pick(2, OPERATORS[0]),
                // No push matches this one: the index must say so at once.
                audience: pick(3, "tags"),
                text: text.into(),
                ..Default::default()
            };
            let plan = history_plan(db, &filter).await;
            assert!(answered_from_an_index(db, &plan), "{filter:?}\n{plan}");
        }
    }
    // Words alone: the rows are named by the words' index, and read by id.
    let query = HistoryQuery::new(
        &HistoryFilter {
            text: "限时优惠".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        chrono_tz::UTC,
    )
    .unwrap()
    .resolve(db)
    .await
    .unwrap();
    let (clause, _) = query.where_clause(None);
    assert!(clause.contains("id IN ("), "{clause}");
    let plan = history_plan(
        db,
        &HistoryFilter {
            text: "限时优惠".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(answered_from_an_index(db, &plan), "{plan}");
}

/// The question put to the words' index is answered by that index: the
/// trigrams for three characters or more, the characters and pairs below.
#[tokio::test]
async fn the_words_are_looked_up_in_their_own_index() {
    use push_console::server::sql_filter::Arg;
    use push_console::server::text_search::AUDIT_TEXT;
    let app = spawn_app().await;
    let db = &app.server.state.db;
    seed_pushes(db).await;
    seed_audit(&app).await;
    let cases = [
        (
            PUSH_TEXT,
            "限时优惠",
            ["pushes_text", "pushes_first_text_trgm"],
        ),
        (
            PUSH_TEXT,
            "无此",
            ["pushes_grams", "pushes_first_text_grams"],
        ),
        (PUSH_TEXT, "遇", ["pushes_grams", "pushes_first_text_grams"]),
        (
            AUDIT_TEXT,
            "限时优惠",
            ["audit_text", "audit_events_details_trgm"],
        ),
        (
            AUDIT_TEXT,
            "优惠",
            ["audit_grams", "audit_events_details_grams"],
        ),
    ];
    for (searched, words, index) in cases {
        let sql = searched.probe(db.backend, Index::for_words(words));
        let args: Vec<Arg> = (searched.probe_args(db.backend, words).into_iter())
            .map(Arg::Text)
            .collect();
        let expected = match db.backend {
            Backend::Sqlite => format!("SCAN {} VIRTUAL TABLE INDEX", index[0]),
            Backend::Postgres => format!("Bitmap Index Scan on {}", index[1]),
        };
        // As the server asks it: no plan that walks rows one by one.
        let only_the_index = ["SET enable_seqscan = off", "SET enable_indexscan = off"];
        let plan = plan_with(db, &sql, &args, &only_the_index).await;
        assert!(plan.contains(&expected), "{words}: {sql}\n{plan}");
    }
}

/// A push sent through the server, and an audit event the server wrote,
/// are found by words of one and two characters: the server writes their
/// index entries with the records.
#[tokio::test]
async fn records_the_server_writes_are_found_by_one_and_two_characters() {
    use push_console::domain::push::outcome::SendOutcome;
    let app = spawn_app().await;
    let olga = app.signed_in("olga", Role::Operator).await;
    let (key, random) = push_ticket(&app, &olga).await;
    let request = serde_json::json!({ "MsgRandom": random, "MsgBody": [
        { "MsgType": "TIMTextElem", "MsgContent": { "Text": "谢谢 Zq" } } ] });
    let SendOutcome::Sent { push_id: sent, .. } = send_push(&app, &olga, &key, &request).await
    else {
        panic!("the push is sent");
    };
    // The account service writes `user.add` with the new name as its target.
    app.add_user("审计员Wu", Role::Auditor).await;
    let db = &app.server.state.db;
    for (words, audited) in [("谢", "审"), ("谢谢", "计员"), ("zQ", "wU"), ("q", "u")] {
        let filter = HistoryFilter {
            text: words.into(),
            ..Default::default()
        };
        assert_eq!(history_ids(db, &filter).await, vec![sent], "{words}");
        let query = AuditQuery::new(
            &AuditFilter {
                text: audited.into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            chrono_tz::UTC,
        )
        .unwrap()
        .resolve(db)
        .await
        .unwrap();
        let (rows, _) = audit_query::rows(db, &query, None, 50, chrono_tz::UTC)
            .await
            .unwrap();
        let added = rows.iter().filter(|r| r.target == "审计员Wu").count();
        assert_eq!(added, 1, "{audited}: the user.add event");
    }
    let none = HistoryFilter {
        text: "谢Z".into(),
        ..Default::default()
    };
    assert!(history_ids(db, &none).await.is_empty());
}

async fn seed_audit(app: &TestApp) -> Vec<(i64, String, String, String, String)> {
    let db = &app.server.state.db;
    let clock = ManualClock::at_secs(DAY0_US / 1_000_000);
    let actions = [
        push_console::domain::vocab::AuditAction::PushSend,
        push_console::domain::vocab::AuditAction::LoginFailure,
        push_console::domain::vocab::AuditAction::UserAdd,
        push_console::domain::vocab::AuditAction::ExportHistory,
    ];
    let mut tx = db.write().await.unwrap();
    for i in 0..RECORDS {
        let actor = Actor {
            id: None,
            name: OPERATORS[(i % 3) as usize].into(),
            client: "127.0.0.1".into(),
        };
        clock.advance_secs(STEP_US / 1_000_000);
        audit::append(
            &mut tx,
            &db.audit_key,
            clock.as_ref(),
            &actor,
            actions[(i / 3 % 4) as usize],
            &format!("user{i:05}"),
            serde_json::json!({ "text": words(i) }),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query_as("SELECT id, action, actor_name, target, details FROM audit_events ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn every_audit_filter_finds_what_a_plain_scan_finds_and_from_an_index() {
    let app = spawn_app().await;
    let db = &app.server.state.db;
    let events = seed_audit(&app).await;
    let mut nonempty = 0;
    for text in SEARCHES.iter().copied().chain(["user0099", "USER02"]) {
        for group in ["", "push", "login"] {
            for actor in ["", "oscar"] {
                let filter = AuditFilter {
                    group: group.into(),
                    actor: actor.into(),
                    text: text.into(),
                    ..Default::default()
                };
                let expected: Vec<i64> = events
                    .iter()
                    .rev()
                    .filter(|e| group.is_empty() || e.1.split('.').next() == Some(group))
                    .filter(|e| actor.is_empty() || e.2 == actor)
                    .filter(|e| {
                        ascii_contains(&e.3, text.trim()) || ascii_contains(&e.4, text.trim())
                    })
                    .map(|e| e.0)
                    .collect();
                let query = AuditQuery::new(&filter.parse().unwrap(), chrono_tz::UTC)
                    .unwrap()
                    .resolve(db)
                    .await
                    .unwrap();
                let (mut found, mut before) = (Vec::new(), None);
                loop {
                    let (rows, next) = audit_query::rows(db, &query, before, 900, chrono_tz::UTC)
                        .await
                        .unwrap();
                    found.extend(rows.iter().map(|r| r.id));
                    match next {
                        Some(n) => before = Some(n),
                        None => break,
                    }
                }
                assert_eq!(found, expected, "{filter:?}");
                nonempty += usize::from(!found.is_empty());
                let text_matches = events
                    .iter()
                    .filter(|e| {
                        ascii_contains(&e.3, text.trim()) || ascii_contains(&e.4, text.trim())
                    })
                    .count();
                // Words common enough are tested row by row in id order, on
                // purpose.
                let rare = text_matches <= FEW;
                if (rare || text.is_empty())
                    && (!text.is_empty() || !group.is_empty() || !actor.is_empty())
                {
                    let (clause, args) = query.where_clause(None);
                    let sql =
                        format!("SELECT id FROM audit_events {clause} ORDER BY id DESC LIMIT 51");
                    let plan = if query.finds_nothing() {
                        NOTHING_READ.to_string()
                    } else {
                        plan(db, &sql, &args).await
                    };
                    assert!(answered_from_an_index(db, &plan), "{filter:?}\n{plan}");
                }
            }
        }
    }
    assert!(nonempty > 20, "{nonempty}");
    assert_eq!(
        audit::verify(db, &[]).await.unwrap(),
        audit::Verdict::Intact {
            events: RECORDS,
            unkeyed: 0,
            from: 1
        }
    );
}
