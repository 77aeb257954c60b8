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
