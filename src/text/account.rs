//! An account's words: roles, and why an account change was refused.
use crate::domain::account::{AccountError, AccountRule, Role};
use crate::i18n::*;

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
