//! What an audit event records, and the groups the audit log filters by.
//! Stored as `as_str` (dotted: the group first), so events written by an
//! older version read back under the same names.
use crate::domain::audience_change::AudienceChange;
use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident = $name:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction { $($variant,)+ }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $name,)+ }
            }
        }
    };
}

actions! {
    LoginSuccess = "login.success",
    LoginFailure = "login.failure",
    LoginThrottled = "login.throttled",
    Logout = "logout",
    UserSetup = "user.setup",
    UserAdd = "user.add",
    UserRole = "user.role",
    UserEnable = "user.enable",
    UserDisable = "user.disable",
    UserResetPassword = "user.reset_password",
    UserChangePassword = "user.change_password",
    UserChangePasswordRefused = "user.change_password.refused",
    PushSend = "push.send",
    PushOutcome = "push.outcome",
    PushRetry = "push.retry",
    PushSubmit = "push.submit",
    PushSchedule = "push.schedule",
    PushApprove = "push.approve",
    PushApproveRefused = "push.approve.refused",
    PushReject = "push.reject",
    PushWithdraw = "push.withdraw",
    PushSupersede = "push.supersede",
    PushCancel = "push.cancel",
    PushReschedule = "push.reschedule",
    PushDispatch = "push.dispatch",
    PushMissed = "push.missed",
    ExportHistory = "export.history",
    ExportAudit = "export.audit",
    ExportJobFailures = "export.job_failures",
    AudienceAttrNames = "audience.attr_names",
    AudienceLookup = "audience.lookup",
    AudienceAddTags = "audience.add_tags",
    AudienceRemoveTags = "audience.remove_tags",
    AudienceRemoveAllTags = "audience.remove_all_tags",
    AudienceSetAttrs = "audience.set_attrs",
    AudienceRemoveAttrs = "audience.remove_attrs",
    AudienceJobStart = "audience.job.start",
    AudienceJobFinish = "audience.job.finish",
    AudienceJobPause = "audience.job.pause",
    AudienceJobResume = "audience.job.resume",
    AudienceJobCancel = "audience.job.cancel",
}

impl AuditAction {
    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.as_str() == s)
    }

    pub fn group(self) -> ActionGroup {
        let name = self.as_str();
        let head = name.split('.').next().unwrap_or(name);
        ActionGroup::parse(head).expect("every action's name starts with its group")
    }

    /// The event a direct tag or attribute change is recorded as.
    pub fn of_change(change: &AudienceChange) -> AuditAction {
        match change {
            AudienceChange::AddTags(_) => AuditAction::AudienceAddTags,
            AudienceChange::RemoveTags(_) => AuditAction::AudienceRemoveTags,
            AudienceChange::RemoveAllTags => AuditAction::AudienceRemoveAllTags,
            AudienceChange::SetAttrs(_) => AuditAction::AudienceSetAttrs,
            AudienceChange::RemoveAttrs(_) => AuditAction::AudienceRemoveAttrs,
        }
    }
}

/// The audit log's filter: an action belongs to the group its name starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionGroup {
    Login,
    Logout,
    User,
    Push,
    Export,
    Audience,
}

impl ActionGroup {
    /// In the order the filter offers them.
    pub const ALL: [ActionGroup; 6] = [
        ActionGroup::Login,
        ActionGroup::Logout,
        ActionGroup::User,
        ActionGroup::Push,
        ActionGroup::Export,
        ActionGroup::Audience,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionGroup::Login => "login",
            ActionGroup::Logout => "logout",
            ActionGroup::User => "user",
            ActionGroup::Push => "push",
            ActionGroup::Export => "export",
            ActionGroup::Audience => "audience",
        }
    }

    pub fn parse(s: &str) -> Option<ActionGroup> {
        ActionGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_and_has_a_group() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
            let _ = a.group();
        }
    }

    #[test]
    fn every_change_is_an_audience_action_named_after_it() {
        let changes = [
            AudienceChange::AddTags(vec![]),
            AudienceChange::RemoveTags(vec![]),
            AudienceChange::RemoveAllTags,
            AudienceChange::SetAttrs(Default::default()),
            AudienceChange::RemoveAttrs(vec![]),
        ];
        for c in changes {
            let a = AuditAction::of_change(&c);
            assert_eq!(a.group(), ActionGroup::Audience);
            assert_eq!(a.as_str(), format!("audience.{}", c.action()));
        }
    }
}
