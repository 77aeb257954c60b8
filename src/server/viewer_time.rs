//! Times are stored as UTC microseconds and shown in the viewer's time zone.
//! The zone is decided here on the server (from the `tz` cookie the browser
//! sets, else Asia/Shanghai), so the page and its hydration show the same text.
use crate::domain::filter::Day;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

pub const DEFAULT_TZ: Tz = chrono_tz::Asia::Shanghai;

/// The zone named by the request's `tz` cookie, if it names a real one.
pub fn from_cookie_header(cookie_header: Option<&str>) -> Tz {
    cookie(cookie_header, crate::domain::cookies::TIME_ZONE)
        .and_then(|value| decode(value).parse::<Tz>().ok())
        .unwrap_or(DEFAULT_TZ)
}

/// The value of the cookie `name` in a Cookie header.
pub fn cookie<'a>(cookie_header: Option<&'a str>, name: &str) -> Option<&'a str> {
    cookie_header
        .into_iter()
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// Zone names only need `/` and `+` decoded (as `encodeURIComponent` writes them).
fn decode(value: &str) -> String {
    value
        .replace("%2F", "/")
        .replace("%2f", "/")
        .replace("%2B", "+")
        .replace("%2b", "+")
}

/// `2026-11-26 16:02:03` in `tz`.
pub fn format(at_us: i64, tz: Tz) -> String {
    use chrono::{Datelike, Timelike};
    match Utc.timestamp_micros(at_us).single() {
        // An export formats a million of these: plain integer formatting,
        // not a strftime pattern parsed each time.
        Some(t) => {
            let t = t.with_timezone(&tz);
            if (0..=9999).contains(&t.year()) {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            } else {
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        None => String::new(),
    }
}

/// The first microsecond of `date` (YYYY-MM-DD) in `tz`; `None` if it is not a date.
pub fn start_of_day_us(day: Day, tz: Tz) -> Option<i64> {
    let day = NaiveDate::from_ymd_opt(day.year, day.month, day.day)?;
    let midnight = day.and_hms_opt(0, 0, 0)?;
    // A day may start at 01:00 where clocks jump at midnight: take the earliest.
    let local = tz.from_local_datetime(&midnight).earliest().or_else(|| {
        tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
    })?;
    Some(local.with_timezone(&Utc).timestamp_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_names_the_zone_and_anything_else_falls_back() {
        let berlin = from_cookie_header(Some("lang=en; tz=Europe%2FBerlin"));
        assert_eq!(berlin, chrono_tz::Europe::Berlin);
        assert_eq!(from_cookie_header(Some("tz=Mars/Olympus")), DEFAULT_TZ);
        assert_eq!(from_cookie_header(None), DEFAULT_TZ);
    }

    #[test]
    fn times_and_days_are_in_the_viewers_zone() {
        // 2026-11-26 00:30 UTC is 08:30 in Shanghai and 01:30 in Berlin.
        let at = 1_795_653_000_000_000;
        assert_eq!(format(at, chrono_tz::Asia::Shanghai), "2026-11-26 08:30:00");
        assert_eq!(format(at, chrono_tz::Europe::Berlin), "2026-11-26 01:30:00");
        let nov26 = Day::parse("2026-11-26").unwrap();
        let day = start_of_day_us(nov26, chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(
            format(day, chrono_tz::Asia::Shanghai),
            "2026-11-26 00:00:00"
        );
    }
}
