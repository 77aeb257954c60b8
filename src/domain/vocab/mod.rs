//! The product's words, each spelled once: the status of a push and of a
//! bulk job with the moves allowed between them, the audit actions and
//! their groups, and the kinds of audience. The database, the URLs and the
//! audit log store `as_str`; everything else holds the enum.
pub mod audience_kind;
pub mod audit_action;
pub mod job_status;
pub mod push_status;

pub use audience_kind::AudienceKind;
pub use audit_action::{ActionGroup, AuditAction};
pub use job_status::{JobControl, JobMove, JobStatus};
pub use push_status::PushStatus;
