//! Whom a push reaches: everyone, users with tags, or users with attributes.
use serde::{Deserialize, Serialize};

/// Serialized as `as_str`; drafts saved before it was one word spelled the
/// variants' names, which still read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AudienceKind {
    #[default]
    #[serde(rename = "all", alias = "Everyone")]
    Everyone,
    #[serde(rename = "tags", alias = "Tags")]
    Tags,
    #[serde(rename = "attrs", alias = "Attrs")]
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
    fn the_wire_spelling_is_the_stored_one_and_old_drafts_still_read() {
        for k in AudienceKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        let old: AudienceKind = serde_json::from_str("\"Everyone\"").unwrap();
        assert_eq!(old, AudienceKind::Everyone);
    }
}
