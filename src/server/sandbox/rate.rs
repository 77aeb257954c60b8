//! Tencent's per-command REST rate limit (100 calls a second for the
//! attribute and tag commands), counted over a sliding one-second window of
//! the sandbox's clock so tests can cross it without sleeping.
use crate::domain::push::limits::{CALLS_PER_SECOND_MAX, CALL_WINDOW_US};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

#[derive(Debug)]
pub struct RateLimit {
    per_second: usize,
    calls: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::new(CALLS_PER_SECOND_MAX)
    }
}

impl RateLimit {
    pub fn new(per_second: usize) -> Self {
        RateLimit {
            per_second,
            calls: Mutex::default(),
        }
    }

    /// Counts a call to `command` at `now_us`; false when the command already
    /// had its share within the last second (the call is then not counted).
    pub fn admit(&self, command: &str, now_us: i64) -> bool {
        let mut calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        let recent = calls.entry(command.to_string()).or_default();
        while recent.front().is_some_and(|t| now_us - t >= CALL_WINDOW_US) {
            recent.pop_front();
        }
        if recent.len() >= self.per_second {
            return false;
        }
        recent.push_back(now_us);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_calls_a_second_per_command() {
        let limit = RateLimit::default();
        for i in 0..100 {
            assert!(limit.admit("im_get_tag", i * 1000), "call {i}");
        }
        assert!(!limit.admit("im_get_tag", 999_999));
        assert!(
            limit.admit("im_get_attr", 999_999),
            "each command has its own"
        );
        assert!(
            limit.admit("im_get_tag", 1_000_000),
            "the first call left the window"
        );
        assert!(!limit.admit("im_get_tag", 1_000_000));
    }
}
