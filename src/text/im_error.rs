//! What each IM error code of im-api.md §6 means and what the operator can
//! do next, in the operator's language.
use crate::i18n::*;

/// One table, code to the keys of its explanation and its next step: the
/// list of explained codes and the lookup are both made from it, so they
/// cannot drift apart.
macro_rules! explained {
    ($($code:literal => $what:ident, $next:ident;)+) => {
        /// Every code this console can explain.
        pub const EXPLAINED_CODES: &[i64] = &[$($code,)+];

        /// The explanation and the next step for a code; `None` for codes
        /// Tencent has not documented, whose own `ErrorInfo` text is then all
        /// there is.
        pub fn explain(locale: Locale, code: i64) -> Option<(String, String)> {
            let (what, next) = match code {
                $($code => (td_string!(locale, $what), td_string!(locale, $next)),)+
                _ => return None,
            };
            Some((what.to_string(), next.to_string()))
        }
    };
}

explained! {
    20002 => imerr_20002, imnext_20002;
    60002 => imerr_60002, imnext_60002;
    60003 => imerr_60003, imnext_60003;
    60004 => imerr_60004, imnext_60004;
    60005 => imerr_60005, imnext_60005;
    60006 => imerr_60006, imnext_60006;
    60007 => imerr_60007, imnext_60007;
    60008 => imerr_60008, imnext_60008;
    60009 => imerr_60009, imnext_60009;
    60010 => imerr_60010, imnext_60010;
    60011 => imerr_60011, imnext_60011;
    60012 => imerr_60012, imnext_60012;
    60013 => imerr_60013, imnext_60013;
    60014 => imerr_60014, imnext_60014;
    60015 => imerr_60015, imnext_60015;
    60016 => imerr_60016, imnext_60016;
    60017 => imerr_60017, imnext_60017;
    60018 => imerr_60018, imnext_60018;
    60019 => imerr_60019, imnext_60019;
    60020 => imerr_60020, imnext_60020;
    60021 => imerr_60021, imnext_60021;
    70001 => imerr_70001, imnext_70001;
    70002 => imerr_70002, imnext_70002;
    70003 => imerr_70003, imnext_70003;
    70005 => imerr_70005, imnext_70005;
    70009 => imerr_70009, imnext_70009;
    70013 => imerr_70013, imnext_70013;
    70014 => imerr_70014, imnext_70014;
    70016 => imerr_70016, imnext_70016;
    70020 => imerr_70020, imnext_70020;
    70050 => imerr_70050, imnext_70050;
    70051 => imerr_70051, imnext_70051;
    70107 => imerr_70107, imnext_70107;
    70114 => imerr_70114, imnext_70114;
    70169 => imerr_70169, imnext_70169;
    70202 => imerr_70202, imnext_70202;
    70206 => imerr_70206, imnext_70206;
    70398 => imerr_70398, imnext_70398;
    70402 => imerr_70402, imnext_70402;
    70403 => imerr_70403, imnext_70403;
    70500 => imerr_70500, imnext_70500;
    71000 => imerr_71000, imnext_71000;
    72000 => imerr_72000, imnext_72000;
    72001 => imerr_72001, imnext_72001;
    80001 => imerr_80001, imnext_80001;
    80002 => imerr_80002, imnext_80002;
    80003 => imerr_80003, imnext_80003;
    80004 => imerr_80004, imnext_80004;
    90001 => imerr_90001, imnext_90001;
    90002 => imerr_90002, imnext_90002;
    90004 => imerr_90004, imnext_90004;
    90005 => imerr_90005, imnext_90005;
    90007 => imerr_90007, imnext_90007;
    90009 => imerr_90009, imnext_90009;
    90010 => imerr_90010, imnext_90010;
    90013 => imerr_90013, imnext_90013;
    90014 => imerr_90014, imnext_90014;
    90018 => imerr_90018, imnext_90018;
    90020 => imerr_90020, imnext_90020;
    90022 => imerr_90022, imnext_90022;
    90024 => imerr_90024, imnext_90024;
    90025 => imerr_90025, imnext_90025;
    90026 => imerr_90026, imnext_90026;
    90027 => imerr_90027, imnext_90027;
    90032 => imerr_90032, imnext_90032;
    90033 => imerr_90033, imnext_90033;
    90039 => imerr_90039, imnext_90039;
    90040 => imerr_90040, imnext_90040;
    90045 => imerr_90045, imnext_90045;
    90047 => imerr_90047, imnext_90047;
    91000 => imerr_91000, imnext_91000;
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
