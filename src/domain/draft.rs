//! What the composer edits, and the one way it becomes an im_push request.
//! The composer shows `to_request`'s result as the exact body, validates it,
//! and sends it; a draft saved or duplicated from history comes back through
//! `from_request` unchanged.
use crate::domain::push::elements::*;
use crate::domain::push::validate::{validate, AppRules, Violation, ViolationKind};
use crate::domain::push::{Condition, ImPushRequest, MsgElement, OfflinePushInfo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Lifetimes the composer offers by name; anything else up to 7 days is custom.
pub const LIFE_PRESETS: [i64; 4] = [0, 3_600, 86_400, 604_800];

pub use crate::domain::push::elements::ElementKind;
pub use crate::domain::vocab::AudienceKind;

/// One "name = value" row of an attribute condition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AttrRow {
    pub name: String,
    pub value: String,
}

/// Whom the push reaches. Only the lists of `kind` are sent; switching kind
/// clears the others, because the API refuses tags and attributes together.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Audience {
    pub kind: AudienceKind,
    pub tags_all: Vec<String>,
    pub tags_any: Vec<String>,
    pub attrs_all: Vec<AttrRow>,
    pub attrs_any: Vec<AttrRow>,
}

impl Audience {
    /// How many tags or attribute rows a switch to `kind` would clear.
    pub fn cleared_by_switch_to(&self, kind: AudienceKind) -> usize {
        let tags = self.tags_all.len() + self.tags_any.len();
        let attrs = self.attrs_all.len() + self.attrs_any.len();
        match kind {
            AudienceKind::Everyone => tags + attrs,
            AudienceKind::Tags => attrs,
            AudienceKind::Attrs => tags,
        }
    }

    pub fn switch_to(&mut self, kind: AudienceKind) {
        *self = Audience {
            kind,
            ..Audience::default()
        };
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub app_id: String,
    pub audience: Audience,
    pub elements: Vec<MsgElement>,
    /// Seconds kept for offline users; always sent, so nobody relies on a default.
    pub life_time: i64,
    /// Empty: the app's admin account sends.
    pub from_account: String,
    /// Offline notifications on (PushFlag 0) or off (1).
    pub offline_on: bool,
    /// Kept while notifications are off, but only sent when they are on.
    pub offline: OfflinePushInfo,
}

impl Draft {
    pub fn new(app_id: &str) -> Draft {
        Draft {
            app_id: app_id.to_string(),
            audience: Audience::default(),
            elements: vec![MsgElement::Text(TextElem::default())],
            life_time: 86_400,
            from_account: String::new(),
            offline_on: true,
            offline: OfflinePushInfo::default(),
        }
    }

    pub fn condition(&self) -> Option<Condition> {
        let a = &self.audience;
        let tags = |l: &Vec<String>| (!l.is_empty()).then(|| l.clone());
        let attrs = |rows: &Vec<AttrRow>| {
            (!rows.is_empty()).then(|| {
                rows.iter()
                    .map(|r| (r.name.clone(), r.value.clone()))
                    .collect::<BTreeMap<_, _>>()
            })
        };
        // Empty lists are sent as empty, not left out: validation then refuses
        // them, where leaving them out would silently mean everyone.
        match a.kind {
            AudienceKind::Everyone => None,
            AudienceKind::Tags => Some(Condition {
                tags_and: tags(&a.tags_all).or_else(|| a.tags_any.is_empty().then(Vec::new)),
                tags_or: tags(&a.tags_any),
                ..Condition::default()
            }),
            AudienceKind::Attrs => Some(Condition {
                attrs_and: attrs(&a.attrs_all)
                    .or_else(|| a.attrs_any.is_empty().then(BTreeMap::new)),
                attrs_or: attrs(&a.attrs_any),
                ..Condition::default()
            }),
        }
    }

    /// The exact body sent with this MsgRandom.
    pub fn to_request(&self, msg_random: u32) -> ImPushRequest {
        ImPushRequest {
            from_account: (!self.from_account.is_empty()).then(|| self.from_account.clone()),
            msg_random,
            msg_life_time: Some(self.life_time),
            condition: self.condition(),
            msg_body: self.elements.clone(),
            offline_push_info: Some(if self.offline_on {
                OfflinePushInfo {
                    push_flag: Some(0),
                    android_info: none_if_default(self.offline.android_info.clone()),
                    apns_info: none_if_default(self.offline.apns_info.clone()),
                    ..self.offline.clone()
                }
            } else {
                OfflinePushInfo {
                    push_flag: Some(1),
                    ..OfflinePushInfo::default()
                }
            }),
        }
    }

    /// The draft that sends `request` again (with a new MsgRandom).
    pub fn from_request(app_id: &str, request: &ImPushRequest) -> Draft {
        let c = request.condition.clone().unwrap_or_default();
        let rows = |m: Option<BTreeMap<String, String>>| {
            m.unwrap_or_default()
                .into_iter()
                .map(|(name, value)| AttrRow { name, value })
                .collect()
        };
        let kind = crate::domain::push::Condition::kind_of(request.condition.as_ref());
        let offline = request.offline_push_info.clone().unwrap_or_default();
        Draft {
            app_id: app_id.to_string(),
            audience: Audience {
                kind,
                tags_all: c.tags_and.unwrap_or_default(),
                tags_any: c.tags_or.unwrap_or_default(),
                attrs_all: rows(c.attrs_and),
                attrs_any: rows(c.attrs_or),
            },
            elements: request.msg_body.clone(),
            life_time: request.msg_life_time.unwrap_or(0),
            from_account: request.from_account.clone().unwrap_or_default(),
            offline_on: offline.push_flag != Some(1),
            offline: OfflinePushInfo {
                push_flag: None,
                ..offline
            },
        }
    }

    /// Every violation of the request this draft sends, plus the composer's
    /// own: attribute rows that a JSON object could not hold.
    pub fn check(&self, rules: &AppRules) -> Vec<Violation> {
        self.check_request(&self.to_request(0), rules)
    }

    /// `check` for the request this draft already built (`to_request`), so
    /// the composer builds it once per keystroke for every use.
    pub fn check_request(&self, request: &ImPushRequest, rules: &AppRules) -> Vec<Violation> {
        let mut out = validate(request, rules);
        if self.audience.kind == AudienceKind::Attrs {
            for (list, rows) in [
                ("AttrsAnd", &self.audience.attrs_all),
                ("AttrsOr", &self.audience.attrs_any),
            ] {
                for (i, row) in rows.iter().enumerate() {
                    let path = format!("Condition.{list}.{}", row.name);
                    if row.name.is_empty() {
                        out.push(Violation {
                            path: format!("Condition.{list}[{i}]"),
                            kind: ViolationKind::AttrNotChosen,
                        });
                    } else if rows[..i].iter().any(|r| r.name == row.name) {
                        out.push(Violation {
                            path,
                            kind: ViolationKind::DuplicateAttr {
                                name: row.name.clone(),
                            },
                        });
                    }
                }
            }
        }
        out
    }
}

fn none_if_default<T: Default + PartialEq>(value: Option<T>) -> Option<T> {
    value.filter(|v| *v != T::default())
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
