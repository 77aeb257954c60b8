//! A step in a push's life (submitted, approved, rejected, dispatched, …):
//! one row of its timeline and one audit event, in the caller's transaction,
//! so the step, its record and its trace are written together or not at all.
use crate::domain::vocab::AuditAction;
use crate::server::audit::{self, Actor};
use crate::server::state::AppState;
use serde_json::{json, Value};

pub struct Step<'a> {
    pub push_id: i64,
    pub app_id: &'a str,
    pub action: AuditAction,
    /// What a person wrote with the step (a rejection's reason).
    pub note: Option<&'a str>,
    pub details: Value,
}

pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    state: &AppState,
    actor: &Actor,
    step: Step<'_>,
) -> Result<(), sqlx::Error> {
    let clock = state.clock.as_ref();
    sqlx::query(
        "INSERT INTO push_steps (push_id, at_us, action, actor_name, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(step.push_id)
    .bind(clock.now_micros())
    .bind(step.action.as_str())
    .bind(&actor.name)
    .bind(step.note)
    .execute(&mut **tx)
    .await?;
    let mut details = step.details;
    if let Value::Object(map) = &mut details {
        map.insert("push_id".into(), json!(step.push_id));
        if let Some(note) = step.note {
            map.insert("note".into(), json!(note));
        }
    }
    audit::append(
        tx,
        &state.db.audit_key,
        clock,
        actor,
        step.action,
        step.app_id,
        details,
    )
    .await?;
    Ok(())
}
