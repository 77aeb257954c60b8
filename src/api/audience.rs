//! Users' tags and attributes and the app's attribute names. Every change
//! passes the shared domain rules first, is one or more IM calls, and is an
//! audit event naming the accounts and the values.
use super::error::ApiError;
use crate::domain::audience::UserRow;
use crate::domain::audience_change::AudienceChange;
use crate::domain::push::validate::Violation;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What an audience tool did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToolOutcome<T> {
    Done(T),
    /// Broke the rules; nothing was sent.
    Invalid(Vec<Violation>),
    /// The API refused (its error code), or could not be reached (code 0).
    Refused {
        code: i64,
    },
}

#[cfg(feature = "ssr")]
mod server {
    pub use super::super::guard::{answer, guard, internal};
    pub use crate::domain::account::Permission;
    pub use crate::domain::vocab::AuditAction;
    pub use crate::server::audit;
    pub use crate::server::im::client::CallError;
    pub use crate::server::state::AppState;

    pub fn im<'a>(
        state: &'a AppState,
        app_id: &str,
    ) -> Result<&'a crate::server::im::client::ImClient, super::ApiError> {
        state.im.get(app_id).ok_or(super::ApiError::BadRequest)
    }

    pub fn refused<T>(e: CallError) -> super::ToolOutcome<T> {
        tracing::warn!(error = %e, "audience call failed");
        match e {
            CallError::Rejected { code, .. } => super::ToolOutcome::Refused { code },
            _ => super::ToolOutcome::Refused { code: 0 },
        }
    }

    pub async fn record(
        state: &AppState,
        actor: &audit::Actor,
        action: AuditAction,
        target: &str,
        details: serde_json::Value,
    ) -> Result<(), super::ApiError> {
        audit::record(
            &state.db,
            state.clock.as_ref(),
            actor,
            action,
            target,
            details,
        )
        .await
        .map(|_| ())
        .map_err(internal)
    }
}

/// The app's ten attribute slots, "" where unnamed (admins).
#[server(endpoint = "audience/attr_names")]
pub async fn attr_slots(app_id: String) -> Result<ToolOutcome<Vec<String>>, ApiError> {
    use server::*;
    answer(async {
        let (_, state) = guard(Permission::ManageApps).await?;
        let im = im(&state, &app_id)?;
        Ok(match im.get_attr_name().await {
            Ok(names) => {
                let now = state.clock.now_micros();
                state
                    .attr_names
                    .put(&app_id, names.values().cloned().collect(), now);
                ToolOutcome::Done(slots(&names))
            }
            Err(e) => refused(e),
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn slots(names: &crate::domain::audience::AttrNames) -> Vec<String> {
    use crate::domain::push::limits::ATTR_NAMES_MAX;
    (0..ATTR_NAMES_MAX)
        .map(|i| names.get(&i.to_string()).cloned().unwrap_or_default())
        .collect()
}

/// Names the app's attributes (admins). The composer sees the new names at
/// once: the cache is replaced with them.
#[server(endpoint = "audience/attr_names/set", input = Json)]
pub async fn set_attr_slots(
    app_id: String,
    slots: Vec<String>,
) -> Result<ToolOutcome<Vec<String>>, ApiError> {
    use server::*;
    answer(async {
        let (caller, state) = guard(Permission::ManageApps).await?;
        let im = im(&state, &app_id)?;
        let before = match im.get_attr_name().await {
            Ok(names) => names,
            Err(e) => return Ok(refused(e)),
        };
        let (names, problems) = crate::domain::audience_change::check_attr_names(&slots, &before);
        if !problems.is_empty() {
            return Ok(ToolOutcome::Invalid(problems));
        }
        if let Err(e) = im.set_attr_name(&names).await {
            return Ok(refused(e));
        }
        let now = state.clock.now_micros();
        state
            .attr_names
            .put(&app_id, names.values().cloned().collect(), now);
        record(
            &state,
            &caller.actor,
            AuditAction::AudienceAttrNames,
            &format!("app:{app_id}"),
            serde_json::json!({ "before": before, "after": names }),
        )
        .await?;
        Ok(ToolOutcome::Done(self::slots(&names)))
    })
    .await
}

#[cfg(feature = "ssr")]
fn accounts_or_problems(text: &str) -> Result<Vec<String>, ToolOutcome<Vec<UserRow>>> {
    let (accounts, problems) = crate::domain::audience_change::parse_accounts(text);
    if !problems.is_empty() {
        return Err(ToolOutcome::Invalid(problems));
    }
    if accounts.is_empty() {
        return Err(ToolOutcome::Invalid(vec![Violation {
            path: "To_Account".into(),
            kind: crate::domain::push::validate::ViolationKind::NothingChosen,
        }]));
    }
    Ok(accounts)
}

/// The tags and attributes of the pasted accounts (operators, admins).
#[server(endpoint = "audience/lookup")]
pub async fn lookup(
    app_id: String,
    accounts: String,
) -> Result<ToolOutcome<Vec<UserRow>>, ApiError> {
    use server::*;
    answer(async {
        let (caller, state) = guard(Permission::AudienceTools).await?;
        let im = im(&state, &app_id)?;
        let accounts = match accounts_or_problems(&accounts) {
            Ok(a) => a,
            Err(outcome) => return Ok(outcome),
        };
        // Reading people's tags and attributes is itself on record.
        record(
            &state,
            &caller.actor,
            AuditAction::AudienceLookup,
            &format!("app:{app_id}"),
            serde_json::json!({ "accounts": accounts }),
        )
        .await?;
        Ok(
            match crate::server::audience::apply::lookup(im, &accounts).await {
                Ok(rows) => ToolOutcome::Done(rows),
                Err(e) => refused(e),
            },
        )
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
    use server::*;
    answer(async {
        let (caller, state) = guard(Permission::AudienceTools).await?;
        let im = im(&state, &app_id)?;
        let mut problems = crate::domain::audience_change::check_account_list(&accounts);
        problems.extend(change.check(None));
        if problems.is_empty() && change.uses_attrs() {
            let now = state.clock.now_micros();
            match state.attr_names.get(&app_id, im, now, true).await {
                Ok(names) => problems = change.check(Some(&names)),
                Err(e) => return Ok(refused(e)),
            }
        }
        if !problems.is_empty() {
            return Ok(ToolOutcome::Invalid(problems));
        }
        let applied = crate::server::audience::apply::apply(im, &accounts, &change).await;
        // On record whatever the answer: a refusal may still have applied
        // earlier batches, and an unknown outcome may have applied all.
        let answer = match &applied {
            Ok(()) => serde_json::json!("ok"),
            Err(CallError::Rejected { code, .. }) => serde_json::json!({ "refused": code }),
            Err(_) => serde_json::json!("unknown"),
        };
        record(
            &state,
            &caller.actor,
            AuditAction::of_change(&change),
            &format!("app:{app_id}"),
            serde_json::json!({ "accounts": accounts, "change": change, "answer": answer }),
        )
        .await?;
        if let Err(e) = applied {
            return Ok(refused(e));
        }
        Ok(
            match crate::server::audience::apply::lookup(im, &accounts).await {
                Ok(rows) => ToolOutcome::Done(rows),
                Err(e) => refused(e),
            },
        )
    })
    .await
}
