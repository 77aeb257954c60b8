//! Scheduled pushes with two real server processes on one database
//! (PostgreSQL in the suite's second stage): fifty due pushes across three
//! apps, each reaching an imitation of the API at most once, never two of one
//! app within a second, none over an app's quota; one process killed with
//! SIGKILL in the middle of a call, whose push becomes `unknown` (never sent
//! again) while the other process sends the rest. Then, with no server
//! running, pushes fall due: the next start sends those within the grace
//! and marks the others `missed`.
use crate::common;
use crate::replicas::shared_database;
use axum::extract::{Path, Query, State};
use axum::routing::post;
use axum::{Json, Router};
use common::process::{command, serve, sign_in};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One call the imitation received: from which process, for which app,
/// with which MsgRandom, when.
#[derive(Debug, Clone)]
struct Received {
    process: String,
    sdk_app_id: u64,
    msg_random: u64,
    at: Instant,
}

#[derive(Clone, Default)]
struct Imitation {
    received: Arc<Mutex<Vec<Received>>>,
    /// The MsgRandom whose call is never answered (its process is killed).
    stall: Arc<Mutex<Option<u64>>>,
}

async fn im_push(
    State(im): State<Imitation>,
    Path(process): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let msg_random = body["MsgRandom"].as_u64().unwrap_or_default();
    let sdk_app_id = query
        .get("sdkappid")
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    im.received.lock().unwrap().push(Received {
        process,
        sdk_app_id,
        msg_random,
        at: Instant::now(),
    });
    if *im.stall.lock().unwrap() == Some(msg_random) {
        tokio::time::sleep(Duration::from_secs(120)).await;
    }
    Json(
        json!({ "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "TaskId": format!("task-{sdk_app_id}-{msg_random}") }),
    )
}

async fn start_imitation() -> (Imitation, String) {
    let im = Imitation::default();
    let router = Router::new()
        .route("/{process}/v4/all_member_push/im_push", post(im_push))
        .with_state(im.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (im, format!("http://{addr}"))
}

/// Three apps, reached through the imitation under `process`'s own path.
const APPS: [(&str, u64, u32); 3] = [
    ("north", 1_400_000_101, 100),
    ("south", 1_400_000_102, 100),
    ("west", 1_400_000_103, 12),
];

fn apps_json(base: &str, process: &str) -> String {
    let apps: Vec<Value> = APPS
        .iter()
        .map(|(id, sdk, quota)| {
            json!({ "id": id, "sdk_app_id": sdk, "base_url": format!("{base}/{process}/"), "admin": "administrator",
                    "secret_env": "PC_TEST_IM_SECRET", "daily_quota": quota, "approval": "none" })
        })
        .collect();
    serde_json::to_string(&apps).unwrap()
}

fn replica(
    dir: &std::path::Path,
    database_url: &str,
    base: &str,
    process: &str,
) -> std::process::Command {
    let mut c = command(dir, database_url);
    c.env("PUSH_CONSOLE_APPS", apps_json(base, process))
        .env("PC_TEST_IM_SECRET", "a-test-secret-key-for-the-imitation")
        .arg("serve");
    c
}

/// Schedules a tag push of `app` a few minutes ahead through `base`: (id, MsgRandom).
async fn schedule(client: &reqwest::Client, base: &str, app: &str, n: usize) -> (i64, u64) {
    let ticket = common::process::ticket(client, base).await;
    let at = chrono_now_us() + 5 * 60_000_000;
    let payload = json!({
        "app_id": app, "key": ticket["key"], "send_at_us": at,
        "request": { "MsgRandom": ticket["msg_random"], "Condition": { "TagsOr": ["vip"] },
                     "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": format!("{app} #{n}") } }] },
    });
    let res = client
        .post(format!("{base}/api/push/send"))
        .header("accept", "application/json")
        .json(&payload)
        .send()
        .await
        .unwrap();
    let outcome: Value = res.json().await.unwrap();
    assert_eq!(outcome["Held"]["status"], "scheduled", "{outcome}");
    (
        outcome["Held"]["push_id"].as_i64().unwrap(),
        ticket["msg_random"].as_u64().unwrap(),
    )
}

fn chrono_now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

