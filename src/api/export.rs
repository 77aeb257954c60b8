//! CSV exports of the history and of the audit log (admins and auditors).
//! Plain GET routes, so the browser downloads them as files; each export is
//! an audit event before its first byte is sent.
use super::audit_log::AuditFilter;
use super::error::ApiError;
use super::guard::check;
use super::history::HistoryFilter;
use crate::domain::account::Permission;
use crate::server::audit_query::{self, AuditQuery};
use crate::server::csv::{line, stream, CHUNK_ROWS};
use crate::server::history::{list, query::HistoryQuery};
use crate::server::state::AppState;
use crate::server::viewer_time::from_cookie_header;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/export/history.csv", get(history))
        .route("/export/audit.csv", get(audit))
}

pub(crate) struct Request {
    pub state: AppState,
    pub tz: chrono_tz::Tz,
    pub actor: crate::server::audit::Actor,
}

/// The download's caller: signed in, allowed `permission`, and the link
/// followed from our own pages (a download started by another site is refused).
pub(crate) async fn caller(
    state: AppState,
    session: &Session,
    headers: &HeaderMap,
    addr: SocketAddr,
    permission: Permission,
) -> Result<Request, Response> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| !matches!(s, "same-origin" | "none")) {
        return Err(refusal(ApiError::Forbidden));
    }
    let caller = check(&state, session, addr.ip().to_string(), permission)
        .await
        .map_err(refusal)?;
    let tz = from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
    Ok(Request {
        state,
        tz,
        actor: caller.actor,
    })
}

pub(crate) fn refusal(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

pub(crate) fn csv_response(file: &str, body: axum::body::Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn record(
    r: &Request,
    action: &str,
    filter: serde_json::Value,
) -> Result<(), Response> {
    crate::server::audit::record(
        &r.state.db,
        r.state.clock.as_ref(),
        &r.actor,
        action,
        "csv",
        filter,
    )
    .await
    .map(|_| ())
    .map_err(|e| refusal(super::guard::internal(e)))
}

async fn history(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Query(filter): Query<HistoryFilter>,
) -> Response {
    let r = match caller(state, &session, &headers, addr, Permission::Export).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let Some(query) = HistoryQuery::new(&filter, r.tz) else {
        return refusal(ApiError::BadRequest);
    };
    let query = match query.resolve(&r.state.db).await {
        Ok(q) => q,
        Err(e) => return refusal(super::guard::internal(e)),
    };
    if let Err(failed) = record(&r, "export.history", serde_json::json!(filter)).await {
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
                    &row.audience_kind,
                    &row.audience_en,
                    &row.audience_zh,
                    &row.first_text,
                    &row.status,
                    row.task_id.as_deref().unwrap_or_default(),
                ]));
            }
            Ok((chunk, page.next.map(Some)))
        }
    });
    csv_response("push-history.csv", body)
}

async fn audit(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Query(filter): Query<AuditFilter>,
) -> Response {
    let r = match caller(state, &session, &headers, addr, Permission::Export).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let Some(query) = AuditQuery::new(&filter, r.tz) else {
        return refusal(ApiError::BadRequest);
    };
    if let Err(failed) = record(&r, "export.audit", serde_json::json!(filter)).await {
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
