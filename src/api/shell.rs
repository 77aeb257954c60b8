//! What every page's frame needs: the configured apps, whether the sandbox
//! stands in, and the system's state.
use super::error::ApiError;
use leptos::prelude::*;

pub use crate::domain::shell::*;

#[server(endpoint = "shell_info")]
pub async fn get_shell_info() -> Result<ShellInfo, ApiError> {
    use super::guard::{internal, session, signed_in};
    use crate::server::db::Backend;
    let state = super::guard::app_state()?;
    let needs_setup = crate::server::accounts::users::count(&state.db.pool)
        .await
        .map_err(internal)?
        == 0;
    let me = signed_in(&state, &session().await?).await?.map(|u| u.me());
    let apps = state
        .config
        .apps
        .iter()
        .map(|a| a.summary())
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
