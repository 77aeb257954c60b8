//! The send flow (design.md): claim the idempotency key, validate again,
//! claim a rate slot, commit the record, call, record the outcome. Nothing
//! is sent twice, nothing invalid leaves, and nothing goes unrecorded.
use super::call::{call_then_record, Call};
use super::lease;
use super::rate::{self, Slot};
use super::records::{self, Stored};
use crate::domain::push::outcome::{Refusal, SendOutcome, SendTicket};
use crate::domain::push::valid::ValidPush;
use crate::domain::push::validate::AppRules;
use crate::domain::push::ImPushRequest;
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::server::audit::{self, Actor};
use crate::server::im::client::CallError;
use crate::server::state::AppState;
use crate::server::text_grams;
use crate::server::text_tables::PUSH_TEXT;
use serde_json::json;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("no app `{0}` is configured")]
    UnknownApp(String),
    #[error("the idempotency key is malformed")]
    BadKey,
    #[error("push {0} does not exist")]
    NoSuchPush(i64),
    #[error("only a push with an unknown outcome can be retried")]
    NotRetryable,
    #[error("push {0} sent the same message to the same audience minutes ago")]
    RecentRepeat(i64),
    #[error("review step refused: {0:?}")]
    Review(crate::domain::push::review::ReviewRefusal),
    #[error("the stored request of push {0} is not the one approved")]
    Altered(i64),
    #[error("the app's attribute names cannot be read: {0}")]
    AttrNames(CallError),
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
}

/// A ticket for a composer form: a fresh idempotency key of 32 URL-safe
/// characters and the MsgRandom the operator sees before sending.
pub fn new_ticket() -> SendTicket {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let key = (0..32)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect();
    SendTicket {
        key,
        msg_random: rng.random(),
    }
}

/// Keys are issued with the composer form: 16 to 64 URL-safe characters.
pub fn key_is_valid(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The rules that need no knowledge of the app first, so a draft that is
/// wrong anyway costs no call; the app's attribute names only when they
/// matter. The second value is why those names could not be read.
pub(super) async fn check_request(
    state: &AppState,
    app_id: &str,
    request: &ImPushRequest,
    now: i64,
) -> (
    Result<ValidPush, Vec<crate::domain::push::validate::Violation>>,
    Option<CallError>,
) {
    let has_attrs = request.condition.as_ref().is_some_and(|c| c.has_attrs());
    let mut checked = ValidPush::accept(request.clone(), &AppRules::default());
    if checked.is_ok() && has_attrs {
        match state
            .attr_names
            .get(app_id, &state.im[app_id], now, true)
            .await
        {
            Ok(names) => {
                let rules = AppRules {
                    attr_names: Some(names),
                };
                checked = ValidPush::accept(request.clone(), &rules);
            }
            Err(e) => return (checked, Some(e)),
        }
    }
    (checked, None)
}

/// How long a repeated request waits for the first one's outcome.
fn wait_limit(state: &AppState) -> Duration {
    state.config.im_timeout + Duration::from_secs(5)
}

/// Sends `request` as a new push of `app_id`. `repeat_of` is the operator's
/// yes to sending again what an earlier push (that one, or a newer) sent
/// within the duplicate guard's window.
pub async fn send(
    state: &AppState,
    actor: &Actor,
    app_id: &str,
    key: &str,
    request: &ImPushRequest,
    repeat_of: Option<i64>,
) -> Result<SendOutcome, SendError> {
    if state.config.app(app_id).is_none() {
        return Err(SendError::UnknownApp(app_id.to_string()));
    }
    if !key_is_valid(key) {
        return Err(SendError::BadKey);
    }
    let db = &state.db;
    let now = state.clock.now_micros();

    // 2. first, as it needs no storage: the shared rules again, so nothing
    // invalid leaves the server.
    let (checked, names_unreadable) = check_request(state, app_id, request, now).await;

    // 1., 3. and 4. in one transaction, committed to disk once: the rate
    // slot (only for a push the rules allow), then the record — `sending`
    // with its attempt and audit event, or `refused` with why — which claims
    // the key. A repeated key inserts nothing: the transaction (the slot
    // with it) is rolled back and the caller gets the first one's outcome.
    let mut tx = db.write_durable().await?;
    let mut busy_until_us = 0;
    let refusal = if names_unreadable.is_some() {
        Some(Refusal::Interrupted)
    } else if let Err(errors) = &checked {
        Some(Refusal::Invalid(errors.clone()))
    } else {
        // The time the slot is taken, not the request's arrival: the
        // attribute-name lookup above may have taken a while.
        match take_slot(state, &mut tx, app_id).await? {
            Ok(until) => {
                // Under the slot, which holds the app until this
                // transaction ends: no other process can slip in a repeat.
                let earlier =
                    super::duplicate::newest_repeat(&mut tx, app_id, Some(key), request, now)
                        .await?;
                if let Some((earlier, _)) = earlier {
                    if repeat_of.is_none_or(|yes| yes < earlier) {
                        tx.rollback().await?;
                        return Err(SendError::RecentRepeat(earlier));
                    }
                }
                busy_until_us = until;
                None
            }
            Err(refusal) => Some(refusal),
        }
    };
    let new = NewRecord {
        key,
        app_id,
        request,
        now,
        status: match refusal {
            Some(_) => PushStatus::Refused,
            None => PushStatus::Sending,
        },
        scheduled_at_us: None,
    };
    // The lease from now: the attribute-name lookup may have taken a while.
    let owner = (&*state.owner, lease::until(state.clock.now_micros()));
    let owner = refusal.is_none().then_some(owner);
    let Some(id) = insert_record(&mut tx, actor, &new, owner, refusal.as_ref()).await? else {
        tx.rollback().await?;
        let existing: i64 = sqlx::query_scalar("SELECT id FROM pushes WHERE idempotency_key = $1")
            .bind(key)
            .fetch_one(&db.pool)
            .await?;
        return outcome_when_settled(state, existing).await;
    };
    let valid = match (refusal, checked) {
        (None, Ok(valid)) => valid,
        (refusal, _) => {
            tx.commit().await?;
            if let Some(e) = names_unreadable {
                return Err(SendError::AttrNames(e));
            }
            return Ok(SendOutcome::Refused {
                push_id: id,
                reason: refusal.unwrap_or(Refusal::Interrupted),
            });
        }
    };
    record_attempt(
        state,
        &mut tx,
        actor,
        app_id,
        id,
        1,
        request,
        AuditAction::PushSend,
    )
    .await?;
    tx.commit().await?;

    // 5.
    let call = Call {
        app_id,
        id,
        attempt: 1,
        busy_until_us,
    };
    call_then_record(state, actor, call, &valid).await
}

pub(super) struct NewRecord<'a> {
    pub key: &'a str,
    pub app_id: &'a str,
    pub request: &'a ImPushRequest,
    pub now: i64,
    pub status: PushStatus,
    pub scheduled_at_us: Option<i64>,
}

