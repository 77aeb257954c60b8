//! The sandbox's data in our database, so it survives a restart.
use crate::server::db::Db;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub async fn attr_names(db: &Db, app: i64) -> Result<BTreeMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT idx, name FROM sandbox_attr_names WHERE sdk_app_id = $1 ORDER BY idx",
    )
    .bind(app)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

pub async fn set_attr_names(
    db: &Db,
    app: i64,
    names: &BTreeMap<String, String>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    for (idx, name) in names {
        sqlx::query(
            "INSERT INTO sandbox_attr_names (sdk_app_id, idx, name) VALUES ($1, $2, $3) \
             ON CONFLICT (sdk_app_id, idx) DO UPDATE SET name = excluded.name",
        )
        .bind(app)
        .bind(idx)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

pub async fn tags_of(db: &Db, app: i64, account: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT tag FROM sandbox_user_tags WHERE sdk_app_id = $1 AND account = $2 ORDER BY tag",
    )
    .bind(app)
    .bind(account)
    .fetch_all(&db.pool)
    .await
}

pub async fn attrs_of(db: &Db, app: i64, account: &str) -> Result<Map<String, Value>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT name, value FROM sandbox_user_attrs WHERE sdk_app_id = $1 AND account = $2 ORDER BY name")
            .bind(app)
            .bind(account)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect())
}

/// How many tags each of `accounts` holds (accounts with none are left out).
pub async fn tag_counts(
    db: &Db,
    app: i64,
    accounts: &[String],
) -> Result<std::collections::HashMap<String, i64>, sqlx::Error> {
    if accounts.is_empty() {
        return Ok(Default::default());
    }
    let list: Vec<String> = (0..accounts.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT account, COUNT(*) FROM sandbox_user_tags WHERE sdk_app_id = $1 AND account IN ({}) GROUP BY account",
        list.join(", ")
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(app);
    for a in accounts {
        q = q.bind(a.clone());
    }
    Ok(q.fetch_all(&db.pool).await?.into_iter().collect())
}

/// One multi-row insert of `rows` (each after the app id) into `table`;
/// rows already there are left as they are.
pub async fn insert_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    app: i64,
    rows: &[Vec<String>],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = rows[0].len() + 1;
    let mut sql = format!("INSERT INTO {table} VALUES ");
    for r in 0..rows.len() {
        let placeholders: Vec<String> =
            (1..=width).map(|c| format!("${}", r * width + c)).collect();
        sql.push_str(&format!(
            "{}({})",
            if r == 0 { "" } else { ", " },
            placeholders.join(", ")
        ));
    }
    sql.push_str(" ON CONFLICT DO NOTHING");
    let mut query = sqlx::query(&sql);
    for row in rows {
        query = query.bind(app);
        for value in row {
            query = query.bind(value.clone());
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// One statement per row; callers wrap a request's rows in one transaction.
pub async fn exec(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    sql: &str,
    app: i64,
    args: &[&str],
) -> Result<(), sqlx::Error> {
    let mut q = sqlx::query(sql).bind(app);
    for a in args {
        q = q.bind(a.to_string());
    }
    q.execute(&mut **tx).await.map(|_| ())
}

pub const ADD_USER: &str =
    "INSERT INTO sandbox_users (sdk_app_id, account) VALUES ($1, $2) ON CONFLICT DO NOTHING";
pub const ADD_TAG: &str = "INSERT INTO sandbox_user_tags (sdk_app_id, account, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
pub const REMOVE_TAG: &str =
    "DELETE FROM sandbox_user_tags WHERE sdk_app_id = $1 AND account = $2 AND tag = $3";
pub const REMOVE_ALL_TAGS: &str =
    "DELETE FROM sandbox_user_tags WHERE sdk_app_id = $1 AND account = $2";
pub const SET_ATTR: &str =
    "INSERT INTO sandbox_user_attrs (sdk_app_id, account, name, value) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (sdk_app_id, account, name) DO UPDATE SET value = excluded.value";
pub const REMOVE_ATTR: &str =
    "DELETE FROM sandbox_user_attrs WHERE sdk_app_id = $1 AND account = $2 AND name = $3";

/// How many users a condition reaches, judged from the raw JSON condition.
pub async fn reach(db: &Db, app: i64, condition: Option<&Value>) -> Result<i64, sqlx::Error> {
    let mut sql = String::from("SELECT COUNT(*) FROM sandbox_users u WHERE u.sdk_app_id = $1");
    let mut args: Vec<String> = Vec::new();
    let next = |args: &mut Vec<String>, v: &str| {
        args.push(v.to_string());
        format!("${}", args.len() + 1)
    };
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let pairs = |v: &Value| -> Vec<(String, String)> {
        v.as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let Some(c) = condition else {
        return count(db, app, &sql, &args).await;
    };
    for tag in c.get("TagsAnd").map(strings).unwrap_or_default() {
        let p = next(&mut args, &tag);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM sandbox_user_tags t WHERE t.sdk_app_id = u.sdk_app_id AND t.account = u.account AND t.tag = {p})"
        ));
    }
    let any_tags = c.get("TagsOr").map(strings).unwrap_or_default();
    if !any_tags.is_empty() {
        let ps: Vec<String> = any_tags.iter().map(|t| next(&mut args, t)).collect();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM sandbox_user_tags t WHERE t.sdk_app_id = u.sdk_app_id AND t.account = u.account AND t.tag IN ({}))",
            ps.join(", ")
        ));
    }
    for (name, value) in c.get("AttrsAnd").map(pairs).unwrap_or_default() {
        let (pn, pv) = (next(&mut args, &name), next(&mut args, &value));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM sandbox_user_attrs a WHERE a.sdk_app_id = u.sdk_app_id AND a.account = u.account AND a.name = {pn} AND a.value = {pv})"
        ));
    }
    let any_attrs = c.get("AttrsOr").map(pairs).unwrap_or_default();
    if !any_attrs.is_empty() {
        let ors: Vec<String> = any_attrs
            .iter()
            .map(|(n, v)| {
                format!(
                    "(a.name = {} AND a.value = {})",
                    next(&mut args, n),
                    next(&mut args, v)
                )
            })
            .collect();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM sandbox_user_attrs a WHERE a.sdk_app_id = u.sdk_app_id AND a.account = u.account AND ({}))",
            ors.join(" OR ")
        ));
    }
    count(db, app, &sql, &args).await
}

