//! The all_member_push REST client for one app. HTTP 200 with `ErrorCode != 0`
//! is a failure; a timeout after the request left is an unknown outcome, not a
//! failure. The usersig and the key never appear in errors or logs: reqwest's
//! errors carry the URL (with the usersig), so it is stripped before use.
use super::sig_cache::SigCache;
use crate::domain::audience::{AttrNames, ForAccount, UserAttrNames, UserAttrs, UserTags};
use crate::domain::error_code::{classify, ErrorClass};
use crate::domain::push::limits::ACCOUNTS_PER_REQUEST_MAX;
use crate::domain::push::valid::ValidPush;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::Duration;
use url::Url;

pub const SERVICE: &str = "all_member_push";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The API answered and refused: nothing was done.
    #[error("rejected with ErrorCode {code}")]
    Rejected {
        code: i64,
        info: String,
        class: ErrorClass,
    },
    /// A gateway answered with an HTTP error status.
    #[error("HTTP status {status}")]
    HttpStatus { status: u16 },
    /// The request never left: no connection could be made. Safe to retry.
    #[error("not sent: {reason}")]
    NotSent { reason: String },
    /// The request may have been acted on: a timeout or a connection lost
    /// after sending. For a push, retry only with the same MsgRandom.
    #[error("outcome unknown: {reason}")]
    Unknown { reason: String },
    /// An answer arrived but could not be read.
    #[error("unreadable answer: {reason}")]
    BadResponse { reason: String },
}

impl CallError {
    /// The operator's next step, as an error class.
    pub fn class(&self) -> Option<ErrorClass> {
        match self {
            CallError::Rejected { class, .. } => Some(*class),
            CallError::HttpStatus { status } if *status >= 500 => Some(ErrorClass::ServerError),
            CallError::HttpStatus { .. } => Some(ErrorClass::Configuration),
            CallError::NotSent { .. } => Some(ErrorClass::ServerError),
            CallError::Unknown { .. } | CallError::BadResponse { .. } => None,
        }
    }
}

#[derive(Debug)]
pub struct ImClient {
    http: reqwest::Client,
    base: Url,
    sdk_app_id: u64,
    admin: String,
    sigs: SigCache,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ActionStatus", default)]
    action_status: String,
    #[serde(rename = "ErrorCode", default)]
    error_code: i64,
    #[serde(rename = "ErrorInfo", default)]
    error_info: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

#[derive(Deserialize)]
struct PushAnswer {
    #[serde(rename = "TaskId")]
    task_id: String,
}

#[derive(Deserialize)]
struct AttrNamesAnswer {
    #[serde(rename = "AttrNames", default)]
    attr_names: AttrNames,
}

#[derive(Deserialize)]
struct UserAttrsAnswer {
    #[serde(rename = "UserAttrs", default)]
    user_attrs: Vec<UserAttrs>,
}

#[derive(Deserialize)]
struct UserTagsAnswer {
    #[serde(rename = "UserTags", default)]
    user_tags: Vec<UserTags>,
}

#[derive(Deserialize)]
struct Nothing {}

impl ImClient {
    /// `base` is the scheme, host and optional path prefix before `v4/`.
    pub fn new(
        http: reqwest::Client,
        base: Url,
        sdk_app_id: u64,
        admin: String,
        sigs: SigCache,
    ) -> Self {
        let mut base = base;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        ImClient {
            http,
            base,
            sdk_app_id,
            admin,
            sigs,
        }
    }

    /// A pooled HTTP client with the given timeouts, shared by all apps.
    pub fn http_client(
        timeout: Duration,
        connect_timeout: Duration,
    ) -> reqwest::Result<reqwest::Client> {
        reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("push-console/", env!("CARGO_PKG_VERSION")))
            .build()
    }

    fn url(&self, command: &str) -> Url {
        let mut url = self
            .base
            .join(&format!("v4/{SERVICE}/{command}"))
            .expect("a fixed relative path joins");
        let sig = self.sigs.get();
        url.query_pairs_mut()
            .append_pair("sdkappid", &self.sdk_app_id.to_string())
            .append_pair("identifier", &self.admin)
            .append_pair("usersig", sig.expose_secret())
            .append_pair("random", &rand::random::<u32>().to_string())
            .append_pair("contenttype", "json");
        url
    }

    /// One call, logged with its outcome and duration (never its URL).
    async fn call<T: DeserializeOwned>(
        &self,
        command: &str,
        body: &impl Serialize,
    ) -> Result<T, CallError> {
        let started = std::time::Instant::now();
        let result = self.send::<T>(command, body).await;
        let elapsed_us = started.elapsed().as_micros() as u64;
        match &result {
            Ok(_) => tracing::info!(
                command,
                sdk_app_id = self.sdk_app_id,
                elapsed_us,
                "IM call succeeded"
            ),
            Err(e) => {
                tracing::warn!(command, sdk_app_id = self.sdk_app_id, elapsed_us, error = %e, "IM call failed")
            }
        }
        result
    }

    async fn send<T: DeserializeOwned>(
        &self,
        command: &str,
        body: &impl Serialize,
    ) -> Result<T, CallError> {
        let response = self
            .http
            .post(self.url(command))
            .json(body)
            .send()
            .await
            .map_err(|e| {
                let connect = e.is_connect();
                let reason = e.without_url().to_string();
                if connect {
                    CallError::NotSent { reason }
                } else {
                    CallError::Unknown { reason }
                }
            })?;
        let status = response.status();
        if !status.is_success() {
            return Err(CallError::HttpStatus {
                status: status.as_u16(),
            });
        }
        let bytes = response.bytes().await.map_err(|e| CallError::Unknown {
            reason: e.without_url().to_string(),
        })?;
        let envelope: Envelope =
            serde_json::from_slice(&bytes).map_err(|e| CallError::BadResponse {
                reason: e.to_string(),
            })?;
        if envelope.error_code != 0 || envelope.action_status != "OK" {
            if envelope.error_code == 70001 {
                self.sigs.invalidate();
            }
            return Err(CallError::Rejected {
                code: envelope.error_code,
                class: classify(envelope.error_code),
                info: envelope.error_info,
            });
        }
        serde_json::from_value(Value::Object(envelope.rest)).map_err(|e| CallError::BadResponse {
            reason: e.to_string(),
        })
    }

