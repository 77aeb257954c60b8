//! Sentences built from domain values in a given language, through the i18n
//! files. Used by the pages and by the server (e.g. the audit log), so it
//! depends only on `domain` and the generated i18n module.
pub mod api_error;
pub mod audience;
pub mod im_error;
pub mod refusal;
pub mod violation;
