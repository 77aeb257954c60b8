//! What each words search reads: the table, its searched columns and the
//! full-text tables (SQLite) that index them.

/// What a search reads: its full-text tables (SQLite) and the columns they
/// hold.
#[derive(Debug, Clone, Copy)]
pub struct Searched {
    pub table: &'static str,
    /// Trigrams, for words of three characters or more.
    pub fts_table: &'static str,
    /// Characters and pairs, for shorter words.
    pub grams_table: &'static str,
    pub columns: &'static [&'static str],
}

pub const PUSH_TEXT: Searched = Searched {
    table: "pushes",
    fts_table: "pushes_text",
    grams_table: "pushes_grams",
    columns: &["first_text"],
};

pub const AUDIT_TEXT: Searched = Searched {
    table: "audit_events",
    fts_table: "audit_text",
    grams_table: "audit_grams",
    columns: &["target", "details"],
};
