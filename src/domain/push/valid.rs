//! A request the shared rules let through. Only `ValidPush::accept` makes
//! one and the IM client sends nothing else, so an unvalidated push cannot
//! leave the server, whichever way it is sent.
use super::validate::{blocking, validate, AppRules, Violation};
use super::ImPushRequest;
use serde::Serialize;

/// Serializes as the request itself; it cannot be deserialized, so it
/// never enters the server except through `accept`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidPush(ImPushRequest);

impl ValidPush {
    /// The request, if it breaks no rule (warnings do not block it); else
    /// every error.
    pub fn accept(request: ImPushRequest, rules: &AppRules) -> Result<ValidPush, Vec<Violation>> {
        let errors: Vec<Violation> = blocking(&validate(&request, rules)).cloned().collect();
        if errors.is_empty() {
            Ok(ValidPush(request))
        } else {
            Err(errors)
        }
    }

    pub fn request(&self) -> &ImPushRequest {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::push::elements::TextElem;
    use crate::domain::push::{MsgElement, OfflinePushInfo};

    fn push(text: &str, ext: Option<&str>) -> ImPushRequest {
        ImPushRequest {
            from_account: None,
            msg_random: 9,
            msg_life_time: None,
            condition: None,
            msg_body: vec![MsgElement::Text(TextElem { text: text.into() })],
            offline_push_info: ext.map(|e| OfflinePushInfo {
                ext: Some(e.into()),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn a_warning_lets_the_push_through_an_error_does_not() {
        // An Ext that is not JSON is a warning only.
        let warned = push("hello", Some("not json"));
        let valid = ValidPush::accept(warned.clone(), &AppRules::default()).unwrap();
        assert_eq!(valid.request(), &warned);
        assert_eq!(
            serde_json::to_value(&valid).unwrap(),
            serde_json::to_value(&warned).unwrap()
        );
        let errors = ValidPush::accept(push(" ", None), &AppRules::default()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "MsgBody[0].MsgContent.Text");
    }
}
