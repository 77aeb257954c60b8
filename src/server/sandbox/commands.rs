//! The sandbox's commands: what each all_member_push call does to the demo
//! population, judged as Tencent would, and the state they share.
use super::auth::{check_query, SandboxApp};
use super::judge::{judge_push, Refusal};
use super::store;
use crate::domain::push::limits::{
    ACCOUNTS_PER_REQUEST_MAX, ATTR_NAME_MAX_BYTES, ATTR_VALUE_MAX_BYTES, TAGS_PER_LIST_MAX,
    TAGS_PER_USER_MAX, TAG_MAX_BYTES,
};
use crate::server::clock::SharedClock;
use crate::server::db::Db;
use chrono::TimeZone;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub struct Sandbox {
    /// True once the demo population exists.
    pub ready: tokio::sync::watch::Receiver<bool>,
    pub db: Db,
    pub app: SandboxApp,
    pub clock: SharedClock,
    pub time_zone: chrono_tz::Tz,
    pub daily_quota: i64,
    /// Pushes are checked against the rate and recorded one at a time.
    pub push_lock: Arc<tokio::sync::Mutex<()>>,
    /// The 100 calls/s limit of every command but im_push (which has its own).
    pub rate: Arc<super::rate::RateLimit>,
    /// Milliseconds im_push waits before answering (a slow network).
    pub delay_ms: Arc<std::sync::atomic::AtomicU64>,
    /// Requests received, counted before anything is judged.
    pub calls: Arc<std::sync::atomic::AtomicU64>,
    /// The calls refused for going past the per-second limit (90045).
    pub rate_refusals: Arc<std::sync::atomic::AtomicU64>,
}

pub type Answer = Result<Map<String, Value>, Refusal>;

pub(super) fn refuse(code: i64, info: &'static str) -> Refusal {
    Refusal { code, info }
}

/// A storage failure is logged here and answered as Tencent's internal error.
pub(super) fn storage_failed(e: sqlx::Error) -> Refusal {
    tracing::error!(error = %e, "sandbox storage failed");
    refuse(91000, "internal error")
}

impl Sandbox {
    pub(super) fn app_id(&self) -> i64 {
        self.app.sdk_app_id as i64
    }
}

pub(super) async fn answer(
    sb: &Sandbox,
    service: &str,
    command: &str,
    query: &HashMap<String, String>,
    // None: an empty body; Some(None): not JSON.
    body: Option<&Option<Value>>,
) -> Answer {
    let _ = sb.ready.clone().wait_for(|ready| *ready).await;
    if service != "all_member_push" {
        return Err(refuse(60009, "unknown service"));
    }
    check_query(query, &sb.app, sb.clock.now_secs())?;
    let body = body
        .ok_or_else(|| refuse(60003, "the request body is empty"))?
        .as_ref()
        .ok_or_else(|| refuse(90001, "the request body is not valid JSON"))?;
    let app = sb.app_id();
    if command != "im_push" && !sb.rate.admit(command, sb.clock.now_micros()) {
        return Err(refuse(60007, "REST API call rate exceeded"));
    }
    match command {
        "im_push" => push(sb, body).await,
        "im_set_attr_name" => {
            let names = body
                .get("AttrNames")
                .and_then(Value::as_object)
                .ok_or_else(|| refuse(90001, "AttrNames is missing"))?;
            let mut parsed = std::collections::BTreeMap::new();
            for (idx, name) in names {
                let ok_idx = idx.len() == 1 && idx.as_bytes()[0].is_ascii_digit();
                let name = name
                    .as_str()
                    .filter(|n| !n.is_empty() && n.len() <= ATTR_NAME_MAX_BYTES);
                match (ok_idx, name) {
                    (true, Some(name)) => parsed.insert(idx.clone(), name.to_string()),
                    _ => {
                        return Err(refuse(
                            90001,
                            "attribute names are numbered 0 to 9 and at most 50 bytes",
                        ))
                    }
                };
            }
            store::set_attr_names(&sb.db, app, &parsed)
                .await
                .map_err(storage_failed)?;
            Ok(Map::new())
        }
        "im_get_attr_name" => {
            let names = store::attr_names(&sb.db, app)
                .await
                .map_err(storage_failed)?;
            Ok(fields([("AttrNames", json!(names))]))
        }
        "im_get_attr" => {
            let mut out = Vec::new();
            for account in accounts(body.get("To_Account"))? {
                let attrs = store::attrs_of(&sb.db, app, &account)
                    .await
                    .map_err(storage_failed)?;
                out.push(json!({ "To_Account": account, "Attrs": attrs }));
            }
            Ok(fields([("UserAttrs", Value::Array(out))]))
        }
        "im_get_tag" => {
            let mut out = Vec::new();
            for account in accounts(body.get("To_Account"))? {
                let tags = store::tags_of(&sb.db, app, &account)
                    .await
                    .map_err(storage_failed)?;
                out.push(json!({ "To_Account": account, "Tags": tags }));
            }
            Ok(fields([("UserTags", Value::Array(out))]))
        }
        "im_remove_all_tags" => {
            let accounts = accounts(body.get("To_Account"))?;
            let mut tx = sb.db.write().await.map_err(storage_failed)?;
            for account in &accounts {
                store::exec(&mut tx, store::REMOVE_ALL_TAGS, app, &[account])
                    .await
                    .map_err(storage_failed)?;
            }
            tx.commit().await.map_err(storage_failed)?;
            Ok(Map::new())
        }
        "im_set_attr" | "im_remove_attr" => change_attrs(sb, command, body).await,
        "im_add_tag" | "im_remove_tag" => change_tags(sb, command, body).await,
        _ => Err(refuse(60009, "unknown command")),
    }
}

