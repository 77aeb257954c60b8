//! Who may do what, and the rules for user names and passwords. Checked in
//! the browser as the admin types and again on the server.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including users and app settings.
    Admin,
    /// Compose and send, audience tools, read history.
    Operator,
    /// Read only: history, audit log, exports.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Operator, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Operator => {
                matches!(
                    permission,
                    Own | Send | Approve | AudienceTools | ReadHistory
                )
            }
            Role::Auditor => matches!(permission, Own | ReadHistory | ReadAudit | Export),
        }
    }
}

/// What a server function needs from its caller's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// One's own account: signed in, nothing more.
    Own,
    ManageUsers,
    ManageApps,
    Send,
    /// Approve or reject someone else's push (never one's own).
    Approve,
    AudienceTools,
    ReadHistory,
    ReadAudit,
    Export,
}

pub const NAME_MAX_CHARS: usize = 64;
/// NIST SP 800-63B: at least 8, we ask 12; long passphrases welcome.
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountRule {
    NameEmpty,
    NameTooLong,
    /// Letters, digits and `. _ - @` only, so names are unambiguous in logs.
    NameCharacters,
    PasswordTooShort,
    PasswordTooLong,
}

/// Why an account operation was refused, for the person who asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountError {
    Rule(AccountRule),
    NameTaken,
    NoSuchUser,
    /// The first admin exists already; setup is closed.
    SetupDone,
    /// The last enabled admin cannot be disabled or demoted.
    LastAdmin,
    /// Admins cannot disable or demote themselves (another admin must).
    NotYourself,
    CurrentPasswordWrong,
}

impl From<AccountRule> for AccountError {
    fn from(rule: AccountRule) -> Self {
        AccountError::Rule(rule)
    }
}

/// Checks a user name; the stored key is its lowercase form, so `Li` and `li`
/// cannot both exist.
pub fn check_name(name: &str) -> Result<(), AccountRule> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountRule::NameEmpty);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AccountRule::NameTooLong);
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(AccountRule::NameCharacters);
    }
    Ok(())
}

pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Length only: no composition rules (NIST SP 800-63B).
pub fn check_password(password: &str) -> Result<(), AccountRule> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Err(AccountRule::PasswordTooShort)
    } else if chars > PASSWORD_MAX_CHARS {
        Err(AccountRule::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// Who may pause, resume, cancel or download a bulk job: the user who
/// started it, and admins. Other operators see it, and leave it alone.
pub fn may_manage_job(role: Role, caller_id: i64, created_by: i64) -> bool {
    role == Role::Admin || caller_id == created_by
}

/// The signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub enabled: bool,
    pub must_change_password: bool,
    pub created_at_us: i64,
    pub last_login_at_us: Option<i64>,
    /// The last sign-in in the viewer's time zone, written by the server.
    pub last_login: Option<String>,
}

/// A user and the one-time password to hand over; shown once, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithPassword {
    pub user: UserRow,
    pub one_time_password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_allows_what_the_issue_says() {
        use Permission::*;
        let all = [
            Own,
            ManageUsers,
            ManageApps,
            Send,
            AudienceTools,
            ReadHistory,
            ReadAudit,
            Export,
        ];
        assert!(all.iter().all(|p| Role::Admin.allows(*p)));
        let operator: Vec<_> = all.iter().filter(|p| Role::Operator.allows(**p)).collect();
        assert_eq!(operator, [&Own, &Send, &AudienceTools, &ReadHistory]);
        let auditor: Vec<_> = all.iter().filter(|p| Role::Auditor.allows(**p)).collect();
        assert_eq!(auditor, [&Own, &ReadHistory, &ReadAudit, &Export]);
    }

    #[test]
    fn passwords_12_to_256_characters_counted_not_bytes() {
        assert_eq!(
            check_password("elevenchars"),
            Err(AccountRule::PasswordTooShort)
        );
        assert_eq!(check_password("twelve chars"), Ok(()));
        assert_eq!(
            check_password("密码密码密码密码密码密码"),
            Ok(()),
            "12 CJK characters"
        );
        assert_eq!(check_password(&"x".repeat(64)), Ok(()));
        assert_eq!(check_password(&"x".repeat(256)), Ok(()));
        assert_eq!(
            check_password(&"x".repeat(257)),
            Err(AccountRule::PasswordTooLong)
        );
    }

    #[test]
    fn names() {
        assert_eq!(check_name("li.wei@example"), Ok(()));
        assert_eq!(check_name("王小明"), Ok(()));
        assert_eq!(check_name("  "), Err(AccountRule::NameEmpty));
        assert_eq!(check_name("a b"), Err(AccountRule::NameCharacters));
        assert_eq!(check_name(&"a".repeat(65)), Err(AccountRule::NameTooLong));
        assert_eq!(name_key(" Li "), "li");
        assert_eq!(Role::parse("Operator"), Some(Role::Operator));
        assert_eq!(Role::parse("root"), None);
    }
}
