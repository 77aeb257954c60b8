//! Every request example of the seed document parses and serializes back to
//! the same JSON value; optional fields are omitted, never `null`.
use super::*;
use serde_json::{json, Value};

fn round_trip(example: Value) {
    let parsed: ImPushRequest = serde_json::from_value(example.clone()).expect("example parses");
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(back, example);
    assert!(!serde_json::to_string(&parsed).unwrap().contains("null"));
}

fn text_body() -> Value {
    json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "hi, beauty" } }])
}

#[test]
fn seed_push_to_everyone() {
    round_trip(
        json!({ "From_Account": "admin", "MsgRandom": 56512, "MsgLifeTime": 120, "MsgBody": text_body() }),
    );
    round_trip(
        json!({ "From_Account": "admin", "MsgRandom": 21302570, "MsgLifeTime": 120, "MsgBody": text_body() }),
    );
}

#[test]
fn seed_push_from_another_account() {
    round_trip(
        json!({ "From_Account": "xiaoming", "MsgRandom": 3674128, "MsgLifeTime": 120, "MsgBody": text_body() }),
    );
}

#[test]
fn seed_push_with_offline_push_info() {
    round_trip(json!({
        "From_Account": "xiaoming",
        "MsgRandom": 3674128,
        "MsgLifeTime": 120,
        "MsgBody": text_body(),
        "OfflinePushInfo": {
            "PushFlag": 0,
            "Desc": "离线推送内容",
            "Ext": "这是透传的内容",
            "AndroidInfo": { "Sound": "android.mp3" },
            "ApnsInfo": {
                "Sound": "apns.mp3",
                "BadgeMode": 1,
                "Title": "apns title",
                "SubTitle": "apns subtitle",
                "Image": "www.image.com"
            }
        }
    }));
}

#[test]
fn seed_tag_pushes() {
    round_trip(json!({
        "From_Account": "admin", "MsgRandom": 214, "MsgLifeTime": 120,
        "Condition": { "TagsAnd": ["股票A", "股票B"] }, "MsgBody": text_body()
    }));
    round_trip(json!({
        "From_Account": "admin", "MsgRandom": 124032, "MsgLifeTime": 120,
        "Condition": { "TagsOr": ["股票A", "股票B"] }, "MsgBody": text_body()
    }));
}

#[test]
fn seed_attribute_pushes() {
    round_trip(json!({
        "From_Account": "admin", "MsgRandom": 389475, "MsgLifeTime": 120,
        "Condition": { "AttrsAnd": { "会员等级": "超白金会员", "city": "深圳" } }, "MsgBody": text_body()
    }));
    round_trip(json!({
        "From_Account": "admin", "MsgRandom": 9312457, "MsgLifeTime": 120,
        "Condition": { "AttrsAnd": { "会员等级": "超白金用户", "city": "深圳" } }, "MsgBody": text_body()
    }));
}

#[test]
fn every_element_type_round_trips_with_exact_field_names() {
    round_trip(json!({
        "MsgRandom": 4294967295u32,
        "MsgBody": [
            { "MsgType": "TIMTextElem", "MsgContent": { "Text": "你好" } },
            { "MsgType": "TIMLocationElem", "MsgContent": { "Desc": "深圳", "Latitude": 22.54, "Longitude": 114.05 } },
            { "MsgType": "TIMFaceElem", "MsgContent": { "Index": 1, "Data": "content" } },
            { "MsgType": "TIMCustomElem", "MsgContent": { "Data": "{\"k\":1}", "Desc": "notification", "Ext": "url", "Sound": "dingdong.aiff" } },
            { "MsgType": "TIMSoundElem", "MsgContent": { "Url": "https://x/a.m4a", "UUID": "u1", "Size": 62351, "Second": 1, "Download_Flag": 2 } },
            { "MsgType": "TIMImageElem", "MsgContent": { "UUID": "u2", "ImageFormat": 1, "ImageInfoArray": [
                { "Type": 1, "Size": 1853095, "Width": 2448, "Height": 3264, "URL": "https://x/o.jpg" },
                { "Type": 3, "Size": 0, "Width": 0, "Height": 0, "URL": "https://x/t.jpg" } ] } },
            { "MsgType": "TIMFileElem", "MsgContent": { "Url": "https://x/f.txt", "UUID": "u3", "FileSize": 1773552, "FileName": "file:///x.txt", "Download_Flag": 2 } },
            { "MsgType": "TIMVideoFileElem", "MsgContent": {
                "VideoUrl": "https://x/v.mp4", "VideoUUID": "u4", "VideoSize": 1194603, "VideoSecond": 5,
                "VideoFormat": "mp4", "VideoDownloadFlag": 2, "ThumbUrl": "https://x/t.jpg", "ThumbUUID": "u5",
                "ThumbSize": 13907, "ThumbWidth": 720, "ThumbHeight": 1280, "ThumbFormat": "JPG", "ThumbDownloadFlag": 2 } }
        ]
    }));
}

#[test]
fn optional_fields_are_omitted_not_null() {
    let request = ImPushRequest {
        from_account: None,
        msg_random: 7,
        msg_life_time: None,
        condition: Some(Condition {
            tags_or: Some(vec!["vip".into()]),
            ..Default::default()
        }),
        msg_body: vec![MsgElement::Face(elements::FaceElem {
            index: 3,
            data: None,
        })],
        offline_push_info: Some(OfflinePushInfo {
            title: Some("t".into()),
            ..Default::default()
        }),
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "MsgRandom": 7,
            "Condition": { "TagsOr": ["vip"] },
            "MsgBody": [{ "MsgType": "TIMFaceElem", "MsgContent": { "Index": 3 } }],
            "OfflinePushInfo": { "Title": "t" }
        })
    );
}

#[test]
fn unknown_or_misspelled_fields_are_refused_rather_than_dropped() {
    let wrong_case = json!({ "MsgRandom": 1, "MsgBody": [{ "MsgType": "TIMImageElem", "MsgContent": {
        "UUID": "u", "ImageFormat": 1, "ImageInfoArray": [{ "Type": 1, "Width": 1, "Height": 1, "Url": "https://x" }] } }] });
    assert!(serde_json::from_value::<ImPushRequest>(wrong_case).is_err());
    let unknown_type =
        json!({ "MsgRandom": 1, "MsgBody": [{ "MsgType": "TIMPollElem", "MsgContent": {} }] });
    assert!(serde_json::from_value::<ImPushRequest>(unknown_type).is_err());
}
