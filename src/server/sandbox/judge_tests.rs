//! The sandbox accepts the seed document's examples and refuses each broken
//! body with the documented code.
use super::*;
use serde_json::json;

fn names() -> Vec<String> {
    vec!["会员等级".into(), "city".into()]
}

fn base() -> Value {
    json!({ "From_Account": "admin", "MsgRandom": 56512, "MsgLifeTime": 120,
            "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "hi, beauty" } }] })
}

fn with(key: &str, value: Value) -> Value {
    let mut b = base();
    b[key] = value;
    b
}

fn code(body: &Value) -> Option<i64> {
    judge_push(body, &names()).err().map(|r| r.code)
}

#[test]
fn seed_examples_are_accepted() {
    assert_eq!(code(&base()), None);
    assert_eq!(
        code(&with("Condition", json!({ "TagsAnd": ["股票A", "股票B"] }))),
        None
    );
    assert_eq!(
        code(&with("Condition", json!({ "TagsOr": ["股票A", "股票B"] }))),
        None
    );
    assert_eq!(
        code(&with(
            "Condition",
            json!({ "AttrsAnd": { "会员等级": "超白金会员", "city": "深圳" } })
        )),
        None
    );
    let offline = json!({ "PushFlag": 0, "Desc": "离线推送内容", "Ext": "这是透传的内容",
        "AndroidInfo": { "Sound": "android.mp3" },
        "ApnsInfo": { "Sound": "apns.mp3", "BadgeMode": 1, "Title": "apns title", "SubTitle": "apns subtitle", "Image": "www.image.com" } });
    assert_eq!(code(&with("OfflinePushInfo", offline)), None);
}

#[test]
fn each_documented_code() {
    let cases: Vec<(Value, i64)> = vec![
        (json!([1]), 90001),
        (with("MsgRandom", json!("x")), 90005),
        (with("MsgRandom", json!(4_294_967_296u64)), 90005),
        (with("MsgBody", json!({})), 90007),
        (with("MsgBody", json!([])), 90002),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMPollElem", "MsgContent": {} }]),
            ),
            90002,
        ),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "" } }]),
            ),
            90010,
        ),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": null } }]),
            ),
            90010,
        ),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMImageElem", "MsgContent": { "UUID": "u", "ImageFormat": 1,
            "ImageInfoArray": [{ "Type": 1, "Width": 1, "Height": 1, "Url": "https://x" }] } }]),
            ),
            90010,
        ),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMCustomElem", "MsgContent": { "Data": "a" } },
                                { "MsgType": "TIMCustomElem", "MsgContent": { "Data": "b" } }]),
            ),
            90002,
        ),
        (
            with(
                "MsgBody",
                json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "x".repeat(12 * 1024) } }]),
            ),
            80002,
        ),
        (with("MsgLifeTime", json!(604_801)), 90026),
        (with("MsgLifeTime", json!(-1)), 90026),
        (with("Condition", json!({ "TagsOr": ["a", ""] })), 90040),
        (
            with("Condition", json!({ "TagsOr": ["股".repeat(17)] })),
            90020,
        ),
        (
            with(
                "Condition",
                json!({ "TagsAnd": (0..11).map(|i| format!("t{i}")).collect::<Vec<_>>() }),
            ),
            90032,
        ),
        (
            with("Condition", json!({ "TagsAnd": ["A"], "TagsOr": ["A"] })),
            90022,
        ),
        (
            with(
                "Condition",
                json!({ "TagsAnd": ["A"], "AttrsOr": { "city": "深圳" } }),
            ),
            90039,
        ),
        (
            with("Condition", json!({ "AttrsAnd": { "sex": "F" } })),
            90033,
        ),
        (
            with(
                "Condition",
                json!({ "AttrsAnd": { "city": "深".repeat(17) } }),
            ),
            90033,
        ),
        (with("From_Account", json!("has space")), 70107),
        (with("Colour", json!("blue")), 90010),
    ];
    for (body, expected) in cases {
        assert_eq!(code(&body), Some(expected), "{body}");
    }
}

#[test]
fn bounds_are_inclusive_where_the_documents_say_so() {
    assert_eq!(code(&with("MsgLifeTime", json!(604_800))), None);
    assert_eq!(code(&with("MsgLifeTime", json!(0))), None);
    assert_eq!(
        code(&with("Condition", json!({ "TagsOr": ["股".repeat(16)] }))),
        None
    );
    assert_eq!(
        code(&with(
            "Condition",
            json!({ "TagsAnd": (0..10).map(|i| format!("t{i}")).collect::<Vec<_>>() })
        )),
        None
    );
    assert_eq!(code(&with("MsgRandom", json!(4_294_967_295u64))), None);
}
