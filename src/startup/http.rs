//! The axum router: the Leptos app and its server functions, `/healthz`, static
//! files, and the layers every request passes through.
use crate::app::{shell, App};
use crate::server::assets;
use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::{header, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub fn router(state: AppState, sessions: crate::server::session::Store) -> Router {
    let session_layer = crate::server::session::layer(sessions, &state.config);
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let leptos = state.leptos.clone();
    // Only sent when the site is known to be reached over HTTPS; on plain HTTP
    // it would be ignored, and on localhost it would pin the browser to HTTPS.
    let hsts = state
        .config
        .https
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(crate::api::export::routes())
        .merge(crate::api::audience_files::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(leptos.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(middleware::from_fn_with_state(state.clone(), assets::cache_headers))
        .layer(session_layer)
        .layer(middleware::from_fn(crate::api::error::status_of_typed_errors))
        .layer(middleware::from_fn(same_origin))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Pages set their own policy with the nonce of their inline scripts
        // (app.rs); everything else may load nothing at all.
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")))
        // Pages and server-function answers carry people's data (one a
        // one-time password): no cache keeps them. Static files set their own.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, move |_: &Response| hsts.clone()))
        // Precompressed assets already carry Content-Encoding and pass through;
        // pages and server-function answers are compressed quickly on the fly.
        .layer(CompressionLayer::new().br(true).gzip(true).quality(CompressionLevel::Precise(4)))
        .layer(
            TraceLayer::new_for_http()
                // The path only: query strings can carry signatures.
                .make_span_with(|req: &Request| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                .on_failure(DefaultOnFailure::new().level(Level::WARN)),
        )
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> Response {
    let db_ok = match state.db.ping().await {
        Ok(()) => true,
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            false
        }
    };
    let body = serde_json::json!({
        "status": if db_ok { "ok" } else { "unavailable" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": { "backend": state.db.backend, "ok": db_ok },
    });
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// Refuses state-changing requests that a browser sent from another site.
/// Browsers always send `Sec-Fetch-Site` or `Origin` with a cross-site POST;
/// requests without either come from non-browser clients, which carry no
/// ambient cookies to abuse.
async fn same_origin(req: Request, next: Next) -> Response {
    use crate::api::file_route::{reader_locale, refusal};
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || crate::api::origin::is_same_origin(req.headers()) {
        next.run(req).await
    } else {
        tracing::warn!("cross-origin request refused");
        refusal(
            reader_locale(req.headers()),
            crate::api::error::ApiError::Forbidden,
        )
    }
}
