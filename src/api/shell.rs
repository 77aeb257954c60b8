//! What every page's frame needs: the configured apps, whether the sandbox
//! stands in, and the system's state.
use super::error::ApiError;
use crate::domain::region::Region;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointView {
    Sandbox,
    Region(Region),
    /// Scheme, host and port of an explicit base URL; never its credentials.
    Custom(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSummary {
    pub id: String,
    pub name: String,
    pub sdk_app_id: u64,
    pub endpoint: EndpointView,
    pub admin: String,
    pub daily_quota: u32,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub version: String,
    pub sandbox: bool,
    pub database_postgres: bool,
    /// Only for a signed-in caller: nobody outside learns the apps.
    pub apps: Vec<AppSummary>,
    /// No user exists yet: every page leads to the setup page.
    pub needs_setup: bool,
    pub me: Option<super::auth::Me>,
}

#[server(endpoint = "shell_info")]
pub async fn get_shell_info() -> Result<ShellInfo, ApiError> {
    use super::guard::{internal, session, signed_in};
    use crate::server::config::Endpoint;
    use crate::server::db::Backend;
    let state = super::guard::app_state()?;
    let needs_setup = crate::server::accounts::users::count(&state.db.pool)
        .await
        .map_err(internal)?
        == 0;
    let me = signed_in(&state, &session().await?)
        .await?
        .map(|u| super::auth::Me::from(&u));
    let apps = state
        .config
        .apps
        .iter()
        .map(|a| AppSummary {
            id: a.id.clone(),
            name: a.name.clone(),
            sdk_app_id: a.sdk_app_id,
            endpoint: match &a.endpoint {
                Endpoint::Sandbox => EndpointView::Sandbox,
                Endpoint::Region(r) => EndpointView::Region(*r),
                Endpoint::BaseUrl(u) => EndpointView::Custom(u.origin().ascii_serialization()),
            },
            admin: a.admin.clone(),
            daily_quota: a.daily_quota,
            time_zone: a.time_zone.name().to_string(),
        })
        .filter(|_| me.is_some())
        .collect();
    Ok(ShellInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sandbox: state.config.uses_sandbox(),
        database_postgres: state.db.backend == Backend::Postgres,
        apps,
        needs_setup,
        me,
    })
}
