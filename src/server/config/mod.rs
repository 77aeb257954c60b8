//! Settings: built-in defaults, then an optional TOML file, then `PUSH_CONSOLE_*`
//! environment variables. Secrets are read here and only held as `SecretString`.
use crate::domain::region::Region;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::PathBuf;
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
    /// Which of its pushes need someone else's approval.
    pub approval: crate::domain::push::review::ApprovalPolicy,
    /// Training: one person may approve their own push. Only the sandbox
    /// app, where nothing reaches anyone, can be in training.
    pub self_approval: bool,
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
            review: self.review(),
        }
    }

    /// How its pushes are reviewed. The sandbox under approval is in
    /// training: one person may try the whole flow alone.
    pub fn review(&self) -> crate::domain::push::review::Review {
        use crate::domain::push::review::{ApprovalPolicy, Review};
        Review {
            policy: self.approval,
            training: self.self_approval
                && self.endpoint == Endpoint::Sandbox
                && self.approval != ApprovalPolicy::None,
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
            approval: crate::domain::push::review::ApprovalPolicy::None,
            self_approval: true,
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
    /// How late a scheduled push may still go out (after a downtime);
    /// later, it is `missed` and a person decides.
    pub schedule_grace: Duration,
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

mod app;
mod load;
pub use load::load;
