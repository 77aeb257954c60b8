//! The audit log, read back (admins and auditors): filtered, newest first,
//! page by page after the last event id seen.
use super::error::ApiError;
use leptos::prelude::*;

pub use crate::domain::audit::*;

#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter, before: Option<i64>) -> Result<AuditPage, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ReadAudit).await?;
        let tz = viewer_tz().await;
        let query = crate::server::audit_query::AuditQuery::new(&filter.parse()?, tz)
            .ok_or(ApiError::BadRequest)?
            .resolve(&state.db)
            .await
            .map_err(internal)?;
        crate::server::audit_query::page(
            &state.db,
            &query,
            before,
            crate::domain::history::PAGE_ROWS,
            tz,
        )
        .await
        .map_err(internal)
    })
    .await
}
