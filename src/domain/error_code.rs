//! What an IM error code means for the operator: which kind of next step can
//! help (im-api.md §6). HTTP 200 with `ErrorCode != 0` is a failure.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorClass {
    /// The request itself is wrong; change it before sending again.
    FixRequest,
    /// Too frequent; the same request may succeed a little later.
    WaitAndRetry,
    /// The app's pushes for today are used up (90047).
    QuotaUsedUp,
    /// Something about the app's setup: key, admin account, edition, IP list.
    Configuration,
    /// Tencent's side failed; retrying later may help.
    ServerError,
}

pub fn classify(code: i64) -> ErrorClass {
    match code {
        90024 | 60007 | 60011 | 60018 | 60019 => ErrorClass::WaitAndRetry,
        90047 => ErrorClass::QuotaUsedUp,
        91000 | 60008 | 60013 | 60014 | 70169 | 70202 | 70500 => ErrorClass::ServerError,
        60004 | 60005 | 60006 | 60010 | 60016 | 60017 | 60020 | 60021 | 90009 | 90045 => {
            ErrorClass::Configuration
        }
        70000..=79999 => ErrorClass::Configuration,
        _ => ErrorClass::FixRequest,
    }
}

impl ErrorClass {
    /// Whether sending the same request again later, unchanged, can succeed.
    pub fn retry_can_help(self) -> bool {
        matches!(self, ErrorClass::WaitAndRetry | ErrorClass::ServerError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_s_classes() {
        for c in [90024, 60007, 60018, 60019] {
            assert_eq!(classify(c), ErrorClass::WaitAndRetry, "{c}");
        }
        assert_eq!(classify(90047), ErrorClass::QuotaUsedUp);
        for c in [
            70001, 70009, 70013, 70014, 70016, 70020, 60010, 60016, 60021, 90009, 90045,
        ] {
            assert_eq!(classify(c), ErrorClass::Configuration, "{c}");
        }
        assert_eq!(classify(91000), ErrorClass::ServerError);
        for c in [
            90001, 90002, 90010, 90020, 90022, 90026, 90032, 90033, 90039, 90040, 80002,
        ] {
            assert_eq!(classify(c), ErrorClass::FixRequest, "{c}");
        }
    }

    #[test]
    fn internal_timeouts_are_server_errors_even_in_the_70xxx_range() {
        assert_eq!(classify(70500), ErrorClass::ServerError);
        assert!(classify(70500).retry_can_help());
        assert!(!classify(70009).retry_can_help());
        assert!(!classify(90047).retry_can_help());
    }
}
