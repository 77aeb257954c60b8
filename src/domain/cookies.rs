//! The names of the cookies the pages keep in the browser and the server
//! reads when it renders: one name for both sides.

/// The language the viewer chose (the name leptos_i18n reads on the server).
pub const LOCALE: &str = "i18n_pref_locale";
/// The browser's time zone, so the server renders times as hydration shows them.
pub const TIME_ZONE: &str = "tz";
/// How long both are kept: a year.
pub const MAX_AGE_SECONDS: u32 = 365 * 24 * 60 * 60;