/// Inserts the push's record with the request exactly as it will be sent
/// and its digest; a record being sent is owned by `owner` under a fresh
/// lease. `None` when the key was claimed before.
pub(super) async fn insert_record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: &Actor,
    new: &NewRecord<'_>,
    owner: Option<(&str, i64)>,
    refusal: Option<&Refusal>,
) -> Result<Option<i64>, sqlx::Error> {
    let request = new.request;
    let condition = request.condition.as_ref();
    let request_json = serde_json::to_string(request).unwrap_or_default();
    let first_text = request.first_text();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO pushes (idempotency_key, app_id, operator_id, operator_name, created_at_us, updated_at_us, \
         status, msg_random, request_json, audience_kind, condition_json, first_text, refusal_json, \
         owner_id, lease_until_us, digest, scheduled_at_us) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(new.key)
    .bind(new.app_id)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(new.now)
    .bind(new.status.as_str())
    .bind(i64::from(request.msg_random))
    .bind(&request_json)
    .bind(crate::domain::push::Condition::kind_of(condition).as_str())
    .bind(condition.map(|c| serde_json::to_string(c).unwrap_or_default()))
    .bind(&first_text)
    .bind(refusal.map(|r| serde_json::to_string(r).unwrap_or_default()))
    .bind(owner.map(|o| o.0))
    .bind(owner.map(|o| o.1))
    .bind(super::digest::of(&request_json))
    .bind(new.scheduled_at_us)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        text_grams::write(tx, PUSH_TEXT, id, &[&first_text]).await?;
    }
    Ok(id)
}

/// The app's rate slot, taken on `conn` at this moment: until when it holds
/// the app, or the reason it is not free.
pub(super) async fn take_slot(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    app_id: &str,
) -> Result<Result<i64, Refusal>, SendError> {
    let app = state
        .config
        .app(app_id)
        .ok_or_else(|| SendError::UnknownApp(app_id.to_string()))?;
    let quota = i64::from(app.daily_quota);
    let spacing = rate::Spacing::of(&state.config);
    let now = state.clock.now_micros();
    Ok(
        match rate::claim(conn, app_id, app.time_zone, quota, now, spacing).await? {
            Slot::Granted { busy_until_us } => Ok(busy_until_us),
            Slot::TooSoon { retry_after_ms } => Err(Refusal::TooSoon { retry_after_ms }),
            Slot::QuotaUsedUp { resets_at_us } => Err(Refusal::QuotaUsedUp { resets_at_us }),
        },
    )
}

