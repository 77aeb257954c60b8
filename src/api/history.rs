//! The history of pushes: a filtered, newest-first list read page by page
//! (keyset, never OFFSET), and one push in full. Every role may read it.
use super::error::ApiError;
use leptos::prelude::*;

pub use crate::domain::history::*;

#[server(endpoint = "history/list")]
pub async fn list_history(
    filter: HistoryFilter,
    after: Option<Cursor>,
) -> Result<HistoryPage, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ReadHistory).await?;
        let tz = viewer_tz().await;
        let query = crate::server::history::query::HistoryQuery::new(&filter.parse()?, tz)
            .ok_or(ApiError::BadRequest)?
            .resolve(&state.db)
            .await
            .map_err(internal)?;
        crate::server::history::list::page(&state.db, &query, after, PAGE_ROWS, tz)
            .await
            .map_err(internal)
    })
    .await
}

#[server(endpoint = "history/get")]
pub async fn get_push(id: i64) -> Result<Option<PushDetail>, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ReadHistory).await?;
        crate::server::history::detail::load(&state.db, id, viewer_tz().await, &state.config)
            .await
            .map_err(internal)
    })
    .await
}

/// What waits: submissions awaiting approval, approved pushes not yet sent,
/// and scheduled pushes, newest first.
#[server(endpoint = "history/waiting")]
pub async fn list_waiting() -> Result<Vec<HistoryRow>, ApiError> {
    use super::guard::{answer, guard, internal, viewer_tz};
    use crate::domain::account::Permission;
    answer(async {
        let (_, state) = guard(Permission::ReadHistory).await?;
        crate::server::history::waiting::rows(&state.db, viewer_tz().await)
            .await
            .map_err(internal)
    })
    .await
}

/// How many pushes await an approval the caller could give.
#[server(endpoint = "history/awaiting_count")]
pub async fn awaiting_count() -> Result<i64, ApiError> {
    use super::guard::{answer, guard, internal};
    use crate::domain::account::Permission;
    answer(async {
        let (caller, state) = guard(Permission::Approve).await?;
        crate::server::history::waiting::awaiting_count(&state.db, caller.actor.id)
            .await
            .map_err(internal)
    })
    .await
}
