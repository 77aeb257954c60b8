//! Reading the settings: the TOML file's shape, the environment's names,
//! and every value checked, with the key it came from in any error.
use super::app::{build_app, RawApp};
use super::*;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file's shape. Every key is optional; environment variables win.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    https: Option<bool>,
    trusted_proxies: Option<Vec<String>>,
    audit_key_file: Option<PathBuf>,
    audit_checkpoint_file: Option<PathBuf>,
    audit_checkpoint_minutes: Option<u64>,
    log_format: Option<String>,
    site_root: Option<PathBuf>,
    im_timeout_secs: Option<u64>,
    im_connect_timeout_secs: Option<u64>,
    session_idle_minutes: Option<u64>,
    session_lifetime_hours: Option<u64>,
    sandbox_delay_ms: Option<u64>,
    push_spacing_margin_ms: Option<u64>,
    job_rate: Option<u64>,
    job_rate_max: Option<u64>,
    sandbox_call_rate: Option<u64>,
    /// The built-in sandbox app's approval: `none` (the default), `everyone`
    /// or `all` — then in training mode, where one may approve one's own.
    sandbox_approval: Option<String>,
    /// Whether, under approval, the sandbox lets one approve one's own push
    /// (training, the default); off, it asks for a second person as a real
    /// app does.
    sandbox_training: Option<bool>,
    schedule_grace_minutes: Option<u64>,
    #[serde(default)]
    apps: Vec<RawApp>,
}
/// Reads settings. `env` is injected so tests need not touch the process environment.
pub fn load(
    file: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let explicit = file
        .map(Path::to_path_buf)
        .or_else(|| env("PUSH_CONSOLE_CONFIG").map(PathBuf::from));
    let file_cfg = match explicit {
        Some(path) => read_file(&path)?,
        None if Path::new(DEFAULT_FILE).exists() => read_file(Path::new(DEFAULT_FILE))?,
        None => FileConfig::default(),
    };

    let listen_text = env("PUSH_CONSOLE_LISTEN")
        .or(file_cfg.listen)
        .or_else(|| env("LEPTOS_SITE_ADDR"))
        .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
    let listen = listen_text.parse().map_err(|_| {
        invalid(
            "listen",
            format!("`{listen_text}` is not an address like 127.0.0.1:3000"),
        )
    })?;

    let data_dir = env("PUSH_CONSOLE_DATA_DIR")
        .map(PathBuf::from)
        .or(file_cfg.data_dir)
        .unwrap_or_else(|| PathBuf::from("./data"));

    let database_url = env("DATABASE_URL")
        .or_else(|| env("PUSH_CONSOLE_DATABASE_URL"))
        .or(file_cfg.database_url)
        .unwrap_or_else(|| default_database_url(&data_dir));

    let https = match env("PUSH_CONSOLE_HTTPS") {
        Some(v) => parse_bool("https", &v)?,
        None => file_cfg.https.unwrap_or(false),
    };

    let proxies: Vec<String> = match env("PUSH_CONSOLE_TRUSTED_PROXIES") {
        Some(list) => list
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => file_cfg.trusted_proxies.clone().unwrap_or_default(),
    };
    let trusted_proxies = crate::server::client_addr::TrustedProxies(
        proxies
            .iter()
            .map(|p| p.parse().map_err(|e| invalid("trusted_proxies", e)))
            .collect::<Result<_, _>>()?,
    );

    use crate::server::audit_key::KeySource;
    let audit_key = match (
        env("PUSH_CONSOLE_AUDIT_KEY").filter(|k| !k.is_empty()),
        env("PUSH_CONSOLE_AUDIT_KEY_FILE")
            .map(PathBuf::from)
            .or(file_cfg.audit_key_file.clone()),
    ) {
        (Some(key), _) => KeySource::Env(key.into()),
        (None, Some(path)) => KeySource::File(path),
        (None, None) => KeySource::DataDir,
    };
    let audit_checkpoint_file = env("PUSH_CONSOLE_AUDIT_CHECKPOINT_FILE")
        .map(PathBuf::from)
        .or(file_cfg.audit_checkpoint_file.clone());
    if let Some(file) = &audit_checkpoint_file {
        let absolute = |p: &Path| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or(p.to_path_buf())
        };
        if absolute(file).starts_with(absolute(&data_dir)) {
            return Err(invalid(
                "audit_checkpoint_file",
                "must be outside the data folder: a checkpoint beside the database it vouches for can be rolled back with it",
            ));
        }
    }
    let audit_checkpoint_every = Duration::from_secs(
        60 * whole_number(
            env,
            ("audit_checkpoint_minutes", "minutes"),
            file_cfg.audit_checkpoint_minutes,
            60,
            1..=24 * 60,
        )?,
    );

    let log_format = match env("PUSH_CONSOLE_LOG_FORMAT")
        .or(file_cfg.log_format)
        .as_deref()
    {
        None | Some("human") => LogFormat::Human,
        Some("json") => LogFormat::Json,
        Some(other) => {
            return Err(invalid(
                "log_format",
                format!("`{other}` is neither human nor json"),
            ))
        }
    };

    let site_root = env("PUSH_CONSOLE_SITE_ROOT")
        .or_else(|| env("LEPTOS_SITE_ROOT"))
        .map(PathBuf::from)
        .or(file_cfg.site_root)
        .unwrap_or_else(|| PathBuf::from("target/site"));

    let im_timeout = Duration::from_secs(whole_number(
        env,
        ("im_timeout_secs", "seconds"),
        file_cfg.im_timeout_secs,
        DEFAULT_IM_TIMEOUT_SECS,
        1..=120,
    )?);
    let im_connect_timeout = Duration::from_secs(whole_number(
        env,
        ("im_connect_timeout_secs", "seconds"),
        file_cfg.im_connect_timeout_secs,
        DEFAULT_IM_CONNECT_TIMEOUT_SECS,
        1..=60,
    )?);
    let session_idle = Duration::from_secs(
        60 * whole_number(
            env,
            ("session_idle_minutes", "minutes"),
            file_cfg.session_idle_minutes,
            30,
            1..=24 * 60,
        )?,
    );
    let session_lifetime = Duration::from_secs(
        3600 * whole_number(
            env,
            ("session_lifetime_hours", "hours"),
            file_cfg.session_lifetime_hours,
            12,
            1..=24 * 30,
        )?,
    );

    let sandbox_delay = Duration::from_millis(whole_number(
        env,
        ("sandbox_delay_ms", "milliseconds"),
        file_cfg.sandbox_delay_ms,
        0,
        0..=60_000,
    )?);

    let push_spacing_margin = Duration::from_millis(whole_number(
        env,
        ("push_spacing_margin_ms", "milliseconds"),
        file_cfg.push_spacing_margin_ms,
        200,
        0..=10_000,
    )?);

    let job_rate_max = whole_number(
        env,
        ("job_rate_max", "requests a second"),
        file_cfg.job_rate_max,
        crate::domain::push::limits::CALLS_PER_SECOND_MAX as u64,
        1..=1_000_000,
    )? as u32;
    let job_rate = whole_number(
        env,
        ("job_rate", "requests a second"),
        file_cfg.job_rate,
        50.min(u64::from(job_rate_max)),
        1..=u64::from(job_rate_max),
    )? as u32;
    let sandbox_call_rate = whole_number(
        env,
        ("sandbox_call_rate", "requests a second"),
        file_cfg.sandbox_call_rate,
        crate::domain::push::limits::CALLS_PER_SECOND_MAX as u64,
        1..=1_000_000,
    )? as u32;

    let raw_apps = match env("PUSH_CONSOLE_APPS") {
        Some(json) => serde_json::from_str::<Vec<RawApp>>(&json)
            .map_err(|e| invalid("PUSH_CONSOLE_APPS", e.to_string()))?,
        None => file_cfg.apps,
    };
    let mut apps = raw_apps
        .into_iter()
        .map(|raw| build_app(raw, env))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = HashSet::new();
    if let Some(dup) = apps.iter().find(|a| !seen.insert(a.id.clone())) {
        return Err(invalid(
            "apps",
            format!("the id `{}` is used twice", dup.id),
        ));
    }
    let sandbox_approval = env("PUSH_CONSOLE_SANDBOX_APPROVAL").or(file_cfg.sandbox_approval);
    if apps.is_empty() {
        let mut sandbox = AppConfig::sandbox();
        if let Some(text) = sandbox_approval {
            sandbox.approval = crate::domain::push::review::ApprovalPolicy::parse(text.trim())
                .ok_or_else(|| {
                    invalid(
                        "sandbox_approval",
                        format!("`{text}` must be none, everyone or all"),
                    )
                })?;
        }
        sandbox.self_approval = match env("PUSH_CONSOLE_SANDBOX_TRAINING") {
            Some(v) => parse_bool("sandbox_training", &v)?,
            None => file_cfg.sandbox_training.unwrap_or(true),
        };
        apps.push(sandbox);
    }
    let schedule_grace = Duration::from_secs(
        60 * whole_number(
            env,
            ("schedule_grace_minutes", "minutes"),
            file_cfg.schedule_grace_minutes,
            crate::domain::push::review::DEFAULT_GRACE_MINUTES,
            0..=24 * 60,
        )?,
    );

    Ok(Config {
        listen,
        data_dir,
        database_url,
        https,
        trusted_proxies,
        audit_key,
        audit_checkpoint_file,
        audit_checkpoint_every,
        log_format,
        site_root,
        apps,
        im_timeout,
        im_connect_timeout,
        session_idle,
        session_lifetime,
        sandbox_delay,
        push_spacing_margin,
        job_rate,
        job_rate_max,
        sandbox_call_rate,
        schedule_grace,
    })
}

/// Tencent's own REST timeout is 3 s; ours is longer so we hear its answer.
const DEFAULT_IM_TIMEOUT_SECS: u64 = 10;
const DEFAULT_IM_CONNECT_TIMEOUT_SECS: u64 = 5;

/// A whole number from `PUSH_CONSOLE_<KEY>` or the file, within `range`;
/// `unit` names what it counts in error messages.
fn whole_number(
    env: &dyn Fn(&str) -> Option<String>,
    (key, unit): (&str, &str),
    from_file: Option<u64>,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, ConfigError> {
    let env_name = format!("PUSH_CONSOLE_{}", key.to_uppercase());
    let value = match env(&env_name) {
        Some(text) => text
            .trim()
            .parse::<u64>()
            .map_err(|_| invalid(key, format!("`{text}` is not a whole number of {unit}")))?,
        None => from_file.unwrap_or(default),
    };
    if !range.contains(&value) {
        return Err(invalid(
            key,
            format!(
                "{value} is outside {} to {} {unit}",
                range.start(),
                range.end()
            ),
        ));
    }
    Ok(value)
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn default_database_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("push-console.db").display()
    )
}

fn parse_bool(key: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(invalid(key, format!("`{v}` is not true or false"))),
    }
}
