//! The history of pushes as the pages and the export see it: the filter a
//! viewer fills in, the typed spec it is read into once, and the rows.
use crate::domain::filter::{day, field, fields_fit, word, Day, FilterError};
use crate::domain::push::outcome::Refusal;
use crate::domain::push::Condition;
use crate::domain::vocab::{AudienceKind, PushStatus};
use serde::{Deserialize, Serialize};

/// Rows per page of the history and of the audit log.
pub const PAGE_ROWS: usize = 50;

/// What the viewer filters by, as the form and the URL carry it; empty
/// fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryFilter {
    pub app_id: String,
    pub status: String,
    pub operator: String,
    /// YYYY-MM-DD in the viewer's time zone, inclusive.
    pub from: String,
    pub to: String,
    pub audience: String,
    /// Words of the first text, or a TaskId.
    pub text: String,
}

/// A history filter read once: what the query is written from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistorySpec {
    pub app_id: Option<String>,
    pub status: Option<PushStatus>,
    pub operator: Option<String>,
    pub audience: Option<AudienceKind>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub text: Option<String>,
}

impl HistoryFilter {
    pub fn parse(&self) -> Result<HistorySpec, FilterError> {
        let all = [
            &self.app_id,
            &self.status,
            &self.operator,
            &self.from,
            &self.to,
            &self.audience,
            &self.text,
        ];
        if !fields_fit(&all.map(String::as_str)) {
            return Err(FilterError::TooLong);
        }
        Ok(HistorySpec {
            app_id: field(&self.app_id),
            status: word(&self.status, PushStatus::parse)?,
            operator: field(&self.operator),
            audience: word(&self.audience, AudienceKind::parse)?,
            from: day(&self.from)?,
            to: day(&self.to)?,
            text: field(&self.text),
        })
    }
}

/// Where the next page starts: just after this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub at_us: i64,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub id: i64,
    /// In the viewer's time zone.
    pub at: String,
    pub app_id: String,
    pub operator: String,
    pub audience_kind: AudienceKind,
    /// Whom it was for, as sent; `text::audience` says it in words.
    pub condition: Option<Condition>,
    pub first_text: String,
    pub status: PushStatus,
    pub task_id: Option<String>,
    /// When a scheduled push is (or was) to leave, in the viewer's zone.
    pub scheduled_at: Option<String>,
    /// Who approved it, when it needed approval.
    pub approver: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub rows: Vec<HistoryRow>,
    pub next: Option<Cursor>,
    /// The zone the times are shown in.
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRow {
    pub attempt: i64,
    pub started: String,
    pub finished: Option<String>,
    pub outcome: PushStatus,
    pub operator: String,
    pub task_id: Option<String>,
    pub error_code: Option<i64>,
    pub error_info: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushDetail {
    pub row: HistoryRow,
    pub msg_random: u32,
    /// The exact body sent to the API, byte for byte. It holds no secret:
    /// the signature travels in the URL, which is never stored.
    pub request: String,
    /// The same body indented, its keys in the order they were sent.
    pub request_pretty: String,
    pub error_code: Option<i64>,
    pub error_info: Option<String>,
    /// Why the server refused it before sending.
    pub refusal: Option<Refusal>,
    pub attempts: Vec<AttemptRow>,
    pub time_zone: String,
    pub review: ReviewInfo,
}

/// A step of a push's life, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    pub at: String,
    pub action: crate::domain::vocab::AuditAction,
    pub actor: String,
    pub note: Option<String>,
}

/// One moment in three zones: the viewer's, the app's, and UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeIn3 {
    pub at_us: i64,
    pub viewer: String,
    pub app: String,
    pub app_zone: String,
    pub utc: String,
}

/// What approval and scheduling know about a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReviewInfo {
    /// SHA-256 of the request's canonical JSON: what an approval names.
    pub digest: Option<String>,
    pub scheduled: Option<TimeIn3>,
    /// Its time passed before it was approved: a person chooses anew.
    pub late: bool,
    pub requester_id: Option<i64>,
    pub approved_at: Option<String>,
    /// A rejection's reason.
    pub reason: Option<String>,
    pub superseded_by: Option<i64>,
    pub steps: Vec<StepRow>,
    pub policy: crate::domain::push::review::Review,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_is_read_into_typed_values() {
        let f = HistoryFilter {
            status: " sent ".into(),
            audience: "tags".into(),
            from: "2026-01-31".into(),
            ..Default::default()
        };
        let spec = f.parse().unwrap();
        assert_eq!(spec.status, Some(PushStatus::Sent));
        assert_eq!(spec.audience, Some(AudienceKind::Tags));
        assert_eq!(spec.from.map(|d| d.day), Some(31));
        assert_eq!(spec.app_id, None);
    }

    #[test]
    fn nonsense_is_refused_not_ignored() {
        let status = HistoryFilter {
            status: "claimed".into(),
            ..Default::default()
        };
        assert_eq!(status.parse(), Err(FilterError::UnknownWord));
        let date = HistoryFilter {
            to: "yesterday".into(),
            ..Default::default()
        };
        assert_eq!(date.parse(), Err(FilterError::BadDate));
        let long = HistoryFilter {
            text: "x".repeat(201),
            ..Default::default()
        };
        assert_eq!(long.parse(), Err(FilterError::TooLong));
    }
}