async fn count(db: &Db, app: i64, sql: &str, args: &[String]) -> Result<i64, sqlx::Error> {
    let mut q = sqlx::query_scalar(sql).bind(app);
    for a in args {
        q = q.bind(a.clone());
    }
    q.fetch_one(&db.pool).await
}

pub struct PushRecord {
    pub task_id: String,
    pub reach: i64,
}

pub async fn push_by_random(
    db: &Db,
    app: i64,
    msg_random: i64,
    since_us: i64,
) -> Result<Option<PushRecord>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT task_id, reach FROM sandbox_pushes WHERE sdk_app_id = $1 AND msg_random = $2 AND received_us >= $3",
    )
    .bind(app)
    .bind(msg_random)
    .bind(since_us)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(task_id, reach)| PushRecord { task_id, reach }))
}

/// The newest push's time and how many pushes arrived since `day_start_us`.
pub async fn push_rate(
    db: &Db,
    app: i64,
    day_start_us: i64,
) -> Result<(Option<i64>, i64), sqlx::Error> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(received_us) FROM sandbox_pushes WHERE sdk_app_id = $1")
            .bind(app)
            .fetch_one(&db.pool)
            .await?;
    let today: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sandbox_pushes WHERE sdk_app_id = $1 AND received_us >= $2",
    )
    .bind(app)
    .bind(day_start_us)
    .fetch_one(&db.pool)
    .await?;
    Ok((last, today))
}

pub async fn record_push(
    db: &Db,
    app: i64,
    task_id: &str,
    msg_random: i64,
    at_us: i64,
    reach: i64,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sandbox_pushes (task_id, sdk_app_id, msg_random, received_us, reach, body) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(task_id)
    .bind(app)
    .bind(msg_random)
    .bind(at_us)
    .bind(reach)
    .bind(body)
    .execute(&db.pool)
    .await
    .map(|_| ())
}

/// The reach recorded for a task, for tests and for the history page.
pub async fn reach_of_task(db: &Db, task_id: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT reach FROM sandbox_pushes WHERE task_id = $1")
        .bind(task_id)
        .fetch_optional(&db.pool)
        .await
}
