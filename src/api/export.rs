//! CSV exports of the history and of the audit log (admins and auditors).
//! Plain GET routes, so the browser downloads them as files; each export is
//! an audit event before its first byte is sent.
use super::error::ApiError;
use super::file_route::{csv_response, record, refusal, Caller, ToExport};
use crate::domain::audit::AuditFilter;
use crate::domain::history::HistoryFilter;
use crate::domain::vocab::AuditAction;
use crate::i18n::Locale;
use crate::server::audit_query::{self, AuditQuery};
use crate::server::csv::{line, stream, CHUNK_ROWS};
use crate::server::history::{list, query::HistoryQuery};
use crate::server::state::AppState;
use crate::text::audience::describe_audience;
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
        return refusal(ApiError::BadRequest);
    };
    let query = match query.resolve(&r.state.db).await {
        Ok(q) => q,
        Err(e) => return refusal(super::guard::internal(e)),
    };
    if let Err(failed) = record(&r, AuditAction::ExportHistory, serde_json::json!(filter)).await {
        return failed;
    }
    let header = line(&[
        "id",
        "time",
        "time_zone",
        "app",
        "operator",
        "audience_kind",
        "audience_en",
        "audience_zh",
        "first_text",
        "status",
        "task_id",
    ]);
    let (db, tz) = (r.state.db.clone(), r.tz);
    let body = stream(header, None, move |after| {
        let (db, query) = (db.clone(), query.clone());
        async move {
            let page = list::page(&db, &query, after, CHUNK_ROWS, tz).await?;
            let mut chunk = String::new();
            for row in &page.rows {
                chunk.push_str(&line(&[
                    &row.id.to_string(),
                    &row.at,
                    tz.name(),
                    &row.app_id,
                    &row.operator,
                    row.audience_kind.as_str(),
                    &describe_audience(Locale::en, row.condition.as_ref()),
                    &describe_audience(Locale::zh_CN, row.condition.as_ref()),
                    &row.first_text,
                    row.status.as_str(),
                    row.task_id.as_deref().unwrap_or_default(),
                ]));
            }
            Ok((chunk, page.next.map(Some)))
        }
    });
    csv_response("push-history.csv", body)
}

async fn audit(Caller(r, _): Caller<ToExport>, Query(filter): Query<AuditFilter>) -> Response {
    let Some(query) = filter
        .parse()
        .ok()
        .and_then(|spec| AuditQuery::new(&spec, r.tz))
    else {
        return refusal(ApiError::BadRequest);
    };
    if let Err(failed) = record(&r, AuditAction::ExportAudit, serde_json::json!(filter)).await {
        return failed;
    }
    let header = line(&[
        "id",
        "time",
        "time_zone",
        "actor",
        "client",
        "action",
        "target",
        "details",
    ]);
    let (db, tz) = (r.state.db.clone(), r.tz);
    let body = stream(header, None, move |before| {
        let (db, query) = (db.clone(), query.clone());
        async move {
            let (rows, next) = audit_query::rows(&db, &query, before, CHUNK_ROWS, tz).await?;
            let mut chunk = String::new();
            for e in &rows {
                chunk.push_str(&line(&[
                    &e.id.to_string(),
                    &e.at,
                    tz.name(),
                    &e.actor,
                    &e.client,
                    &e.action,
                    &e.target,
                    &e.details,
                ]));
            }
            Ok((chunk, next.map(Some)))
        }
    });
    csv_response("audit-log.csv", body)
}
