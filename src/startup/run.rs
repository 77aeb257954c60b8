//! Starting and stopping the server: used by `push-console serve` and by the
//! integration tests, which start the real thing on a random port.
use crate::server::clock::SharedClock;
use crate::server::config::{Config, Endpoint};
use crate::server::db::{self, DbError};
use crate::server::im::client::ImClient;
use crate::server::im::sig_cache::SigCache;
use crate::server::sandbox::auth::SandboxApp;
use crate::server::sandbox::commands::Sandbox;
use crate::server::sandbox::routes;
use crate::server::sandbox::seed;
use crate::server::state::AppState;
use leptos::config::{Env, LeptosOptions};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
}

pub struct RunningServer {
    pub addr: SocketAddr,
    pub state: AppState,
    /// The sandbox's answer delay for im_push, in milliseconds; changeable
    /// while running.
    pub sandbox_delay_ms: Arc<std::sync::atomic::AtomicU64>,
    /// Every request the sandbox has received, whatever its answer.
    pub sandbox_calls: Arc<std::sync::atomic::AtomicU64>,
    /// Of those, the ones refused for the per-second limit.
    pub sandbox_rate_refusals: Arc<std::sync::atomic::AtomicU64>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    /// The bulk-job runners, the sweeper of lost pushes and the database's
    /// checkpointer, stopped with the server.
    runners: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting connections and lets open requests finish for up to
    /// `SHUTDOWN_GRACE`; a client that holds a connection open longer is cut
    /// off, so a stop never hangs.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // A runner stopped mid-batch resumes with that batch next time; tag
        // and attribute changes are safe to send twice.
        for runner in self.runners.drain(..) {
            runner.abort();
        }
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task).await {
            Ok(joined) => joined.unwrap_or_else(|e| Err(std::io::Error::other(e))),
            Err(_) => {
                tracing::warn!("open connections did not finish in time; closing them");
                self.task.abort();
                Ok(())
            }
        }
    }

    /// Serves until `signal` completes, then stops as `stop` does.
    pub async fn run_until(
        mut self,
        signal: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<()> {
        tokio::select! {
            joined = &mut self.task => joined.unwrap_or_else(|e| Err(std::io::Error::other(e))),
            () = signal => {
                tracing::info!("shutting down");
                self.stop().await
            }
        }
    }
}

pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    start_with_clock(config, crate::server::clock::system()).await
}

/// How long a stop waits for open requests.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Demo users made on the first start of the sandbox.
pub const SANDBOX_USERS: usize = 10_000;

