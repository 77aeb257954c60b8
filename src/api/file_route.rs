//! What the plain HTTP file routes (the CSV exports, the bulk-job upload
//! and its downloads) share: their caller, checked as every server function
//! checks its own, and their answers.
use super::error::ApiError;
use super::guard::check;
use crate::domain::account::Permission;
use crate::i18n::Locale;
use crate::server::csv::BOM;
use crate::server::state::AppState;
use crate::server::viewer_time::from_cookie_header;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::marker::PhantomData;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Who called a file route, and the time zone their times are shown in.
pub(crate) struct Request {
    pub state: AppState,
    pub tz: chrono_tz::Tz,
    pub actor: crate::server::audit::Actor,
    pub role: crate::domain::account::Role,
    /// The language a refusal is written in.
    pub locale: Locale,
}

impl Request {
    pub fn refuse(&self, e: ApiError) -> Response {
        refusal(self.locale, e)
    }
}

/// The reader's language: the pages' language cookie, else the browser's
/// first choice, else Chinese (the pages' default).
pub(crate) fn reader_locale(headers: &HeaderMap) -> Locale {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let cookie =
        crate::server::viewer_time::cookie(text(header::COOKIE), crate::domain::cookies::LOCALE);
    let accept = text(header::ACCEPT_LANGUAGE)
        .and_then(|a| a.split([',', ';']).next())
        .map(str::trim);
    match cookie.or(accept) {
        Some(l) if l.starts_with("en") => Locale::en,
        _ => Locale::zh_CN,
    }
}

/// The caller: signed in, allowed `permission`, and coming from our own pages
/// (a download or upload started by another site is refused).
async fn caller(
    state: AppState,
    session: &Session,
    headers: &HeaderMap,
    addr: SocketAddr,
    permission: Permission,
) -> Result<Request, Response> {
    let locale = reader_locale(headers);
    if !super::origin::is_same_origin(headers) {
        return Err(refusal(locale, ApiError::Forbidden));
    }
    let client = state.config.trusted_proxies.client(addr.ip(), headers);
    let caller = check(&state, session, client.to_string(), permission)
        .await
        .map_err(|e| refusal(locale, e))?;
    let tz = from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
    Ok(Request {
        state,
        tz,
        actor: caller.actor,
        role: caller.user.role,
        locale,
    })
}

/// A refusal as a person reads it where a download or upload lands: the
/// typed error's sentence in their language, with its status.
pub(crate) fn refusal(locale: Locale, e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = crate::text::api_error::api_error_message(locale, &e);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Every CSV download, whatever writes it, starts with the byte-order mark.
/// The stream is fused: the compression layer polls a body once more after
/// its end, and a finished `unfold` or `chain` panics when polled again.
pub(crate) fn csv_response(file: &str, body: axum::body::Body) -> Response {
    use futures_util::StreamExt;
    let bom = futures_util::stream::once(async {
        Ok::<_, axum::Error>(axum::body::Bytes::from_static(BOM.as_bytes()))
    });
    let body = axum::body::Body::from_stream(bom.chain(body.into_data_stream().fuse()).fuse());
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
    action: crate::domain::vocab::AuditAction,
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
    .map_err(|e| r.refuse(super::guard::internal(e)))
}

/// The permission a file route asks for, as a type, so the route names it
/// in its signature: `Caller<ToExport>`.
pub(crate) trait RoutePermission {
    const PERMISSION: Permission;
}

pub(crate) struct ToExport;
impl RoutePermission for ToExport {
    const PERMISSION: Permission = Permission::Export;
}

pub(crate) struct ToUseAudienceTools;
impl RoutePermission for ToUseAudienceTools {
    const PERMISSION: Permission = Permission::AudienceTools;
}

/// A file route's caller, checked by `caller` before the handler runs; a
/// refusal is answered at once.
pub(crate) struct Caller<P>(pub Request, pub PhantomData<P>);

impl<P: RoutePermission + Send + Sync> FromRequestParts<AppState> for Caller<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let ConnectInfo(addr) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        caller(state.clone(), &session, &parts.headers, addr, P::PERMISSION)
            .await
            .map(|r| Caller(r, PhantomData))
    }
}
