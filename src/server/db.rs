//! One sqlx `Any` pool over SQLite (the default) or PostgreSQL, chosen by the URL.
//! Queries use `$1` placeholders, times are integer UTC microseconds and JSON is
//! text, so the same SQL runs on both backends.
use serde::{Deserialize, Serialize};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    AuditKey(#[from] super::audit_key::KeyError),
}

/// The database of `config`, appending to the audit log with its key: what
/// the server and every command-line change open.
pub async fn open_with_audit_key(config: &super::config::Config) -> Result<Db, DbError> {
    let db = connect(&config.database_url).await?;
    let shared = db.backend == Backend::Postgres;
    let key = super::audit_key::AuditKey::load(&config.audit_key, &config.data_dir, shared)?;
    Ok(db.with_audit_key(key))
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// Connections whose every commit is on disk before it returns. On
    /// PostgreSQL the same pool (its default commit already is); on SQLite
    /// a small second pool with `synchronous = FULL`, used only where a
    /// commit must survive a power loss (a push's record before its call).
    pub durable: AnyPool,
    pub backend: Backend,
    /// The audit chain's key (server::audit_key); none until loaded.
    pub audit_key: super::audit_key::AuditKey,
}

/// Opens the pool and brings the schema up to date.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)?;
    if backend == Backend::Sqlite {
        ensure_sqlite_folder(url)?;
    }
    let pool = pool_options(backend, 4, "NORMAL", 1000)
        .connect(url)
        .await
        .map_err(DbError::Connect)?;
    backend.migrator().run(&pool).await?;
    let durable = match backend {
        // Its commits never copy the log into the database (a checkpoint:
        // tens of milliseconds, and before a push's call); the main pool's
        // commits and `spawn_checkpointer` do.
        Backend::Sqlite => pool_options(backend, 2, "FULL", 0)
            .connect(url)
            .await
            .map_err(DbError::Connect)?,
        Backend::Postgres => pool.clone(),
    };
    let db = Db {
        pool,
        durable,
        backend,
        audit_key: super::audit_key::AuditKey::none(),
    };
    db.record_instance().await.map_err(DbError::Connect)?;
    Ok(db)
}

/// The pool's settings. SQLite's connections are WAL (the history is read
/// while a push is recorded) and wait for a busy writer instead of failing;
/// `synchronous` is NORMAL for the main pool (in WAL mode every commit is
/// safe from a crash of the process; only a power loss can lose the last
/// ones) and FULL for the durable one. `autocheckpoint`: the log's size in
/// pages at which a commit copies it into the database (0: never).
fn pool_options(
    backend: Backend,
    sqlite_max: u32,
    synchronous: &'static str,
    autocheckpoint: u32,
) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => sqlite_max,
            Backend::Postgres => 8,
        })
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(5));
    if backend == Backend::Postgres {
        return options;
    }
    options.after_connect(move |conn, _| {
        Box::pin(async move {
            use sqlx::Executor;
            conn.execute(
                format!(
                    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous}; \
                     PRAGMA wal_autocheckpoint = {autocheckpoint};"
                )
                .as_str(),
            )
            .await?;
            Ok(())
        })
    })
}

/// How often the server copies SQLite's log into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

impl Db {
    /// On SQLite, copies the write-ahead log into the database once a
    /// second in the background (without waiting for readers or writers),
    /// so the log stays small and requests seldom do it themselves.
    pub fn spawn_checkpointer(&self) -> Option<tokio::task::JoinHandle<()>> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let pool = self.pool.clone();
        Some(tokio::spawn(async move {
            loop {
                tokio::time::sleep(CHECKPOINT_EVERY).await;
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(error = %e, "cannot checkpoint the database's log");
                }
            }
        }))
    }
}

fn ensure_sqlite_folder(url: &str) -> Result<(), DbError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbError::Folder(parent.display().to_string(), e))?;
    }
    Ok(())
}

/// A transaction that writes. On SQLite it takes the write lock at BEGIN
/// (IMMEDIATE), waiting for a busy writer: a deferred transaction's first
/// read (even preparing a statement, which loads the schema and the search
/// index's settings) pins a snapshot, and if another connection commits
/// before its first write, SQLite refuses the write at once
/// (SQLITE_BUSY_SNAPSHOT) instead of waiting. PostgreSQL locks rows.
pub type WriteTx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// A writing transaction on the main pool.
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }

    /// A writing transaction on the durable pool.
    pub async fn write_durable(&self) -> Result<WriteTx, sqlx::Error> {
        begin_write(&self.durable, self.backend).await
    }
}

async fn begin_write(pool: &AnyPool, backend: Backend) -> Result<WriteTx, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

impl Db {
    /// The same pools, appending to the audit log under `key`.
    pub fn with_audit_key(mut self, key: super::audit_key::AuditKey) -> Db {
        self.audit_key = key;
        self
    }

    /// A cheap round trip for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

impl Db {
    /// Records when this database was first set up; later starts leave the row alone.
    pub async fn record_instance(&self) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "INSERT INTO instance (id, created_at_us, created_version) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(super::clock::Clock::now_micros(&super::clock::SystemClock))
        .bind(env!("CARGO_PKG_VERSION"))
        .execute(&self.pool)
        .await?;
        sqlx::query_scalar("SELECT created_at_us FROM instance WHERE id = 1")
            .fetch_one(&self.pool)
            .await
    }
}