async fn statuses(db: &push_console::server::db::Db) -> HashMap<i64, String> {
    sqlx::query_as::<_, (i64, String)>("SELECT id, status FROM pushes")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Which process claimed each push's call (None for one never claimed).
async fn owners(db: &push_console::server::db::Db) -> HashMap<i64, Option<String>> {
    sqlx::query_as::<_, (i64, Option<String>)>("SELECT id, owner_id FROM pushes")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

#[tokio::test]
async fn fifty_scheduled_pushes_go_out_once_each_across_two_replicas_one_killed() {
    let (dir, database_url, _pg, db) = shared_database().await;
    let (im, im_base) = start_imitation().await;
    let mut a = serve(replica(dir.path(), &database_url, &im_base, "a")).await;
    let mut b = serve(replica(dir.path(), &database_url, &im_base, "b")).await;
    let olga = sign_in(&a.base, "olga").await;

    // 17 + 17 + 16 pushes; the west app's quota is 12.
    let mut pushes = Vec::new();
    for n in 0..50 {
        let app = APPS[n % 3].0;
        pushes.push((app, schedule(&olga, &a.base, app, n).await));
    }
    // The first north push's call is never answered.
    let stalled = pushes[0].1 .1;
    *im.stall.lock().unwrap() = Some(stalled);
    sqlx::query("UPDATE pushes SET scheduled_at_us = $1")
        .bind(chrono_now_us())
        .execute(&db.pool)
        .await
        .unwrap();

    // Whichever process makes the stalled call is killed during it.
    let started = Instant::now();
    let killed = loop {
        let found = im
            .received
            .lock()
            .unwrap()
            .iter()
            .find(|r| r.msg_random == stalled)
            .cloned();
        if let Some(r) = found {
            break r.process;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the stalled push was dispatched"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (dead, alive) = if killed == "a" {
        (&mut a, &mut b)
    } else {
        (&mut b, &mut a)
    };
    dead.child.kill().unwrap();
    dead.child.wait().unwrap();

    // The survivor sends the rest and, once the dead one's lease runs out,
    // marks its calls `unknown`.
    let started = Instant::now();
    let waiting = ["scheduled", "sending"];
    loop {
        let now = statuses(&db).await;
        if now.values().all(|s| !waiting.contains(&s.as_str())) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "every push ended: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let received = im.received.lock().unwrap().clone();
    let now = statuses(&db).await;

    // Each MsgRandom at most once.
    let mut seen = HashSet::new();
    for r in &received {
        assert!(
            seen.insert(r.msg_random),
            "MsgRandom {} reached the API twice",
            r.msg_random
        );
    }
    // Sent only when received, failed only when not; the stalled one unknown.
    // A push the killed process had claimed may be unknown without having
    // arrived: it was killed after recording the call and before the request
    // left, which is what `unknown` means. No other push may be unknown.
    let stalled_id = pushes[0].1 .0;
    assert_eq!(now[&stalled_id], "unknown");
    let owners = owners(&db).await;
    let dead_owner = owners[&stalled_id].clone();
    for (app, (id, random)) in &pushes {
        let status = now[id].as_str();
        let got = seen.contains(random);
        match status {
            "sent" => assert!(got, "push {id} of {app} is sent but never arrived"),
            "unknown" => assert!(
                got || owners[id] == dead_owner,
                "push {id} of {app} is unknown, never arrived, and the killed process never claimed it"
            ),
            "failed" => assert!(!got, "push {id} of {app} failed yet arrived"),
            other => panic!("push {id} of {app} ended {other}"),
        }
    }
    // Per app: under its quota, and a second apart.
    for (app, sdk, quota) in APPS {
        let mut times: Vec<Instant> = received
            .iter()
            .filter(|r| r.sdk_app_id == sdk)
            .map(|r| r.at)
            .collect();
        times.sort();
        let scheduled = pushes.iter().filter(|(a, _)| *a == app).count();
        // Calls the killed process recorded but never made count against
        // the quota as any unknown outcome does.
        let lost = pushes
            .iter()
            .filter(|(a, (id, random))| *a == app && now[id] == "unknown" && !seen.contains(random))
            .count();
        assert_eq!(
            times.len() + lost,
            scheduled.min(quota as usize),
            "{app} sent up to its quota"
        );
        for pair in times.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= Duration::from_millis(1000),
                "{app}: two pushes {gap:?} apart"
            );
        }
        let failed = pushes
            .iter()
            .filter(|(a, (id, _))| *a == app && now[id] == "failed")
            .count();
        assert_eq!(
            failed,
            scheduled.saturating_sub(quota as usize),
            "{app}: the rest failed for the quota"
        );
    }
    // Both processes sent some.
    let by_alive = received.iter().filter(|r| r.process != killed).count();
    assert!(by_alive > 0);
    alive.child.kill().unwrap();
    alive.child.wait().unwrap();
}

#[tokio::test]
async fn due_while_no_server_ran_it_goes_within_the_grace_and_is_missed_beyond() {
    let (dir, database_url, _pg, db) = shared_database().await;
    let (im, im_base) = start_imitation().await;
    let mut a = serve(replica(dir.path(), &database_url, &im_base, "a")).await;
    let olga = sign_in(&a.base, "olga").await;
    let (in_grace, in_random) = schedule(&olga, &a.base, "north", 1).await;
    let (beyond, beyond_random) = schedule(&olga, &a.base, "south", 2).await;
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    // While nothing runs, both fall due: one 10 minutes ago, one 20.
    let minute = 60_000_000;
    for (id, late) in [(in_grace, 10 * minute), (beyond, 20 * minute)] {
        sqlx::query("UPDATE pushes SET scheduled_at_us = $1 WHERE id = $2")
            .bind(chrono_now_us() - late)
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    let mut b = serve(replica(dir.path(), &database_url, &im_base, "b")).await;
    let started = Instant::now();
    loop {
        let now = statuses(&db).await;
        if now[&in_grace] == "sent" && now[&beyond] == "missed" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{now:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received: Vec<u64> = im
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.msg_random)
        .collect();
    assert_eq!(received, [in_random]);
    assert!(!received.contains(&beyond_random));
    b.child.kill().unwrap();
    b.child.wait().unwrap();
}