    /// Sends one push the shared rules let through; the answer is its TaskId.
    pub async fn im_push(&self, request: &ValidPush) -> Result<String, CallError> {
        self.call::<PushAnswer>("im_push", request)
            .await
            .map(|a| a.task_id)
    }

    pub async fn set_attr_name(&self, names: &AttrNames) -> Result<(), CallError> {
        self.call::<Nothing>(
            "im_set_attr_name",
            &serde_json::json!({ "AttrNames": names }),
        )
        .await
        .map(|_| ())
    }

    pub async fn get_attr_name(&self) -> Result<AttrNames, CallError> {
        // The body must not be empty: `{}` for a call without fields.
        self.call::<AttrNamesAnswer>("im_get_attr_name", &serde_json::json!({}))
            .await
            .map(|a| a.attr_names)
    }

    pub async fn get_attr(&self, accounts: &[String]) -> Result<Vec<UserAttrs>, CallError> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in batches(accounts) {
            let answer: UserAttrsAnswer = self
                .call("im_get_attr", &serde_json::json!({ "To_Account": chunk }))
                .await?;
            out.extend(answer.user_attrs);
        }
        Ok(out)
    }

    /// Applies batch after batch; on an error the earlier batches stay applied.
    pub async fn set_attr(&self, users: &[UserAttrs]) -> Result<(), CallError> {
        self.each_batch("im_set_attr", "UserAttrs", users).await
    }

    pub async fn remove_attr(&self, users: &[UserAttrNames]) -> Result<(), CallError> {
        self.each_batch("im_remove_attr", "UserAttrs", users).await
    }

    pub async fn get_tag(&self, accounts: &[String]) -> Result<Vec<UserTags>, CallError> {
        let mut out = Vec::with_capacity(accounts.len());
        for chunk in batches(accounts) {
            let answer: UserTagsAnswer = self
                .call("im_get_tag", &serde_json::json!({ "To_Account": chunk }))
                .await?;
            out.extend(answer.user_tags);
        }
        Ok(out)
    }

    pub async fn add_tag(&self, users: &[UserTags]) -> Result<(), CallError> {
        self.each_batch("im_add_tag", "UserTags", users).await
    }

    pub async fn remove_tag(&self, users: &[UserTags]) -> Result<(), CallError> {
        self.each_batch("im_remove_tag", "UserTags", users).await
    }

    pub async fn remove_all_tags(&self, accounts: &[String]) -> Result<(), CallError> {
        self.each_batch("im_remove_all_tags", "To_Account", accounts)
            .await
    }

    async fn each_batch<T: Serialize + ForAccount>(
        &self,
        command: &str,
        field: &str,
        items: &[T],
    ) -> Result<(), CallError> {
        for chunk in batches(items) {
            let mut body = Map::new();
            body.insert(
                field.to_string(),
                serde_json::to_value(chunk).expect("plain data serializes"),
            );
            self.call::<Nothing>(command, &Value::Object(body)).await?;
        }
        Ok(())
    }
}

/// At most 100 accounts per request (90018).
fn batches<T: ForAccount>(items: &[T]) -> impl Iterator<Item = &[T]> {
    items.chunks(ACCOUNTS_PER_REQUEST_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::clock::ManualClock;
    use secrecy::SecretString;

    fn client(base: &str) -> ImClient {
        let sigs = SigCache::new(
            SecretString::from("the-secret-key"),
            1_400_000_001,
            "administrator".into(),
            ManualClock::at_secs(1_700_000_000),
        );
        ImClient::new(
            reqwest::Client::new(),
            Url::parse(base).unwrap(),
            1_400_000_001,
            "administrator".into(),
            sigs,
        )
    }

    #[test]
    fn the_url_carries_every_query_parameter() {
        let c = client("http://127.0.0.1:9/sandbox");
        let url = c.url("im_push");
        assert_eq!(url.path(), "/sandbox/v4/all_member_push/im_push");
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["sdkappid"], "1400000001");
        assert_eq!(q["identifier"], "administrator");
        assert_eq!(q["contenttype"], "json");
        assert!(q["random"].parse::<u32>().is_ok());
        assert!(!q["usersig"].is_empty());
        assert_ne!(
            c.url("im_push").query(),
            url.query(),
            "a fresh random per request"
        );
    }

    #[test]
    fn batches_hold_at_most_100_accounts() {
        let accounts: Vec<String> = (0..250).map(|i| format!("u{i}")).collect();
        let sizes: Vec<usize> = batches(&accounts).map(<[String]>::len).collect();
        assert_eq!(sizes, vec![100, 100, 50]);
    }

    #[tokio::test]
    async fn a_refused_connection_is_not_sent_and_names_no_secret() {
        // Port 9 (discard) is closed on loopback here.
        let err = client("http://127.0.0.1:9/")
            .get_attr_name()
            .await
            .unwrap_err();
        assert!(matches!(err, CallError::NotSent { .. }), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(
            !text.contains("usersig") && !text.contains("the-secret-key"),
            "{text}"
        );
    }
}
