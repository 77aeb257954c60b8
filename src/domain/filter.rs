//! What the history and audit-log filters accept. A search longer than any
//! text or name on record cannot match; it is refused (400) before it
//! reaches the database, where a long LIKE pattern is an error.
pub const FILTER_FIELD_MAX_CHARS: usize = 200;

/// True when every field is within the limit.
pub fn fields_fit(fields: &[&str]) -> bool {
    fields
        .iter()
        .all(|f| f.chars().count() <= FILTER_FIELD_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let chinese = "推".repeat(FILTER_FIELD_MAX_CHARS);
        assert!(fields_fit(&["", &chinese]));
        assert!(!fields_fit(&[&format!("{chinese}x")]));
    }
}
