//! Where a push stands. A record is written `sending` (or `refused`) before
//! the API is called; the answer moves it to `sent`, `failed` or `unknown`;
//! only an `unknown` may be sent again. A push that needs a second person or
//! waits for its time is written first as `awaiting_approval` or
//! `scheduled`, and reaches `sending` only through approval or the
//! dispatcher; until then it can be stopped, and a stopped one stays on record.
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
    /// Submitted; waits for someone else to approve it.
    AwaitingApproval,
    /// Approved, and not yet sent: its slot was not free, or its time
    /// passed before the approval, and an approver decides when.
    Approved,
    /// Waits for its time; the dispatcher sends it then.
    Scheduled,
    /// An approver said no, with a reason.
    Rejected,
    /// Its requester took it back before it was approved.
    Withdrawn,
    /// Edited after submission: a newer submission replaces it.
    Superseded,
    /// Stopped before its time.
    Cancelled,
    /// Its time passed longer ago than the grace allows while no server ran.
    Missed,
}

impl PushStatus {
    /// In the order the history's filter offers them.
    pub const ALL: [PushStatus; 13] = [
        PushStatus::Sent,
        PushStatus::Failed,
        PushStatus::Unknown,
        PushStatus::Refused,
        PushStatus::Sending,
        PushStatus::AwaitingApproval,
        PushStatus::Approved,
        PushStatus::Scheduled,
        PushStatus::Rejected,
        PushStatus::Withdrawn,
        PushStatus::Superseded,
        PushStatus::Cancelled,
        PushStatus::Missed,
    ];

    /// A push not sent yet that may still be: what the review page lists.
    pub const WAITING: [PushStatus; 3] = [
        PushStatus::AwaitingApproval,
        PushStatus::Approved,
        PushStatus::Scheduled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PushStatus::Sending => "sending",
            PushStatus::Sent => "sent",
            PushStatus::Failed => "failed",
            PushStatus::Unknown => "unknown",
            PushStatus::Refused => "refused",
            PushStatus::AwaitingApproval => "awaiting_approval",
            PushStatus::Approved => "approved",
            PushStatus::Scheduled => "scheduled",
            PushStatus::Rejected => "rejected",
            PushStatus::Withdrawn => "withdrawn",
            PushStatus::Superseded => "superseded",
            PushStatus::Cancelled => "cancelled",
            PushStatus::Missed => "missed",
        }
    }

    pub fn parse(s: &str) -> Option<PushStatus> {
        PushStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The moves the send flow makes: an answer ends `sending`; a lost
    /// answer (lease ran out) makes it `unknown`; a retry takes an
    /// `unknown` back to `sending`, and its answer may land on `unknown`
    /// again. `sent`, `failed` and `refused` are final.
    ///
    /// Before it is sent: a submission is approved (to wait for its slot or
    /// its time, or to be sent at once), rejected, withdrawn or replaced by
    /// an edit; a scheduled push is dispatched, cancelled, missed, refused
    /// for the day's quota (`failed`) or replaced by a new time under
    /// approval; an approved one is sent, given a time, withdrawn or replaced.
    pub fn may_become(self, next: PushStatus) -> bool {
        use PushStatus::*;
        matches!(
            (self, next),
            (Sending, Sent | Failed | Unknown)
                | (Unknown, Sending | Sent | Failed | Unknown)
                | (
                    AwaitingApproval,
                    Approved | Scheduled | Sending | Rejected | Withdrawn | Superseded
                )
                | (Approved, Sending | Scheduled | Withdrawn | Superseded)
                | (
                    Scheduled,
                    Sending | Cancelled | Missed | Failed | Superseded
                )
        )
    }

    /// Not sent yet, and it may still be.
    pub fn is_waiting(self) -> bool {
        PushStatus::WAITING.contains(&self)
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
    fn only_an_unknown_or_a_waiting_push_may_start_a_call() {
        for s in PushStatus::ALL {
            assert_eq!(
                s.may_become(PushStatus::Sending),
                s == PushStatus::Unknown || s.is_waiting(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_push_that_ended_or_was_stopped_is_final() {
        let finals: Vec<_> = PushStatus::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        use PushStatus::*;
        assert_eq!(
            finals,
            [Sent, Failed, Refused, Rejected, Withdrawn, Superseded, Cancelled, Missed]
        );
    }

    #[test]
    fn nothing_waiting_becomes_sent_without_a_call() {
        for s in PushStatus::WAITING {
            assert!(!s.may_become(PushStatus::Sent));
            assert!(!s.may_become(PushStatus::Unknown));
        }
    }

    #[test]
    fn an_answer_may_arrive_for_a_sending_or_an_unknown_push() {
        assert_eq!(
            PushStatus::sources_of(PushStatus::Sent),
            [PushStatus::Unknown, PushStatus::Sending]
        );
    }
}
