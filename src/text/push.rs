//! A push's words: its status.
use crate::domain::vocab::PushStatus;
use crate::i18n::*;

pub fn status_name(locale: Locale, status: PushStatus) -> String {
    match status {
        PushStatus::Sent => td_string!(locale, push_status_sent),
        PushStatus::Failed => td_string!(locale, push_status_failed),
        PushStatus::Unknown => td_string!(locale, push_status_unknown),
        PushStatus::Refused => td_string!(locale, push_status_refused),
        PushStatus::Sending => td_string!(locale, push_status_sending),
    }
    .to_string()
}
