//! Each rule on both sides of its bound.
use super::*;
use crate::domain::push::offline::OfflinePushInfo;
use std::collections::BTreeMap;

fn text(t: &str) -> MsgElement {
    MsgElement::Text(TextElem { text: t.into() })
}

fn push(body: Vec<MsgElement>) -> ImPushRequest {
    ImPushRequest {
        from_account: None,
        msg_random: 1,
        msg_life_time: None,
        condition: None,
        msg_body: body,
        offline_push_info: None,
    }
}

fn with_condition(c: Condition) -> ImPushRequest {
    ImPushRequest {
        condition: Some(c),
        ..push(vec![text("hi")])
    }
}

fn rules() -> AppRules {
    AppRules {
        attr_names: Some(vec!["city".into(), "会员等级".into()]),
    }
}

fn kinds(r: &ImPushRequest) -> Vec<(String, Option<u32>)> {
    validate(r, &rules())
        .into_iter()
        .map(|v| (v.path.clone(), v.code()))
        .collect()
}

fn tags_or(tags: &[&str]) -> Condition {
    Condition {
        tags_or: Some(tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    }
}

fn attrs_and(pairs: &[(&str, &str)]) -> Condition {
    let map: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Condition {
        attrs_and: Some(map),
        ..Default::default()
    }
}

#[test]
fn a_plain_text_push_to_everyone_is_valid() {
    assert!(validate(&push(vec![text("hi")]), &rules()).is_empty());
}

#[test]
fn empty_tag_90040() {
    assert_eq!(
        kinds(&with_condition(tags_or(&["a", ""]))),
        vec![("Condition.TagsOr[1]".into(), Some(90040))]
    );
    assert!(kinds(&with_condition(tags_or(&["a", "b"]))).is_empty());
}

#[test]
fn tag_bytes_50_pass_51_fail_90020() {
    assert!(kinds(&with_condition(tags_or(&[&"a".repeat(50)]))).is_empty());
    assert_eq!(
        kinds(&with_condition(tags_or(&[&"a".repeat(51)]))),
        vec![("Condition.TagsOr[0]".into(), Some(90020))]
    );
}

#[test]
fn tag_bytes_count_utf8_16_cjk_pass_17_fail() {
    // 16 × 3 bytes = 48; 17 × 3 = 51.
    assert!(kinds(&with_condition(tags_or(&[&"股".repeat(16)]))).is_empty());
    let v = validate(&with_condition(tags_or(&[&"股".repeat(17)])), &rules());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, ViolationKind::TagTooLong { bytes: 51 });
}

#[test]
fn ten_tags_pass_eleven_fail_90032() {
    let ten: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let c = |l: Vec<String>| Condition {
        tags_and: Some(l),
        ..Default::default()
    };
    assert!(kinds(&with_condition(c(ten))).is_empty());
    assert_eq!(
        kinds(&with_condition(c(eleven))),
        vec![("Condition.TagsAnd".into(), Some(90032))]
    );
}

#[test]
fn same_tag_in_both_lists_90022_but_different_tags_coexist() {
    let both = Condition {
        tags_and: Some(vec!["A".into()]),
        tags_or: Some(vec!["B".into(), "A".into()]),
        ..Default::default()
    };
    assert_eq!(
        kinds(&with_condition(both)),
        vec![("Condition.TagsOr[1]".into(), Some(90022))]
    );
    let fine = Condition {
        tags_and: Some(vec!["A".into()]),
        tags_or: Some(vec!["B".into()]),
        ..Default::default()
    };
    assert!(kinds(&with_condition(fine)).is_empty());
}

#[test]
fn tags_with_attributes_90039_but_attr_lists_coexist() {
    let mixed = Condition {
        tags_or: Some(vec!["vip".into()]),
        ..attrs_and(&[("city", "深圳")])
    };
    assert_eq!(
        kinds(&with_condition(mixed)),
        vec![("Condition".into(), Some(90039))]
    );
    let both_attrs = Condition {
        attrs_or: Some([("city".to_string(), "北京".to_string())].into()),
        ..attrs_and(&[("city", "深圳")])
    };
    assert!(kinds(&with_condition(both_attrs)).is_empty());
}

#[test]
fn unknown_attribute_name_90033() {
    assert!(kinds(&with_condition(attrs_and(&[
        ("会员等级", "超白金会员"),
        ("city", "深圳")
    ])))
    .is_empty());
    assert_eq!(
        kinds(&with_condition(attrs_and(&[("sex", "F")]))),
        vec![("Condition.AttrsAnd.sex".into(), Some(90033))]
    );
}

#[test]
fn attribute_value_50_bytes_pass_51_fail() {
    assert!(kinds(&with_condition(attrs_and(&[("city", &"x".repeat(50))]))).is_empty());
    let v = validate(
        &with_condition(attrs_and(&[("city", &"深".repeat(17))])),
        &rules(),
    );
    assert_eq!(v[0].kind, ViolationKind::AttrValueTooLong { bytes: 51 });
    assert!(kinds(&with_condition(attrs_and(&[("city", &"深".repeat(16))]))).is_empty());
}

#[test]
fn empty_condition_lists_would_widen_the_audience_and_are_refused() {
    let v = validate(&with_condition(tags_or(&[])), &rules());
    assert_eq!(v[0].kind, ViolationKind::EmptyTagList);
    let v = validate(&with_condition(attrs_and(&[])), &rules());
    assert_eq!(v[0].kind, ViolationKind::EmptyAttrList);
}