/// The first account a request names, so a log can tell its batches apart.
pub(super) fn first_account(body: &Value) -> Option<String> {
    let first = match &body["To_Account"] {
        Value::Array(list) => list.first()?.clone(),
        _ => ["UserTags", "UserAttrs"]
            .iter()
            .find_map(|f| body[*f].as_array()?.first()?.get("To_Account").cloned())?,
    };
    first.as_str().map(str::to_string)
}

fn fields<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn accounts(v: Option<&Value>) -> Result<Vec<String>, Refusal> {
    let list = v
        .and_then(Value::as_array)
        .ok_or_else(|| refuse(90001, "To_Account must be an array"))?;
    if list.len() > ACCOUNTS_PER_REQUEST_MAX {
        return Err(refuse(90018, "more than 100 accounts in one request"));
    }
    list.iter()
        .map(|a| {
            a.as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .ok_or_else(|| refuse(90001, "an account is not a string"))
        })
        .collect()
}

fn user_entries(body: &Value, field: &str) -> Result<Vec<(String, Value)>, Refusal> {
    let list = body
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| refuse(90001, "the user list is missing"))?;
    if list.len() > ACCOUNTS_PER_REQUEST_MAX {
        return Err(refuse(90018, "more than 100 accounts in one request"));
    }
    list.iter()
        .map(|u| {
            let account = u
                .get("To_Account")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            match account {
                Some(a) => Ok((a.to_string(), u.clone())),
                None => Err(refuse(90001, "To_Account is missing")),
            }
        })
        .collect()
}

async fn change_attrs(sb: &Sandbox, command: &str, body: &Value) -> Answer {
    let app = sb.app_id();
    let names: Vec<String> = store::attr_names(&sb.db, app)
        .await
        .map_err(storage_failed)?
        .into_values()
        .collect();
    let users = user_entries(body, "UserAttrs")?;
    let mut tx = sb.db.write().await.map_err(storage_failed)?;
    for (account, entry) in &users {
        if command == "im_set_attr" {
            let attrs = entry
                .get("Attrs")
                .and_then(Value::as_object)
                .ok_or_else(|| refuse(90001, "Attrs must be an object"))?;
            for (name, value) in attrs {
                let value = value
                    .as_str()
                    .filter(|v| v.len() <= ATTR_VALUE_MAX_BYTES)
                    .ok_or_else(|| refuse(90033, "invalid attribute"))?;
                if !names.contains(name) {
                    return Err(refuse(90033, "invalid attribute"));
                }
                store::exec(&mut tx, store::SET_ATTR, app, &[account, name, value])
                    .await
                    .map_err(storage_failed)?;
            }
            store::exec(&mut tx, store::ADD_USER, app, &[account])
                .await
                .map_err(storage_failed)?;
        } else {
            let attrs = entry
                .get("Attrs")
                .and_then(Value::as_array)
                .ok_or_else(|| refuse(90001, "Attrs must be an array"))?;
            for name in attrs {
                let name = name
                    .as_str()
                    .filter(|n| names.iter().any(|x| x == n))
                    .ok_or_else(|| refuse(90033, "invalid attribute"))?;
                store::exec(&mut tx, store::REMOVE_ATTR, app, &[account, name])
                    .await
                    .map_err(storage_failed)?;
            }
        }
    }
    tx.commit().await.map_err(storage_failed)?;
    Ok(Map::new())
}

