//! Which process owns a push's call. A record being sent carries its owner's
//! id and a lease the owner renews while the call runs; only when the lease
//! has run out (the owner stopped, crashed or lost its database) does any
//! process take the record for lost and mark it `unknown`. So one replica's
//! restart never touches a call another replica is making, and a retry, which
//! needs `unknown`, cannot go out while the first call may still be in flight.
use crate::domain::vocab::PushStatus;
use crate::server::clock::Clock;
use crate::server::db::Db;
use std::sync::Arc;
use std::time::Duration;

/// How long a claim holds without renewal: long enough to outlast a
/// database that stalls for a few seconds, short enough that a crashed
/// owner's push is shown as unknown soon after.
pub const LEASE: Duration = Duration::from_secs(15);
/// How often the owner renews while its call runs.
pub const RENEW_EVERY: Duration = Duration::from_secs(3);
/// How often every process looks for records whose owner is gone.
pub const SWEEP_EVERY: Duration = Duration::from_secs(5);

/// This process's id as an owner: random, new at every start.
pub fn new_owner_id() -> Arc<str> {
    format!("{:016x}", rand::random::<u64>()).into()
}

/// The lease's end for a claim made or renewed at `now_us`.
pub fn until(now_us: i64) -> i64 {
    now_us + LEASE.as_micros() as i64
}

/// Extends the claim of `owner` on push `id`; false when it no longer holds
/// it (the record was settled, or taken for lost).
pub async fn renew(db: &Db, id: i64, owner: &str, now_us: i64) -> Result<bool, sqlx::Error> {
    let renewed = sqlx::query(
        "UPDATE pushes SET lease_until_us = $1 WHERE id = $2 AND owner_id = $3 AND status = $4",
    )
    .bind(until(now_us))
    .bind(id)
    .bind(owner)
    .bind(PushStatus::Sending.as_str())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(renewed == 1)
}

/// Renews the claim every `RENEW_EVERY` until dropped; meant to run beside
/// the call in a `select!`.
pub async fn keep_renewing(db: &Db, clock: &dyn Clock, id: i64, owner: &str) {
    let mut tick = tokio::time::interval(RENEW_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        match renew(db, id, owner, clock.now_micros()).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(push_id = id, "the push's lease is no longer ours"),
            Err(e) => tracing::error!(push_id = id, error = %e, "cannot renew the push's lease"),
        }
    }
}

/// Records being sent whose lease ran out may have reached Tencent: they
/// become `unknown`. Returns how many did. Every few seconds in every
/// process, so the usual case (nothing lost) is one indexed read, no write.
pub async fn sweep(db: &Db, now_us: i64) -> Result<u64, sqlx::Error> {
    let (sending, unknown) = (PushStatus::Sending.as_str(), PushStatus::Unknown.as_str());
    let lost = format!("status = '{sending}' AND (lease_until_us IS NULL OR lease_until_us < $1)");
    let any: Option<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM pushes WHERE {lost} LIMIT 1"))
            .bind(now_us)
            .fetch_optional(&db.pool)
            .await?;
    if any.is_none() {
        return Ok(0);
    }
    let mut tx = db.write().await?;
    sqlx::query(&format!(
        "UPDATE push_attempts SET outcome = '{unknown}', finished_at_us = $1 \
         WHERE outcome = '{sending}' AND push_id IN (SELECT id FROM pushes WHERE {lost})"
    ))
    .bind(now_us)
    .execute(&mut *tx)
    .await?;
    let made_unknown = sqlx::query(&format!(
        "UPDATE pushes SET status = '{unknown}', updated_at_us = $1 WHERE {lost}"
    ))
    .bind(now_us)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(made_unknown)
}

/// Sweeps at start and then every `SWEEP_EVERY`, in every process: a push
/// whose owner crashed becomes `unknown` even if that owner never returns.
pub fn spawn_sweeper(
    db: Db,
    clock: crate::server::clock::SharedClock,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            match sweep(&db, clock.now_micros()).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(
                    pushes = n,
                    "pushes whose sending process is gone are now `unknown`"
                ),
                Err(e) => tracing::error!(error = %e, "cannot look for interrupted pushes"),
            }
        }
    })
}