/// The attempt and its audit event, in the caller's transaction; the caller
/// commits it, with the record saying `sending`, durably before the call.
#[allow(clippy::too_many_arguments)]
async fn record_attempt(
    state: &AppState,
    conn: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: &Actor,
    app_id: &str,
    id: i64,
    attempt: i64,
    request: &ImPushRequest,
    action: AuditAction,
) -> Result<(), SendError> {
    let clock = state.clock.as_ref();
    sqlx::query(
        "INSERT INTO push_attempts (push_id, attempt, started_at_us, outcome, operator_name) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(attempt)
    .bind(clock.now_micros())
    .bind(PushStatus::Sending.as_str())
    .bind(&actor.name)
    .execute(&mut **conn)
    .await?;
    let details = json!({ "push_id": id, "attempt": attempt, "msg_random": request.msg_random });
    audit::append(
        conn,
        &state.db.audit_key,
        clock,
        actor,
        action,
        app_id,
        details,
    )
    .await?;
    Ok(())
}

/// Waits (briefly) until the push with `id` has an outcome.
pub(super) async fn outcome_when_settled(
    state: &AppState,
    id: i64,
) -> Result<SendOutcome, SendError> {
    let started = std::time::Instant::now();
    loop {
        let stored: Stored = records::load(&state.db, id)
            .await?
            .ok_or(SendError::NoSuchPush(id))?;
        let outcome = stored.outcome();
        if !matches!(outcome, SendOutcome::InProgress { .. })
            || started.elapsed() > wait_limit(state)
        {
            return Ok(outcome);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Resends a push whose outcome is unknown: the exact same body, so the
/// same MsgRandom; Tencent treats it as the same task.
pub async fn retry(state: &AppState, actor: &Actor, id: i64) -> Result<SendOutcome, SendError> {
    let stored = records::load(&state.db, id)
        .await?
        .ok_or(SendError::NoSuchPush(id))?;
    if stored.status != PushStatus::Unknown {
        return Err(SendError::NotRetryable);
    }
    match begin_call(state, actor, &stored, AuditAction::PushRetry).await? {
        Begun::Calling(call) => call.run(state, actor).await,
        Begun::SlotRefused(reason) => Ok(SendOutcome::Refused {
            push_id: id,
            reason,
        }),
        // Several retries at once: only one goes ahead.
        Begun::Moved => Err(SendError::NotRetryable),
    }
}

/// A call begun: its record committed as `sending`, owned by this process.
pub(super) struct Calling {
    app_id: String,
    id: i64,
    attempt: i64,
    busy_until_us: i64,
    valid: ValidPush,
}

impl Calling {
    pub(super) async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<SendOutcome, SendError> {
        let call = Call {
            app_id: &self.app_id,
            id: self.id,
            attempt: self.attempt,
            busy_until_us: self.busy_until_us,
        };
        call_then_record(state, actor, call, &self.valid).await
    }
}

pub(super) enum Begun {
    Calling(Box<Calling>),
    /// The app's slot was not free (too soon, or the day's quota is used).
    SlotRefused(Refusal),
    /// The record is no longer in the status it was read in: someone else
    /// moved it first.
    Moved,
}

/// Starts a call for a stored push (an unknown outcome retried, an approved
/// or a due scheduled push): the exact body stored, checked against its
/// digest and the rules again, under a fresh rate slot, moved to `sending`
/// only from the status it was read in — so of several processes or
/// requests at once, one goes ahead.
pub(super) async fn begin_call(
    state: &AppState,
    actor: &Actor,
    stored: &Stored,
    action: AuditAction,
) -> Result<Begun, SendError> {
    let id = stored.id;
    // A record altered since it was written (or approved) is not sent.
    if let Some(digest) = &stored.digest {
        if super::digest::of(&stored.request_json).as_ref() != Some(digest) {
            return Err(SendError::Altered(id));
        }
    }
    let request: ImPushRequest =
        serde_json::from_str(&stored.request_json).map_err(|_| SendError::Altered(id))?;
    // It passed the rules when it was written; only a record altered since
    // could fail here, and it is then not sent.
    let valid =
        ValidPush::accept(request, &AppRules::default()).map_err(|_| SendError::Altered(id))?;
    let mut tx = state.db.write_durable().await?;
    let busy_until_us = match take_slot(state, &mut tx, &stored.app_id).await? {
        Ok(until) => until,
        Err(reason) => {
            tx.rollback().await?;
            return Ok(Begun::SlotRefused(reason));
        }
    };
    let now = state.clock.now_micros();
    // A record still `sending` is someone's live call: never taken here.
    let taken = sqlx::query(
        "UPDATE pushes SET status = $5, updated_at_us = $1, owner_id = $2, lease_until_us = $3 \
         WHERE id = $4 AND status = $6",
    )
    .bind(now)
    .bind(&*state.owner)
    .bind(lease::until(now))
    .bind(id)
    .bind(PushStatus::Sending.as_str())
    .bind(stored.status.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        tx.rollback().await?;
        return Ok(Begun::Moved);
    }
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM push_attempts WHERE push_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let attempt = attempts + 1;
    record_attempt(
        state,
        &mut tx,
        actor,
        &stored.app_id,
        id,
        attempt,
        valid.request(),
        action,
    )
    .await?;
    tx.commit().await?;
    Ok(Begun::Calling(Box::new(Calling {
        app_id: stored.app_id.clone(),
        id,
        attempt,
        busy_until_us,
        valid,
    })))
}
