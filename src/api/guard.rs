//! The door of every server function: who is calling, are they still signed
//! in, and does their role allow this. Checked here on the server, whatever
//! the page showed.
use super::error::ApiError;
use crate::domain::account::Permission;
use crate::server::accounts::service::ServiceError;
use crate::server::accounts::users::User;
use crate::server::audit::Actor;
use crate::server::state::AppState;
use axum::extract::ConnectInfo;
use std::net::SocketAddr;
use tower_sessions::Session;

/// A signed-in caller whose role allows what they asked for.
pub struct Caller {
    pub user: User,
    pub actor: Actor,
}

/// Runs a server function's body and answers errors with their HTTP status.
pub async fn answer<T>(
    body: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let result = body.await;
    if let Err(e) = &result {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(
                axum::http::StatusCode::from_u16(e.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
    result
}

pub fn internal(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "server function failed");
    ApiError::Internal
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Refused(a) => ApiError::Account(a),
            ServiceError::Throttled(secs) => ApiError::Throttled {
                retry_after_secs: secs,
            },
            ServiceError::BadCredentials => ApiError::BadCredentials,
            other => internal(other),
        }
    }
}

pub async fn session() -> Result<Session, ApiError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

/// The client's address as the socket saw it.
/// The client's address: the socket's, or behind a trusted proxy the one
/// it forwards (server::client_addr).
pub async fn client_addr() -> String {
    let Ok(ConnectInfo(addr)) = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await else {
        return "unknown".into();
    };
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    match app_state() {
        Ok(state) => state
            .config
            .trusted_proxies
            .client(addr.ip(), &headers)
            .to_string(),
        Err(_) => addr.ip().to_string(),
    }
}

/// The signed-in user, if the session is still alive; ends a dead session.
/// Each call counts as activity for the idle timeout.
pub async fn signed_in(state: &AppState, session: &Session) -> Result<Option<User>, ApiError> {
    crate::server::session::live_user(state, session)
        .await
        .map_err(internal)
}

/// The state inside a server function, provided as context by the router.
pub fn app_state() -> Result<AppState, ApiError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server-function context");
        ApiError::Internal
    })
}

/// The caller, if signed in and allowed `permission`.
pub async fn require(permission: Permission) -> Result<Caller, ApiError> {
    guard(permission).await.map(|(caller, _)| caller)
}

/// The opening of every server function: the caller, if signed in and
/// allowed `permission`, and what the services need.
pub async fn guard(permission: Permission) -> Result<(Caller, AppState), ApiError> {
    let state = app_state()?;
    let session = session().await?;
    let caller = check(&state, &session, client_addr().await, permission).await?;
    Ok((caller, state))
}

/// `require` for handlers outside server functions (the CSV exports).
pub async fn check(
    state: &AppState,
    session: &Session,
    client: String,
    permission: Permission,
) -> Result<Caller, ApiError> {
    let user = signed_in(state, session)
        .await?
        .ok_or(ApiError::SignInRequired)?;
    if user.must_change_password && permission != Permission::Own {
        return Err(ApiError::PasswordChangeRequired);
    }
    if !user.role.allows(permission) {
        return Err(ApiError::Forbidden);
    }
    let actor = Actor {
        id: Some(user.id),
        name: user.name.clone(),
        client,
    };
    Ok(Caller { user, actor })
}

/// The viewer's time zone, from the request's `tz` cookie.
pub async fn viewer_tz() -> chrono_tz::Tz {
    let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.ok();
    crate::server::viewer_time::from_cookie_header(
        headers
            .as_ref()
            .and_then(|h| h.get(axum::http::header::COOKIE))
            .and_then(|v| v.to_str().ok()),
    )
}

/// Starts a fresh session for `user`: a new id, so one planted before
/// sign-in is worthless.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user: &User,
) -> Result<(), ApiError> {
    crate::server::session::start(state, session, user)
        .await
        .map_err(internal)
}
