//! The audit log, read back (admins and auditors): filtered, newest first,
//! page by page after the last event id seen.
use super::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The groups of actions the viewer can filter by: an action belongs to the
/// group its name starts with (`push.send` to `push`).
pub const ACTION_GROUPS: [&str; 6] = ["login", "logout", "user", "push", "export", "audience"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub group: String,
    pub actor: String,
    /// YYYY-MM-DD in the viewer's time zone, inclusive.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub client: String,
    pub action: String,
    pub target: String,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The id the next page starts below.
    pub next: Option<i64>,
    pub time_zone: String,
}

#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter, before: Option<i64>) -> Result<AuditPage, ApiError> {
    use super::guard::{answer, internal, require, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        require(Permission::ReadAudit).await?;
        let state = crate::server::state::app_state()?;
        let tz = viewer_tz().await;
        let query =
            crate::server::audit_query::AuditQuery::new(&filter, tz).ok_or(ApiError::BadRequest)?;
        crate::server::audit_query::page(&state.db, &query, before, super::history::PAGE_ROWS, tz)
            .await
            .map_err(internal)
    })
    .await
}
