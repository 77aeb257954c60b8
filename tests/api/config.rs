//! Settings: defaults, then the file, then the environment; secrets held safely.
use push_console::domain::region::Region;
use push_console::server::config::{self, ConfigError, Endpoint, LogFormat};
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("push-console.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn load(file: &Path, env: &[(&str, &str)]) -> Result<config::Config, ConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    config::load(Some(file), &|k: &str| env.get(k).cloned())
}

#[test]
fn an_empty_file_gives_the_embedded_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let c = load(&write(dir.path(), ""), &[]).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
    assert_eq!(c.data_dir, PathBuf::from("./data"));
    assert_eq!(c.database_url, "sqlite://./data/push-console.db?mode=rwc");
    assert!(!c.https);
    assert_eq!(c.log_format, LogFormat::Human);
    assert_eq!(c.apps.len(), 1);
    assert_eq!(c.apps[0].endpoint, Endpoint::Sandbox);
    assert!(c.uses_sandbox());
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        r#"
listen = "127.0.0.1:4000"
data_dir = "/var/lib/pc"
https = true
log_format = "json"
"#,
    );
    let from_file = load(&file, &[]).unwrap();
    assert_eq!(from_file.listen.to_string(), "127.0.0.1:4000");
    assert_eq!(from_file.data_dir, PathBuf::from("/var/lib/pc"));
    assert_eq!(
        from_file.database_url,
        "sqlite:///var/lib/pc/push-console.db?mode=rwc"
    );
    assert!(from_file.https);
    assert_eq!(from_file.log_format, LogFormat::Json);

    let from_env = load(
        &file,
        &[
            ("PUSH_CONSOLE_LISTEN", "0.0.0.0:5000"),
            ("PUSH_CONSOLE_DATA_DIR", "/srv/pc"),
            ("DATABASE_URL", "postgres://db/pc"),
            ("PUSH_CONSOLE_HTTPS", "false"),
            ("PUSH_CONSOLE_LOG_FORMAT", "human"),
        ],
    )
    .unwrap();
    assert_eq!(from_env.listen.to_string(), "0.0.0.0:5000");
    assert_eq!(from_env.data_dir, PathBuf::from("/srv/pc"));
    assert_eq!(from_env.database_url, "postgres://db/pc");
    assert!(!from_env.https);
    assert_eq!(from_env.log_format, LogFormat::Human);
}

#[test]
fn apps_come_from_the_file_with_secrets_from_the_environment_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "file-secret\n").unwrap();
    let file = write(
        dir.path(),
        &format!(
            r#"
[[apps]]
id = "cn"
name = "China app"
sdk_app_id = 1400000123
region = "china"
admin = "administrator"
secret_env = "CN_KEY"

[[apps]]
id = "proxy"
sdk_app_id = 1400000456
base_url = "https://im-proxy.internal:8443/"
admin = "ops"
secret_file = "{}"
daily_quota = 500
time_zone = "UTC"
"#,
            key_file.display()
        ),
    );
    let c = load(&file, &[("CN_KEY", "env-secret")]).unwrap();
    assert!(!c.uses_sandbox());
    assert_eq!(c.apps.len(), 2);
    let cn = &c.apps[0];
    assert_eq!(cn.endpoint, Endpoint::Region(Region::China));
    assert_eq!(cn.secret.expose_secret(), "env-secret");
    assert_eq!(cn.daily_quota, 100);
    assert_eq!(cn.time_zone.name(), "Asia/Shanghai");
    let proxy = &c.apps[1];
    assert_eq!(proxy.name, "proxy", "the id stands in for a missing name");
    assert!(
        matches!(&proxy.endpoint, Endpoint::BaseUrl(u) if u.host_str() == Some("im-proxy.internal"))
    );
    assert_eq!(proxy.secret.expose_secret(), "file-secret");
    assert_eq!(proxy.daily_quota, 500);
    // Debug output, which ends up in logs, never shows a key.
    let debug = format!("{c:?}");
    assert!(!debug.contains("env-secret") && !debug.contains("file-secret"));
}

