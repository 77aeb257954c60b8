//! Composer drafts, each visible only to its owner: every query names the
//! owner, so one person's id never opens another's draft.
use crate::domain::compose::DraftRow;
use crate::domain::draft::Draft;
use crate::server::db::Db;
use crate::server::viewer_time::format;
use sqlx::Row;

/// Saves a new draft (`id` None) or overwrites one of the owner's; returns
/// its id, or None when `id` is not the owner's.
pub async fn save(
    db: &Db,
    owner: i64,
    id: Option<i64>,
    name: &str,
    draft: &Draft,
    now_us: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let json = serde_json::to_string(draft).unwrap_or_default();
    match id {
        Some(id) => Ok(sqlx::query(
            "UPDATE drafts SET name = $1, app_id = $2, draft_json = $3, updated_at_us = $4 \
             WHERE id = $5 AND owner_id = $6",
        )
        .bind(name)
        .bind(&draft.app_id)
        .bind(&json)
        .bind(now_us)
        .bind(id)
        .bind(owner)
        .execute(&db.pool)
        .await?
        .rows_affected()
        .eq(&1)
        .then_some(id)),
        None => sqlx::query_scalar(
            "INSERT INTO drafts (owner_id, name, app_id, draft_json, created_at_us, updated_at_us) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(owner)
        .bind(name)
        .bind(&draft.app_id)
        .bind(&json)
        .bind(now_us)
        .fetch_one(&db.pool)
        .await
        .map(Some),
    }
}

/// The owner's drafts, newest first, with times in `tz`.
pub async fn list(db: &Db, owner: i64, tz: chrono_tz::Tz) -> Result<Vec<DraftRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, app_id, updated_at_us FROM drafts WHERE owner_id = $1 \
         ORDER BY updated_at_us DESC, id DESC LIMIT 200",
    )
    .bind(owner)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DraftRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                app_id: r.try_get("app_id")?,
                updated: format(r.try_get("updated_at_us")?, tz),
            })
        })
        .collect()
}

/// The owner's draft, or None; a stored draft that no longer parses is an error.
pub async fn load(db: &Db, owner: i64, id: i64) -> Result<Option<(String, Draft)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, draft_json FROM drafts WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|(name, json)| {
        serde_json::from_str(&json)
            .map(|d| (name, d))
            .map_err(|e| sqlx::Error::Decode(e.into()))
    })
    .transpose()
}

pub async fn delete(db: &Db, owner: i64, id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM drafts WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&db.pool)
            .await?
            .rows_affected()
            == 1,
    )
}
