//! The duplicate guard's rule: two pushes of one app are the same broadcast
//! when their message and their audience are the same, whatever their
//! MsgRandom, lifetime or notification. A second one within the window is
//! sent only when the operator confirms it, naming the first.
use super::ImPushRequest;
use serde::{Deserialize, Serialize};

/// How far back a push counts as "just sent": ten minutes.
pub const WINDOW_US: i64 = 10 * 60 * 1_000_000;

pub fn same_broadcast(a: &ImPushRequest, b: &ImPushRequest) -> bool {
    a.msg_body == b.msg_body && a.condition == b.condition
}

/// The earlier push a new one repeats, as the review step shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierPush {
    pub push_id: i64,
    /// When it was made, in the viewer's zone ("2026-12-02 10:15:03").
    pub at: String,
    /// Whole minutes since then (0 for under a minute).
    pub minutes_ago: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::push::elements::TextElem;
    use crate::domain::push::{Condition, MsgElement};

    fn push(msg_random: u32, tags: &[&str]) -> ImPushRequest {
        ImPushRequest {
            from_account: None,
            msg_random,
            msg_life_time: Some(3600),
            condition: Some(Condition {
                tags_or: Some(tags.iter().map(|t| t.to_string()).collect()),
                ..Condition::default()
            }),
            msg_body: vec![MsgElement::Text(TextElem { text: "hi".into() })],
            offline_push_info: None,
        }
    }

    #[test]
    fn only_the_message_and_the_audience_make_a_broadcast_the_same() {
        let a = push(1, &["vip"]);
        let mut b = push(2, &["vip"]);
        assert!(
            same_broadcast(&a, &b),
            "another MsgRandom is the same broadcast"
        );
        b.msg_life_time = Some(60);
        assert!(same_broadcast(&a, &b), "another lifetime too");
        assert!(
            !same_broadcast(&a, &push(1, &["新用户"])),
            "another audience is not"
        );
        let mut c = push(1, &["vip"]);
        c.msg_body = vec![MsgElement::Text(TextElem {
            text: "hello".into(),
        })];
        assert!(!same_broadcast(&a, &c), "another message is not");
    }
}
