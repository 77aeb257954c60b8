//! The audit log's words: the groups of actions its filter offers.
use crate::domain::vocab::ActionGroup;
use crate::i18n::*;

pub fn group_name(locale: Locale, group: ActionGroup) -> String {
    match group {
        ActionGroup::Login => td_string!(locale, action_group_login),
        ActionGroup::Logout => td_string!(locale, action_group_logout),
        ActionGroup::User => td_string!(locale, action_group_user),
        ActionGroup::Push => td_string!(locale, action_group_push),
        ActionGroup::Export => td_string!(locale, action_group_export),
        ActionGroup::Audience => td_string!(locale, action_group_audience),
    }
    .to_string()
}
