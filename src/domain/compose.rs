//! What the composer shows besides the push: the app's quota today and the
//! caller's drafts, with the limits a stored draft keeps to.
use crate::domain::draft::Draft;
use serde::{Deserialize, Serialize};

/// A draft's name: what the list shows.
pub const DRAFT_NAME_MAX_CHARS: usize = 100;
/// A draft's stored size; a full 12 KB message with every option fits easily.
pub const DRAFT_MAX_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaView {
    pub used_today: i64,
    pub quota: i64,
    /// Milliseconds until the next push may be sent; 0 means now.
    pub next_in_ms: i64,
    /// When today's count starts again, in the viewer's zone.
    pub resets_at: String,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: i64,
    pub name: String,
    pub app_id: String,
    /// In the viewer's zone.
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenedDraft {
    pub id: i64,
    pub name: String,
    pub draft: Draft,
}

/// The draft's name, trimmed, when it and the draft fit what is stored.
pub fn draft_fits<'a>(name: &'a str, draft: &Draft) -> Option<&'a str> {
    let name = name.trim();
    let size = serde_json::to_vec(draft).map_or(usize::MAX, |v| v.len());
    (!name.is_empty() && name.chars().count() <= DRAFT_NAME_MAX_CHARS && size <= DRAFT_MAX_BYTES)
        .then_some(name)
}

/// The composer's steps, in order. Every field of the request belongs to
/// one, so the step list can show where a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComposeStep {
    Audience,
    Message,
    Notification,
    Review,
}

impl ComposeStep {
    pub const ALL: [ComposeStep; 4] = [
        ComposeStep::Audience,
        ComposeStep::Message,
        ComposeStep::Notification,
        ComposeStep::Review,
    ];

    /// The step where the field at this API path is edited.
    pub fn of_path(path: &str) -> ComposeStep {
        let head = path.split(['.', '[']).next().unwrap_or_default();
        match head {
            "Condition" => ComposeStep::Audience,
            "MsgBody" => ComposeStep::Message,
            "OfflinePushInfo" | "MsgLifeTime" | "From_Account" => ComposeStep::Notification,
            _ => ComposeStep::Review,
        }
    }

    pub fn number(self) -> usize {
        ComposeStep::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
            + 1
    }

    pub fn next(self) -> Option<ComposeStep> {
        ComposeStep::ALL.get(self.number()).copied()
    }

    pub fn previous(self) -> Option<ComposeStep> {
        self.number().checked_sub(2).map(|i| ComposeStep::ALL[i])
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ComposeStep::Audience => "audience",
            ComposeStep::Message => "message",
            ComposeStep::Notification => "notification",
            ComposeStep::Review => "review",
        }
    }
}

#[cfg(test)]
mod step_tests {
    use super::ComposeStep;

    #[test]
    fn every_path_the_rules_name_belongs_to_its_step() {
        for (path, step) in [
            ("Condition.TagsOr[2]", ComposeStep::Audience),
            ("Condition", ComposeStep::Audience),
            ("MsgBody", ComposeStep::Message),
            (
                "MsgBody[1].MsgContent.ImageInfoArray[0].URL",
                ComposeStep::Message,
            ),
            ("OfflinePushInfo.Ext", ComposeStep::Notification),
            ("MsgLifeTime", ComposeStep::Notification),
            ("From_Account", ComposeStep::Notification),
        ] {
            assert_eq!(ComposeStep::of_path(path), step, "{path}");
        }
        assert_eq!(ComposeStep::Audience.next(), Some(ComposeStep::Message));
        assert_eq!(ComposeStep::Review.next(), None);
        assert_eq!(ComposeStep::Audience.previous(), None);
        assert_eq!(
            ComposeStep::Review.previous(),
            Some(ComposeStep::Notification)
        );
    }
}
