//! The users page (admins only): list, add, change role, disable or enable,
//! reset a password.
use super::error::ApiError;
use crate::domain::account::Role;
use leptos::prelude::*;

pub use crate::domain::account::{UserRow, WithPassword};

#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserRow>, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ManageUsers).await?;
        let users = crate::server::accounts::users::all(&state.db)
            .await
            .map_err(internal)?;
        let tz = viewer_tz().await;
        Ok(users
            .iter()
            .map(|u| UserRow {
                last_login: u
                    .last_login_at_us
                    .map(|at| crate::server::viewer_time::format(at, tz)),
                ..u.row()
            })
            .collect())
    })
    .await
}

#[server(endpoint = "users/add")]
pub async fn add_user(name: String, role: Role) -> Result<WithPassword, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::accounts::service;
    answer(async {
        let (caller, state) = guard(Permission::ManageUsers).await?;
        let (user, one_time) =
            service::add_user(&state.accounts(), &caller.actor, &name, role, None).await?;
        Ok(WithPassword {
            user: user.row(),
            one_time_password: one_time.unwrap_or_default(),
        })
    })
    .await
}

#[server(endpoint = "users/set_role")]
pub async fn set_user_role(id: i64, role: Role) -> Result<UserRow, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::accounts::service;
    answer(async {
        let (caller, state) = guard(Permission::ManageUsers).await?;
        let user = service::set_role(&state.accounts(), &caller.actor, id, role).await?;
        Ok(user.row())
    })
    .await
}

#[server(endpoint = "users/set_enabled")]
pub async fn set_user_enabled(id: i64, enabled: bool) -> Result<UserRow, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::accounts::service;
    answer(async {
        let (caller, state) = guard(Permission::ManageUsers).await?;
        let user = service::set_enabled(&state.accounts(), &caller.actor, id, enabled).await?;
        Ok(user.row())
    })
    .await
}

#[server(endpoint = "users/reset_password")]
pub async fn reset_user_password(id: i64) -> Result<WithPassword, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::accounts::service;
    answer(async {
        let (caller, state) = guard(Permission::ManageUsers).await?;
        let (user, one_time) =
            service::reset_password(&state.accounts(), &caller.actor, id).await?;
        Ok(WithPassword {
            user: user.row(),
            one_time_password: one_time,
        })
    })
    .await
}
