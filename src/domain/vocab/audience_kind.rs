//! Whom a push reaches: everyone, users with tags, or users with attributes.
use crate::domain::push::Condition;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AudienceKind {
    #[default]
    Everyone,
    Tags,
    Attrs,
}

impl AudienceKind {
    pub const ALL: [AudienceKind; 3] = [
        AudienceKind::Everyone,
        AudienceKind::Tags,
        AudienceKind::Attrs,
    ];

    /// As stored with a push and written in the history's URL.
    pub fn as_str(self) -> &'static str {
        match self {
            AudienceKind::Everyone => "all",
            AudienceKind::Tags => "tags",
            AudienceKind::Attrs => "attrs",
        }
    }

    pub fn parse(s: &str) -> Option<AudienceKind> {
        AudienceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind a request's condition selects (none: everyone).
    pub fn of(condition: Option<&Condition>) -> AudienceKind {
        match condition {
            Some(c) if c.has_tags() => AudienceKind::Tags,
            Some(c) if c.has_attrs() => AudienceKind::Attrs,
            _ => AudienceKind::Everyone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_spelling() {
        for k in AudienceKind::ALL {
            assert_eq!(AudienceKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn the_kind_follows_the_condition() {
        let tags = Condition {
            tags_or: Some(vec!["vip".into()]),
            ..Default::default()
        };
        assert_eq!(AudienceKind::of(Some(&tags)), AudienceKind::Tags);
        assert_eq!(AudienceKind::of(None), AudienceKind::Everyone);
    }
}
