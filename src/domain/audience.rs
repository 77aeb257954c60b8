//! The bodies of the tag and attribute calls (im-api.md §2.2–2.10), with the
//! API's field names.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One user's tags: `{"To_Account": "alice", "Tags": ["vip"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserTags {
    #[serde(rename = "To_Account")]
    pub account: String,
    #[serde(rename = "Tags", default)]
    pub tags: Vec<String>,
}

/// One user's attribute values by attribute name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAttrs {
    #[serde(rename = "To_Account")]
    pub account: String,
    #[serde(rename = "Attrs", default)]
    pub attrs: BTreeMap<String, String>,
}

/// The attribute names to remove from one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAttrNames {
    #[serde(rename = "To_Account")]
    pub account: String,
    #[serde(rename = "Attrs")]
    pub attrs: Vec<String>,
}

/// One user's tags and attributes, as the lookup page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub account: String,
    pub tags: Vec<String>,
    pub attrs: BTreeMap<String, String>,
}

/// The app's attribute names, keyed by their number "0" to "9".
pub type AttrNames = BTreeMap<String, String>;

/// Something that names one account, so batches can be cut at 100 accounts.
pub trait ForAccount {
    fn account(&self) -> &str;
}

impl ForAccount for UserTags {
    fn account(&self) -> &str {
        &self.account
    }
}

impl ForAccount for UserAttrs {
    fn account(&self) -> &str {
        &self.account
    }
}

impl ForAccount for UserAttrNames {
    fn account(&self) -> &str {
        &self.account
    }
}

impl ForAccount for String {
    fn account(&self) -> &str {
        self
    }
}

/// What an audience tool did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToolOutcome<T> {
    Done(T),
    /// Broke the rules; nothing was sent.
    Invalid(Vec<crate::domain::push::validate::Violation>),
    /// The API refused (its error code), or could not be reached (code 0).
    Refused {
        code: i64,
    },
}

/// Why the console paused a bulk job by itself, so its page can say it in
/// the reader's language and the job can be resumed once it is mended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobStop {
    /// The API refused the app's setup, or kept failing with this code.
    Refused { code: i64 },
    /// Tencent IM did not answer, after every retry.
    Unreachable,
    /// The job's app is no longer in the console's settings.
    AppGone,
    /// The job's account file cannot be read on this server.
    FileUnreadable,
}

impl JobStop {
    /// How it is stored with the job (the code beside it).
    pub fn as_str(self) -> &'static str {
        match self {
            JobStop::Refused { .. } => "refused",
            JobStop::Unreachable => "unreachable",
            JobStop::AppGone => "app_gone",
            JobStop::FileUnreadable => "file_unreadable",
        }
    }

    pub fn code(self) -> Option<i64> {
        match self {
            JobStop::Refused { code } => Some(code),
            _ => None,
        }
    }

    /// Read back from a job's stored reason and code; `None` when the job
    /// was not paused by the console.
    pub fn from_stored(reason: Option<&str>, code: Option<i64>) -> Option<JobStop> {
        match (reason, code) {
            (Some("unreachable"), _) => Some(JobStop::Unreachable),
            (Some("app_gone"), _) => Some(JobStop::AppGone),
            (Some("file_unreadable"), _) => Some(JobStop::FileUnreadable),
            (_, Some(code)) if code != 0 => Some(JobStop::Refused { code }),
            // Stored before reasons were: a code of 0 meant no answer.
            (None, Some(_)) => Some(JobStop::Unreachable),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_match_the_documented_examples() {
        let tags = vec![UserTags {
            account: "alice".into(),
            tags: vec!["vip".into(), "beta".into()],
        }];
        assert_eq!(
            serde_json::to_value(&tags).unwrap(),
            json!([{ "To_Account": "alice", "Tags": ["vip", "beta"] }])
        );
        let attrs: Vec<UserAttrs> = serde_json::from_value(json!([
            { "To_Account": "alice", "Attrs": { "sex": "F", "city": "Shenzhen" } },
            { "To_Account": "carol", "Attrs": {} }
        ]))
        .unwrap();
        assert_eq!(attrs[0].attrs["city"], "Shenzhen");
        assert!(attrs[1].attrs.is_empty());
        let remove = UserAttrNames {
            account: "alice".into(),
            attrs: vec!["sex".into(), "city".into()],
        };
        assert_eq!(
            serde_json::to_value(&remove).unwrap(),
            json!({ "To_Account": "alice", "Attrs": ["sex", "city"] })
        );
    }

    #[test]
    fn a_stop_reason_reads_back_as_it_was_stored() {
        for stop in [
            JobStop::Refused { code: 90045 },
            JobStop::Unreachable,
            JobStop::AppGone,
            JobStop::FileUnreadable,
        ] {
            assert_eq!(
                JobStop::from_stored(Some(stop.as_str()), stop.code()),
                Some(stop)
            );
        }
        assert_eq!(JobStop::from_stored(None, None), None);
        assert_eq!(
            JobStop::from_stored(None, Some(0)),
            Some(JobStop::Unreachable)
        );
    }
}
