//! `Condition`: whom a push reaches. Absent means everyone. Tag conditions and
//! attribute conditions may not be combined (90039); that rule is checked by
//! validation, so a bad draft can still be represented and explained.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(rename = "TagsAnd", default, skip_serializing_if = "Option::is_none")]
    pub tags_and: Option<Vec<String>>,
    #[serde(rename = "TagsOr", default, skip_serializing_if = "Option::is_none")]
    pub tags_or: Option<Vec<String>>,
    #[serde(rename = "AttrsAnd", default, skip_serializing_if = "Option::is_none")]
    pub attrs_and: Option<BTreeMap<String, String>>,
    #[serde(rename = "AttrsOr", default, skip_serializing_if = "Option::is_none")]
    pub attrs_or: Option<BTreeMap<String, String>>,
}

impl Condition {
    /// Whom `condition` reaches, as the history files it (none: everyone).
    pub fn kind_of(condition: Option<&Condition>) -> crate::domain::vocab::AudienceKind {
        use crate::domain::vocab::AudienceKind;
        match condition {
            Some(c) if c.has_tags() => AudienceKind::Tags,
            Some(c) if c.has_attrs() => AudienceKind::Attrs,
            _ => AudienceKind::Everyone,
        }
    }

    pub fn has_tags(&self) -> bool {
        self.tags_and.is_some() || self.tags_or.is_some()
    }

    pub fn has_attrs(&self) -> bool {
        self.attrs_and.is_some() || self.attrs_or.is_some()
    }

    pub fn is_empty(&self) -> bool {
        !self.has_tags() && !self.has_attrs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_follows_the_condition() {
        use crate::domain::vocab::AudienceKind;
        let tags = Condition {
            tags_or: Some(vec!["vip".into()]),
            ..Default::default()
        };
        assert_eq!(Condition::kind_of(Some(&tags)), AudienceKind::Tags);
        assert_eq!(Condition::kind_of(None), AudienceKind::Everyone);
    }
}
