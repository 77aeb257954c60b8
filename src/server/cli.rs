//! Administration from the command line: `push-console user …` and
//! `push-console audit verify`. Each change is an audit event by `cli:$USER`.
use super::accounts::{service, users};
use super::audit::Actor;
use super::audit_checkpoint::{read_file, Checkpoint};
use super::audit_verify::{verify_with, Progress, Verdict};
use super::clock::SystemClock;
use super::config::Config;
use super::db;
use crate::domain::account::Role;
use clap::Subcommand;
use secrecy::SecretString;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; prints a one-time password unless --password-stdin is given.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users with their role and state.
    List,
    /// Disable a user; their sessions end at once.
    Disable { name: String },
    /// Enable a disabled user.
    Enable { name: String },
    /// Give a user a new one-time password; their sessions end at once.
    ResetPassword { name: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's keyed chain from the first event to the last,
    /// and against every checkpoint in FILE when given.
    Verify {
        /// A file of checkpoints (JSON lines) written by `audit checkpoint`
        /// or by the audit_checkpoint_file setting.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<std::path::PathBuf>,
        /// Check only the events after the latest checkpoint in FILE (which
        /// vouches for the rest): quick, and run often; a full verify, the
        /// default, also finds a change made before it.
        #[arg(long, requires = "checkpoint")]
        from_checkpoint: bool,
    },
    /// Print a signed checkpoint of the log's head (one JSON line); keep it
    /// outside the data folder.
    Checkpoint,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "the role is admin, operator or auditor".into())
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("push-console: {message}");
    ExitCode::FAILURE
}

pub async fn user(config: &Config, command: UserCommand) -> ExitCode {
    let db = match db::open_with_audit_key(config).await {
        Ok(db) => db,
        Err(e) => return fail(e),
    };
    let clock = SystemClock;
    let cx = service::Ctx {
        db: &db,
        clock: &clock,
    };
    let actor = Actor::command_line();
    let by_name = |name: String| {
        let db = db.clone();
        async move {
            match users::by_name(&db, &name).await {
                Ok(Some(u)) => Ok(u),
                Ok(None) => Err(format!("there is no user named {name}")),
                Err(e) => Err(e.to_string()),
            }
        }
    };
    let result: Result<String, String> = match command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
        } => {
            let password = if password_stdin {
                if std::io::stdin().is_terminal() {
                    eprintln!("Type the password and press Enter:");
                }
                let mut line = String::new();
                if let Err(e) = std::io::stdin().lock().read_line(&mut line) {
                    return fail(e);
                }
                Some(SecretString::from(
                    line.trim_end_matches(['\r', '\n']).to_string(),
                ))
            } else {
                None
            };
            service::add_user(&cx, &actor, &name, role, password)
                .await
                .map(|(u, one_time)| match one_time {
                    Some(p) => format!(
                        "added {} ({}); one-time password: {p}",
                        u.name,
                        u.role.as_str()
                    ),
                    None => format!("added {} ({})", u.name, u.role.as_str()),
                })
                .map_err(|e| e.to_string())
        }
        UserCommand::List => users::all(&db)
            .await
            .map(|all| {
                let mut out = format!("{:<32} {:<9} {}\n", "NAME", "ROLE", "STATE");
                for u in all {
                    let state = match (u.enabled, u.must_change_password) {
                        (false, _) => "disabled",
                        (true, true) => "enabled, one-time password",
                        (true, false) => "enabled",
                    };
                    out.push_str(&format!("{:<32} {:<9} {state}\n", u.name, u.role.as_str()));
                }
                out.trim_end().to_string()
            })
            .map_err(|e| e.to_string()),
        UserCommand::Disable { name } => match by_name(name).await {
            Ok(u) => service::set_enabled(&cx, &actor, u.id, false)
                .await
                .map(|u| format!("disabled {}; their sessions have ended", u.name))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        },
        UserCommand::Enable { name } => match by_name(name).await {
            Ok(u) => service::set_enabled(&cx, &actor, u.id, true)
                .await
                .map(|u| format!("enabled {}", u.name))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        },
        UserCommand::ResetPassword { name } => match by_name(name).await {
            Ok(u) => service::reset_password(&cx, &actor, u.id)
                .await
                .map(|(u, p)| format!("reset the password of {}; one-time password: {p}", u.name))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub async fn audit(config: &Config, command: AuditCommand) -> ExitCode {
    let db = match db::open_with_audit_key(config).await {
        Ok(db) => db,
        Err(e) => return fail(e),
    };
    let (checkpoint, from_checkpoint) = match command {
        AuditCommand::Checkpoint => {
            return match Checkpoint::take(&db, &SystemClock).await {
                Ok(cp) => {
                    println!("{}", cp.to_line());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        AuditCommand::Verify {
            checkpoint,
            from_checkpoint,
        } => (checkpoint, from_checkpoint),
    };
    let checkpoints = match checkpoint.as_deref().map(read_file).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => return fail(e),
    };
    let mut progress = progress_line();
    let verdict = verify_with(&db, &checkpoints, from_checkpoint, &mut progress).await;
    progress(Progress { checked: -1, of: 0 });
    match verdict {
        Ok(Verdict::Intact {
            events,
            unkeyed,
            from,
        }) => {
            if from > 1 {
                println!(
                    "OK: audit events {from} to {events} (after the latest checkpoint), chain intact"
                );
            } else {
                println!("OK: {events} audit events, chain intact");
            }
            if unkeyed > 0 {
                println!(
                    "note: the first {unkeyed} events were written before the chain was keyed; only a checkpoint vouches for them"
                );
            }
            if let Some(last) = checkpoints.iter().map(|c| c.seq).max() {
                println!(
                    "OK: {} checkpoints, the latest at event {last}",
                    checkpoints.len()
                );
            }
            ExitCode::SUCCESS
        }
        Ok(Verdict::Broken { event, reason }) => fail(format!("audit event {event} {reason}")),
        Err(e) => fail(e),
    }
}

/// On a terminal, a line on stderr saying how far the verification has come,
/// rewritten at most ten times a second and cleared at the end (`checked`
/// below zero); elsewhere nothing, so scripts read only the verdict.
fn progress_line() -> impl FnMut(Progress) + Send {
    use std::io::Write;
    let terminal = std::io::stderr().is_terminal();
    let mut last = std::time::Instant::now();
    move |p: Progress| {
        if !terminal {
            return;
        }
        let mut err = std::io::stderr();
        if p.checked < 0 {
            let _ = write!(err, "\r\x1b[K");
        } else if last.elapsed() >= std::time::Duration::from_millis(100) {
            last = std::time::Instant::now();
            let percent = if p.of > 0 {
                p.checked * 100 / p.of
            } else {
                100
            };
            let _ = write!(
                err,
                "\rverifying: {} of {} events ({percent}%)",
                p.checked, p.of
            );
        }
        let _ = err.flush();
    }
}
