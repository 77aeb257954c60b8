//! What the composer needs besides sending: the app's attribute names, its
//! quota today, the caller's drafts, and a past push as a new draft.
use super::error::ApiError;
use crate::domain::draft::Draft;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

pub use crate::domain::compose::*;

#[cfg(feature = "ssr")]
fn known_app(
    state: &crate::server::state::AppState,
    app_id: &str,
) -> Result<crate::server::config::AppConfig, ApiError> {
    state
        .config
        .app(app_id)
        .cloned()
        .ok_or(ApiError::BadRequest)
}

#[server(endpoint = "compose/attr_names")]
pub async fn attr_names(app_id: String, refresh: bool) -> Result<Vec<String>, ApiError> {
    use super::guard::{answer, guard};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::Send).await?;
        known_app(&state, &app_id)?;
        let now = state.clock.now_micros();
        state
            .attr_names
            .get(&app_id, &state.im[&app_id], now, refresh)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, app = %app_id, "attribute names unavailable");
                ApiError::Unavailable
            })
    })
    .await
}

#[server(endpoint = "compose/quota")]
pub async fn quota(app_id: String) -> Result<QuotaView, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::Send).await?;
        let app = known_app(&state, &app_id)?;
        let tz = viewer_tz().await;
        crate::server::push::quota::view(&state, &app, tz)
            .await
            .map_err(internal)
    })
    .await
}

#[server(endpoint = "compose/drafts/save", input = Json)]
pub async fn save_draft(id: Option<i64>, name: String, draft: Draft) -> Result<i64, ApiError> {
    use super::guard::{answer, guard, internal};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        known_app(&state, &draft.app_id)?;
        let name = draft_fits(&name, &draft).ok_or(ApiError::BadRequest)?;
        let now = state.clock.now_micros();
        crate::server::push::drafts::save(&state.db, caller.user.id, id, name, &draft, now)
            .await
            .map_err(internal)?
            .ok_or(ApiError::BadRequest)
    })
    .await
}

#[server(endpoint = "compose/drafts/list")]
pub async fn list_drafts() -> Result<Vec<DraftRow>, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        let tz = viewer_tz().await;
        crate::server::push::drafts::list(&state.db, caller.user.id, tz)
            .await
            .map_err(internal)
    })
    .await
}

#[server(endpoint = "compose/drafts/open")]
pub async fn open_draft(id: i64) -> Result<OpenedDraft, ApiError> {
    use super::guard::{answer, guard, internal};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        let (name, draft) = crate::server::push::drafts::load(&state.db, caller.user.id, id)
            .await
            .map_err(internal)?
            .ok_or(ApiError::BadRequest)?;
        Ok(OpenedDraft { id, name, draft })
    })
    .await
}

#[server(endpoint = "compose/drafts/delete")]
pub async fn delete_draft(id: i64) -> Result<(), ApiError> {
    use super::guard::{answer, guard, internal};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Send).await?;
        crate::server::push::drafts::delete(&state.db, caller.user.id, id)
            .await
            .map_err(internal)?
            .then_some(())
            .ok_or(ApiError::BadRequest)
    })
    .await
}

/// A past push as a new draft: same app, audience, message and options; it
/// will get a new MsgRandom, so it is a new push, not a retry.
#[server(endpoint = "compose/from_push")]
pub async fn push_as_draft(push_id: i64) -> Result<Draft, ApiError> {
    use super::guard::{answer, guard, internal};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::Send).await?;
        let stored = crate::server::push::records::load(&state.db, push_id)
            .await
            .map_err(internal)?
            .ok_or(ApiError::BadRequest)?;
        let request: crate::domain::push::ImPushRequest =
            serde_json::from_str(&stored.request_json).map_err(internal)?;
        Ok(Draft::from_request(&stored.app_id, &request))
    })
    .await
}
