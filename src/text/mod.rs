//! Sentences built from domain values in a given language, through the i18n
//! files, organised by domain noun. Used by the pages and by the server where
//! it writes words a person reads; depends only on `domain` and the i18n module.
pub mod account;
pub mod api_error;
pub mod audience;
pub mod audit;
pub mod im_error;
pub mod push;
pub mod refusal;
pub mod review;
pub mod violation;
