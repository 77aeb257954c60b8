//! What each IM error code of im-api.md §6 means and what the operator can
//! do next, in the operator's language.
use crate::i18n::*;

/// Every code this console can explain.
pub const EXPLAINED_CODES: &[i64] = &[
    20002, 60002, 60003, 60004, 60005, 60006, 60007, 60008, 60009, 60010, 60011, 60012, 60013,
    60014, 60015, 60016, 60017, 60018, 60019, 60020, 60021, 70001, 70002, 70003, 70005, 70009,
    70013, 70014, 70016, 70020, 70050, 70051, 70107, 70114, 70169, 70202, 70206, 70398, 70402,
    70403, 70500, 71000, 72000, 72001, 80001, 80002, 80003, 80004, 90001, 90002, 90004, 90005,
    90007, 90009, 90010, 90013, 90014, 90018, 90020, 90022, 90024, 90025, 90026, 90027, 90032,
    90033, 90039, 90040, 90045, 90047, 91000,
];

/// The explanation and the next step for a code; `None` for codes Tencent has
/// not documented, whose own `ErrorInfo` text is then all there is.
pub fn explain(locale: Locale, code: i64) -> Option<(String, String)> {
    let (what, next) = match code {
        20002 => (
            td_string!(locale, imerr_20002),
            td_string!(locale, imnext_20002),
        ),
        60002 => (
            td_string!(locale, imerr_60002),
            td_string!(locale, imnext_60002),
        ),
        60003 => (
            td_string!(locale, imerr_60003),
            td_string!(locale, imnext_60003),
        ),
        60004 => (
            td_string!(locale, imerr_60004),
            td_string!(locale, imnext_60004),
        ),
        60005 => (
            td_string!(locale, imerr_60005),
            td_string!(locale, imnext_60005),
        ),
        60006 => (
            td_string!(locale, imerr_60006),
            td_string!(locale, imnext_60006),
        ),
        60007 => (
            td_string!(locale, imerr_60007),
            td_string!(locale, imnext_60007),
        ),
        60008 => (
            td_string!(locale, imerr_60008),
            td_string!(locale, imnext_60008),
        ),
        60009 => (
            td_string!(locale, imerr_60009),
            td_string!(locale, imnext_60009),
        ),
        60010 => (
            td_string!(locale, imerr_60010),
            td_string!(locale, imnext_60010),
        ),
        60011 => (
            td_string!(locale, imerr_60011),
            td_string!(locale, imnext_60011),
        ),
        60012 => (
            td_string!(locale, imerr_60012),
            td_string!(locale, imnext_60012),
        ),
        60013 => (
            td_string!(locale, imerr_60013),
            td_string!(locale, imnext_60013),
        ),
        60014 => (
            td_string!(locale, imerr_60014),
            td_string!(locale, imnext_60014),
        ),
        60015 => (
            td_string!(locale, imerr_60015),
            td_string!(locale, imnext_60015),
        ),
        60016 => (
            td_string!(locale, imerr_60016),
            td_string!(locale, imnext_60016),
        ),
        60017 => (
            td_string!(locale, imerr_60017),
            td_string!(locale, imnext_60017),
        ),
        60018 => (
            td_string!(locale, imerr_60018),
            td_string!(locale, imnext_60018),
        ),
        60019 => (
            td_string!(locale, imerr_60019),
            td_string!(locale, imnext_60019),
        ),
        60020 => (
            td_string!(locale, imerr_60020),
            td_string!(locale, imnext_60020),
        ),
        60021 => (
            td_string!(locale, imerr_60021),
            td_string!(locale, imnext_60021),
        ),
        70001 => (
            td_string!(locale, imerr_70001),
            td_string!(locale, imnext_70001),
        ),
        70002 => (
            td_string!(locale, imerr_70002),
            td_string!(locale, imnext_70002),
        ),
        70003 => (
            td_string!(locale, imerr_70003),
            td_string!(locale, imnext_70003),
        ),
        70005 => (
            td_string!(locale, imerr_70005),
            td_string!(locale, imnext_70005),
        ),
        70009 => (
            td_string!(locale, imerr_70009),
            td_string!(locale, imnext_70009),
        ),
        70013 => (
            td_string!(locale, imerr_70013),
            td_string!(locale, imnext_70013),
        ),
        70014 => (
            td_string!(locale, imerr_70014),
            td_string!(locale, imnext_70014),
        ),
        70016 => (
            td_string!(locale, imerr_70016),
            td_string!(locale, imnext_70016),
        ),
        70020 => (
            td_string!(locale, imerr_70020),
            td_string!(locale, imnext_70020),
        ),
        70050 => (
            td_string!(locale, imerr_70050),
            td_string!(locale, imnext_70050),
        ),
        70051 => (
            td_string!(locale, imerr_70051),
            td_string!(locale, imnext_70051),
        ),
        70107 => (
            td_string!(locale, imerr_70107),
            td_string!(locale, imnext_70107),
        ),
        70114 => (
            td_string!(locale, imerr_70114),
            td_string!(locale, imnext_70114),
        ),
        70169 => (
            td_string!(locale, imerr_70169),
            td_string!(locale, imnext_70169),
        ),
        70202 => (
            td_string!(locale, imerr_70202),
            td_string!(locale, imnext_70202),
        ),
        70206 => (
            td_string!(locale, imerr_70206),
            td_string!(locale, imnext_70206),
        ),
        70398 => (
            td_string!(locale, imerr_70398),
            td_string!(locale, imnext_70398),
        ),
        70402 => (
            td_string!(locale, imerr_70402),
            td_string!(locale, imnext_70402),
        ),
        70403 => (
            td_string!(locale, imerr_70403),
            td_string!(locale, imnext_70403),
        ),
        70500 => (
            td_string!(locale, imerr_70500),
            td_string!(locale, imnext_70500),
        ),
        71000 => (
            td_string!(locale, imerr_71000),
            td_string!(locale, imnext_71000),
        ),
        72000 => (
            td_string!(locale, imerr_72000),
            td_string!(locale, imnext_72000),
        ),
        72001 => (
            td_string!(locale, imerr_72001),
            td_string!(locale, imnext_72001),
        ),
        80001 => (
            td_string!(locale, imerr_80001),
            td_string!(locale, imnext_80001),
        ),
        80002 => (
            td_string!(locale, imerr_80002),
            td_string!(locale, imnext_80002),
        ),
        80003 => (
            td_string!(locale, imerr_80003),
            td_string!(locale, imnext_80003),
        ),
        80004 => (
            td_string!(locale, imerr_80004),
            td_string!(locale, imnext_80004),
        ),
        90001 => (
            td_string!(locale, imerr_90001),
            td_string!(locale, imnext_90001),
        ),
        90002 => (
            td_string!(locale, imerr_90002),
            td_string!(locale, imnext_90002),
        ),
        90004 => (
            td_string!(locale, imerr_90004),
            td_string!(locale, imnext_90004),
        ),
        90005 => (
            td_string!(locale, imerr_90005),
            td_string!(locale, imnext_90005),
        ),
        90007 => (
            td_string!(locale, imerr_90007),
            td_string!(locale, imnext_90007),
        ),
        90009 => (
            td_string!(locale, imerr_90009),
            td_string!(locale, imnext_90009),
        ),
        90010 => (
            td_string!(locale, imerr_90010),
            td_string!(locale, imnext_90010),
        ),
        90013 => (
            td_string!(locale, imerr_90013),
            td_string!(locale, imnext_90013),
        ),
        90014 => (
            td_string!(locale, imerr_90014),
            td_string!(locale, imnext_90014),
        ),
        90018 => (
            td_string!(locale, imerr_90018),
            td_string!(locale, imnext_90018),
        ),
        90020 => (
            td_string!(locale, imerr_90020),
            td_string!(locale, imnext_90020),
        ),
        90022 => (
            td_string!(locale, imerr_90022),
            td_string!(locale, imnext_90022),
        ),
        90024 => (
            td_string!(locale, imerr_90024),
            td_string!(locale, imnext_90024),
        ),
        90025 => (
            td_string!(locale, imerr_90025),
            td_string!(locale, imnext_90025),
        ),
        90026 => (
            td_string!(locale, imerr_90026),
            td_string!(locale, imnext_90026),
        ),
        90027 => (
            td_string!(locale, imerr_90027),
            td_string!(locale, imnext_90027),
        ),
        90032 => (
            td_string!(locale, imerr_90032),
            td_string!(locale, imnext_90032),
        ),
        90033 => (
            td_string!(locale, imerr_90033),
            td_string!(locale, imnext_90033),
        ),
        90039 => (
            td_string!(locale, imerr_90039),
            td_string!(locale, imnext_90039),
        ),
        90040 => (
            td_string!(locale, imerr_90040),
            td_string!(locale, imnext_90040),
        ),
        90045 => (
            td_string!(locale, imerr_90045),
            td_string!(locale, imnext_90045),
        ),
        90047 => (
            td_string!(locale, imerr_90047),
            td_string!(locale, imnext_90047),
        ),
        91000 => (
            td_string!(locale, imerr_91000),
            td_string!(locale, imnext_91000),
        ),
        _ => return None,
    };
    Some((what.to_string(), next.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_is_explained_in_both_languages() {
        for &code in EXPLAINED_CODES {
            let (en_what, en_next) = explain(Locale::en, code).expect("explained");
            let (zh_what, zh_next) = explain(Locale::zh_CN, code).expect("explained");
            assert!(
                !en_what.is_empty()
                    && !en_next.is_empty()
                    && !zh_what.is_empty()
                    && !zh_next.is_empty()
            );
            assert_ne!(en_what, zh_what, "{code}");
        }
        assert_eq!(explain(Locale::en, 12345), None);
    }

    #[test]
    fn the_issue_s_codes_are_all_covered() {
        for code in [
            90001, 90002, 90005, 90007, 90009, 90010, 90020, 90022, 90024, 90026, 90032, 90033,
            90039, 90040, 90045, 90047, 91000, 60007, 60018, 60019, 60010, 60016, 60021, 70001,
            70009, 80002,
        ] {
            assert!(EXPLAINED_CODES.contains(&code), "{code}");
        }
        let (what, _) = explain(Locale::en, 90047).unwrap();
        assert!(what.contains("quota"));
    }
}
