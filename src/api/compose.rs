//! What the composer needs besides sending: the app's attribute names, its
//! quota today, the caller's drafts, and a past push as a new draft.
use super::error::ApiError;
use crate::domain::draft::Draft;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A draft's name: what the list shows.
pub const DRAFT_NAME_MAX_CHARS: usize = 100;
/// A draft's stored size; a full 12 KB message with every option fits easily.
pub const DRAFT_MAX_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaView {
    pub used_today: i64,
    pub quota: i64,
    /// Milliseconds until the next push may be sent; 0 means now.
    pub next_in_ms: i64,
    /// When today's count starts again, in the viewer's zone.
    pub resets_at: String,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: i64,
    pub name: String,
    pub app_id: String,
    /// In the viewer's zone.
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenedDraft {
    pub id: i64,
    pub name: String,
    pub draft: Draft,
}

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
        let now = state.clock.now_micros();
        let usage = crate::server::push::rate::usage(
            &state.db,
            &app_id,
            app.time_zone,
            now,
            crate::server::push::rate::Spacing::of(&state.config),
        )
        .await
        .map_err(internal)?;
        let tz = viewer_tz().await;
        Ok(QuotaView {
            used_today: usage.used_today,
            quota: i64::from(app.daily_quota),
            next_in_ms: (usage.next_at_us - now + 999) / 1000,
            resets_at: crate::server::viewer_time::format(usage.resets_at_us, tz),
            time_zone: tz.name().to_string(),
        })
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
        let name = name.trim();
        let size = serde_json::to_vec(&draft).map_or(usize::MAX, |v| v.len());
        if name.is_empty() || name.chars().count() > DRAFT_NAME_MAX_CHARS || size > DRAFT_MAX_BYTES
        {
            return Err(ApiError::BadRequest);
        }
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
        let rows = crate::server::push::drafts::list(&state.db, caller.user.id)
            .await
            .map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|d| DraftRow {
                id: d.id,
                name: d.name,
                app_id: d.app_id,
                updated: crate::server::viewer_time::format(d.updated_at_us, tz),
            })
            .collect())
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
