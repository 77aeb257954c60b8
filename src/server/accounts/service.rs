//! Account operations, each with its audit event in the same transaction.
//! Used by the server functions and by `push-console user …`.
use super::users::{self, Change, User};
use super::{passwords, throttle};
use crate::domain::account::{check_name, check_password, AccountError, Role};
use crate::domain::vocab::AuditAction;
use crate::server::audit::{self, Actor};
use crate::server::clock::Clock;
use crate::server::db::Db;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0:?}")]
    Refused(AccountError),
    #[error("too many attempts; wait {0} s")]
    Throttled(i64),
    #[error("wrong name or password")]
    BadCredentials,
    #[error("storage: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hashing(#[from] tokio::task::JoinError),
}

impl From<crate::domain::account::AccountRule> for ServiceError {
    fn from(rule: crate::domain::account::AccountRule) -> Self {
        ServiceError::Refused(AccountError::Rule(rule))
    }
}

impl From<AccountError> for ServiceError {
    fn from(e: AccountError) -> Self {
        ServiceError::Refused(e)
    }
}

type Result<T> = std::result::Result<T, ServiceError>;

pub struct Ctx<'a> {
    pub db: &'a Db,
    pub clock: &'a dyn Clock,
}

/// Creates the first admin while no user exists; afterwards refused.
pub async fn create_first_admin(
    cx: &Ctx<'_>,
    client: &str,
    name: &str,
    password: SecretString,
) -> Result<User> {
    check_name(name)?;
    check_password(password.expose_secret())?;
    let hash = passwords::hash(password).await?;
    let now = cx.clock.now_micros();
    let mut tx = cx.db.write().await?;
    // Claims setup on the single instance row first: of two concurrent
    // attempts, the second waits here and then finds setup done.
    let claimed =
        sqlx::query("UPDATE instance SET setup_at_us = $1 WHERE id = 1 AND setup_at_us IS NULL")
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if claimed != 1 || users::count(&mut *tx).await? > 0 {
        return Err(AccountError::SetupDone.into());
    }
    let id = users::insert(&mut tx, name, Role::Admin, &hash, false, now)
        .await?
        .ok_or(AccountError::NameTaken)?;
    let actor = Actor {
        id: Some(id),
        name: name.trim().to_string(),
        client: client.to_string(),
    };
    audit::append(
        &mut tx,
        &cx.db.audit_key,
        cx.clock,
        &actor,
        AuditAction::UserSetup,
        name.trim(),
        json!({ "role": "admin" }),
    )
    .await?;
    tx.commit().await?;
    Ok(users::by_id(cx.db, id).await?.expect("just inserted"))
}

/// Checks a name and password, with throttling; every attempt is audited.
pub async fn login(cx: &Ctx<'_>, client: &str, name: &str, password: SecretString) -> Result<User> {
    let now = cx.clock.now_micros();
    let keys = [throttle::account_key(name), throttle::address_key(client)];
    let anonymous = Actor {
        id: None,
        name: name.trim().chars().take(64).collect(),
        client: client.to_string(),
    };
    // The attempt is counted before the password is checked (throttle::reserve).
    if let Some((key, wait)) = throttle::reserve(cx.db, &keys, now).await? {
        if let Some(attempts) = throttle::note_throttled(cx.db, key, now).await? {
            audit::record(
                cx.db,
                cx.clock,
                &anonymous,
                AuditAction::LoginThrottled,
                &anonymous.name,
                json!({ "wait_secs": wait, "throttled_attempts": attempts, "key": key.split(':').next() }),
            )
            .await?;
        }
        return Err(ServiceError::Throttled(wait));
    }
    let user = users::by_name(cx.db, name).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = passwords::verify(password, stored).await?;
    match user {
        Some(user) if matches && user.enabled => {
            throttle::clear(cx.db, &keys[0]).await?;
            throttle::clear(cx.db, &keys[1]).await?;
            users::record_login(cx.db, user.id, now).await?;
            let actor = Actor {
                id: Some(user.id),
                name: user.name.clone(),
                client: client.to_string(),
            };
            audit::record(
                cx.db,
                cx.clock,
                &actor,
                AuditAction::LoginSuccess,
                &user.name,
                json!({}),
            )
            .await?;
            Ok(user)
        }
        user => {
            // The log says why; the person at the door only hears "wrong name or password".
            let reason = match &user {
                None => "unknown name",
                Some(u) if !u.enabled => "disabled",
                Some(_) => "wrong password",
            };
            let actor = Actor {
                id: user.as_ref().map(|u| u.id),
                ..anonymous.clone()
            };
            audit::record(
                cx.db,
                cx.clock,
                &actor,
                AuditAction::LoginFailure,
                &anonymous.name,
                json!({ "reason": reason }),
            )
            .await?;
            Err(ServiceError::BadCredentials)
        }
    }
}

