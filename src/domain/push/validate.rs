//! One validation of an im_push request that returns every violation, each with
//! its field path, the API error code it prevents, and a kind the UI turns into
//! a sentence. The browser runs it on every keystroke; the server runs it again
//! before anything is sent.
use super::elements::*;
use super::limits::*;
use super::{Condition, ImPushRequest, MsgElement};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// The API would reject the push, or it would not do what it says: blocks sending.
    Error,
    /// Allowed, but the operator should know.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViolationKind {
    EmptyTag,
    TagTooLong {
        bytes: usize,
    },
    TooManyTags {
        count: usize,
    },
    TagInBothLists {
        tag: String,
    },
    EmptyTagList,
    TagsWithAttrs,
    UnknownAttr {
        name: String,
    },
    AttrValueTooLong {
        bytes: usize,
    },
    EmptyAttrValue,
    EmptyAttrList,
    LifeTimeOutOfRange {
        value: i64,
    },
    EmptyBody,
    MissingField {
        field: String,
    },
    InvalidField {
        field: String,
    },
    MoreThanOneCustom,
    BodyTooLarge {
        bytes: usize,
    },
    BadFromAccount,
    BadPushFlag,
    ExtNotJson,
    CustomWithoutDesc,
    /// Composer rows: two rows name one attribute, or a row names none.
    DuplicateAttr {
        name: String,
    },
    AttrNotChosen,
    /// Audience tools: a change with nothing in it.
    NothingChosen,
    /// The same tag, name or attribute twice in one list.
    RepeatedEntry {
        entry: String,
    },
    BadAccount {
        account: String,
    },
    TooManyAccounts {
        count: usize,
    },
    AttrNameTooLong {
        bytes: usize,
    },
    TooManyAttrNames {
        count: usize,
    },
    EmptyAttrName,
}

impl ViolationKind {
    /// Something is not filled in yet (rather than filled in wrong): the
    /// composer says so only once the operator has left the field or asks
    /// for the review, never on a new, empty form.
    pub fn is_missing(&self) -> bool {
        use ViolationKind::*;
        matches!(
            self,
            EmptyTag
                | EmptyTagList
                | EmptyAttrValue
                | EmptyAttrList
                | EmptyBody
                | MissingField { .. }
                | AttrNotChosen
                | NothingChosen
                | EmptyAttrName
        )
    }

