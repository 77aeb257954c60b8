//! Approval and scheduling in words: why a step was refused, and a policy.
use crate::domain::push::review::{ApprovalPolicy, ReviewRefusal};
use crate::i18n::*;

pub fn review_refusal(locale: Locale, r: ReviewRefusal) -> String {
    match r {
        ReviewRefusal::OwnPush => td_string!(locale, review_err_own_push),
        ReviewRefusal::NotRequester => td_string!(locale, review_err_not_requester),
        ReviewRefusal::DigestMismatch => td_string!(locale, review_err_digest),
        ReviewRefusal::NotWaiting => td_string!(locale, review_err_not_waiting),
        ReviewRefusal::ReasonRequired => td_string!(locale, review_err_reason),
        ReviewRefusal::TooSoon => td_string!(locale, review_err_too_soon),
        ReviewRefusal::TooFar => td_string!(locale, review_err_too_far),
    }
    .to_string()
}

/// Which pushes of the app need a second person.
pub fn policy_words(locale: Locale, p: ApprovalPolicy) -> String {
    match p {
        ApprovalPolicy::None => td_string!(locale, approval_policy_none),
        ApprovalPolicy::Everyone => td_string!(locale, approval_policy_everyone),
        ApprovalPolicy::All => td_string!(locale, approval_policy_all),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_differently_in_both_languages() {
        for r in ReviewRefusal::ALL {
            let (en, zh) = (
                review_refusal(Locale::en, r),
                review_refusal(Locale::zh_CN, r),
            );
            assert!(!en.is_empty() && en != zh, "{r:?}");
        }
    }
}
