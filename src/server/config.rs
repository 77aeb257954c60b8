//! Settings: built-in defaults, then an optional TOML file, then `PUSH_CONSOLE_*`
//! environment variables. Secrets are read here and only held as `SecretString`.
use crate::domain::region::Region;
use secrecy::SecretString;
use serde::Deserialize;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
pub const DEFAULT_DAILY_QUOTA: u32 = 100;
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";
/// The file looked for in the working directory when no path is given.
pub const DEFAULT_FILE: &str = "push-console.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

/// Where an app's REST calls go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Region(Region),
    /// An explicit base URL; overrides the region (tests, proxies, new regions).
    BaseUrl(url::Url),
    /// The built-in sandbox IM server of this same process.
    Sandbox,
}

#[derive(Debug, Clone)]
pub struct AppConfig {
    pub id: String,
    pub name: String,
    pub sdk_app_id: u64,
    pub endpoint: Endpoint,
    pub admin: String,
    pub secret: SecretString,
    pub daily_quota: u32,
    pub time_zone: chrono_tz::Tz,
}

impl AppConfig {
    /// What the pages may know of the app: never its key.
    pub fn summary(&self) -> crate::domain::shell::AppSummary {
        use crate::domain::shell::{AppSummary, EndpointView};
        AppSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            sdk_app_id: self.sdk_app_id,
            endpoint: match &self.endpoint {
                Endpoint::Sandbox => EndpointView::Sandbox,
                Endpoint::Region(r) => EndpointView::Region(*r),
                Endpoint::BaseUrl(u) => EndpointView::Custom(u.origin().ascii_serialization()),
            },
            admin: self.admin.clone(),
            daily_quota: self.daily_quota,
            time_zone: self.time_zone.name().to_string(),
        }
    }

    /// The app used when none is configured. Its key is random per process: only
    /// this process's sandbox ever checks signatures made with it.
    pub fn sandbox() -> Self {
        use rand::distr::{Alphanumeric, SampleString};
        let key = Alphanumeric.sample_string(&mut rand::rng(), 64);
        AppConfig {
            id: "sandbox".into(),
            name: "Sandbox".into(),
            sdk_app_id: 1_400_000_001,
            endpoint: Endpoint::Sandbox,
            admin: "administrator".into(),
            secret: SecretString::from(key),
            daily_quota: DEFAULT_DAILY_QUOTA,
            time_zone: chrono_tz::Asia::Shanghai,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub https: bool,
    /// Proxies whose `Forwarded`/`X-Forwarded-For` is believed for the
    /// client's address; none by default.
    pub trusted_proxies: crate::server::client_addr::TrustedProxies,
    /// Where the audit chain's key comes from (server::audit_key).
    pub audit_key: crate::server::audit_key::KeySource,
    /// Signed checkpoints of the audit log are appended here, outside the
    /// data folder, every `audit_checkpoint_every`; none when unset.
    pub audit_checkpoint_file: Option<PathBuf>,
    pub audit_checkpoint_every: Duration,
    pub log_format: LogFormat,
    /// Where cargo-leptos put the compiled site (`pkg/`, CSS, favicon).
    pub site_root: PathBuf,
    pub apps: Vec<AppConfig>,
    /// Total time allowed for one IM REST call, and for its connection.
    pub im_timeout: Duration,
    pub im_connect_timeout: Duration,
    /// A session ends after this long without a request…
    pub session_idle: Duration,
    /// …and this long after sign-in, whatever happens.
    pub session_lifetime: Duration,
    /// The built-in sandbox answers every call this much later, to imitate a
    /// slow network (demonstrations, tests of the unknown outcome).
    pub sandbox_delay: Duration,
    /// Added to the API's one second between an app's pushes, counted from
    /// the previous push's answer.
    pub push_spacing_margin: Duration,
    /// Bulk audience jobs: the request rate a new job is offered, and the
    /// highest an operator may choose (Tencent allows 100 calls a second).
    pub job_rate: u32,
    pub job_rate_max: u32,
    /// The sandbox's own per-command limit, like Tencent's 100 calls a second;
    /// raised only to measure a job's ceiling.
    pub sandbox_call_rate: u32,
}

impl Config {
    /// The configured app with this id.
    pub fn app(&self, id: &str) -> Option<&AppConfig> {
        self.apps.iter().find(|a| a.id == id)
    }

    /// True when no real app is configured and the built-in sandbox stands in.
    pub fn uses_sandbox(&self) -> bool {
        self.apps.iter().any(|a| a.endpoint == Endpoint::Sandbox)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{key} is not valid: {reason}")]
    Invalid { key: String, reason: String },
}

fn invalid(key: impl Into<String>, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    }
}

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
    #[serde(default)]
    apps: Vec<RawApp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    id: String,
    name: Option<String>,
    sdk_app_id: u64,
    region: Option<String>,
    base_url: Option<String>,
    admin: String,
    secret_env: Option<String>,
    secret_file: Option<PathBuf>,
    daily_quota: Option<u32>,
    time_zone: Option<String>,
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
    if apps.is_empty() {
        apps.push(AppConfig::sandbox());
    }

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

fn build_app(raw: RawApp, env: &dyn Fn(&str) -> Option<String>) -> Result<AppConfig, ConfigError> {
    let key = |field: &str| format!("apps.{}.{field}", raw.id);
    let id_ok = !raw.id.is_empty()
        && raw.id.len() <= 32
        && raw
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !id_ok {
        return Err(invalid(
            "apps.id",
            format!("`{}` must be 1-32 of a-z, 0-9, - and _", raw.id),
        ));
    }
    if raw.sdk_app_id == 0 {
        return Err(invalid(
            key("sdk_app_id"),
            "must be the SDKAppID from the IM console",
        ));
    }
    let endpoint = match (raw.region, raw.base_url) {
        (_, Some(base)) => {
            let url =
                url::Url::parse(&base).map_err(|e| invalid(key("base_url"), e.to_string()))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(invalid(key("base_url"), "must be an http or https URL"));
            }
            Endpoint::BaseUrl(url)
        }
        (Some(region), None) => Endpoint::Region(region.parse().map_err(
            |e: crate::domain::region::UnknownRegion| invalid(key("region"), e.to_string()),
        )?),
        (None, None) => return Err(invalid(key("region"), "give a region or a base_url")),
    };
    if raw.admin.trim().is_empty() {
        return Err(invalid(
            key("admin"),
            "the App administrator account is required",
        ));
    }
    let secret = match (raw.secret_env, raw.secret_file) {
        (Some(var), None) => env(&var).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
            invalid(
                key("secret_env"),
                format!("the environment variable {var} is not set"),
            )
        })?,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map_err(|e| {
                invalid(
                    key("secret_file"),
                    format!("cannot read {}: {e}", path.display()),
                )
            })?
            .trim()
            .to_string(),
        _ => {
            return Err(invalid(
                key("secret_env"),
                "give exactly one of secret_env or secret_file",
            ))
        }
    };
    if secret.is_empty() {
        return Err(invalid(key("secret_file"), "the secret key is empty"));
    }
    let tz_text = raw
        .time_zone
        .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_string());
    let time_zone = tz_text.parse().map_err(|_| {
        invalid(
            key("time_zone"),
            format!("`{tz_text}` is not an IANA time zone such as Asia/Shanghai"),
        )
    })?;
    let daily_quota = raw.daily_quota.unwrap_or(DEFAULT_DAILY_QUOTA);
    if daily_quota == 0 {
        return Err(invalid(key("daily_quota"), "must be at least 1"));
    }
    Ok(AppConfig {
        name: raw
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| raw.id.clone()),
        id: raw.id,
        sdk_app_id: raw.sdk_app_id,
        endpoint,
        admin: raw.admin,
        secret: SecretString::from(secret),
        daily_quota,
        time_zone,
    })
}
