use super::*;
use crate::domain::push::{AndroidInfo, ApnsInfo};
use serde_json::json;

fn filled() -> Draft {
    let mut d = Draft::new("sandbox");
    d.audience = Audience {
        kind: AudienceKind::Tags,
        tags_all: vec!["会员".into()],
        tags_any: vec!["深圳".into(), "北京".into()],
        ..Audience::default()
    };
    d.elements = ElementKind::ALL.iter().map(|k| k.blank()).collect();
    d.from_account = "ops".into();
    d.offline = OfflinePushInfo {
        title: Some("标题".into()),
        desc: Some("Hello".into()),
        apns_info: Some(ApnsInfo {
            badge_mode: Some(1),
            ..ApnsInfo::default()
        }),
        ..OfflinePushInfo::default()
    };
    d
}

#[test]
fn a_draft_survives_the_request_and_back_element_by_element() {
    let d = filled();
    let request = d.to_request(7);
    assert_eq!(Draft::from_request("sandbox", &request), d);
    let mut attrs = Draft::new("sandbox");
    attrs.audience.switch_to(AudienceKind::Attrs);
    attrs.audience.attrs_any = vec![
        AttrRow {
            name: "city".into(),
            value: "深圳".into(),
        },
        AttrRow {
            name: "gender".into(),
            value: "F".into(),
        },
    ];
    attrs.offline_on = false;
    assert_eq!(Draft::from_request("sandbox", &attrs.to_request(1)), attrs);
}

#[test]
fn the_request_is_exactly_what_the_composer_shows() {
    let mut d = filled();
    d.elements = vec![MsgElement::Text(TextElem { text: "hi".into() })];
    d.offline.android_info = Some(AndroidInfo::default());
    assert_eq!(
        serde_json::to_value(d.to_request(42)).unwrap(),
        json!({
            "From_Account": "ops",
            "MsgRandom": 42,
            "MsgLifeTime": 86400,
            "Condition": { "TagsAnd": ["会员"], "TagsOr": ["深圳", "北京"] },
            "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "hi" } }],
            "OfflinePushInfo": {
                "PushFlag": 0, "Title": "标题", "Desc": "Hello",
                "ApnsInfo": { "BadgeMode": 1 }
            }
        })
    );
    d.offline_on = false;
    assert_eq!(
        serde_json::to_value(d.to_request(42)).unwrap()["OfflinePushInfo"],
        json!({ "PushFlag": 1 })
    );
}

#[test]
fn an_audience_kind_without_entries_never_means_everyone() {
    let mut d = Draft::new("sandbox");
    d.elements = vec![MsgElement::Text(TextElem { text: "hi".into() })];
    for kind in [AudienceKind::Tags, AudienceKind::Attrs] {
        d.audience.switch_to(kind);
        let violations = d.check(&AppRules::default());
        assert!(
            violations.iter().any(|v| matches!(
                v.kind,
                ViolationKind::EmptyTagList | ViolationKind::EmptyAttrList
            )),
            "{kind:?}: {violations:?}"
        );
    }
    d.audience.switch_to(AudienceKind::Everyone);
    assert!(d.check(&AppRules::default()).is_empty());
}

#[test]
fn switching_kind_clears_the_other_and_says_how_much() {
    let mut a = filled().audience;
    assert_eq!(a.cleared_by_switch_to(AudienceKind::Attrs), 3);
    assert_eq!(a.cleared_by_switch_to(AudienceKind::Tags), 0);
    a.switch_to(AudienceKind::Attrs);
    assert!(a.tags_all.is_empty() && a.tags_any.is_empty());
    assert_eq!(a.kind, AudienceKind::Attrs);
}

#[test]
fn attribute_rows_a_json_object_cannot_hold_are_violations() {
    let mut d = Draft::new("sandbox");
    d.elements = vec![MsgElement::Text(TextElem { text: "hi".into() })];
    d.audience.switch_to(AudienceKind::Attrs);
    let row = |name: &str, value: &str| AttrRow {
        name: name.into(),
        value: value.into(),
    };
    d.audience.attrs_all = vec![row("city", "深圳"), row("city", "北京"), row("", "x")];
    let rules = AppRules {
        attr_names: Some(vec!["city".into()]),
    };
    let kinds: Vec<_> = d
        .check(&rules)
        .into_iter()
        .map(|v| (v.path, v.kind))
        .collect();
    assert!(kinds.contains(&(
        "Condition.AttrsAnd.city".into(),
        ViolationKind::DuplicateAttr {
            name: "city".into()
        }
    )));
    assert!(kinds.contains(&("Condition.AttrsAnd[2]".into(), ViolationKind::AttrNotChosen)));
}

#[test]
fn new_elements_are_valid_once_their_required_fields_are_filled_and_flags_are_2() {
    let blank_paths: Vec<_> = ElementKind::ALL
        .iter()
        .map(|k| {
            let mut d = Draft::new("sandbox");
            d.elements = vec![k.blank()];
            d.check(&AppRules::default())
                .into_iter()
                .map(|v| v.path)
                .collect::<Vec<_>>()
        })
        .collect();
    // Face needs nothing; every other blank element names what is missing.
    for (kind, paths) in ElementKind::ALL.iter().zip(&blank_paths) {
        assert_eq!(
            paths.is_empty(),
            *kind == ElementKind::Face,
            "{kind:?}: {paths:?}"
        );
        assert!(!paths.iter().any(|p| p.contains("Download")), "{paths:?}");
    }
}
