//! Sessions: tower-sessions with its sqlx store in our own database (SQLite or
//! PostgreSQL, like everything else). The cookie is HttpOnly and
//! SameSite=Strict, and `Secure` with a `__Host-` name over HTTPS. Idle and
//! absolute expiry are decided by our injectable clock on every request; the
//! store's own expiry is only the backstop that cleans rows up.
use super::accounts::users::{self, User};
use super::config::Config;
use super::db::Backend;
use super::state::AppState;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// What a signed-in session holds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedIn {
    pub user_id: i64,
    /// The user's session_version at sign-in; a raise ends the session.
    pub version: i64,
    pub auth_at_us: i64,
    pub seen_at_us: i64,
}

pub const SIGNED_IN: &str = "signed_in";

#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens a small typed pool beside the main one (the store needs a
    /// backend-specific pool) and creates the store's table.
    pub async fn open(url: &str, backend: Backend) -> Result<Store, sqlx::Error> {
        let store = match backend {
            Backend::Sqlite => {
                let options: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
                let options = options
                    .busy_timeout(std::time::Duration::from_secs(5))
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(2)
                    .connect_with(options)
                    .await?;
                let store = SqliteStore::new(pool);
                store.migrate().await?;
                Store::Sqlite(store)
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .connect(url)
                    .await?;
                let store = PostgresStore::new(pool);
                store.migrate().await?;
                Store::Postgres(store)
            }
        };
        Ok(store)
    }

    /// Removes expired rows every hour, in the background.
    pub fn spawn_cleanup(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            let every = tokio::time::Duration::from_secs(3600);
            let result = match store {
                Store::Sqlite(s) => s.continuously_delete_expired(every).await,
                Store::Postgres(s) => s.continuously_delete_expired(every).await,
            };
            if let Err(e) = result {
                tracing::error!(error = %e, "expired sessions cannot be removed");
            }
        });
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-push_console_session"
    } else {
        "push_console_session"
    }
}

pub fn layer(store: Store, config: &Config) -> SessionManagerLayer<Store> {
    let idle = time::Duration::seconds(config.session_idle.as_secs() as i64);
    SessionManagerLayer::new(store)
        .with_name(cookie_name(config.https))
        .with_secure(config.https)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Whether a session is still alive at `now_us` under the configured limits.
pub fn alive(s: &SignedIn, now_us: i64, config: &Config) -> bool {
    let idle_us = config.session_idle.as_micros() as i64;
    let lifetime_us = config.session_lifetime.as_micros() as i64;
    now_us - s.seen_at_us < idle_us && now_us - s.auth_at_us < lifetime_us
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("session store: {0}")]
    Store(#[from] tower_sessions::session::Error),
    #[error("storage: {0}")]
    Db(#[from] sqlx::Error),
}

/// How often a session's last activity is written down: once a minute, or
/// a quarter of the idle limit when that is shorter, so an active user is
/// never taken for idle.
fn seen_at_step_us(config: &Config) -> i64 {
    (60 * 1_000_000).min(config.session_idle.as_micros() as i64 / 4)
}

/// The signed-in user, if the session is still alive (not idle or too old,
/// the user enabled, the password unchanged); a dead session is ended.
/// Each call counts as activity for the idle timeout.
pub async fn live_user(
    state: &AppState,
    session: &tower_sessions::Session,
) -> Result<Option<User>, SessionError> {
    let Some(mut signed) = session.get::<SignedIn>(SIGNED_IN).await? else {
        return Ok(None);
    };
    let now = state.clock.now_micros();
    let user = users::by_id(&state.db, signed.user_id).await?;
    let live = alive(&signed, now, &state.config)
        && user
            .as_ref()
            .is_some_and(|u| u.enabled && u.session_version == signed.version);
    if !live {
        session.flush().await?;
        return Ok(None);
    }
    // Activity is written at most once a step: the idle timeout keeps its
    // meaning, and most calls cost no write to the session store.
    if now - signed.seen_at_us >= seen_at_step_us(&state.config) {
        signed.seen_at_us = now;
        session.insert(SIGNED_IN, signed).await?;
    }
    Ok(user)
}

/// Starts a fresh session for `user`: a new id, so one planted before
/// sign-in is worthless.
pub async fn start(
    state: &AppState,
    session: &tower_sessions::Session,
    user: &User,
) -> Result<(), SessionError> {
    session.cycle_id().await?;
    let now = state.clock.now_micros();
    let signed = SignedIn {
        user_id: user.id,
        version: user.session_version,
        auth_at_us: now,
        seen_at_us: now,
    };
    session.insert(SIGNED_IN, signed).await?;
    Ok(())
}
