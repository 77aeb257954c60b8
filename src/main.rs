//! The `push-console` command: serves the web console (the default), and
//! administration subcommands for users and the audit log.
use clap::{Parser, Subcommand};
use push_console::server::cli::{AuditCommand, UserCommand};
use push_console::server::{cli, config, telemetry};
use push_console::startup::run;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "push-console",
    version,
    about = "A web console for Tencent Cloud IM's all-member push"
)]
struct Cli {
    /// Settings file (TOML). Defaults to ./push-console.toml when it exists.
    #[arg(long, global = true, env = "PUSH_CONSOLE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web console (the default).
    Serve,
    /// Manage the people who may sign in.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

fn main() -> ExitCode {
    limit_allocator_arenas();
    let cli = Cli::parse();
    let env = |key: &str| std::env::var(key).ok();
    let config = match config::load(cli.config.as_deref(), &env) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("push-console: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::User { command } => one_shot(|| cli::user(&config, command)),
        Command::Audit { command } => one_shot(|| cli::audit(&config, command)),
    }
}

/// glibc gives each thread that allocates while another holds the lock an
/// arena of its own, up to 8 per core, and keeps what is freed in it. The
/// server's threads (tokio's workers, one per SQLite connection, the
/// blocking pool) each built pages of the history and the export in their
/// own arena: 99 to 135 MB resident while a million pushes were exported,
/// against 65 MB with two arenas, at the same speed (49 MB/s). It must run
/// before any thread starts.
fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the allocator; no thread has
    // started yet, and a refusal (0) leaves glibc's default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn one_shot<F: std::future::Future<Output = ExitCode>>(job: impl FnOnce() -> F) -> ExitCode {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(job()),
        Err(e) => {
            eprintln!("push-console: cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: config::Config) -> ExitCode {
    telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("push-console: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let sandbox = config.uses_sandbox();
        let server = match run::start(config).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot start");
                eprintln!("push-console: {e}");
                return ExitCode::FAILURE;
            }
        };
        tracing::info!(
            addr = %server.addr,
            database = ?server.state.db.backend,
            sandbox,
            startup_ms = started.elapsed().as_millis() as u64,
            "listening on http://{}",
            server.addr
        );
        match server.run_until(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!(error = %e, "server stopped with an error");
                ExitCode::FAILURE
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
