//! A WHERE clause built from the filled-in fields of a filter: conditions with
//! `$n` placeholders and their values in bind order. The history and the audit
//! log read their filters through it.
use crate::domain::filter::Day;
use crate::server::viewer_time::start_of_day_us;
use chrono_tz::Tz;

const DAY_US: i64 = 24 * 60 * 60 * 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, Default)]
pub struct Where {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl Where {
    /// `template` with each `?` replaced by the next placeholder, bound to
    /// `args` in order: `("app_id = ?", [app])` becomes `app_id = $3`.
    pub fn push(&mut self, template: &str, args: impl IntoIterator<Item = Arg>) {
        let mut condition = String::new();
        for (i, part) in template.split('?').enumerate() {
            if i > 0 {
                condition.push_str(&format!("${}", self.args.len() + i));
            }
            condition.push_str(part);
        }
        self.args.extend(args);
        self.conditions.push(condition);
    }

    /// The clause (empty when nothing filters) and its values.
    pub fn finish(self) -> (String, Vec<Arg>) {
        if self.conditions.is_empty() {
            return (String::new(), self.args);
        }
        (
            format!("WHERE {}", self.conditions.join(" AND ")),
            self.args,
        )
    }
}

/// A page's filters before they are written: equalities and a span of days.
/// Written plainly, each column may be read through its index; written
/// unindexed (SQLite only), each is `+column`, so SQLite's planner reads the
/// rows another condition named instead of walking a column's index.
#[derive(Debug, Clone)]
pub struct Filters {
    time_column: &'static str,
    equal: Vec<(&'static str, Arg)>,
    from_us: Option<i64>,
    until_us: Option<i64>,
}

impl Filters {
    pub fn new(time_column: &'static str) -> Filters {
        Filters {
            time_column,
            equal: Vec::new(),
            from_us: None,
            until_us: None,
        }
    }

    pub fn equal(&mut self, column: &'static str, value: Arg) {
        self.equal.push((column, value));
    }

    /// Within the days `from` to `to` (inclusive, either may be absent) in
    /// `tz`; `None` for a day the zone cannot place.
    pub fn days(&mut self, from: Option<Day>, to: Option<Day>, tz: Tz) -> Option<()> {
        if let Some(from) = from {
            self.from_us = Some(start_of_day_us(from, tz)?);
        }
        if let Some(to) = to {
            // Inclusive: everything before the start of the next day.
            self.until_us = Some(start_of_day_us(to, tz)? + DAY_US);
        }
        Some(())
    }

    pub fn write(&self, w: &mut Where, unindexed: bool) {
        let plus = if unindexed { "+" } else { "" };
        for (column, value) in &self.equal {
            w.push(&format!("{plus}{column} = ?"), [value.clone()]);
        }
        let time = self.time_column;
        if let Some(from) = self.from_us {
            w.push(&format!("{plus}{time} >= ?"), [Arg::Int(from)]);
        }
        if let Some(until) = self.until_us {
            w.push(&format!("{plus}{time} < ?"), [Arg::Int(until)]);
        }
    }
}

/// Binds `args` in order to `query`.
pub fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &[Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.clone()),
        };
    }
    query
}

/// A column that holds one of the product's words, read back as its enum;
/// a word no version wrote is a decode error, never a silent default.
pub fn word<T>(
    r: &sqlx::any::AnyRow,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    use sqlx::Row;
    let text: String = r.try_get(column)?;
    parse_word(column, &text, parse)
}

/// `word`, for a value already read from `column`.
pub fn parse_word<T>(
    column: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    parse(text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.into(),
        source: format!("unknown value {text:?}").into(),
    })
}
