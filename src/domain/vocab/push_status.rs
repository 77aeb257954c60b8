//! Where a push stands. A record is written `sending` (or `refused`) before
//! the API is called; the answer moves it to `sent`, `failed` or `unknown`;
//! only an `unknown` may be sent again.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Written before the call; the call is in flight (or its process died).
    Sending,
    /// Tencent accepted it and gave a TaskId.
    Sent,
    /// Tencent refused it, or answered with an HTTP error.
    Failed,
    /// No answer came: it may or may not have gone out.
    Unknown,
    /// The server refused it before calling the API.
    Refused,
}

impl PushStatus {
    /// In the order the history's filter offers them.
    pub const ALL: [PushStatus; 5] = [
        PushStatus::Sent,
        PushStatus::Failed,
        PushStatus::Unknown,
        PushStatus::Refused,
        PushStatus::Sending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PushStatus::Sending => "sending",
            PushStatus::Sent => "sent",
            PushStatus::Failed => "failed",
            PushStatus::Unknown => "unknown",
            PushStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<PushStatus> {
        PushStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The moves the send flow makes: an answer ends `sending`; a lost
    /// answer (lease ran out) makes it `unknown`; a retry takes an
    /// `unknown` back to `sending`, and its answer may land on `unknown`
    /// again. `sent`, `failed` and `refused` are final.
    pub fn may_become(self, next: PushStatus) -> bool {
        use PushStatus::*;
        matches!(
            (self, next),
            (Sending, Sent | Failed | Unknown) | (Unknown, Sending | Sent | Failed | Unknown)
        )
    }

    /// Every status that may become `next`, for the `WHERE` of an update.
    pub fn sources_of(next: PushStatus) -> Vec<PushStatus> {
        PushStatus::ALL
            .into_iter()
            .filter(|s| s.may_become(next))
            .collect()
    }

    /// No later answer can change it.
    pub fn is_final(self) -> bool {
        PushStatus::ALL.into_iter().all(|n| !self.may_become(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_spelling() {
        for s in PushStatus::ALL {
            assert_eq!(PushStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(PushStatus::parse("claimed"), None);
    }

    #[test]
    fn only_an_unknown_push_may_be_sent_again() {
        for s in PushStatus::ALL {
            assert_eq!(s.may_become(PushStatus::Sending), s == PushStatus::Unknown);
        }
    }

    #[test]
    fn sent_failed_and_refused_are_final() {
        let finals: Vec<_> = PushStatus::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(
            finals,
            [PushStatus::Sent, PushStatus::Failed, PushStatus::Refused]
        );
    }

    #[test]
    fn an_answer_may_arrive_for_a_sending_or_an_unknown_push() {
        assert_eq!(
            PushStatus::sources_of(PushStatus::Sent),
            [PushStatus::Unknown, PushStatus::Sending]
        );
    }
}