#[test]
fn life_time_0_to_604800_90026() {
    for ok in [0, 1, 604_800] {
        assert!(
            kinds(&ImPushRequest {
                msg_life_time: Some(ok),
                ..push(vec![text("x")])
            })
            .is_empty(),
            "{ok}"
        );
    }
    for bad in [-1, 604_801] {
        assert_eq!(
            kinds(&ImPushRequest {
                msg_life_time: Some(bad),
                ..push(vec![text("x")])
            }),
            vec![("MsgLifeTime".into(), Some(90026))]
        );
    }
}

#[test]
fn empty_body_90002_and_missing_fields_90010() {
    assert_eq!(kinds(&push(vec![])), vec![("MsgBody".into(), Some(90002))]);
    assert_eq!(
        kinds(&push(vec![text("  ")])),
        vec![("MsgBody[0].MsgContent.Text".into(), Some(90010))]
    );
    let sound = MsgElement::Sound(SoundElem {
        url: "https://x/a.m4a".into(),
        uuid: String::new(),
        download_flag: 1,
        ..Default::default()
    });
    assert_eq!(
        kinds(&push(vec![sound])),
        vec![
            ("MsgBody[0].MsgContent.UUID".into(), Some(90010)),
            ("MsgBody[0].MsgContent.Download_Flag".into(), Some(90010))
        ]
    );
    let image = MsgElement::Image(ImageElem {
        uuid: "u".into(),
        image_format: 7,
        image_info_array: vec![],
    });
    assert_eq!(kinds(&push(vec![image])).len(), 2);
}

#[test]
fn one_custom_element_passes_two_fail() {
    let custom = || {
        MsgElement::Custom(CustomElem {
            data: "{}".into(),
            desc: Some("d".into()),
            ..Default::default()
        })
    };
    assert!(kinds(&push(vec![custom(), text("x")])).is_empty());
    assert_eq!(
        kinds(&push(vec![custom(), custom()])),
        vec![("MsgBody".into(), Some(90002))]
    );
}

#[test]
fn body_of_12_kib_passes_one_byte_more_fails_80002() {
    // The serialized body's overhead: [{"MsgType":"TIMTextElem","MsgContent":{"Text":""}}]
    let overhead = serde_json::to_vec(&vec![text("")]).unwrap().len();
    let at_limit = "a".repeat(MESSAGE_MAX_BYTES - overhead);
    assert!(kinds(&push(vec![text(&at_limit)])).is_empty());
    let over = format!("{at_limit}a");
    assert_eq!(
        kinds(&push(vec![text(&over)])),
        vec![("MsgBody".into(), Some(80002))]
    );
}

#[test]
fn from_account_must_be_a_valid_account_id() {
    let with_from = |f: &str| ImPushRequest {
        from_account: Some(f.into()),
        ..push(vec![text("x")])
    };
    assert!(kinds(&with_from("xiaoming")).is_empty());
    assert!(kinds(&with_from(&"a".repeat(32))).is_empty());
    for bad in ["", "has space", &"a".repeat(33)] {
        assert_eq!(
            kinds(&with_from(bad)),
            vec![("From_Account".into(), None)],
            "{bad:?}"
        );
    }
}

#[test]
fn warnings_do_not_block_sending() {
    let r = ImPushRequest {
        offline_push_info: Some(OfflinePushInfo {
            ext: Some("这是透传的内容".into()),
            ..Default::default()
        }),
        ..push(vec![text("x")])
    };
    let v = validate(&r, &rules());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, ViolationKind::ExtNotJson);
    assert_eq!(blocking(&v).count(), 0);
    assert!(crate::domain::push::valid::ValidPush::accept(r.clone(), &rules()).is_ok());
    let json_ext = ImPushRequest {
        offline_push_info: Some(OfflinePushInfo {
            ext: Some("{\"route\":\"/promo\"}".into()),
            ..Default::default()
        }),
        ..push(vec![text("x")])
    };
    assert!(validate(&json_ext, &rules()).is_empty());
}

#[test]
fn custom_only_message_without_desc_warns() {
    let custom = MsgElement::Custom(CustomElem {
        data: "{}".into(),
        ..Default::default()
    });
    let v = validate(&push(vec![custom.clone()]), &rules());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, ViolationKind::CustomWithoutDesc);
    let with_desc = ImPushRequest {
        offline_push_info: Some(OfflinePushInfo {
            desc: Some("新品上架".into()),
            ..Default::default()
        }),
        ..push(vec![custom.clone()])
    };
    assert!(validate(&with_desc, &rules()).is_empty());
    let offline_off = ImPushRequest {
        offline_push_info: Some(OfflinePushInfo {
            push_flag: Some(1),
            ..Default::default()
        }),
        ..push(vec![custom])
    };
    assert!(validate(&offline_off, &rules()).is_empty());
}

#[test]
fn every_violation_is_reported_at_once() {
    let r = ImPushRequest {
        from_account: Some("bad account".into()),
        msg_life_time: Some(700_000),
        condition: Some(Condition {
            tags_or: Some(vec!["".into(), "x".repeat(51)]),
            ..attrs_and(&[("sex", "F")])
        }),
        ..push(vec![])
    };
    let codes: Vec<Option<u32>> = validate(&r, &rules()).iter().map(Violation::code).collect();
    for code in [
        None,
        Some(90026),
        Some(90039),
        Some(90040),
        Some(90020),
        Some(90033),
        Some(90002),
    ] {
        assert!(codes.contains(&code), "{code:?} missing from {codes:?}");
    }
}
