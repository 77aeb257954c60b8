//! Login throttling per account and per client address: a few free failures,
//! then a delay that doubles with each failure up to five minutes. Never a
//! permanent lock, which an attacker could use to shut a person out. Kept in
//! the database so every replica sees the same counts.
use crate::server::db::Db;

pub const FREE_FAILURES: i64 = 5;
pub const MAX_DELAY_SECS: i64 = 300;
/// Failures older than this are forgotten.
pub const FORGET_AFTER_SECS: i64 = 3600;

/// Longer than any name an account can have; a longer typed name is cut
/// here, so a key never grows with what an attacker types.
const KEY_NAME_CHARS: usize = 80;

pub fn account_key(name: &str) -> String {
    let name: String = name.chars().take(KEY_NAME_CHARS).collect();
    format!("account:{}", crate::domain::account::name_key(&name))
}

/// The key that limits guesses at a signed-in user's current password.
pub fn password_key(user_id: i64) -> String {
    format!("password:{user_id}")
}

pub fn address_key(client: &str) -> String {
    format!("address:{client}")
}

/// Seconds to wait after `failures` failures: 1, 2, 4, … 300.
pub fn delay_secs(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        0
    } else {
        let steps = (failures - FREE_FAILURES).min(20) as u32;
        (1_i64 << steps).min(MAX_DELAY_SECS)
    }
}

/// Counts an attempt under every key before its password is checked, or
/// says how many seconds the caller must still wait. Counting first, in one
/// compare-and-set per key, is what keeps concurrent attempts to the limit:
/// of sixty at once, the first few are counted and the rest see the count.
/// A successful sign-in `clear`s the count afterwards.
pub async fn reserve<'k>(
    db: &Db,
    keys: &'k [String],
    now_us: i64,
) -> Result<Option<(&'k str, i64)>, sqlx::Error> {
    for key in keys {
        if let Some(wait) = reserve_one(db, key, now_us).await? {
            return Ok(Some((key, wait)));
        }
    }
    Ok(None)
}

async fn reserve_one(db: &Db, key: &str, now_us: i64) -> Result<Option<i64>, sqlx::Error> {
    let forget_before = now_us - FORGET_AFTER_SECS * 1_000_000;
    loop {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, last_failure_us FROM login_throttle WHERE key = $1")
                .bind(key)
                .fetch_optional(&db.pool)
                .await?;
        // A first attempt (or one after a sign-in cleared the row) makes it.
        let Some((failures, last_us)) = row else {
            sqlx::query(
                "INSERT INTO login_throttle (key, failures, last_failure_us) VALUES ($1, 0, 0) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .execute(&db.pool)
            .await?;
            continue;
        };
        let counted = if last_us < forget_before { 0 } else { failures };
        let until_us = last_us + delay_secs(counted) * 1_000_000;
        if counted > 0 && until_us > now_us {
            return Ok(Some((until_us - now_us + 999_999) / 1_000_000));
        }
        // Only if nobody counted an attempt since we read: otherwise read again.
        let taken = sqlx::query(
            "UPDATE login_throttle SET failures = $1, last_failure_us = $2 \
             WHERE key = $3 AND failures = $4 AND last_failure_us = $5",
        )
        .bind(counted + 1)
        .bind(now_us)
        .bind(key)
        .bind(failures)
        .bind(last_us)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if taken == 1 {
            return Ok(None);
        }
    }
}

/// Rows nobody has failed on for longer than `FORGET_AFTER_SECS` are gone.
pub async fn forget_old(db: &Db, now_us: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE last_failure_us < $1")
        .bind(now_us - FORGET_AFTER_SECS * 1_000_000)
        .execute(&db.pool)
        .await
        .map(|r| r.rows_affected())
}

/// Forgets old rows every ten minutes, so keys never pile up.
pub fn spawn_forgetting(
    db: Db,
    clock: crate::server::clock::SharedClock,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = forget_old(&db, clock.now_micros()).await {
                tracing::error!(error = %e, "old sign-in throttle rows cannot be removed");
            }
        }
    })
}

/// Counts a throttled attempt on `key`; once a minute per key it also
/// answers how many there have been, so that one audit event stands for
/// all of them instead of one event per attempt.
pub async fn note_throttled(db: &Db, key: &str, now_us: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("UPDATE login_throttle SET throttled_count = throttled_count + 1 WHERE key = $1")
        .bind(key)
        .execute(&db.pool)
        .await?;
    sqlx::query_scalar(
        "UPDATE login_throttle SET throttled_logged_us = $1 WHERE key = $2 AND throttled_logged_us <= $3 \
         RETURNING throttled_count",
    )
    .bind(now_us)
    .bind(key)
    .bind(now_us - THROTTLED_EVENT_WINDOW_SECS * 1_000_000)
    .fetch_optional(&db.pool)
    .await
}

/// At most one `login.throttled` audit event per key in this many seconds.
pub const THROTTLED_EVENT_WINDOW_SECS: i64 = 60;

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(&db.pool)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_and_is_capped() {
        let delays: Vec<i64> = (0..16).map(delay_secs).collect();
        assert_eq!(&delays[..9], &[0, 0, 0, 0, 0, 1, 2, 4, 8]);
        assert_eq!(delays[15], MAX_DELAY_SECS);
        assert_eq!(delay_secs(10_000), MAX_DELAY_SECS);
    }
}