async fn change_tags(sb: &Sandbox, command: &str, body: &Value) -> Answer {
    let app = sb.app_id();
    let users = user_entries(body, "UserTags")?;
    // The whole request is judged before anything changes, as Tencent does.
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (account, entry) in &users {
        let tags = entry
            .get("Tags")
            .and_then(Value::as_array)
            .ok_or_else(|| refuse(90001, "Tags must be an array"))?;
        if tags.len() > TAGS_PER_LIST_MAX {
            return Err(refuse(90032, "more than 10 tags in an add-tag request"));
        }
        for tag in tags {
            let tag = tag
                .as_str()
                .ok_or_else(|| refuse(90001, "a tag is not a string"))?;
            if tag.is_empty() {
                return Err(refuse(90040, "a tag is empty"));
            }
            if tag.len() > TAG_MAX_BYTES {
                return Err(refuse(90020, "a tag is longer than 50 bytes"));
            }
            rows.push(vec![account.clone(), tag.to_string()]);
        }
    }
    let accounts: Vec<String> = users.iter().map(|(a, _)| a.clone()).collect();
    if command == "im_add_tag" {
        // Read before the transaction: on SQLite a transaction that reads
        // first cannot always write afterwards.
        let held = store::tag_counts(&sb.db, app, &accounts)
            .await
            .map_err(storage_failed)?;
        for account in &accounts {
            let adding = rows.iter().filter(|r| r[0] == *account).count() as i64;
            if held.get(account).copied().unwrap_or(0) + adding > TAGS_PER_USER_MAX as i64 {
                return Err(refuse(90032, "a user may hold at most 100 tags"));
            }
        }
    }
    let mut tx = sb.db.write().await.map_err(storage_failed)?;
    if command == "im_add_tag" {
        let users: Vec<Vec<String>> = accounts.iter().map(|a| vec![a.clone()]).collect();
        store::insert_rows(&mut tx, "sandbox_users (sdk_app_id, account)", app, &users)
            .await
            .map_err(storage_failed)?;
        store::insert_rows(
            &mut tx,
            "sandbox_user_tags (sdk_app_id, account, tag)",
            app,
            &rows,
        )
        .await
        .map_err(storage_failed)?;
    } else {
        for row in &rows {
            store::exec(&mut tx, store::REMOVE_TAG, app, &[&row[0], &row[1]])
                .await
                .map_err(storage_failed)?;
        }
    }
    tx.commit().await.map_err(storage_failed)?;
    Ok(Map::new())
}

async fn push(sb: &Sandbox, body: &Value) -> Answer {
    let app = sb.app_id();
    let names: Vec<String> = store::attr_names(&sb.db, app)
        .await
        .map_err(storage_failed)?
        .into_values()
        .collect();
    judge_push(body, &names)?;
    let msg_random = body["MsgRandom"].as_i64().unwrap_or_default();
    let _one_at_a_time = sb.push_lock.lock().await;
    let now_us = sb.clock.now_micros();
    // A retry of the same push (same MsgRandom, within a day) is the same task.
    if let Some(existing) = store::push_by_random(&sb.db, app, msg_random, now_us - 86_400_000_000)
        .await
        .map_err(storage_failed)?
    {
        return Ok(fields([("TaskId", json!(existing.task_id))]));
    }
    let (last, today) = store::push_rate(&sb.db, app, day_start_us(sb.time_zone, now_us))
        .await
        .map_err(storage_failed)?;
    if last.is_some_and(|last| now_us - last <= 1_000_000) {
        return Err(refuse(90024, "pushes must be more than 1 second apart"));
    }
    if today >= sb.daily_quota {
        return Err(refuse(90047, "the daily push quota is used up"));
    }
    let reach = store::reach(&sb.db, app, body.get("Condition"))
        .await
        .map_err(storage_failed)?;
    let task_id = format!(
        "{}_{}_{}_{}",
        app,
        msg_random,
        now_us / 1_000_000,
        today + 1
    );
    store::record_push(
        &sb.db,
        app,
        &task_id,
        msg_random,
        now_us,
        reach,
        &body.to_string(),
    )
    .await
    .map_err(storage_failed)?;
    tracing::info!(task_id, reach, "sandbox accepted a push");
    Ok(fields([("TaskId", json!(task_id))]))
}

/// Midnight of the current day in the app's time zone, as UTC microseconds.
fn day_start_us(tz: chrono_tz::Tz, now_us: i64) -> i64 {
    let now = chrono::DateTime::from_timestamp_micros(now_us)
        .unwrap_or_default()
        .with_timezone(&tz);
    let midnight = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|d| d.timestamp_micros())
        .unwrap_or(now_us - 86_400_000_000)
}
