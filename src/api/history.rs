//! The history of pushes: a filtered, newest-first list read page by page
//! (keyset, never OFFSET), and one push in full. Every role may read it.
use super::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The statuses a push can be seen in, in the order the filter offers them.
pub const STATUSES: [&str; 5] = ["sent", "failed", "unknown", "refused", "sending"];
/// Who a push was for: everyone, users with tags, users with attributes.
pub const AUDIENCES: [&str; 3] = ["all", "tags", "attrs"];

/// Rows per page of the history and of the audit log.
pub const PAGE_ROWS: usize = 50;

/// What the viewer filters by; empty fields do not filter.
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
    pub audience_kind: String,
    pub audience_en: String,
    pub audience_zh: String,
    pub first_text: String,
    pub status: String,
    pub task_id: Option<String>,
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
    pub outcome: String,
    pub operator: String,
    pub task_id: Option<String>,
    pub error_code: Option<i64>,
    pub error_info: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushDetail {
    pub row: HistoryRow,
    pub msg_random: u32,
    /// The exact body sent to the API, pretty-printed. It holds no secret:
    /// the signature travels in the URL, which is never stored.
    pub request: String,
    pub error_code: Option<i64>,
    pub error_info: Option<String>,
    /// Why the server refused it before sending, as JSON.
    pub refusal: Option<crate::domain::push::outcome::Refusal>,
    pub attempts: Vec<AttemptRow>,
    pub time_zone: String,
}

#[server(endpoint = "history/list")]
pub async fn list_history(
    filter: HistoryFilter,
    after: Option<Cursor>,
) -> Result<HistoryPage, ApiError> {
    use super::guard::{answer, internal, require, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::ReadHistory).await?;
        let state = crate::server::state::app_state()?;
        let tz = viewer_tz().await;
        let query = crate::server::history::query::HistoryQuery::new(&filter, tz)
            .ok_or(ApiError::BadRequest)?
            .resolve(&state.db)
            .await
            .map_err(internal)?;
        crate::server::history::list::page(&state.db, &query, after, PAGE_ROWS, tz)
            .await
            .map_err(internal)
    })
    .await
}

#[server(endpoint = "history/get")]
pub async fn get_push(id: i64) -> Result<Option<PushDetail>, ApiError> {
    use super::guard::{answer, internal, require, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::ReadHistory).await?;
        let state = crate::server::state::app_state()?;
        crate::server::history::detail::load(&state.db, id, viewer_tz().await)
            .await
            .map_err(internal)
    })
    .await
}
