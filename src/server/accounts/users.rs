//! The users table.
use crate::domain::account::{name_key, Role};
use crate::domain::account::{Me, UserRow};
use crate::server::db::Db;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub enabled: bool,
    pub session_version: i64,
    pub created_at_us: i64,
    pub last_login_at_us: Option<i64>,
}

impl User {
    /// As the users page lists them (the last sign-in is formatted there).
    pub fn row(&self) -> UserRow {
        UserRow {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
            enabled: self.enabled,
            must_change_password: self.must_change_password,
            created_at_us: self.created_at_us,
            last_login_at_us: self.last_login_at_us,
            last_login: None,
        }
    }

    /// As the pages see the signed-in person.
    pub fn me(&self) -> Me {
        Me {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
            must_change_password: self.must_change_password,
        }
    }
}

const COLUMNS: &str = "id, name, role, password_hash, must_change_password, enabled, \
                       session_version, created_at_us, last_login_at_us";

fn from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(|| sqlx::Error::Decode("unknown role".into()))?,
        password_hash: row.try_get("password_hash")?,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        session_version: row.try_get("session_version")?,
        created_at_us: row.try_get("created_at_us")?,
        last_login_at_us: row.try_get("last_login_at_us")?,
    })
}

pub async fn count<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(exec)
        .await
}

pub async fn by_name(db: &Db, name: &str) -> Result<Option<User>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE name_key = $1"))
        .bind(name_key(name))
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn all(db: &Db) -> Result<Vec<User>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY name_key"))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Inserts a user; `Ok(None)` when the name is taken.
pub async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    name: &str,
    role: Role,
    password_hash: &str,
    must_change_password: bool,
    now_us: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (name, name_key, role, password_hash, must_change_password, enabled, \
         session_version, created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, 1, 0, $6, $6) \
         ON CONFLICT (name_key) DO NOTHING RETURNING id",
    )
    .bind(name.trim())
    .bind(name_key(name))
    .bind(role.as_str())
    .bind(password_hash)
    .bind(i64::from(must_change_password))
    .bind(now_us)
    .fetch_optional(&mut **tx)
    .await
}

/// Every change that must end the user's sessions raises session_version.
pub enum Change<'a> {
    Role(Role),
    Enabled(bool),
    /// A new hash, and whether it is a one-time password to be changed.
    Password(&'a str, bool),
}

pub async fn change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    change: Change<'_>,
    now_us: i64,
) -> Result<bool, sqlx::Error> {
    const BUMP: &str = "session_version = session_version + 1, updated_at_us = $2 WHERE id = $3";
    let done = match change {
        Change::Role(role) => {
            let sql = format!("UPDATE users SET role = $1, {BUMP}");
            sqlx::query(&sql)
                .bind(role.as_str())
                .bind(now_us)
                .bind(id)
                .execute(&mut **tx)
                .await?
        }
        Change::Enabled(on) => {
            let sql = format!("UPDATE users SET enabled = $1, {BUMP}");
            sqlx::query(&sql)
                .bind(i64::from(on))
                .bind(now_us)
                .bind(id)
                .execute(&mut **tx)
                .await?
        }
        Change::Password(hash, one_time) => {
            let sql =
                format!("UPDATE users SET password_hash = $1, must_change_password = $4, {BUMP}");
            sqlx::query(&sql)
                .bind(hash)
                .bind(now_us)
                .bind(id)
                .bind(i64::from(one_time))
                .execute(&mut **tx)
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Enabled admins other than `except`: the last one may not be disabled or
/// demoted. The count is taken under a lock on the one `instance` row, held
/// until the transaction ends, so two admins disabling each other at once
/// are checked one after the other (on PostgreSQL a row lock; on SQLite the
/// write lock, taken before anything is read), and the second sees the first.
pub async fn other_enabled_admins(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    except: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("UPDATE instance SET id = id WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND enabled = 1 AND id <> $1",
    )
    .bind(except)
    .fetch_one(&mut **tx)
    .await
}

pub async fn record_login(db: &Db, id: i64, now_us: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_login_at_us = $1 WHERE id = $2")
        .bind(now_us)
        .bind(id)
        .execute(&db.pool)
        .await
        .map(|_| ())
}
