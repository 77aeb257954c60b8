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
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// Opens the pool and brings the schema up to date.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)?;
    if backend == Backend::Sqlite {
        ensure_sqlite_folder(url)?;
    }
    let options = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 8,
        })
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(5));
    let options = if backend == Backend::Sqlite {
        options.after_connect(|conn, _| {
            Box::pin(async move {
                use sqlx::Executor;
                // WAL lets the history be read while a push is being recorded;
                // busy_timeout makes concurrent writers wait instead of failing.
                // NORMAL (in WAL mode) keeps every commit safe from a crash of
                // the process; only a power loss can lose the last commits.
                // The one commit that must survive even that, a push's
                // `sending` record before its call, is synced to disk on its
                // own (`synced_commit`).
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                    .await?;
                Ok(())
            })
        })
    } else {
        options
    };
    let pool = options.connect(url).await.map_err(DbError::Connect)?;
    backend.migrator().run(&pool).await?;
    let db = Db { pool, backend };
    db.record_instance().await.map_err(DbError::Connect)?;
    Ok(db)
}

/// A connection whose next commit is on disk before it returns, whatever
/// the power does next. PostgreSQL's default (`synchronous_commit = on`)
/// already is; SQLite's connection is switched to FULL for it and back to
/// NORMAL by `relax`. A connection left FULL by an error is only slower.
pub async fn synced_connection(
    db: &Db,
) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
    use sqlx::Executor;
    let mut conn = db.pool.acquire().await?;
    if db.backend == Backend::Sqlite {
        conn.execute("PRAGMA synchronous = FULL").await?;
    }
    Ok(conn)
}

/// Back to the pool's default after `synced_connection`'s commit.
pub async fn relax(db: &Db, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    use sqlx::Executor;
    if db.backend == Backend::Sqlite {
        conn.execute("PRAGMA synchronous = NORMAL").await?;
    }
    Ok(())
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

impl Db {
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
