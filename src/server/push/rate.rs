//! The app's push slot, claimed atomically in the database: more than a
//! second (plus a margin, a setting) after the app's previous push came back
//! from the API, and under its daily quota, counted in the app's time zone.
//! One conditional UPDATE decides, so concurrent requests and several server
//! processes cannot exceed either limit.
//!
//! A granted slot holds the app busy for as long as its call may take; when
//! the answer comes, `release` moves the spacing's start to that moment. So
//! the next push leaves at least the spacing after the previous one was
//! answered (and so after it reached Tencent), however slow the network or
//! the attribute-name lookup before it.
use crate::server::db::Db;
use chrono::{Days, TimeZone, Utc};
use chrono_tz::Tz;

/// How far apart the app's pushes are kept, and how long a call may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spacing {
    /// From one push's answer to the next push's slot: the API's second
    /// plus the configured margin.
    pub after_answer_us: i64,
    /// The longest a call can last (the IM timeout, with room): the slot
    /// is held that long unless released sooner.
    pub busy_us: i64,
}

impl Spacing {
    pub fn of(config: &crate::server::config::Config) -> Spacing {
        Spacing {
            after_answer_us: crate::domain::push::limits::PUSH_SPACING_MIN_US
                + config.push_spacing_margin.as_micros() as i64,
            busy_us: (config.im_timeout + std::time::Duration::from_secs(1)).as_micros() as i64,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The slot is ours; the app is busy until `busy_until_us` or `release`.
    Granted {
        busy_until_us: i64,
    },
    TooSoon {
        retry_after_ms: i64,
    },
    QuotaUsedUp {
        resets_at_us: i64,
    },
}

fn day_of(now_us: i64, tz: Tz) -> (String, i64) {
    let local = Utc
        .timestamp_micros(now_us)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz);
    let today = local.date_naive();
    let next = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let resets = tz
        .from_local_datetime(&next.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map_or(now_us, |t| t.timestamp_micros());
    (today.to_string(), resets)
}

/// Runs on the caller's connection, so the slot can be taken in the same
/// transaction as the record it is for.
pub async fn claim(
    conn: &mut sqlx::AnyConnection,
    app_id: &str,
    tz: Tz,
    quota: i64,
    now_us: i64,
    spacing: Spacing,
) -> Result<Slot, sqlx::Error> {
    let (day, resets_at_us) = day_of(now_us, tz);
    let busy_until_us = now_us + spacing.busy_us;
    // The app's row exists after its first push, so the usual case is one
    // statement; the row is made (by whichever request comes first) and
    // the slot tried again only the first time.
    for first_try in [true, false] {
        let granted = sqlx::query(
            "UPDATE push_rate SET \
               day_count = CASE WHEN day = $2 THEN day_count + 1 ELSE 1 END, \
               day = $2, last_push_us = $3 \
             WHERE app_id = $1 AND last_push_us <= $4 AND (day <> $2 OR day_count < $5)",
        )
        .bind(app_id)
        .bind(&day)
        .bind(busy_until_us)
        .bind(now_us - spacing.after_answer_us)
        .bind(quota)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if granted {
            return Ok(Slot::Granted { busy_until_us });
        }
        let row: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT last_push_us, day, day_count FROM push_rate WHERE app_id = $1")
                .bind(app_id)
                .fetch_optional(&mut *conn)
                .await?;
        match row {
            Some((last, last_day, count)) => {
                return Ok(if last_day == day && count >= quota {
                    Slot::QuotaUsedUp { resets_at_us }
                } else {
                    // While another push is in flight (held until a time to
                    // come) its answer usually comes soon: at least the spacing.
                    let from = last.min(now_us);
                    Slot::TooSoon {
                        retry_after_ms: ((from + spacing.after_answer_us - now_us).max(1) + 999)
                            / 1000,
                    }
                });
            }
            None if first_try => {
                sqlx::query("INSERT INTO push_rate (app_id, last_push_us, day, day_count) VALUES ($1, 0, '', 0) ON CONFLICT (app_id) DO NOTHING")
                    .bind(app_id)
                    .execute(&mut *conn)
                    .await?;
            }
            None => break,
        }
    }
    // Not reached: within the transaction the row, once made, stays. A
    // refusal is the safe answer all the same.
    Ok(Slot::TooSoon {
        retry_after_ms: spacing.after_answer_us / 1000,
    })
}

/// The call of the slot that holds the app until `busy_until_us` was
/// answered (or gave up) at `answered_us`: the spacing counts from then. A
/// slot that is no longer that one (it ran out and was taken) is left alone.
/// Runs in the transaction that records the call's outcome.
pub async fn release(
    conn: &mut sqlx::AnyConnection,
    app_id: &str,
    busy_until_us: i64,
    answered_us: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE push_rate SET last_push_us = $1 WHERE app_id = $2 AND last_push_us = $3")
        .bind(answered_us.min(busy_until_us))
        .bind(app_id)
        .bind(busy_until_us)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Where the app stands today, for the composer's quota meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub used_today: i64,
    /// When the next push may be sent; `now_us` or earlier means now.
    pub next_at_us: i64,
    /// When today's count starts again, in UTC microseconds.
    pub resets_at_us: i64,
}

pub async fn usage(
    db: &Db,
    app_id: &str,
    tz: Tz,
    now_us: i64,
    spacing: Spacing,
) -> Result<Usage, sqlx::Error> {
    let (day, resets_at_us) = day_of(now_us, tz);
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT last_push_us, day, day_count FROM push_rate WHERE app_id = $1")
            .bind(app_id)
            .fetch_optional(&db.pool)
            .await?;
    let (last, last_day, count) = row.unwrap_or((0, String::new(), 0));
    Ok(Usage {
        used_today: if last_day == day { count } else { 0 },
        next_at_us: (last.min(now_us) + spacing.after_answer_us).max(now_us),
        resets_at_us,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_and_its_end_follow_the_app_s_time_zone() {
        // 2026-11-26 16:30 UTC is 00:30 on the 27th in Shanghai.
        let now = Utc
            .with_ymd_and_hms(2026, 11, 26, 16, 30, 0)
            .unwrap()
            .timestamp_micros();
        let (day, resets) = day_of(now, chrono_tz::Asia::Shanghai);
        assert_eq!(day, "2026-11-27");
        assert_eq!(
            resets,
            Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0)
                .unwrap()
                .timestamp_micros()
        );
        let (day, _) = day_of(now, chrono_tz::Europe::Berlin);
        assert_eq!(day, "2026-11-26");
    }
}