/// Adds a user. Without a password a one-time one is made and returned; the
/// user must change it at the first sign-in.
pub async fn add_user(
    cx: &Ctx<'_>,
    actor: &Actor,
    name: &str,
    role: Role,
    password: Option<SecretString>,
) -> Result<(User, Option<String>)> {
    check_name(name)?;
    let (password, one_time) = match password {
        Some(p) => {
            check_password(p.expose_secret())?;
            (p, None)
        }
        None => {
            let p = passwords::one_time_password();
            (SecretString::from(p.clone()), Some(p))
        }
    };
    let hash = passwords::hash(password).await?;
    let now = cx.clock.now_micros();
    let mut tx = cx.db.write().await?;
    let id = users::insert(&mut tx, name, role, &hash, one_time.is_some(), now)
        .await?
        .ok_or(AccountError::NameTaken)?;
    audit::append(
        &mut tx,
        &cx.db.audit_key,
        cx.clock,
        actor,
        AuditAction::UserAdd,
        name.trim(),
        json!({ "role": role.as_str() }),
    )
    .await?;
    tx.commit().await?;
    let user = users::by_id(cx.db, id).await?.expect("just inserted");
    Ok((user, one_time))
}

async fn target(cx: &Ctx<'_>, id: i64) -> Result<User> {
    Ok(users::by_id(cx.db, id)
        .await?
        .ok_or(AccountError::NoSuchUser)?)
}

/// Refuses to leave the console without an enabled admin, or an admin
/// locking themselves out.
async fn keep_an_admin(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: &Actor,
    user: &User,
) -> Result<()> {
    if actor.id == Some(user.id) {
        return Err(AccountError::NotYourself.into());
    }
    if user.role == Role::Admin
        && user.enabled
        && users::other_enabled_admins(tx, user.id).await? == 0
    {
        return Err(AccountError::LastAdmin.into());
    }
    Ok(())
}

/// Applies `change` to `user` together with its audit event; with
/// `keep_admin`, first refuses to lose the last admin or lock oneself out.
async fn change_user(
    cx: &Ctx<'_>,
    actor: &Actor,
    user: &User,
    change: Change<'_>,
    keep_admin: bool,
    action: AuditAction,
    details: serde_json::Value,
) -> Result<User> {
    let mut tx = cx.db.write().await?;
    if keep_admin {
        keep_an_admin(&mut tx, actor, user).await?;
    }
    users::change(&mut tx, user.id, change, cx.clock.now_micros()).await?;
    audit::append(
        &mut tx,
        &cx.db.audit_key,
        cx.clock,
        actor,
        action,
        &user.name,
        details,
    )
    .await?;
    tx.commit().await?;
    target(cx, user.id).await
}

pub async fn set_role(cx: &Ctx<'_>, actor: &Actor, id: i64, role: Role) -> Result<User> {
    let user = target(cx, id).await?;
    let details = json!({ "from": user.role.as_str(), "to": role.as_str() });
    change_user(
        cx,
        actor,
        &user,
        Change::Role(role),
        role != Role::Admin,
        AuditAction::UserRole,
        details,
    )
    .await
}

/// Disabling ends every session of the user at once.
pub async fn set_enabled(cx: &Ctx<'_>, actor: &Actor, id: i64, enabled: bool) -> Result<User> {
    let user = target(cx, id).await?;
    let action = if enabled {
        AuditAction::UserEnable
    } else {
        AuditAction::UserDisable
    };
    change_user(
        cx,
        actor,
        &user,
        Change::Enabled(enabled),
        !enabled,
        action,
        json!({}),
    )
    .await
}

/// A new one-time password; the user's sessions end.
pub async fn reset_password(cx: &Ctx<'_>, actor: &Actor, id: i64) -> Result<(User, String)> {
    let user = target(cx, id).await?;
    let one_time = passwords::one_time_password();
    let hash = passwords::hash(SecretString::from(one_time.clone())).await?;
    let change = Change::Password(&hash, true);
    let user = change_user(
        cx,
        actor,
        &user,
        change,
        false,
        AuditAction::UserResetPassword,
        json!({}),
    )
    .await?;
    Ok((user, one_time))
}

/// Asks a signed-in user for their password again (before a change of it,
/// or an approval). Guesses are throttled and counted as sign-ins are; a
/// wrong one is recorded as `refused`.
pub async fn confirm_password(
    cx: &Ctx<'_>,
    actor: &Actor,
    user: &User,
    password: SecretString,
    refused: AuditAction,
) -> Result<()> {
    let keys = [throttle::password_key(user.id)];
    let now = cx.clock.now_micros();
    if let Some((_, wait)) = throttle::reserve(cx.db, &keys, now).await? {
        return Err(ServiceError::Throttled(wait));
    }
    if !passwords::verify(password, Some(user.password_hash.clone())).await? {
        audit::record(cx.db, cx.clock, actor, refused, &user.name, json!({})).await?;
        return Err(AccountError::CurrentPasswordWrong.into());
    }
    throttle::clear(cx.db, &keys[0]).await?;
    Ok(())
}

/// Changes one's own password, which needs the current one. Other sessions
/// of the user end; the caller renews its own.
pub async fn change_own_password(
    cx: &Ctx<'_>,
    actor: &Actor,
    user: &User,
    current: SecretString,
    new: SecretString,
) -> Result<User> {
    check_password(new.expose_secret())?;
    let refused = AuditAction::UserChangePasswordRefused;
    confirm_password(cx, actor, user, current, refused).await?;
    let hash = passwords::hash(new).await?;
    let change = Change::Password(&hash, false);
    change_user(
        cx,
        actor,
        user,
        change,
        false,
        AuditAction::UserChangePassword,
        json!({}),
    )
    .await
}
