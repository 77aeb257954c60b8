//! Login throttling per account and per client address: a few free failures,
//! then a delay that doubles with each failure up to five minutes. Never a
//! permanent lock, which an attacker could use to shut a person out. Kept in
//! the database so every replica sees the same counts.
use crate::server::db::Db;

pub const FREE_FAILURES: i64 = 5;
pub const MAX_DELAY_SECS: i64 = 300;
/// Failures older than this are forgotten.
pub const FORGET_AFTER_SECS: i64 = 3600;

pub fn account_key(name: &str) -> String {
    format!("account:{}", crate::domain::account::name_key(name))
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

/// How many seconds the caller must still wait before the next attempt.
pub async fn wait_secs(db: &Db, keys: &[String], now_us: i64) -> Result<i64, sqlx::Error> {
    let mut wait = 0;
    for key in keys {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, last_failure_us FROM login_throttle WHERE key = $1")
                .bind(key)
                .fetch_optional(&db.pool)
                .await?;
        if let Some((failures, last_us)) = row {
            let until_us = last_us + delay_secs(failures) * 1_000_000;
            if now_us - last_us < FORGET_AFTER_SECS * 1_000_000 && until_us > now_us {
                wait = wait.max((until_us - now_us + 999_999) / 1_000_000);
            }
        }
    }
    Ok(wait)
}

pub async fn record_failure(db: &Db, keys: &[String], now_us: i64) -> Result<(), sqlx::Error> {
    for key in keys {
        sqlx::query(
            "INSERT INTO login_throttle (key, failures, last_failure_us) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN login_throttle.last_failure_us < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
             last_failure_us = $2",
        )
        .bind(key)
        .bind(now_us)
        .bind(now_us - FORGET_AFTER_SECS * 1_000_000)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

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
