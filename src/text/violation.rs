use crate::domain::push::validate::{Violation, ViolationKind};
use crate::i18n::*;

/// The operator-facing sentence for one violation.
pub fn violation_message(locale: Locale, v: &Violation) -> String {
    use ViolationKind::*;
    match &v.kind {
        EmptyTag => td_string!(locale, v_empty_tag).to_string(),
        TagTooLong { bytes } => td_string!(locale, v_tag_too_long, bytes = *bytes).to_string(),
        TooManyTags { count } => td_string!(locale, v_too_many_tags, count = *count).to_string(),
        TagInBothLists { tag } => td_string!(locale, v_tag_in_both_lists, tag = tag).to_string(),
        EmptyTagList => td_string!(locale, v_empty_tag_list).to_string(),
        TagsWithAttrs => td_string!(locale, v_tags_with_attrs).to_string(),
        UnknownAttr { name } => td_string!(locale, v_unknown_attr, name = name).to_string(),
        AttrValueTooLong { bytes } => {
            td_string!(locale, v_attr_value_too_long, bytes = *bytes).to_string()
        }
        EmptyAttrValue => td_string!(locale, v_empty_attr_value).to_string(),
        EmptyAttrList => td_string!(locale, v_empty_attr_list).to_string(),
        LifeTimeOutOfRange { value } => td_string!(locale, v_life_time, value = *value).to_string(),
        EmptyBody => td_string!(locale, v_empty_body).to_string(),
        MissingField { field } => td_string!(locale, v_missing_field, field = field).to_string(),
        InvalidField { field } => td_string!(locale, v_invalid_field, field = field).to_string(),
        MoreThanOneCustom => td_string!(locale, v_more_than_one_custom).to_string(),
        BodyTooLarge { bytes } => td_string!(locale, v_body_too_large, bytes = *bytes).to_string(),
        BadFromAccount => td_string!(locale, v_bad_from_account).to_string(),
        BadPushFlag => td_string!(locale, v_bad_push_flag).to_string(),
        ExtNotJson => td_string!(locale, v_ext_not_json).to_string(),
        CustomWithoutDesc => td_string!(locale, v_custom_without_desc).to_string(),
        DuplicateAttr { name } => td_string!(locale, v_duplicate_attr, name = name).to_string(),
        AttrNotChosen => td_string!(locale, v_attr_not_chosen).to_string(),
        NothingChosen => td_string!(locale, v_nothing_chosen).to_string(),
        RepeatedEntry { entry } => td_string!(locale, v_repeated_entry, entry = entry).to_string(),
        BadAccount { account } => td_string!(locale, v_bad_account, account = account).to_string(),
        TooManyAccounts { count } => {
            td_string!(locale, v_too_many_accounts, count = *count).to_string()
        }
        AttrNameTooLong { bytes } => {
            td_string!(locale, v_attr_name_too_long, bytes = *bytes).to_string()
        }
        EmptyAttrName => td_string!(locale, v_empty_attr_name).to_string(),
        TooManyAttrNames { count } => {
            td_string!(locale, v_too_many_attr_names, count = *count).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_exist_in_both_languages_and_carry_the_numbers() {
        let v = Violation {
            path: "Condition.TagsOr[0]".into(),
            kind: ViolationKind::TagTooLong { bytes: 51 },
        };
        let en = violation_message(Locale::en, &v);
        let zh = violation_message(Locale::zh_CN, &v);
        assert!(en.contains("51 bytes"), "{en}");
        assert!(zh.contains("51 字节"), "{zh}");
        assert_ne!(en, zh);
        let tag = Violation {
            path: "p".into(),
            kind: ViolationKind::TagInBothLists {
                tag: "股票A".into(),
            },
        };
        assert!(violation_message(Locale::zh_CN, &tag).contains("“股票A”"));
    }
}
