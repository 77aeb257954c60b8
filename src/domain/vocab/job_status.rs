//! Where a bulk tag or attribute job stands, and the moves between states:
//! the three a person may ask for and the two the runner makes by itself.
use super::AuditAction;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Paused,
    Cancelled,
    Done,
}

impl JobStatus {
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Paused,
        JobStatus::Cancelled,
        JobStatus::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Paused => "paused",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|j| j.as_str() == s)
    }

    /// Waiting for its turn or under way: the page keeps refreshing.
    pub fn is_active(self) -> bool {
        matches!(self, JobStatus::Queued | JobStatus::Running)
    }

    /// Nothing moves it any more.
    pub fn is_finished(self) -> bool {
        matches!(self, JobStatus::Cancelled | JobStatus::Done)
    }

    /// Whether `control` may be asked of a job in this state.
    pub fn allows(self, control: JobControl) -> bool {
        JobMove::Control(control).from().contains(&self)
    }
}

/// What a person may ask of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobControl {
    Pause,
    Resume,
    Cancel,
}

/// Every move a job can make, with the states it leaves and the one it
/// reaches, and the audit action it is recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobMove {
    Control(JobControl),
    /// The runner reached the end of the file.
    Finish,
    /// The runner paused it (the API kept refusing, or was unreachable).
    Halt,
}

impl JobMove {
    pub fn from(self) -> &'static [JobStatus] {
        use JobStatus::*;
        match self {
            JobMove::Control(JobControl::Pause) => &[Queued, Running],
            JobMove::Control(JobControl::Resume) => &[Paused],
            JobMove::Control(JobControl::Cancel) => &[Queued, Running, Paused],
            JobMove::Finish | JobMove::Halt => &[Running],
        }
    }

    pub fn to(self) -> JobStatus {
        match self {
            JobMove::Control(JobControl::Pause) | JobMove::Halt => JobStatus::Paused,
            JobMove::Control(JobControl::Resume) => JobStatus::Queued,
            JobMove::Control(JobControl::Cancel) => JobStatus::Cancelled,
            JobMove::Finish => JobStatus::Done,
        }
    }

    pub fn action(self) -> AuditAction {
        match self {
            JobMove::Control(JobControl::Pause) | JobMove::Halt => AuditAction::AudienceJobPause,
            JobMove::Control(JobControl::Resume) => AuditAction::AudienceJobResume,
            JobMove::Control(JobControl::Cancel) => AuditAction::AudienceJobCancel,
            JobMove::Finish => AuditAction::AudienceJobFinish,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_spelling() {
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_finished_job_allows_no_control() {
        for c in [JobControl::Pause, JobControl::Resume, JobControl::Cancel] {
            assert!(!JobStatus::Done.allows(c));
            assert!(!JobStatus::Cancelled.allows(c));
        }
        assert!(JobStatus::Paused.allows(JobControl::Resume));
        assert!(!JobStatus::Running.allows(JobControl::Resume));
    }

    #[test]
    fn no_move_leaves_a_finished_job_or_stays_where_it_is() {
        let moves = [
            JobMove::Control(JobControl::Pause),
            JobMove::Control(JobControl::Resume),
            JobMove::Control(JobControl::Cancel),
            JobMove::Finish,
            JobMove::Halt,
        ];
        for m in moves {
            assert!(m.from().iter().all(|s| !s.is_finished() && *s != m.to()));
        }
    }
}
