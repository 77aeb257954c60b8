//! The plain-language sentence for whom a push reaches, so the operator reads
//! the audience instead of decoding a condition.
use crate::domain::audience::JobStop;
use crate::domain::audience_change::AudienceChange;
use crate::domain::job::UploadRefusal;
use crate::domain::push::Condition;
use crate::domain::vocab::{AudienceKind, JobStatus};
use crate::i18n::*;
use std::collections::BTreeMap;

pub fn describe_audience(locale: Locale, condition: Option<&Condition>) -> String {
    let Some(c) = condition.filter(|c| !c.is_empty()) else {
        return td_string!(locale, aud_everyone).to_string();
    };
    let nonempty_tags = |l: &Option<Vec<String>>| l.as_ref().filter(|l| !l.is_empty()).cloned();
    let nonempty_attrs =
        |m: &Option<BTreeMap<String, String>>| m.as_ref().filter(|m| !m.is_empty()).cloned();
    let (all, any) = (nonempty_tags(&c.tags_and), nonempty_tags(&c.tags_or));
    if all.is_some() || any.is_some() {
        let and_list = |l: &[String]| tag_list(locale, l, true);
        let or_list = |l: &[String]| tag_list(locale, l, false);
        return match (all, any) {
            (Some(all), Some(any)) => td_string!(
                locale,
                aud_tags_all_and_any,
                all = and_list(&all),
                any = or_list(&any)
            )
            .to_string(),
            (Some(all), None) if all.len() == 1 => {
                td_string!(locale, aud_tag_one, tags = and_list(&all)).to_string()
            }
            (Some(all), None) => {
                td_string!(locale, aud_tags_all, tags = and_list(&all)).to_string()
            }
            (None, Some(any)) if any.len() == 1 => {
                td_string!(locale, aud_tag_one, tags = or_list(&any)).to_string()
            }
            (None, Some(any)) => td_string!(locale, aud_tags_any, tags = or_list(&any)).to_string(),
            (None, None) => unreachable_everyone(locale),
        };
    }
    match (nonempty_attrs(&c.attrs_and), nonempty_attrs(&c.attrs_or)) {
        (Some(all), Some(any)) => td_string!(
            locale,
            aud_attrs_all_and_any,
            all = attr_list(locale, &all, true),
            any = attr_list(locale, &any, false)
        )
        .to_string(),
        (Some(all), None) => {
            td_string!(locale, aud_attrs_all, pairs = attr_list(locale, &all, true)).to_string()
        }
        (None, Some(any)) => td_string!(
            locale,
            aud_attrs_any,
            pairs = attr_list(locale, &any, false)
        )
        .to_string(),
        (None, None) => unreachable_everyone(locale),
    }
}

/// Only empty lists are left here; validation refuses them, and read plainly
/// they say "everyone", which is what the API would do with them.
/// The kind of audience, as the history's filter offers it.
pub fn kind_name(locale: Locale, kind: AudienceKind) -> String {
    match kind {
        AudienceKind::Everyone => td_string!(locale, audience_kind_all),
        AudienceKind::Tags => td_string!(locale, audience_kind_tags),
        AudienceKind::Attrs => td_string!(locale, audience_kind_attrs),
    }
    .to_string()
}

/// A bulk job's status.
pub fn job_status_name(locale: Locale, status: JobStatus) -> String {
    match status {
        JobStatus::Queued => td_string!(locale, job_queued),
        JobStatus::Running => td_string!(locale, job_running),
        JobStatus::Paused => td_string!(locale, job_paused),
        JobStatus::Cancelled => td_string!(locale, job_cancelled),
        JobStatus::Done => td_string!(locale, job_done),
    }
    .to_string()
}

/// Why an upload did not become a job.
pub fn upload_refusal_text(locale: Locale, why: UploadRefusal) -> String {
    match why {
        UploadRefusal::Rate => td_string!(locale, upload_refused_rate),
        UploadRefusal::Invalid => td_string!(locale, upload_refused_invalid),
        UploadRefusal::NoAccounts => td_string!(locale, upload_refused_no_accounts),
        UploadRefusal::Names => td_string!(locale, upload_refused_names),
        UploadRefusal::File => td_string!(locale, upload_refused_file),
        UploadRefusal::Form | UploadRefusal::App => td_string!(locale, upload_refused_form),
    }
    .to_string()
}

/// Why the API did not do it: its error code explained, or no answer.
pub fn tool_refusal_text(locale: Locale, code: i64) -> String {
    if code == 0 {
        return td_string!(locale, audience_unreachable).to_string();
    }
    match crate::text::im_error::explain(locale, code) {
        Some((what, next)) => format!("{what} {next} ({code})"),
        None => td_string!(locale, audience_refused_code, code = code).to_string(),
    }
}