    /// The API error code this rule prevents, where the API documents one.
    pub fn code(&self) -> Option<u32> {
        use ViolationKind::*;
        match self {
            EmptyTag => Some(90040),
            TagTooLong { .. } => Some(90020),
            TooManyTags { .. } => Some(90032),
            TagInBothLists { .. } => Some(90022),
            TagsWithAttrs => Some(90039),
            UnknownAttr { .. } | AttrValueTooLong { .. } | EmptyAttrValue | AttrNotChosen => {
                Some(90033)
            }
            LifeTimeOutOfRange { .. } => Some(90026),
            EmptyBody | MoreThanOneCustom => Some(90002),
            MissingField { .. } | InvalidField { .. } => Some(90010),
            BodyTooLarge { .. } => Some(80002),
            // Not API rejections: an empty list would silently widen the audience
            // to everyone; the rest are our own checks.
            EmptyTagList
            | EmptyAttrList
            | BadFromAccount
            | BadPushFlag
            | ExtNotJson
            | CustomWithoutDesc
            | DuplicateAttr { .. }
            | NothingChosen
            | RepeatedEntry { .. }
            | BadAccount { .. } => None,
            TooManyAccounts { .. } => Some(90018),
            AttrNameTooLong { .. } | TooManyAttrNames { .. } | EmptyAttrName => Some(90001),
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            ViolationKind::ExtNotJson | ViolationKind::CustomWithoutDesc => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Where, in the API's own field names: `Condition.TagsOr[2]`.
    pub path: String,
    pub kind: ViolationKind,
}

impl Violation {
    pub fn code(&self) -> Option<u32> {
        self.kind.code()
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// What validation needs to know about the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRules {
    /// The attribute names set with im_set_attr_name; `None` while they are
    /// not known, which skips only the unknown-name check.
    pub attr_names: Option<Vec<String>>,
}

/// The violations that block sending: the errors (warnings do not).
pub fn blocking(violations: &[Violation]) -> impl Iterator<Item = &Violation> {
    violations
        .iter()
        .filter(|v| v.severity() == Severity::Error)
}

pub fn validate(request: &ImPushRequest, rules: &AppRules) -> Vec<Violation> {
    let mut out = Violations(Vec::new());
    if let Some(from) = &request.from_account {
        if !is_valid_account(from) {
            out.push("From_Account", ViolationKind::BadFromAccount);
        }
    }
    if let Some(life) = request.msg_life_time {
        if !(0..=MSG_LIFE_TIME_MAX).contains(&life) {
            out.push(
                "MsgLifeTime",
                ViolationKind::LifeTimeOutOfRange { value: life },
            );
        }
    }
    if let Some(condition) = &request.condition {
        check_condition(condition, rules, &mut out);
    }
    check_body(request, &mut out);
    check_offline(request, &mut out);
    out.0
}

struct Violations(Vec<Violation>);

impl Violations {
    fn push(&mut self, path: impl Into<String>, kind: ViolationKind) {
        self.0.push(Violation {
            path: path.into(),
            kind,
        });
    }
}

/// Account ids: 1 to 32 bytes, no spaces or control characters.
pub fn is_valid_account(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ACCOUNT_MAX_BYTES
        && !id.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn check_condition(c: &Condition, rules: &AppRules, out: &mut Violations) {
    if c.has_tags() && c.has_attrs() {
        out.push("Condition", ViolationKind::TagsWithAttrs);
    }
    for (name, list) in [("TagsAnd", &c.tags_and), ("TagsOr", &c.tags_or)] {
        let Some(list) = list else { continue };
        let path = format!("Condition.{name}");
        if list.is_empty() {
            out.push(&path, ViolationKind::EmptyTagList);
        }
        if list.len() > TAGS_PER_LIST_MAX {
            out.push(&path, ViolationKind::TooManyTags { count: list.len() });
        }
        for (i, tag) in list.iter().enumerate() {
            if tag.is_empty() {
                out.push(format!("{path}[{i}]"), ViolationKind::EmptyTag);
            } else if tag.len() > TAG_MAX_BYTES {
                out.push(
                    format!("{path}[{i}]"),
                    ViolationKind::TagTooLong { bytes: tag.len() },
                );
            }
        }
    }
    if let (Some(and), Some(or)) = (&c.tags_and, &c.tags_or) {
        for (i, tag) in or.iter().enumerate() {
            if !tag.is_empty() && and.contains(tag) {
                out.push(
                    format!("Condition.TagsOr[{i}]"),
                    ViolationKind::TagInBothLists { tag: tag.clone() },
                );
            }
        }
    }
    for (name, map) in [("AttrsAnd", &c.attrs_and), ("AttrsOr", &c.attrs_or)] {
        let Some(map) = map else { continue };
        if map.is_empty() {
            out.push(format!("Condition.{name}"), ViolationKind::EmptyAttrList);
        }
        for (key, value) in map {
            let path = format!("Condition.{name}.{key}");
            let known = rules.attr_names.as_ref();
            if known.is_some_and(|names| !names.iter().any(|n| n == key)) {
                out.push(&path, ViolationKind::UnknownAttr { name: key.clone() });
            }
            if value.is_empty() {
                out.push(&path, ViolationKind::EmptyAttrValue);
            } else if value.len() > ATTR_VALUE_MAX_BYTES {
                out.push(
                    &path,
                    ViolationKind::AttrValueTooLong { bytes: value.len() },
                );
            }
        }
    }
}

fn check_body(request: &ImPushRequest, out: &mut Violations) {
    if request.msg_body.is_empty() {
        out.push("MsgBody", ViolationKind::EmptyBody);
        return;
    }
    let customs = request
        .msg_body
        .iter()
        .filter(|e| matches!(e, MsgElement::Custom(_)))
        .count();
    if customs > 1 {
        out.push("MsgBody", ViolationKind::MoreThanOneCustom);
    }
    for (i, element) in request.msg_body.iter().enumerate() {
        let base = format!("MsgBody[{i}].MsgContent");
        for (field, problem) in element_problems(element) {
            let kind = match problem {
                Problem::Missing => ViolationKind::MissingField {
                    field: field.clone(),
                },
                Problem::Invalid => ViolationKind::InvalidField {
                    field: field.clone(),
                },
            };
            out.push(format!("{base}.{field}"), kind);
        }
    }
    let bytes = serde_json::to_vec(&request.msg_body)
        .map(|v| v.len())
        .unwrap_or(0);
    if bytes > MESSAGE_MAX_BYTES {
        out.push("MsgBody", ViolationKind::BodyTooLarge { bytes });
    }
}

enum Problem {
    Missing,
    Invalid,
}

/// Each problem at its path inside MsgContent: an image variant's field
/// names its index, so it marks that variant's input only.
fn element_problems(element: &MsgElement) -> Vec<(String, Problem)> {
    let mut p: Vec<(String, Problem)> = Vec::new();
    let mut need = |field: &str, value: &str| {
        if value.trim().is_empty() {
            p.push((field.to_string(), Problem::Missing));
        }
    };
    match element {
        MsgElement::Text(e) => need("Text", &e.text),
        MsgElement::Location(e) => {
            need("Desc", &e.desc);
            if !(-90.0..=90.0).contains(&e.latitude) {
                p.push(("Latitude".into(), Problem::Invalid));
            }
            if !(-180.0..=180.0).contains(&e.longitude) {
                p.push(("Longitude".into(), Problem::Invalid));
            }
        }
        MsgElement::Face(_) => {}
        MsgElement::Custom(e) => need("Data", &e.data),
        MsgElement::Sound(e) => {
            need("Url", &e.url);
            need("UUID", &e.uuid);
            if e.download_flag != DOWNLOAD_FLAG_URL {
                p.push(("Download_Flag".into(), Problem::Invalid));
            }
        }
        MsgElement::Image(e) => {
            need("UUID", &e.uuid);
            if !matches!(e.image_format, 1 | 2 | 3 | 4 | 255) {
                p.push(("ImageFormat".into(), Problem::Invalid));
            }
            if e.image_info_array.is_empty() {
                p.push(("ImageInfoArray".into(), Problem::Missing));
            }
            for (i, info) in e.image_info_array.iter().enumerate() {
                if info.url.trim().is_empty() {
                    p.push((format!("ImageInfoArray[{i}].URL"), Problem::Missing));
                }
                if !matches!(info.kind, 1..=3) {
                    p.push((format!("ImageInfoArray[{i}].Type"), Problem::Invalid));
                }
            }
        }
        MsgElement::File(e) => {
            need("Url", &e.url);
            need("UUID", &e.uuid);
            if e.download_flag != DOWNLOAD_FLAG_URL {
                p.push(("Download_Flag".into(), Problem::Invalid));
            }
        }
        MsgElement::Video(e) => {
            need("VideoUrl", &e.video_url);
            need("VideoUUID", &e.video_uuid);
            need("ThumbUrl", &e.thumb_url);
            need("ThumbUUID", &e.thumb_uuid);
            if e.video_download_flag != DOWNLOAD_FLAG_URL {
                p.push(("VideoDownloadFlag".into(), Problem::Invalid));
            }
            if e.thumb_download_flag != DOWNLOAD_FLAG_URL {
                p.push(("ThumbDownloadFlag".into(), Problem::Invalid));
            }
        }
    }
    p
}

fn check_offline(request: &ImPushRequest, out: &mut Violations) {
    let info = request.offline_push_info.as_ref();
    if let Some(flag) = info.and_then(|i| i.push_flag) {
        if !matches!(flag, 0 | 1) {
            out.push("OfflinePushInfo.PushFlag", ViolationKind::BadPushFlag);
        }
    }
    if let Some(ext) = info.and_then(|i| i.ext.as_deref()) {
        if serde_json::from_str::<serde_json::Value>(ext).is_err() {
            out.push("OfflinePushInfo.Ext", ViolationKind::ExtNotJson);
        }
    }
    let offline_off = info.and_then(|i| i.push_flag) == Some(1);
    let has_desc = info
        .and_then(|i| i.desc.as_deref())
        .is_some_and(|d| !d.trim().is_empty());
    if let [MsgElement::Custom(custom)] = request.msg_body.as_slice() {
        let custom_desc = custom.desc.as_deref().is_some_and(|d| !d.trim().is_empty());
        if !offline_off && !has_desc && !custom_desc {
            out.push(
                "MsgBody[0].MsgContent.Desc",
                ViolationKind::CustomWithoutDesc,
            );
        }
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
