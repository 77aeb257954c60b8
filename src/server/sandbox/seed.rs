//! The demo population a newcomer can push to: users with realistic tags and
//! attributes in Chinese and English. Made once, on the first start, from a
//! fixed seed, so every installation has the same people.
use super::store;
use crate::server::db::Db;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const ATTR_NAMES: [(&str, &str); 4] = [
    ("0", "city"),
    ("1", "会员等级"),
    ("2", "gender"),
    ("3", "language"),
];
const CITIES: [&str; 8] = [
    "深圳",
    "北京",
    "上海",
    "广州",
    "杭州",
    "Singapore",
    "Berlin",
    "San Francisco",
];
const LEVELS: [&str; 4] = ["普通会员", "黄金会员", "白金会员", "超白金会员"];
const GENDERS: [&str; 2] = ["F", "M"];
const LANGUAGES: [&str; 2] = ["zh", "en"];
const TAGS: [&str; 10] = [
    "vip",
    "beta",
    "新用户",
    "活跃",
    "股票A",
    "股票B",
    "sports",
    "music",
    "travel",
    "游戏",
];

/// Creates `users` demo users for the app unless it already has them all.
/// One short transaction per chunk, so the first start never holds SQLite's
/// write lock for long (a sign-in or a second process waits at most one
/// chunk). Every insert ignores rows already there, so a start cut off
/// half-way, or two processes seeding at once, end with the same population.
pub async fn seed_if_empty(db: &Db, sdk_app_id: u64, users: usize) -> Result<usize, sqlx::Error> {
    let app = sdk_app_id as i64;
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_users WHERE sdk_app_id = $1")
            .bind(app)
            .fetch_one(&db.pool)
            .await?;
    if existing >= users as i64 {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(sdk_app_id);
    let mut tx = db.write().await?;
    for (idx, name) in ATTR_NAMES {
        sqlx::query("INSERT INTO sandbox_attr_names (sdk_app_id, idx, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(app)
            .bind(idx)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let accounts: Vec<String> = (1..=users).map(|i| format!("user{i:05}")).collect();
    // Multi-row inserts: one statement per few hundred rows keeps the first
    // start quick on both backends.
    for chunk in accounts.chunks(200) {
        let mut tx = db.write().await?;
        let mut user_rows = Vec::new();
        let mut tag_rows = Vec::new();
        let mut attr_rows = Vec::new();
        for account in chunk {
            user_rows.push(vec![account.clone()]);
            let mut tags: Vec<&str> = TAGS
                .iter()
                .copied()
                .filter(|_| rng.random_bool(0.2))
                .collect();
            tags.dedup();
            for tag in tags {
                tag_rows.push(vec![account.clone(), tag.to_string()]);
            }
            let values = [
                CITIES[rng.random_range(0..CITIES.len())],
                LEVELS[[0, 0, 0, 1, 1, 2, 3][rng.random_range(0..7)]],
                GENDERS[rng.random_range(0..2)],
                LANGUAGES[usize::from(rng.random_bool(0.3))],
            ];
            for ((_, name), value) in ATTR_NAMES.iter().zip(values) {
                attr_rows.push(vec![account.clone(), name.to_string(), value.to_string()]);
            }
        }
        store::insert_rows(
            &mut tx,
            "sandbox_users (sdk_app_id, account)",
            app,
            &user_rows,
        )
        .await?;
        store::insert_rows(
            &mut tx,
            "sandbox_user_tags (sdk_app_id, account, tag)",
            app,
            &tag_rows,
        )
        .await?;
        store::insert_rows(
            &mut tx,
            "sandbox_user_attrs (sdk_app_id, account, name, value)",
            app,
            &attr_rows,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(users)
}
