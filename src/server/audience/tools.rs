//! The audience tools: the app's attribute names, looking accounts up, and
//! changing their tags and attributes. Each checks the shared rules first,
//! is one or more IM calls, and is on record.
use crate::domain::audience::{AttrNames, ToolOutcome, UserRow};
use crate::domain::audience_change::{self, AudienceChange};
use crate::domain::push::limits::ATTR_NAMES_MAX;
use crate::domain::push::validate::{Violation, ViolationKind};
use crate::domain::vocab::AuditAction;
use crate::server::audience::apply;
use crate::server::audit::{self, Actor};
use crate::server::im::client::{CallError, ImClient};
use crate::server::state::AppState;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("no app `{0}` is configured")]
    UnknownApp(String),
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
}

fn im<'a>(state: &'a AppState, app_id: &str) -> Result<&'a ImClient, ToolError> {
    state
        .im
        .get(app_id)
        .ok_or_else(|| ToolError::UnknownApp(app_id.to_string()))
}

/// The API's refusal code, or 0 when it could not be reached.
fn refused<T>(e: CallError) -> ToolOutcome<T> {
    tracing::warn!(error = %e, "audience call failed");
    match e {
        CallError::Rejected { code, .. } => ToolOutcome::Refused { code },
        _ => ToolOutcome::Refused { code: 0 },
    }
}

async fn record(
    state: &AppState,
    actor: &Actor,
    action: AuditAction,
    app_id: &str,
    details: serde_json::Value,
) -> Result<(), ToolError> {
    let target = format!("app:{app_id}");
    audit::record(
        &state.db,
        state.clock.as_ref(),
        actor,
        action,
        &target,
        details,
    )
    .await?;
    Ok(())
}

fn slots(names: &AttrNames) -> Vec<String> {
    (0..ATTR_NAMES_MAX)
        .map(|i| names.get(&i.to_string()).cloned().unwrap_or_default())
        .collect()
}

/// The app's ten attribute slots, "" where unnamed; the composer's cache
/// of names is refreshed with them.
pub async fn attr_slots(
    state: &AppState,
    app_id: &str,
) -> Result<ToolOutcome<Vec<String>>, ToolError> {
    let im = im(state, app_id)?;
    Ok(match im.get_attr_name().await {
        Ok(names) => {
            let now = state.clock.now_micros();
            state
                .attr_names
                .put(app_id, names.values().cloned().collect(), now);
            ToolOutcome::Done(slots(&names))
        }
        Err(e) => refused(e),
    })
}

/// Names the app's attributes; the composer sees the new names at once.
pub async fn set_attr_slots(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    wanted: &[String],
) -> Result<ToolOutcome<Vec<String>>, ToolError> {
    let im = im(state, app_id)?;
    let before = match im.get_attr_name().await {
        Ok(names) => names,
        Err(e) => return Ok(refused(e)),
    };
    let (names, problems) = audience_change::check_attr_names(wanted, &before);
    if !problems.is_empty() {
        return Ok(ToolOutcome::Invalid(problems));
    }
    if let Err(e) = im.set_attr_name(&names).await {
        return Ok(refused(e));
    }
    let now = state.clock.now_micros();
    state
        .attr_names
        .put(app_id, names.values().cloned().collect(), now);
    let details = json!({ "before": before, "after": names });
    record(
        state,
        actor,
        AuditAction::AudienceAttrNames,
        app_id,
        details,
    )
    .await?;
    Ok(ToolOutcome::Done(slots(&names)))
}

fn accounts_or_problems(text: &str) -> Result<Vec<String>, Vec<Violation>> {
    let (accounts, problems) = audience_change::parse_accounts(text);
    if !problems.is_empty() {
        return Err(problems);
    }
    if accounts.is_empty() {
        return Err(vec![Violation {
            path: "To_Account".into(),
            kind: ViolationKind::NothingChosen,
        }]);
    }
    Ok(accounts)
}

/// The tags and attributes of the pasted accounts; reading them is itself
/// on record.
pub async fn lookup(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    pasted: &str,
) -> Result<ToolOutcome<Vec<UserRow>>, ToolError> {
    let im = im(state, app_id)?;
    let accounts = match accounts_or_problems(pasted) {
        Ok(a) => a,
        Err(problems) => return Ok(ToolOutcome::Invalid(problems)),
    };
    let details = json!({ "accounts": accounts });
    record(state, actor, AuditAction::AudienceLookup, app_id, details).await?;
    Ok(match apply::lookup(im, &accounts).await {
        Ok(rows) => ToolOutcome::Done(rows),
        Err(e) => refused(e),
    })
}

/// Changes the accounts' tags or attributes and answers with them as they
/// are now.
pub async fn change(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    accounts: &[String],
    change: &AudienceChange,
) -> Result<ToolOutcome<Vec<UserRow>>, ToolError> {
    let im = im(state, app_id)?;
    let mut problems = audience_change::check_account_list(accounts);
    problems.extend(change.check(None));
    if problems.is_empty() && change.uses_attrs() {
        let now = state.clock.now_micros();
        match state.attr_names.get(app_id, im, now, true).await {
            Ok(names) => problems = change.check(Some(&names)),
            Err(e) => return Ok(refused(e)),
        }
    }
    if !problems.is_empty() {
        return Ok(ToolOutcome::Invalid(problems));
    }
    let applied = apply::apply(im, accounts, change).await;
    // On record whatever the answer: a refusal may still have applied
    // earlier batches, and an unknown outcome may have applied all.
    let answer = match &applied {
        Ok(()) => json!("ok"),
        Err(CallError::Rejected { code, .. }) => json!({ "refused": code }),
        Err(_) => json!("unknown"),
    };
    let details = json!({ "accounts": accounts, "change": change, "answer": answer });
    record(
        state,
        actor,
        AuditAction::of_change(change),
        app_id,
        details,
    )
    .await?;
    if let Err(e) = applied {
        return Ok(refused(e));
    }
    Ok(match apply::lookup(im, accounts).await {
        Ok(rows) => ToolOutcome::Done(rows),
        Err(e) => refused(e),
    })
}