#[test]
fn the_environment_can_replace_the_app_list() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "[[apps]]\nid='a'\nsdk_app_id=1\nregion='seoul'\nadmin='x'\nsecret_env='K'\n",
    );
    let c = load(
        &file,
        &[
            ("K", "k"),
            (
                "PUSH_CONSOLE_APPS",
                r#"[{"id":"b","sdk_app_id":2,"region":"jakarta","admin":"y","secret_env":"K"}]"#,
            ),
        ],
    )
    .unwrap();
    assert_eq!(c.apps.len(), 1);
    assert_eq!(c.apps[0].id, "b");
    assert_eq!(c.apps[0].endpoint, Endpoint::Region(Region::Jakarta));
}

#[test]
fn mistakes_are_named_without_revealing_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let app = |extra: &str| format!("[[apps]]\nid='a'\nsdk_app_id=1\nadmin='x'\n{extra}\n");
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            &app("region='china'\nsecret_env='MISSING'"),
            &[],
            "MISSING is not set",
        ),
        (
            &app("region='mars'\nsecret_env='K'"),
            &[("K", "k")],
            "unknown region",
        ),
        (
            &app("secret_env='K'"),
            &[("K", "k")],
            "region or a base_url",
        ),
        (
            &app("base_url='ftp://x'\nsecret_env='K'"),
            &[("K", "k")],
            "http or https",
        ),
        (
            &app("region='china'\nsecret_env='K'\ntime_zone='Mars/Olympus'"),
            &[("K", "k")],
            "IANA time zone",
        ),
        (
            &app("region='china'\nsecret_env='K'\ndaily_quota=0"),
            &[("K", "k")],
            "at least 1",
        ),
        (
            &app("region='china'"),
            &[],
            "exactly one of secret_env or secret_file",
        ),
        ("colour = 'blue'", &[], "unknown field"),
        ("listen = 'nowhere'", &[], "not an address"),
        (
            "",
            &[("PUSH_CONSOLE_LOG_FORMAT", "xml")],
            "neither human nor json",
        ),
        ("", &[("PUSH_CONSOLE_HTTPS", "maybe")], "not true or false"),
    ];
    for (text, env, expected) in cases {
        let err = load(&write(dir.path(), text), env)
            .expect_err(text)
            .to_string();
        assert!(
            err.contains(expected),
            "{text:?}: `{err}` lacks `{expected}`"
        );
    }
    let twice = format!(
        "{}{}",
        app("region='china'\nsecret_env='K'"),
        app("region='china'\nsecret_env='K'")
    );
    let err = load(&write(dir.path(), &twice), &[("K", "topsecret")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("used twice"));
    assert!(!err.contains("topsecret"));
}

#[test]
fn a_missing_config_file_is_an_error_when_named() {
    let err = config::load(Some(Path::new("/nonexistent/pc.toml")), &|_| None).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
}

#[test]
fn im_timeouts_come_from_the_file_or_environment_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let defaults = load(&write(dir.path(), ""), &[]).unwrap();
    assert_eq!(defaults.im_timeout.as_secs(), 10);
    assert_eq!(defaults.im_connect_timeout.as_secs(), 5);

    let file = write(
        dir.path(),
        "im_timeout_secs = 20\nim_connect_timeout_secs = 2\n",
    );
    let from_file = load(&file, &[]).unwrap();
    assert_eq!(from_file.im_timeout.as_secs(), 20);
    assert_eq!(from_file.im_connect_timeout.as_secs(), 2);
    let from_env = load(&file, &[("PUSH_CONSOLE_IM_TIMEOUT_SECS", "30")]).unwrap();
    assert_eq!(from_env.im_timeout.as_secs(), 30);

    for bad in ["0", "121", "ten"] {
        match load(&file, &[("PUSH_CONSOLE_IM_TIMEOUT_SECS", bad)]) {
            Err(ConfigError::Invalid { key, .. }) => assert_eq!(key, "im_timeout_secs"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}
