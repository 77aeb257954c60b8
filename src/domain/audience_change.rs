//! What an operator can change about users' tags and attributes, and the
//! rules every change passes before any call: the same code checks the
//! lookup page's forms in the browser, a bulk job's settings, and both again
//! on the server.
use super::push::limits::*;
use super::push::validate::{is_valid_account, Violation, ViolationKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Accounts one lookup or one direct change may name (ten API batches).
pub const LOOKUP_ACCOUNTS_MAX: usize = 1000;

/// One change to a set of users, as the lookup page and bulk jobs make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AudienceChange {
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    RemoveAllTags,
    /// Attribute name to value.
    SetAttrs(BTreeMap<String, String>),
    /// Attribute names.
    RemoveAttrs(Vec<String>),
}

impl AudienceChange {
    /// Stable names, for the audit log, the database and URLs.
    pub fn action(&self) -> &'static str {
        match self {
            AudienceChange::AddTags(_) => "add_tags",
            AudienceChange::RemoveTags(_) => "remove_tags",
            AudienceChange::RemoveAllTags => "remove_all_tags",
            AudienceChange::SetAttrs(_) => "set_attrs",
            AudienceChange::RemoveAttrs(_) => "remove_attrs",
        }
    }

    /// True when the change names attributes, so the app's names matter.
    pub fn uses_attrs(&self) -> bool {
        matches!(
            self,
            AudienceChange::SetAttrs(_) | AudienceChange::RemoveAttrs(_)
        )
    }

    /// Every rule the change breaks. `attr_names` is the app's names when
    /// known; `None` skips only the unknown-name check.
    pub fn check(&self, attr_names: Option<&[String]>) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut push = |path: String, kind| out.push(Violation { path, kind });
        match self {
            AudienceChange::AddTags(tags) | AudienceChange::RemoveTags(tags) => {
                if tags.is_empty() {
                    push("Tags".into(), ViolationKind::NothingChosen);
                }
                if tags.len() > TAGS_PER_LIST_MAX {
                    push(
                        "Tags".into(),
                        ViolationKind::TooManyTags { count: tags.len() },
                    );
                }
                for (i, tag) in tags.iter().enumerate() {
                    let path = format!("Tags[{i}]");
                    if tag.is_empty() {
                        push(path, ViolationKind::EmptyTag);
                    } else if tag.len() > TAG_MAX_BYTES {
                        push(path, ViolationKind::TagTooLong { bytes: tag.len() });
                    } else if tags[..i].contains(tag) {
                        push(path, ViolationKind::RepeatedEntry { entry: tag.clone() });
                    }
                }
            }
            AudienceChange::RemoveAllTags => {}
            AudienceChange::SetAttrs(attrs) => {
                if attrs.is_empty() {
                    push("Attrs".into(), ViolationKind::NothingChosen);
                }
                for (name, value) in attrs {
                    let path = format!("Attrs.{name}");
                    if attr_names.is_some_and(|known| !known.contains(name)) {
                        push(
                            path.clone(),
                            ViolationKind::UnknownAttr { name: name.clone() },
                        );
                    }
                    if value.is_empty() {
                        push(path, ViolationKind::EmptyAttrValue);
                    } else if value.len() > ATTR_VALUE_MAX_BYTES {
                        push(path, ViolationKind::AttrValueTooLong { bytes: value.len() });
                    }
                }
            }
            AudienceChange::RemoveAttrs(names) => {
                if names.is_empty() {
                    push("Attrs".into(), ViolationKind::NothingChosen);
                }
                for (i, name) in names.iter().enumerate() {
                    let path = format!("Attrs[{i}]");
                    if attr_names.is_some_and(|known| !known.contains(name)) {
                        push(path, ViolationKind::UnknownAttr { name: name.clone() });
                    } else if names[..i].contains(name) {
                        push(
                            path,
                            ViolationKind::RepeatedEntry {
                                entry: name.clone(),
                            },
                        );
                    }
                }
            }
        }
        out
    }
}

/// Tags typed in one box: separated by commas (either width) or new lines,
/// trimmed, empty pieces dropped.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', '，', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Accounts pasted into the lookup box: one per line or separated by commas
/// or spaces; repeats are dropped, the first order kept. An invalid entry is
/// reported, never silently dropped.
pub fn parse_accounts(text: &str) -> (Vec<String>, Vec<Violation>) {
    let mut accounts: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for piece in text
        .split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        if !is_valid_account(piece) {
            problems.push(Violation {
                path: "To_Account".into(),
                kind: ViolationKind::BadAccount {
                    account: piece.chars().take(40).collect(),
                },
            });
        } else if !accounts.iter().any(|a| a == piece) {
            accounts.push(piece.to_string());
        }
    }
    if accounts.len() > LOOKUP_ACCOUNTS_MAX {
        problems.push(Violation {
            path: "To_Account".into(),
            kind: ViolationKind::TooManyAccounts {
                count: accounts.len(),
            },
        });
    }
    (accounts, problems)
}