/// "Add tags “会员”, “深圳”", for tables and headings.
pub fn change_text(locale: Locale, change: &AudienceChange) -> String {
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        items
            .map(|t| format!("“{t}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match change {
        AudienceChange::AddTags(t) => td_string!(
            locale,
            change_add_tags,
            tags = quoted(&mut t.iter().cloned())
        )
        .to_string(),
        AudienceChange::RemoveTags(t) => td_string!(
            locale,
            change_remove_tags,
            tags = quoted(&mut t.iter().cloned())
        )
        .to_string(),
        AudienceChange::RemoveAllTags => td_string!(locale, change_remove_all_tags).to_string(),
        AudienceChange::SetAttrs(a) => td_string!(
            locale,
            change_set_attrs,
            attrs = quoted(&mut a.iter().map(|(k, v)| format!("{k} = {v}")))
        )
        .to_string(),
        AudienceChange::RemoveAttrs(n) => td_string!(
            locale,
            change_remove_attrs,
            attrs = quoted(&mut n.iter().cloned())
        )
        .to_string(),
    }
}

/// Why the console paused a job by itself, and what mends it.
pub fn job_stop_text(locale: Locale, why: JobStop) -> String {
    let why = match why {
        JobStop::Refused { code } => tool_refusal_text(locale, code),
        JobStop::Unreachable => td_string!(locale, job_stop_unreachable).to_string(),
        JobStop::AppGone => td_string!(locale, job_stop_app_gone).to_string(),
        JobStop::FileUnreadable => td_string!(locale, job_stop_file_unreadable).to_string(),
    };
    td_string!(locale, job_stopped_by_runner, why = why).to_string()
}

/// The uploaded file's name; a browser may send none.
pub fn file_label(locale: Locale, name: &str) -> String {
    if name.is_empty() {
        td_string!(locale, job_unnamed_file).to_string()
    } else {
        name.to_string()
    }
}

fn unreachable_everyone(locale: Locale) -> String {
    td_string!(locale, aud_everyone).to_string()
}

fn join(items: Vec<String>, sep: &str, last: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.into_iter().next().unwrap_or_default(),
        n => format!("{}{last}{}", items[..n - 1].join(sep), items[n - 1]),
    }
}

fn tag_list(locale: Locale, tags: &[String], all: bool) -> String {
    let quoted = tags
        .iter()
        .map(|t| td_string!(locale, aud_tag_quoted, tag = t).to_string())
        .collect();
    let sep = td_string!(locale, tags_sep).to_string();
    let last = if all {
        td_string!(locale, tags_and_last)
    } else {
        td_string!(locale, tags_or_last)
    }
    .to_string();
    join(quoted, &sep, &last)
}

fn attr_list(locale: Locale, attrs: &BTreeMap<String, String>, all: bool) -> String {
    let pairs = attrs
        .iter()
        .map(|(name, value)| {
            td_string!(locale, aud_attr_pair, name = name, value = value).to_string()
        })
        .collect();
    let (sep, last) = if all {
        (
            td_string!(locale, attrs_and_sep),
            td_string!(locale, attrs_and_last),
        )
    } else {
        (
            td_string!(locale, attrs_or_sep),
            td_string!(locale, attrs_or_last),
        )
    };
    join(pairs, sep, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(and: &[&str], or: &[&str]) -> Condition {
        let v = |l: &[&str]| (!l.is_empty()).then(|| l.iter().map(|s| s.to_string()).collect());
        Condition {
            tags_and: v(and),
            tags_or: v(or),
            ..Default::default()
        }
    }

    #[test]
    fn everyone() {
        assert_eq!(describe_audience(Locale::en, None), "all users of the app");
        assert_eq!(
            describe_audience(Locale::zh_CN, Some(&Condition::default())),
            "应用的全部用户"
        );
    }

    #[test]
    fn tags_in_english() {
        let c = tags(&["A", "B"], &["C", "D"]);
        assert_eq!(
            describe_audience(Locale::en, Some(&c)),
            "users who have all of the tags “A” and “B”, and at least one of “C” or “D”"
        );
        assert_eq!(
            describe_audience(Locale::en, Some(&tags(&["vip"], &[]))),
            "users who have the tag “vip”"
        );
        assert_eq!(
            describe_audience(Locale::en, Some(&tags(&[], &["a", "b", "c"]))),
            "users who have at least one of the tags “a”, “b” or “c”"
        );
    }

    #[test]
    fn tags_in_chinese() {
        assert_eq!(
            describe_audience(Locale::zh_CN, Some(&tags(&["股票A", "股票B"], &[]))),
            "同时带有标签“股票A”、“股票B”的用户"
        );
        assert_eq!(
            describe_audience(Locale::zh_CN, Some(&tags(&[], &["股票A", "股票B"]))),
            "带有标签“股票A”、“股票B”中至少一个的用户"
        );
    }

    #[test]
    fn attributes() {
        let c = Condition {
            attrs_and: Some(
                [
                    ("city".to_string(), "深圳".to_string()),
                    ("会员等级".to_string(), "超白金会员".to_string()),
                ]
                .into(),
            ),
            ..Default::default()
        };
        assert_eq!(
            describe_audience(Locale::zh_CN, Some(&c)),
            "city为“深圳”且会员等级为“超白金会员”的用户"
        );
        assert_eq!(
            describe_audience(Locale::en, Some(&c)),
            "users whose city is “深圳” and 会员等级 is “超白金会员”"
        );
        let or = Condition {
            attrs_or: c.attrs_and.clone(),
            ..Default::default()
        };
        assert_eq!(
            describe_audience(Locale::en, Some(&or)),
            "users whose city is “深圳” or 会员等级 is “超白金会员”"
        );
    }
}
