//! The im_push request body, mirroring the wire format exactly.
pub mod condition;
pub mod duplicate;
pub mod elements;
pub mod field;
pub mod image_fill;
pub mod limits;
pub mod offline;
pub mod outcome;
pub mod review;
pub mod valid;
pub mod validate;

pub use condition::Condition;
pub use elements::MsgElement;
pub use offline::{AndroidInfo, ApnsInfo, OfflinePushInfo};

use serde::{Deserialize, Serialize};

/// The body of `v4/all_member_push/im_push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImPushRequest {
    #[serde(
        rename = "From_Account",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from_account: Option<String>,
    /// De-duplication key: fresh for each push, reused only to retry the same push.
    #[serde(rename = "MsgRandom")]
    pub msg_random: u32,
    /// Seconds the message is kept for offline users; 0 means online users only.
    #[serde(
        rename = "MsgLifeTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub msg_life_time: Option<i64>,
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    #[serde(rename = "MsgBody")]
    pub msg_body: Vec<MsgElement>,
    #[serde(
        rename = "OfflinePushInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub offline_push_info: Option<OfflinePushInfo>,
}

impl ImPushRequest {
    /// What a phone shows when the notification has no text of its own, and
    /// what the history lists: the first text, or a custom element's Desc.
    pub fn first_text(&self) -> String {
        self.msg_body
            .iter()
            .find_map(|e| match e {
                MsgElement::Text(t) => Some(t.text.clone()),
                MsgElement::Custom(c) => c.desc.clone(),
                _ => None,
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