/// Accounts sent as a list (the lookup page's selection): each must be an
/// account ID, at least one and at most `LOOKUP_ACCOUNTS_MAX`.
pub fn check_account_list(accounts: &[String]) -> Vec<Violation> {
    let mut problems: Vec<Violation> = accounts
        .iter()
        .filter(|a| !is_valid_account(a))
        .map(|a| Violation {
            path: "To_Account".into(),
            kind: ViolationKind::BadAccount {
                account: a.chars().take(40).collect(),
            },
        })
        .collect();
    let kind = match accounts.len() {
        0 => Some(ViolationKind::NothingChosen),
        n if n > LOOKUP_ACCOUNTS_MAX => Some(ViolationKind::TooManyAccounts { count: n }),
        _ => None,
    };
    if let Some(kind) = kind {
        problems.push(Violation {
            path: "To_Account".into(),
            kind,
        });
    }
    problems
}

/// The first field of a CSV or text line, as a bulk job reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileLine {
    Account(String),
    /// Empty or only a header such as `account` on line 1.
    Skip,
    Malformed(Malformed),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Malformed {
    NotUtf8,
    TooLong,
    Spaces,
}

impl Malformed {
    pub fn as_str(self) -> &'static str {
        match self {
            Malformed::NotUtf8 => "not_utf8",
            Malformed::TooLong => "too_long",
            Malformed::Spaces => "spaces",
        }
    }
}

const HEADERS: [&str; 6] = [
    "account",
    "accounts",
    "to_account",
    "userid",
    "user_id",
    "account_id",
];

/// Reads line `line_no` (from 1) of an uploaded file, without its line end.
pub fn read_file_line(line_no: u64, raw: &[u8]) -> FileLine {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let raw = if line_no == 1 {
        raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
    } else {
        raw
    };
    let Ok(text) = std::str::from_utf8(raw) else {
        return FileLine::Malformed(Malformed::NotUtf8);
    };
    let first = text.split(',').next().unwrap_or_default().trim();
    let first = first
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(first)
        .trim();
    if first.is_empty() {
        return FileLine::Skip;
    }
    if line_no == 1 && HEADERS.contains(&first.to_ascii_lowercase().as_str()) {
        return FileLine::Skip;
    }
    if first.len() > ACCOUNT_MAX_BYTES {
        return FileLine::Malformed(Malformed::TooLong);
    }
    if !is_valid_account(first) {
        return FileLine::Malformed(Malformed::Spaces);
    }
    FileLine::Account(first.to_string())
}

/// The app's attribute names as an admin edits them: slot "0" to "9", a
/// blank slot meaning unnamed. A named slot cannot be blanked: the API has
/// no call that removes a name. Returns the names to send and every problem.
pub fn check_attr_names(
    slots: &[String],
    current: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, Vec<Violation>) {
    let mut names = BTreeMap::new();
    let mut problems = Vec::new();
    if slots.len() > ATTR_NAMES_MAX {
        problems.push(Violation {
            path: "AttrNames".into(),
            kind: ViolationKind::TooManyAttrNames { count: slots.len() },
        });
    }
    for (i, name) in slots.iter().enumerate().take(ATTR_NAMES_MAX) {
        let path = format!("AttrNames.{i}");
        let name = name.trim();
        if name.is_empty() {
            if current.contains_key(&i.to_string()) {
                problems.push(Violation {
                    path,
                    kind: ViolationKind::EmptyAttrName,
                });
            }
            continue;
        }
        if name.len() > ATTR_NAME_MAX_BYTES {
            problems.push(Violation {
                path,
                kind: ViolationKind::AttrNameTooLong { bytes: name.len() },
            });
        } else if names.values().any(|n: &String| n == name) {
            problems.push(Violation {
                path,
                kind: ViolationKind::RepeatedEntry {
                    entry: name.to_string(),
                },
            });
        } else {
            names.insert(i.to_string(), name.to_string());
        }
    }
    (names, problems)
}

#[cfg(test)]
#[path = "audience_change_tests.rs"]
mod tests;