pub async fn start_with_clock(
    config: Config,
    clock: SharedClock,
) -> Result<RunningServer, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    let db = db::open_with_audit_key(&config).await?;
    // Before the sandbox's first-start seeding, whose long transaction
    // would make the session table's creation wait on SQLite's write lock.
    let sessions = crate::server::session::Store::open(&config.database_url, db.backend)
        .await
        .map_err(|e| StartError::Database(DbError::Connect(e)))?;
    sessions.spawn_cleanup();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| StartError::Bind(config.listen, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Bind(config.listen, e))?;

    let leptos = leptos_options(&config, addr);
    let site_root = config.site_root.clone();
    let http = ImClient::http_client(config.im_timeout, config.im_connect_timeout)
        .map_err(|e| StartError::Http(e.to_string()))?;
    let sandbox_base =
        Url::parse(&format!("http://{addr}/sandbox/")).expect("a socket address makes a URL");
    let sandbox_delay = Arc::new(std::sync::atomic::AtomicU64::new(
        config.sandbox_delay.as_millis() as u64,
    ));
    let sandbox_calls = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sandbox_rate_refusals = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut im = HashMap::new();
    let mut sandbox = None;
    for app in &config.apps {
        let base = match &app.endpoint {
            Endpoint::Region(region) => {
                Url::parse(&format!("https://{}/", region.host())).expect("region hosts are valid")
            }
            Endpoint::BaseUrl(url) => url.clone(),
            Endpoint::Sandbox => {
                // The first start makes the demo population in the background
                // so start-up stays quick; the sandbox answers once it is done.
                let (ready_tx, ready) = tokio::sync::watch::channel(false);
                let (seed_db, sdk_app_id) = (db.clone(), app.sdk_app_id);
                tokio::spawn(async move {
                    match seed::seed_if_empty(&seed_db, sdk_app_id, SANDBOX_USERS).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(users = n, "sandbox demo population created"),
                        Err(e) => {
                            tracing::error!(error = %e, "cannot create the sandbox demo population")
                        }
                    }
                    let _ = ready_tx.send(true);
                });
                sandbox = Some(Sandbox {
                    ready,
                    db: db.clone(),
                    app: SandboxApp {
                        sdk_app_id: app.sdk_app_id,
                        admin: app.admin.clone(),
                        key: app.secret.clone(),
                    },
                    clock: clock.clone(),
                    time_zone: app.time_zone,
                    daily_quota: i64::from(app.daily_quota),
                    push_lock: Arc::default(),
                    rate: Arc::new(crate::server::sandbox::rate::RateLimit::new(
                        config.sandbox_call_rate as usize,
                    )),
                    delay_ms: sandbox_delay.clone(),
                    calls: sandbox_calls.clone(),
                    rate_refusals: sandbox_rate_refusals.clone(),
                });
                sandbox_base.clone()
            }
        };
        let sigs = SigCache::new(
            app.secret.clone(),
            app.sdk_app_id,
            app.admin.clone(),
            clock.clone(),
        );
        im.insert(
            app.id.clone(),
            ImClient::new(http.clone(), base, app.sdk_app_id, app.admin.clone(), sigs),
        );
    }
    let state = AppState {
        leptos,
        config: Arc::new(config),
        db,
        clock,
        im: Arc::new(im),
        attr_names: Arc::default(),
        jobs_wake: Arc::default(),
        owner: crate::server::push::lease::new_owner_id(),
    };
    let mut runners = crate::server::audience::runner::spawn(&state);
    // Pushes cut off by a stop or crash become `unknown` once their owner's
    // lease has run out; at once for those of a long-gone process.
    // Scheduled pushes whose time has come, in every process.
    runners.push(crate::server::push::dispatch::spawn(state.clone()));
    runners.push(crate::server::push::lease::spawn_sweeper(
        state.db.clone(),
        state.clock.clone(),
    ));
    if let Some(path) = &state.config.audit_checkpoint_file {
        runners.push(crate::server::audit_checkpoint::spawn_writer(
            state.db.clone(),
            state.clock.clone(),
            path.clone(),
            state.config.audit_checkpoint_every,
        ));
    }
    runners.push(crate::server::accounts::throttle::spawn_forgetting(
        state.db.clone(),
        state.clock.clone(),
    ));
    runners.extend(state.db.spawn_checkpointer());
    runners.push(crate::server::text_grams::start_backfill(state.db.clone()).await);
    tokio::task::spawn_blocking(crate::server::accounts::passwords::warm_up);
    let mut app = super::http::router(state.clone(), sessions);
    if let Some(sandbox) = sandbox {
        app = app.nest("/sandbox", routes::router(sandbox));
    }

    tokio::task::spawn_blocking(move || crate::server::assets::precompress(&site_root));

    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = rx.await;
        })
        .await
    });
    Ok(RunningServer {
        addr,
        state,
        sandbox_delay_ms: sandbox_delay,
        sandbox_calls,
        sandbox_rate_refusals,
        shutdown: Some(tx),
        task,
        runners,
    })
}

fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    // cargo-leptos writes the asset hashes next to the server binary; without
    // that file (tests, `cargo run`) asset names are used unhashed.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|p| p.exists());
    let env = match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("DEV") | Ok("dev") | Ok("development") => Env::DEV,
        _ => Env::PROD,
    };
    LeptosOptions::builder()
        .output_name("push-console")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(env)
        .hash_files(hashed)
        .build()
}
