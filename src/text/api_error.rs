//! What a refused or failed server call means, in the operator's language.
use super::account::account_error_message;
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
        ApiError::RecentRepeat { push_id } => {
            td_string!(locale, err_recent_repeat, id = *push_id).to_string()
        }
        ApiError::Review(r) => super::review::review_refusal(locale, *r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{AccountError, AccountRule};

    #[test]
    fn every_refusal_reads_differently_in_both_languages() {
        let errors = [
            ApiError::SignInRequired,
            ApiError::BadCredentials,
            ApiError::Throttled {
                retry_after_secs: 42,
            },
            ApiError::Account(AccountError::LastAdmin),
            ApiError::RecentRepeat { push_id: 7 },
            ApiError::Review(crate::domain::push::review::ReviewRefusal::OwnPush),
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
