//! The rules of a push that is not sent at once: which pushes need a second
//! person, when a push may be scheduled, and why a review step is refused.
//! The composer shows them as the operator works; the server applies them.
use super::Condition;
use serde::{Deserialize, Serialize};

/// Which of an app's pushes need someone else's approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalPolicy {
    /// Sent as the operator says.
    #[default]
    None,
    /// Pushes to every user of the app need approval.
    Everyone,
    /// Every push needs approval.
    All,
}

impl ApprovalPolicy {
    pub const ALL: [ApprovalPolicy; 3] = [
        ApprovalPolicy::None,
        ApprovalPolicy::Everyone,
        ApprovalPolicy::All,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalPolicy::None => "none",
            ApprovalPolicy::Everyone => "everyone",
            ApprovalPolicy::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<ApprovalPolicy> {
        ApprovalPolicy::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether a push to `condition` (none: every user) needs approval.
    pub fn requires(self, condition: Option<&Condition>) -> bool {
        match self {
            ApprovalPolicy::None => false,
            ApprovalPolicy::Everyone => condition.is_none(),
            ApprovalPolicy::All => true,
        }
    }
}

/// How the app's pushes are reviewed, as the pages show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Review {
    pub policy: ApprovalPolicy,
    /// The sandbox in training mode: a newcomer may approve their own push.
    pub training: bool,
}

/// A scheduled push leaves at least this long after it was set…
pub const SCHEDULE_MIN_AHEAD_US: i64 = 60 * 1_000_000;
/// …and at most this long: a push waiting longer is more likely forgotten.
pub const SCHEDULE_MAX_AHEAD_US: i64 = 30 * 24 * 3600 * 1_000_000;
/// How late a scheduled push may still go out after a downtime, unless the
/// settings say otherwise.
pub const DEFAULT_GRACE_MINUTES: u64 = 15;
/// The longest a reason for a rejection may be.
pub const REASON_MAX_CHARS: usize = 500;

/// Why a review step (or a time) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewRefusal {
    /// The requester may not approve their own push.
    OwnPush,
    /// Only the requester may withdraw their push.
    NotRequester,
    /// The request behind the record is not the one with the digest named.
    DigestMismatch,
    /// The push is no longer in a state this step applies to.
    NotWaiting,
    /// A rejection needs a reason (of at most `REASON_MAX_CHARS`).
    ReasonRequired,
    /// The time is less than a minute ahead.
    TooSoon,
    /// The time is more than 30 days ahead.
    TooFar,
}

impl ReviewRefusal {
    pub const ALL: [ReviewRefusal; 7] = [
        ReviewRefusal::OwnPush,
        ReviewRefusal::NotRequester,
        ReviewRefusal::DigestMismatch,
        ReviewRefusal::NotWaiting,
        ReviewRefusal::ReasonRequired,
        ReviewRefusal::TooSoon,
        ReviewRefusal::TooFar,
    ];
}

/// Checks a time chosen at `now_us` for a push to leave at `at_us`.
pub fn check_time(now_us: i64, at_us: i64) -> Result<(), ReviewRefusal> {
    if at_us < now_us + SCHEDULE_MIN_AHEAD_US {
        Err(ReviewRefusal::TooSoon)
    } else if at_us > now_us + SCHEDULE_MAX_AHEAD_US {
        Err(ReviewRefusal::TooFar)
    } else {
        Ok(())
    }
}

/// A rejection's reason, trimmed, or why it cannot be one.
pub fn check_reason(reason: &str) -> Result<&str, ReviewRefusal> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        Err(ReviewRefusal::ReasonRequired)
    } else {
        Ok(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_means_only_pushes_without_a_condition() {
        let tags = Condition {
            tags_or: Some(vec!["vip".into()]),
            ..Default::default()
        };
        assert!(ApprovalPolicy::Everyone.requires(None));
        assert!(!ApprovalPolicy::Everyone.requires(Some(&tags)));
        assert!(ApprovalPolicy::All.requires(Some(&tags)));
        assert!(!ApprovalPolicy::None.requires(None));
        for p in ApprovalPolicy::ALL {
            assert_eq!(ApprovalPolicy::parse(p.as_str()), Some(p));
        }
    }

    #[test]
    fn a_time_is_one_minute_to_thirty_days_ahead() {
        let now = 1_000_000_000;
        assert_eq!(
            check_time(now, now + 59_000_000),
            Err(ReviewRefusal::TooSoon)
        );
        assert_eq!(check_time(now, now + SCHEDULE_MIN_AHEAD_US), Ok(()));
        assert_eq!(check_time(now, now + SCHEDULE_MAX_AHEAD_US), Ok(()));
        assert_eq!(
            check_time(now, now + SCHEDULE_MAX_AHEAD_US + 1),
            Err(ReviewRefusal::TooFar)
        );
    }

    #[test]
    fn a_reason_is_not_blank_nor_endless() {
        assert_eq!(check_reason("  "), Err(ReviewRefusal::ReasonRequired));
        assert_eq!(check_reason(" 文案有误 "), Ok("文案有误"));
        let long = "x".repeat(REASON_MAX_CHARS + 1);
        assert_eq!(check_reason(&long), Err(ReviewRefusal::ReasonRequired));
    }
}
