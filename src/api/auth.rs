//! Signing in and out, first-run setup, and one's own password.
use super::error::ApiError;
use leptos::prelude::*;

pub use crate::domain::account::Me;

/// Creates the first admin; refused once any user exists.
#[server(endpoint = "auth/setup")]
pub async fn setup_first_admin(name: String, password: String) -> Result<(), ApiError> {
    use super::guard::{answer, client_addr};
    use crate::server::accounts::service;
    answer(async {
        let state = super::guard::app_state()?;
        let client = client_addr().await;
        service::create_first_admin(&state.accounts(), &client, &name, password.into()).await?;
        Ok(())
    })
    .await
}

#[server(endpoint = "auth/login")]
pub async fn login(name: String, password: String) -> Result<Me, ApiError> {
    use super::guard::{answer, client_addr, session, start_session};
    use crate::server::accounts::service;
    answer(async {
        let state = super::guard::app_state()?;
        let client = client_addr().await;
        let user = service::login(&state.accounts(), &client, &name, password.into()).await?;
        start_session(&state, &session().await?, &user).await?;
        Ok(user.me())
    })
    .await
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), ApiError> {
    use super::guard::{answer, internal, require, session};
    use crate::domain::account::Permission;
    answer(async {
        let state = super::guard::app_state()?;
        let session = session().await?;
        // Signing out of an already ended session is not an error.
        if let Ok(caller) = require(Permission::Own).await {
            crate::server::audit::record(
                &state.db,
                state.clock.as_ref(),
                &caller.actor,
                crate::domain::vocab::AuditAction::Logout,
                &caller.user.name,
                serde_json::json!({}),
            )
            .await
            .map_err(internal)?;
        }
        session.flush().await.map_err(internal)
    })
    .await
}

#[server(endpoint = "auth/change_password")]
pub async fn change_own_password(current: String, new: String) -> Result<Me, ApiError> {
    use super::guard::{answer, require, session, start_session};
    use crate::domain::account::Permission;
    use crate::server::accounts::service;
    answer(async {
        let state = super::guard::app_state()?;
        let caller = require(Permission::Own).await?;
        let user = service::change_own_password(
            &state.accounts(),
            &caller.actor,
            &caller.user,
            current.into(),
            new.into(),
        )
        .await?;
        // Every other session of this user ended; this one goes on, renewed.
        start_session(&state, &session().await?, &user).await?;
        Ok(user.me())
    })
    .await
}
