//! Why the server refused a push before sending it, in the operator's language.
use super::violation::violation_message;
use crate::domain::push::outcome::Refusal;
use crate::i18n::*;

pub fn refusal_text(locale: Locale, refusal: &Refusal) -> String {
    match refusal {
        Refusal::Invalid(violations) => {
            let each: Vec<String> = violations
                .iter()
                .map(|v| violation_message(locale, v))
                .collect();
            td_string!(locale, refused_invalid, reasons = each.join("; ")).to_string()
        }
        Refusal::TooSoon { retry_after_ms } => {
            let secs = (retry_after_ms + 999) / 1000;
            td_string!(locale, refused_too_soon, secs = secs.max(1)).to_string()
        }
        Refusal::QuotaUsedUp { .. } => td_string!(locale, refused_quota).to_string(),
        Refusal::Interrupted => td_string!(locale, refused_interrupted).to_string(),
        Refusal::Altered => td_string!(locale, refused_altered).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_differently_in_both_languages() {
        let all = [
            Refusal::Invalid(Vec::new()),
            Refusal::TooSoon {
                retry_after_ms: 400,
            },
            Refusal::QuotaUsedUp { resets_at_us: 0 },
            Refusal::Interrupted,
            Refusal::Altered,
        ];
        for r in &all {
            assert_ne!(refusal_text(Locale::en, r), refusal_text(Locale::zh_CN, r));
        }
        assert!(refusal_text(Locale::en, &all[1]).contains('1'));
    }
}
