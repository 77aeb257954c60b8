//! What the history and audit-log filters accept. A search longer than any
//! text or name on record cannot match; it is refused (400) before it
//! reaches the database, where a long LIKE pattern is an error.
use serde::{Deserialize, Serialize};

pub const FILTER_FIELD_MAX_CHARS: usize = 200;

/// True when every field is within the limit.
pub fn fields_fit(fields: &[&str]) -> bool {
    fields
        .iter()
        .all(|f| f.chars().count() <= FILTER_FIELD_MAX_CHARS)
}

/// Why a filter cannot be read. Both answer 400: a filter that means
/// nothing is refused, never quietly ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    TooLong,
    /// A status, audience or group the product does not have.
    UnknownWord,
    /// A date that is not YYYY-MM-DD.
    BadDate,
}

/// A calendar day, as the filters' date fields write it (YYYY-MM-DD); which
/// instants it covers depends on the viewer's zone, applied by the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b[r.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| s[r].parse::<u32>().ok())?
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Day {
            year: year as i32,
            month,
            day,
        })
    }
}

/// A filled-in field, trimmed; `None` when empty.
pub fn field(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A filled-in word, read by `parse`.
pub fn word<T>(s: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, FilterError> {
    field(s)
        .map(|w| parse(&w).ok_or(FilterError::UnknownWord))
        .transpose()
}

/// A filled-in date.
pub fn day(s: &str) -> Result<Option<Day>, FilterError> {
    field(s)
        .map(|d| Day::parse(&d).ok_or(FilterError::BadDate))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let chinese = "推".repeat(FILTER_FIELD_MAX_CHARS);
        assert!(fields_fit(&["", &chinese]));
        assert!(!fields_fit(&[&format!("{chinese}x")]));
    }

    #[test]
    fn a_day_is_a_real_calendar_date() {
        assert_eq!(
            Day::parse("2024-02-29"),
            Some(Day {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "yesterday",
            "2024-04-31",
            "+024-01-01",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }
}
