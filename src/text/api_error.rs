//! What a refused or failed server call means, in the operator's language.
use crate::domain::account::{AccountError, AccountRule, Role};
use crate::domain::api_error::ApiError;
use crate::i18n::*;

pub fn api_error_message(locale: Locale, e: &ApiError) -> String {
    match e {
        ApiError::Internal => td_string!(locale, err_internal).to_string(),
        ApiError::Unavailable => td_string!(locale, err_unavailable).to_string(),
        ApiError::Forbidden => td_string!(locale, err_forbidden).to_string(),
        ApiError::BadRequest => td_string!(locale, err_bad_request).to_string(),
        ApiError::SignInRequired => td_string!(locale, err_sign_in_required).to_string(),
        ApiError::PasswordChangeRequired => {
            td_string!(locale, err_password_change_required).to_string()
        }
        ApiError::BadCredentials => td_string!(locale, err_bad_credentials).to_string(),
        ApiError::Throttled { retry_after_secs } => {
            td_string!(locale, err_throttled, secs = *retry_after_secs).to_string()
        }
        ApiError::Account(a) => account_error_message(locale, a),
    }
}

pub fn account_error_message(locale: Locale, e: &AccountError) -> String {
    match e {
        AccountError::Rule(rule) => account_rule_message(locale, *rule),
        AccountError::NameTaken => td_string!(locale, acc_name_taken).to_string(),
        AccountError::NoSuchUser => td_string!(locale, acc_no_such_user).to_string(),
        AccountError::SetupDone => td_string!(locale, acc_setup_done).to_string(),
        AccountError::LastAdmin => td_string!(locale, acc_last_admin).to_string(),
        AccountError::NotYourself => td_string!(locale, acc_not_yourself).to_string(),
        AccountError::CurrentPasswordWrong => {
            td_string!(locale, acc_current_password_wrong).to_string()
        }
    }
}

pub fn account_rule_message(locale: Locale, rule: AccountRule) -> String {
    match rule {
        AccountRule::NameEmpty => td_string!(locale, acc_name_empty),
        AccountRule::NameTooLong => td_string!(locale, acc_name_too_long),
        AccountRule::NameCharacters => td_string!(locale, acc_name_characters),
        AccountRule::PasswordTooShort => td_string!(locale, acc_password_too_short),
        AccountRule::PasswordTooLong => td_string!(locale, acc_password_too_long),
    }
    .to_string()
}

pub fn role_name(locale: Locale, role: Role) -> String {
    match role {
        Role::Admin => td_string!(locale, role_admin),
        Role::Operator => td_string!(locale, role_operator),
        Role::Auditor => td_string!(locale, role_auditor),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_differently_in_both_languages() {
        let errors = [
            ApiError::SignInRequired,
            ApiError::BadCredentials,
            ApiError::Throttled {
                retry_after_secs: 42,
            },
            ApiError::Account(AccountError::LastAdmin),
            ApiError::Account(AccountError::Rule(AccountRule::PasswordTooShort)),
        ];
        for e in errors {
            let (en, zh) = (
                api_error_message(Locale::en, &e),
                api_error_message(Locale::zh_CN, &e),
            );
            assert!(!en.is_empty() && !zh.is_empty() && en != zh, "{e:?}");
        }
        assert!(api_error_message(
            Locale::en,
            &ApiError::Throttled {
                retry_after_secs: 42
            }
        )
        .contains("42"));
    }
}
