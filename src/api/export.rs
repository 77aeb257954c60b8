//! CSV exports of the history and of the audit log (admins and auditors).
//! Plain GET routes, so the browser downloads them as files; each export is
//! an audit event before its first byte is sent.
use super::error::ApiError;
use super::file_route::{csv_response, record, Caller, ToExport};
use crate::domain::audit::AuditFilter;
use crate::domain::history::HistoryFilter;
use crate::domain::vocab::AuditAction;
use crate::server::audit_query::AuditQuery;
use crate::server::export;
use crate::server::history::query::HistoryQuery;
use crate::server::state::AppState;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/export/history.csv", get(history))
        .route("/export/audit.csv", get(audit))
}

async fn history(Caller(r, _): Caller<ToExport>, Query(filter): Query<HistoryFilter>) -> Response {
    let Some(query) = filter
        .parse()
        .ok()
        .and_then(|spec| HistoryQuery::new(&spec, r.tz))
    else {
        return r.refuse(ApiError::BadRequest);
    };
    let query = match query.resolve(&r.state.db).await {
        Ok(q) => q,
        Err(e) => return r.refuse(super::guard::internal(e)),
    };
    if let Err(failed) = record(&r, AuditAction::ExportHistory, serde_json::json!(filter)).await {
        return failed;
    }
    let body = export::history(r.state.db.clone(), query, r.tz);
    csv_response("push-history.csv", body)
}

async fn audit(Caller(r, _): Caller<ToExport>, Query(filter): Query<AuditFilter>) -> Response {
    let Some(query) = filter
        .parse()
        .ok()
        .and_then(|spec| AuditQuery::new(&spec, r.tz))
    else {
        return r.refuse(ApiError::BadRequest);
    };
    let query = match query.resolve(&r.state.db).await {
        Ok(q) => q,
        Err(e) => return r.refuse(super::guard::internal(e)),
    };
    if let Err(failed) = record(&r, AuditAction::ExportAudit, serde_json::json!(filter)).await {
        return failed;
    }
    let body = export::audit(r.state.db.clone(), query, r.tz);
    csv_response("audit-log.csv", body)
}
