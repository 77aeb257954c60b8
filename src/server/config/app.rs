//! One configured app: its table in the settings file and the environment
//! variables that complete it (the secret key never in the file itself).
use super::*;
use crate::domain::push::review::ApprovalPolicy;
use secrecy::SecretString;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawApp {
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
    /// `none`, `everyone` or `all`; a real app defaults to `all`.
    approval: Option<String>,
}

pub(super) fn build_app(
    raw: RawApp,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AppConfig, ConfigError> {
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
    let approval = match raw.approval.as_deref() {
        None => ApprovalPolicy::All,
        Some(text) => ApprovalPolicy::parse(text.trim()).ok_or_else(|| {
            invalid(
                key("approval"),
                format!("`{text}` must be none, everyone or all"),
            )
        })?,
    };
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
        approval,
        self_approval: false,
    })
}
