//! The documented limits of all_member_push (seed document, im-api.md §2, §4).

/// A tag is a string of at most 50 bytes (90020).
pub const TAG_MAX_BYTES: usize = 50;
/// At most 10 tags in TagsAnd or TagsOr, and per user in one add-tag request (90032).
pub const TAGS_PER_LIST_MAX: usize = 10;
/// Attribute values are at most 50 bytes (im_set_attr).
pub const ATTR_VALUE_MAX_BYTES: usize = 50;
/// Attribute names are at most 50 bytes (im_set_attr_name).
pub const ATTR_NAME_MAX_BYTES: usize = 50;
/// An app has at most 10 attributes, numbered "0" to "9".
pub const ATTR_NAMES_MAX: usize = 10;
/// Messages are kept offline for at most 7 days (90026).
pub const MSG_LIFE_TIME_MAX: i64 = 604_800;
/// One message is at most 12 KB (80002).
pub const MESSAGE_MAX_BYTES: usize = 12 * 1024;
/// Account ids are at most 32 bytes.
pub const ACCOUNT_MAX_BYTES: usize = 32;
/// Calls that take accounts take at most 100 per request (90018).
pub const ACCOUNTS_PER_REQUEST_MAX: usize = 100;
/// The tag and attribute commands (im_add_tag, im_set_attr, …) take at
/// most this many calls a second per app, counted over any window of
/// `CALL_WINDOW_US` (error 90045 beyond it).
pub const CALLS_PER_SECOND_MAX: usize = 100;
/// The sliding window those calls are counted in.
pub const CALL_WINDOW_US: i64 = 1_000_000;
/// A user holds at most 100 tags in total.
pub const TAGS_PER_USER_MAX: usize = 100;
/// Default pushes per day, all kinds together (90047).
pub const DEFAULT_DAILY_PUSHES: u32 = 100;
/// Consecutive pushes of one app must be more than this far apart (90024).
pub const PUSH_SPACING_MIN_US: i64 = 1_000_000;
