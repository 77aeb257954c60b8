//! Users' tags and attributes and the app's attribute names
//! (`server::audience::tools`): each function checks the role and calls the
//! tool.
use super::error::ApiError;
pub use crate::domain::audience::ToolOutcome;
use crate::domain::audience::UserRow;
use crate::domain::audience_change::AudienceChange;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The app's ten attribute slots, "" where unnamed (admins).
#[server(endpoint = "audience/attr_names")]
pub async fn attr_slots(app_id: String) -> Result<ToolOutcome<Vec<String>>, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ManageApps).await?;
        Ok(crate::server::audience::tools::attr_slots(&state, &app_id).await?)
    })
    .await
}

/// Names the app's attributes (admins).
#[server(endpoint = "audience/attr_names/set", input = Json)]
pub async fn set_attr_slots(
    app_id: String,
    slots: Vec<String>,
) -> Result<ToolOutcome<Vec<String>>, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::audience::tools;
    answer(async {
        let (caller, state) = guard(Permission::ManageApps).await?;
        Ok(tools::set_attr_slots(&state, &caller.actor, &app_id, &slots).await?)
    })
    .await
}

/// The tags and attributes of the pasted accounts (operators, admins).
#[server(endpoint = "audience/lookup")]
pub async fn lookup(
    app_id: String,
    accounts: String,
) -> Result<ToolOutcome<Vec<UserRow>>, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::audience::tools;
    answer(async {
        let (caller, state) = guard(Permission::AudienceTools).await?;
        Ok(tools::lookup(&state, &caller.actor, &app_id, &accounts).await?)
    })
    .await
}

/// Changes the accounts' tags or attributes and answers with them as they
/// are now (operators, admins).
#[server(endpoint = "audience/change", input = Json)]
pub async fn change(
    app_id: String,
    accounts: Vec<String>,
    change: AudienceChange,
) -> Result<ToolOutcome<Vec<UserRow>>, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    use crate::server::audience::tools;
    answer(async {
        let (caller, state) = guard(Permission::AudienceTools).await?;
        Ok(tools::change(&state, &caller.actor, &app_id, &accounts, &change).await?)
    })
    .await
}
