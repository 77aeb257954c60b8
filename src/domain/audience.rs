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
}
